"""Small checks shared by every store module (text, times, numbers, choices),
and ``Checks``, which runs them over a whole input and keeps every refusal."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, TypeVar, overload

from frontdesk.store.core.errors import ValidationError, ValidationErrors

T = TypeVar("T")


@dataclass(frozen=True)
class Warning:
    """Something worth a look that does not stop the save."""

    field: str
    key: str


class Checks:
    """Runs field checks over one input and keeps every refusal, each with its
    field path (``visitors.1.phone``), in the order the checks ran, so a form
    can show them all at once.

    Either read ``errors`` (a ``collect`` function hands them to a form before
    saving), or use it as a context manager: leaving the block raises one
    ``ValidationErrors`` with every refusal; a refusal raised inside the block
    ends it and is reported last::

        with Checks() as c:
            title = c.run(text, "title", data.get("title"), required=True)
            if c.ok("title") and title in taken:
                c.refuse("title", "err.exists", name=title)
    """

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []
        self.warnings: list[Warning] = []

    def run(self, check: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """``check(*args, **kwargs)``, or None once its refusal is kept."""
        try:
            return check(*args, **kwargs)
        except ValidationError as error:
            self.errors.extend(error.errors)
            return None

    def refuse(self, field: str, key: str, **params: object) -> None:
        """Keep a refusal of ``field`` found by a rule across fields."""
        self.errors.append(ValidationError(field, key, **params))

    def warn(self, field: str, key: str) -> None:
        """Keep a warning: worth a look, not a refusal."""
        self.warnings.append(Warning(field, key))

    def ok(self, field: str) -> bool:
        """Whether ``field`` has not been refused yet (a field is refused once,
        for what was first found wrong with it)."""
        return all(error.field != field for error in self.errors)

    def unknown_keys(self, data: Mapping, known: Collection[str], *, prefix: str = "",
                     width: int = 40) -> None:
        """Refuse every key of ``data`` not in ``known``; the field and the name
        shown are the key (under ``prefix``), cut to ``width`` characters."""
        for key in data:
            if key not in known:
                name = (f"{prefix}.{key}" if prefix else str(key))[:width]
                self.refuse(name, "err.unknown_key", name=name)

    def outcome(self, checked: T) -> tuple[T | None, list[ValidationError]]:
        """(``checked``, no refusals), or (None, every refusal)."""
        return (None, list(self.errors)) if self.errors else (checked, [])

    def raise_refusals(self) -> None:
        """Raise every refusal kept so far as one ``ValidationErrors``."""
        if self.errors:
            raise ValidationErrors(self.errors)

    def __enter__(self) -> Checks:
        return self

    def __exit__(self, exc_type, exc, tb) -> Literal[False]:
        if exc is None:
            self.raise_refusals()
        elif isinstance(exc, ValidationError):
            # Those raised by raise_refusals() inside the block are kept already.
            self.errors.extend(error for error in exc.errors if error not in self.errors)
            raise ValidationErrors(self.errors) from None
        return False


def mapping(field: str, value: object) -> Mapping:
    """A JSON object (a record, one visitor of a list); refused otherwise."""
    if not isinstance(value, Mapping):
        raise ValidationError(field, "err.object")
    return value

# Characters that are never part of what an operator meant to type: C0/C1
# controls (tab and newline are allowed in multi-line fields), and the escape
# that starts terminal control sequences.
_ALLOWED_CONTROLS = {"\n", "\t"}


def has_control_chars(value: str, *, multiline: bool = False) -> bool:
    """Whether ``value`` holds a control character, or a lone surrogate (half
    of a character, from JSON like ``"\\ud800"``), which cannot even be stored."""
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cs"):
            if multiline and char in _ALLOWED_CONTROLS:
                continue
            return True
    return False


# Characters that change how the text around them is drawn, or hide in it,
# without being seen: the bidirectional embeddings, overrides, isolates and
# marks (U+202E shows "gpj.exe" as "exe.jpg"), and the zero-width ones (two
# names that look the same, a word a search then misses). Refused in every
# text field rather than removed, so what is saved is what the operator saw.
INVISIBLE = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e"
)


def has_invisible_chars(value: str) -> bool:
    """Whether ``value`` holds a direction control or a zero-width character."""
    return not INVISIBLE.isdisjoint(value)


def text(
    field: str,
    value: object,
    *,
    required: bool = False,
    max_length: int = 200,
    multiline: bool = False,
) -> str:
    """A text field, stripped; refused if required and empty, too long, or with
    control characters or invisible ones (``INVISIBLE``)."""
    if value is None:
        value = ""
    if isinstance(value, int) and not isinstance(value, bool):
        # A postcode or number given as a JSON number; one too long for Python
        # to write out is too long for any field.
        try:
            value = str(value)
        except ValueError:
            raise ValidationError(field, "err.too_long", max=max_length) from None
    if not isinstance(value, str):
        raise ValidationError(field, "err.text_type")
    # Only ordinary white space is trimmed: a control character at either end
    # (which str.strip would silently drop) is refused like one in the middle.
    value = value.strip(" \t\r\n\u3000")
    if required and not value:
        raise ValidationError(field, "err.required")
    if len(value) > max_length:
        raise ValidationError(field, "err.too_long", max=max_length)
    if has_control_chars(value, multiline=multiline):
        raise ValidationError(field, "err.control_chars")
    if has_invisible_chars(value):
        raise ValidationError(field, "err.invisible_chars")
    return value


# Longer than any text a search line could usefully match; SQLite refuses a
# LIKE pattern of more than 50 000 bytes outright.
MAX_QUERY = 1000


def query(field: str, value: object) -> str:
    """A search line, stripped; refused when too long to be a search."""
    value = (value or "").strip() if isinstance(value, str) else ""
    if len(value) > MAX_QUERY:
        raise ValidationError(field, "err.too_long", max=MAX_QUERY)
    return value


EARLIEST = datetime(2000, 1, 1)
# The last day a date may be: a day after it still exists, so no window or
# deadline reckoned from a typed time runs past the calendar's end.
LATEST_DAY = date.max - timedelta(days=1)

# Times as operators type them. A strict pattern decides the shape first; only
# the parts it found are taken, the missing ones come from ``now`` (no year:
# this year; no date: today). python-dateutil's parser is not used: it guesses
# exactly what must be refused here (``12/01``, ``1-2-3``, a lone number, words
# around the time), and once the shape is known every part is a whole number
# that ``datetime()`` both builds and range-checks (``02-30``, ``25:00``), so
# filling the gaps is ``now.replace``, as dateutil's own ``default=`` does.
_CLOCK = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
_SPOKEN_CLOCK = (r"(?P<shour>\d{1,2})[时点]"
                 r"(?:(?P<half>半)|(?P<sminute>\d{1,2})分?(?:(?P<ssecond>\d{1,2})秒)?)?")
_NUMERIC_DATE = r"(?P<month>\d{1,2})-(?P<day>\d{1,2})"
_NUMERIC_FULL_DATE = r"(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
_SPOKEN_DATE = r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]"
_TIME_PART = rf"(?:{_CLOCK}|{_SPOKEN_CLOCK})"
# ASCII: after NFKC, the digits of other scripts are not the office's digits.
_SHAPES = tuple(re.compile(shape, re.ASCII) for shape in (
    rf"{_TIME_PART}",
    rf"{_NUMERIC_FULL_DATE}(?:[ T]{_TIME_PART})?",
    rf"{_NUMERIC_DATE}(?: {_TIME_PART})?",
    rf"{_SPOKEN_DATE} ?{_TIME_PART}?",
))
# A date whose order cannot be told: 12/01 (December or January?), 1-2-3,
# 01.12.2026. Refused with its own message rather than guessed.
_AMBIGUOUS = re.compile(r"\d{1,2}[/.]\d{1,2}(?:[-/.]\d{1,4})?|\d{1,2}-\d{1,2}-\d{1,4}", re.ASCII)
_NOW_WORDS = frozenset({"now", "现在"})


def _shape(text: str) -> re.Match[str] | None:
    for shape in _SHAPES:
        found = shape.fullmatch(text)
        if found:
            return found
    return None


def _read(field: str, value: str, now: datetime, default_time: time | None) -> tuple[datetime, bool]:
    """The time ``value`` stands for and whether a date was typed with it."""
    text_value = " ".join(unicodedata.normalize("NFKC", value).split())
    if text_value.lower() in _NOW_WORDS:
        return now.replace(microsecond=0), True
    found = _shape(text_value)
    if found is None:
        date_part = text_value.split(" ")[0].split("T")[0]
        if _AMBIGUOUS.fullmatch(date_part):
            raise ValidationError(field, "err.time_ambiguous")
        raise ValidationError(field, "err.time_format")
    parts = {name: int(part) for name, part in found.groupdict().items() if part and part.isdigit()}
    dated = "day" in parts
    has_clock = "hour" in parts or "shour" in parts
    if not has_clock:
        if default_time is None:
            raise ValidationError(field, "err.time_date_only")
        parts.update(hour=default_time.hour, minute=default_time.minute)
    hour = parts.get("hour", parts.get("shour", 0))
    minute = parts.get("minute", parts.get("sminute", 30 if found.groupdict().get("half") else 0))
    second = parts.get("second", parts.get("ssecond", 0))
    try:
        parsed = datetime(parts.get("year", now.year), parts.get("month", now.month), parts.get("day", now.day),
                          hour, minute, second)
    except ValueError:
        raise ValidationError(field, "err.time_impossible") from None
    if parsed < EARLIEST:
        raise ValidationError(field, "err.time_too_old")
    if parsed.date() > LATEST_DAY:
        raise ValidationError(field, "err.time_too_late", max=LATEST_DAY.isoformat())
    return parsed, dated


def parse_moment(value: str, now: datetime, *, field: str = "time", default_time: time | None = None) -> datetime:
    """What a typed time stands for, by its shape alone (no rule about the
    future or the past); refused (``ValidationError``) when it has none.

    Accepted, after NFKC (full-width digits, colons, dashes and spaces):
    ``now`` / ``现在``; ``HH:MM`` (today); ``MM-DD HH:MM`` (this year);
    ``YYYY-MM-DD HH:MM`` (``/`` for ``-`` and ``T`` for the space allowed);
    ``2026年12月1日2时10分``, ``12月1日 2:10``, ``12月1日2点10分``, ``2点半``.
    Seconds may follow everywhere. A date alone is refused unless
    ``default_time`` is given (a report's cut-off). A date whose order cannot
    be told (``12/01``, ``1-2-3``) and a time that does not exist (``02-30
    10:00``, ``25:00``) are refused, never guessed or moved; so is one before
    2000 or after ``LATEST_DAY``, from which no window can be reckoned."""
    if not isinstance(value, str):
        raise ValidationError(field, "err.time_format")
    return _read(field, value, now, default_time)[0]


def moment(field: str, value: object, *, now: datetime, default_now: bool = True,
           future_slack: timedelta | None = timedelta(minutes=5)) -> datetime:
    """A typed time (any shape ``parse_moment`` takes), not before 2000 and at
    most ``future_slack`` ahead of ``now`` (None: any time ahead, a deadline).

    A time typed without a date is today's, also when that is still ahead: at
    00:10, ``23:50`` is refused as in the future, never taken silently as
    yesterday's (the refusal asks for the date). Blank is ``now`` when
    ``default_now``, refused otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if default_now:
            return now
        raise ValidationError(field, "err.required")
    if not isinstance(value, str):
        raise ValidationError(field, "err.time_format")
    parsed, dated = _read(field, value, now, None)
    if future_slack is not None and parsed > now + future_slack:
        raise ValidationError(field, "err.time_future" if dated else "err.time_future_undated")
    return parsed


def day(field: str, value: object) -> date:
    """A date as "YYYY-MM-DD", not before 2000 and with a day after it (a list
    of one day ends there)."""
    if not isinstance(value, str):
        raise ValidationError(field, "err.date_format")
    try:
        parsed = datetime.strptime(unicodedata.normalize("NFKC", value).strip(), "%Y-%m-%d").date()
    except ValueError:
        raise ValidationError(field, "err.date_format") from None
    if parsed < EARLIEST.date():
        raise ValidationError(field, "err.time_too_old")
    if parsed > LATEST_DAY:
        raise ValidationError(field, "err.range", min=EARLIEST.date().isoformat(), max=LATEST_DAY.isoformat())
    return parsed


def whole_number(field: str, value: object, *, minimum: int, maximum: int,
                 required: bool = True) -> int | None:
    """An integer in range; numeric strings typed in a form are accepted."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, "err.required")
        return None
    if isinstance(value, bool):
        raise ValidationError(field, "err.whole_number")
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip()
        # Only 0-9: other scripts' digits pass isdigit but not int().
        if not (value.isascii() and value.isdigit()):
            raise ValidationError(field, "err.whole_number")
        if len(value.lstrip("0")) > len(str(maximum)):
            raise ValidationError(field, "err.range", min=minimum, max=maximum)
        value = int(value)
    if not isinstance(value, int):
        raise ValidationError(field, "err.whole_number")
    if not minimum <= value <= maximum:
        raise ValidationError(field, "err.range", min=minimum, max=maximum)
    return value


def flag(field: str, value: object) -> bool:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    raise ValidationError(field, "err.boolean")


@overload
def choice(field: str, value: object, choices: tuple[str, ...], *, required: Literal[True]) -> str: ...
@overload
def choice(field: str, value: object, choices: tuple[str, ...], *, required: bool = False) -> str | None: ...
def choice(field: str, value: object, choices: tuple[str, ...], *, required: bool = False) -> str | None:
    if value in (None, ""):
        if required:
            raise ValidationError(field, "err.required")
        return None
    if value not in choices:
        raise ValidationError(field, "err.choice", choices=", ".join(choices))
    return value


def text_list(field: str, value: object, *, max_items: int = 20, max_length: int = 100) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    if not isinstance(value, (list, tuple)):
        raise ValidationError(field, "err.list")
    if len(value) > max_items:
        raise ValidationError(field, "err.too_many", max=max_items)
    # Empty items are skipped; anything else is checked as text (never turned
    # into text first: a huge number cannot be).
    return tuple(text(field, item, max_length=max_length) for item in value
                 if item and not (isinstance(item, str) and not item.strip()))
