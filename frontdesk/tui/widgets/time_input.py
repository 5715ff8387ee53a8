"""A time field that says what it understood: typed as people say it (``14:30``,
``12月1日2点10分``, ``现在``), read by the store's own parser on every change, and
shown under the field as ``→ 2026-12-01 02:10``, or the refusal. Nothing is
shown while the field is blank or already holds the time in full."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from rich.text import Text
from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.store import ValidationError
from frontdesk.store.core import validate
from frontdesk.tui.widgets.text_input import TextInput

FUTURE_SLACK = timedelta(minutes=5)


class TimeHint(Static):
    """The line under a time field: what it understood, or the refusal."""

    DEFAULT_CSS = """
    TimeHint { display: none; height: auto; color: $text-muted; }
    TimeHint.-shown { display: block; }
    TimeHint.-refused { color: $text-error; }
    """


def understood(value: str, now: datetime, *, field: str, future_slack: timedelta | None = FUTURE_SLACK,
               default_time: time | None = None) -> tuple[str, bool] | None:
    """What to show under a time field holding ``value``: (the time it stands
    for, True) or (the refusal, False); None when there is nothing to add (blank,
    or already the time in full). Pure: the store's parser, no database."""
    typed = " ".join(value.split())
    if not typed:
        return None
    try:
        if default_time is None:
            when = validate.moment(field, value, now=now, default_now=False, future_slack=future_slack)
        else:
            when = validate.parse_moment(value, now, field=field, default_time=default_time)
    except ValidationError as error:
        return error.message, False
    full = f"{when:%Y-%m-%d %H:%M:%S}"
    if typed in (full, full[:16]):
        return None
    return t("tui.time.understood", when=full if when.second else full[:16]), True


class TimeInput(TextInput):
    """An Input for a time, with ``hint``: the line that says what it understood.

    A ``FieldRow`` puts the hint under its control; elsewhere, yield ``hint``
    after the input. ``clock`` defaults to the App's; ``future_slack`` and
    ``default_time`` are those of the store's check of this field (a deadline
    may lie ahead; a report's end takes a bare date at the cut-off)."""

    def __init__(self, value: str = "", *, field: str, clock: Callable[[], datetime] | None = None,
                 future_slack: timedelta | None = FUTURE_SLACK, default_time: time | None = None,
                 max_length: int = 24, id: str | None = None, placeholder: str = "") -> None:
        super().__init__(value, max_length=max_length, compact=True, id=id, placeholder=placeholder)
        self._field = field
        self._clock = clock
        self._future_slack = future_slack
        self._default_time = default_time
        self.hint = TimeHint("", classes="row-hint")

    def _now(self) -> datetime:
        if self._clock is not None:
            return self._clock()
        clock = getattr(self.app, "clock", None)
        return clock() if callable(clock) else datetime.now()

    def on_mount(self) -> None:
        self.show_understood()

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self.show_understood()

    def show_understood(self) -> None:
        shown = understood(self.value, self._now(), field=self._field, future_slack=self._future_slack,
                           default_time=self._default_time)
        self.hint.update(Text(shown[0]) if shown else "")
        self.hint.set_class(shown is not None, "-shown")
        self.hint.set_class(shown is not None and not shown[1], "-refused")
