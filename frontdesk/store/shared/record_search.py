"""Finding records of one register by what the operator typed: the search line
of the visit list, the letter register and their CLI ``--search``.

One helper builds the condition for every register, so a visit and a letter are
found the same ways: by registration number (or a slip's query code), by words
of their own text columns, and by their people in ``parties``: any part of a
name, a pinyin syllable or the initials, a phone or ID number whole or by its
end.

Why not the lookup's full-text index: the registers find what the index cannot
answer, and their tests hold them to it. A single character (张, the surname
alone; 1, a digit), any part of a subject in Latin letters, a phone ended by
fewer than four digits, and for the roles that may read them any part of an
accused person's name or unit. The quick lookup (``lookup``) stays the one
search across channels.

What a role may not read it does not find: a sealed record (``sealing``) by
anything but its number, people by phones and ID numbers it does not see.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.shared import identity


@dataclass(frozen=True)
class Typed:
    """A search line read for the ways it can name a record."""

    number: str
    """As a registration number or query code: full-width folded, upper case, dash kept."""
    plain: str
    """ASCII without separators (ID numbers, phones, pinyin); other text as typed."""
    phone: str
    """A whole phone as stored (0755-82918000), else ``plain``."""

    @property
    def like(self) -> str:
        """Anywhere in a column."""
        return f"%{self.plain}%"


def read(query: object) -> Typed | None:
    """What was typed, or None when nothing is left to search for."""
    typed = validate.query("search", query)
    plain = identity.normalise(typed) if typed.isascii() else typed
    if not plain:
        return None
    try:
        phone = identity.normalise_phone("phone", typed)
    except ValidationError:
        phone = plain
    return Typed(unicodedata.normalize("NFKC", typed).upper(), plain, phone)


def condition(channel: str, typed: Typed, *, texts: tuple[str, ...], codes: bool = False,
              contacts: bool = True, sealed: str | None = None) -> tuple[str, list]:
    """The WHERE condition (and its parameters) on ``channel``'s table for records
    whose number (or query code, with ``codes``) is ``typed``, whose ``texts``
    columns hold it, or one of whose people it names (by phone or ID number only
    with ``contacts``). ``sealed``, a condition true of records the reader may
    not read: those are found by their number (or code) alone."""
    lower = typed.plain.lower()
    exact = ["number = ?"] + (["query_code = ?"] if codes else [])
    exact_params: list = [typed.number] + ([typed.number] if codes else [])
    parts = [f"{c} LIKE ?" for c in texts]
    params: list = [typed.like] * len(texts)
    # A phone or ID number by its end or (five digits or more) its start; a
    # resident ID also in its other length (15 and 18 digits).
    by_contact = (" OR phone LIKE ? OR (length(?) >= 4 AND id_number LIKE ?)"
                  " OR (length(?) >= 6 AND (phone LIKE ? OR id_number LIKE ?)) OR id_number = ?") if contacts else ""
    parts.append(
        "id IN (SELECT record_id FROM parties WHERE channel = ? AND ("
        f" name LIKE ?{by_contact}"
        " OR (' ' || pinyin || ' ') LIKE ? OR (' ' || initials || ' ') LIKE ?))"
    )
    params += [channel, typed.like]
    if contacts:
        start = f"{typed.plain}%" if typed.plain.isascii() and typed.plain[:5].isdigit() else ""
        params += [f"%{typed.phone}", typed.plain, f"%{typed.plain}", start, start, start,
                   identity.other_resident_form(typed.plain) or None]
    params += [f"% {lower}%", f"% {lower} %"]
    words = " OR ".join(parts)
    if sealed:
        words = f"(({words}) AND NOT {sealed})"
    return " OR ".join([*exact, words]), [*exact_params, *params]


SERIAL_DIGITS = 6
"""The digits of a registration number's serial (``L2026-000115``)."""


def serial_like(query: object) -> str | None:
    """A LIKE pattern on ``number`` for a query that is a number's serial by its
    digits (``115``, ``000115``): any year's record with that serial. None for
    anything else (the whole number is matched exactly by ``condition``)."""
    digits = unicodedata.normalize("NFKC", str(query or "")).strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) > SERIAL_DIGITS or int(digits) == 0:
        return None
    return f"%-{int(digits):0{SERIAL_DIGITS}d}"
