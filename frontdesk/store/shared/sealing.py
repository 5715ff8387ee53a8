"""What each role sees of a petition record: the field-by-role matrix, and the
records sealed as accusations (检举控告).

A letter naming accused persons (被检举人), or filed under an accusation
category (检举控告, 纪检监察), is sealed; so is a visit filed under such a
category or not accepted because it is an accusation. A sealed record reaches
a role without ``accused.read`` only as its number, date and channel, with a
mark that it is sealed: the reading functions of the store blank everything
else before it leaves, so no screen, command, export or report can show it.

The duty room reads visits in outline: that a petitioner has been here before
(number, date, subject, names masked), never their phones, addresses, ID
numbers or what they said.

``MATRIX`` is the table the README prints and the role tests walk.
"""

from __future__ import annotations

from enum import StrEnum

from frontdesk.store.shared.permissions import Role, allowed

ACCUSATION_CATEGORIES = ("检举控告", "纪检监察")
"""The categories of accusation records (the settings' list has 纪检监察)."""
_MARKS = ("检举", "控告", "纪检")


class View(StrEnum):
    """How much of a record a reader gets."""

    FULL = "full"
    OUTLINE = "outline"
    """Numbers, dates, subject and masked names only (the duty room's view of visits)."""
    SEALED = "sealed"
    """Number, date and channel only, marked as a sealed accusation."""


class Level(StrEnum):
    """What a role sees of one class of fields."""

    FULL = "full"
    MASKED = "masked"
    """Names: the surname, the rest as ``*``; ID numbers: first 6 and last 4,
    the whole only on asking (``visit.reveal``), audited."""
    NONE = "none"


FIELD_CLASSES = ("numbers", "names", "phones", "addresses", "id_numbers", "content", "accused")
"""numbers: registration numbers, dates, channel and subject; content: what the
record says (content, requests, reasons, notices, opinions, enclosures)."""

_F, _M, _N = Level.FULL, Level.MASKED, Level.NONE


def _row(*levels: Level) -> dict[str, Level]:
    return dict(zip(FIELD_CLASSES, levels, strict=True))


MATRIX: dict[str, dict[Role, dict[str, Level]]] = {
    # Ordinary (unsealed) petition visits and letters; a role missing from a
    # channel may not read it at all.
    "visit": {
        Role.ADMIN: _row(_F, _F, _F, _F, _M, _F, _N),
        Role.SUPERVISOR: _row(_F, _F, _F, _F, _M, _F, _N),
        Role.RECEPTION: _row(_F, _F, _F, _F, _M, _F, _N),
        Role.DUTY: _row(_F, _M, _N, _N, _N, _N, _N),
    },
    "letter": {
        Role.ADMIN: _row(_F, _F, _F, _F, _M, _F, _F),
        Role.SUPERVISOR: _row(_F, _F, _F, _F, _M, _F, _F),
        Role.MAIL: _row(_F, _F, _F, _F, _M, _F, _F),
        Role.RECEPTION: _row(_F, _F, _F, _F, _M, _F, _N),
    },
}
"""channel -> role -> field class -> level, for records that are not sealed.
A sealed record gives the roles without ``accused.read`` its number, date and
channel only (the ``numbers`` class without the subject), nothing else."""


PRIVATE_CONTACTS = frozenset(
    channel for channel, roles in MATRIX.items() if any(row["phones"] == Level.NONE for row in roles.values())
)
"""Channels whose people's phones and ID numbers some reader may not see (nor
find them by)."""


def reads_sealed(role: str) -> bool:
    """Whether ``role`` reads sealed accusation records in full."""
    return allowed(role, "accused.read")


def is_accusation_category(category: str | None) -> bool:
    """Whether a record's category files it as an accusation (检举控告, 纪检监察)."""
    text = category or ""
    return text in ACCUSATION_CATEGORIES or any(mark in text for mark in _MARKS)


# Accusations of officials go to the discipline and supervision organs (纪检监察).
DISCIPLINE_MARKS = ("纪委", "监委", "纪检", "监察")


def is_discipline_organ(unit: str) -> bool:
    """Whether ``unit`` is a discipline and supervision organ (区纪委监委 …)."""
    return any(mark in unit for mark in DISCIPLINE_MARKS)


def letter_sealed(accused_count: int, category: str | None) -> bool:
    """A letter naming accused persons, or filed as an accusation, is sealed."""
    return accused_count > 0 or is_accusation_category(category)


def visit_sealed(category: str | None, not_accepted_reason: str | None) -> bool:
    """A visit filed as an accusation, or not accepted as one, is sealed."""
    return is_accusation_category(category) or not_accepted_reason == "accusation"


def _category_sql(column: str) -> str:
    return "(" + " OR ".join(f"instr({column}, '{mark}') > 0" for mark in _MARKS) + ")"


LETTER_SEALED_SQL = (
    "(letters.id IN (SELECT letter_id FROM letter_accused) OR " + _category_sql("letters.category") + ")"
)
"""A condition on ``letters`` that holds for the sealed ones (as ``letter_sealed``)."""
VISIT_SEALED_SQL = (
    "(" + _category_sql("visits.category") + " OR coalesce(visits.not_accepted_reason, '') = 'accusation')"
)
"""A condition on ``visits`` that holds for the sealed ones (as ``visit_sealed``)."""
SEALED_SQL = {"visit": VISIT_SEALED_SQL, "letter": LETTER_SEALED_SQL}


def visit_view(role: str, sealed: bool) -> View:
    """How ``role`` reads a visit (sealed or not)."""
    if sealed and not reads_sealed(role):
        return View.SEALED
    return View.OUTLINE if MATRIX["visit"].get(Role(role), {}).get("names") == Level.MASKED else View.FULL


def reads_contacts(role: str, channel: str) -> bool:
    """Whether ``role`` sees (and may search by) the phones and ID numbers of
    ``channel``'s people. The duty room's own records keep theirs."""
    row = MATRIX.get(channel, {}).get(Role(role))
    return row is None or row["phones"] != Level.NONE


def mask_name(name: str) -> str:
    """The surname kept, the rest hidden: 张三 -> 张*, 欧阳娜娜 -> 欧***."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)
