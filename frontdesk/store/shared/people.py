"""The people on records (当事人) across channels, and what the office already has
for a person: earlier visits, letters and duty-room calls.

A person matches on the same ID number, or on the same phone with the same name.
Same name alone, or same phone with another name, is only a possible match that
the operator judges.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.shared import sealing
from frontdesk.store.shared.channels import CHANNELS, PEOPLE_CHANNELS
from frontdesk.store.shared.numbers import SERIES
from frontdesk.store.shared.permissions import allowed
from frontdesk.store.shared.pinyin import name_keys

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class PriorRecord:
    """An earlier record of the same person (or possibly the same person)."""

    channel: str
    record_id: int
    number: str
    at: str
    subject: str
    transferred_to: str | None
    matched_on: str  # "id_number", "phone_name"; possible: "name", "phone", "id_partial", "phone_partial"
    sealed: bool = False
    """Shown to the reader as its channel, number and date only: an accusation
    they may not read, or a record of a channel their role does not read."""
    outcome: str | None = None
    """What came of it, a code: a visit's disposition (answered, transfer, case,
    not_accepted), a letter's proposal or ``closed``, a duty entry's ``done``;
    None while undecided (and on a sealed record)."""
    reason: str | None = None
    """Why it was not accepted or not transferred, a code."""
    due_date: str | None = None
    """The date its next step is due ("YYYY-MM-DD"), if it has one."""
    overdue: bool = False
    """The due date has passed with the step not taken."""
    matter: str | None = None
    """The number of the matter it is a contact of (M…), if it is one."""
    matter_status: str | None = None
    """Where that matter stands (a status code of store.matters). A record's
    due date and overdue mark are its matter's clock when it has one: a
    transfer whose matter ended since is not overdue."""


@dataclass(frozen=True)
class PersonHistory:
    """Definite matches decide a repeat visit; possible ones are only shown."""

    definite: tuple[PriorRecord, ...]
    possible: tuple[PriorRecord, ...]

    @property
    def earlier_visit(self) -> PriorRecord | None:
        """The newest earlier visit of a definite match, if any."""
        return next((r for r in self.definite if r.channel == "visit"), None)

    def before(self, moment: str) -> PersonHistory:
        """Only what happened before ``moment`` ("YYYY-MM-DD HH:MM:SS"): a visit
        entered late for an earlier date is no repeat of a later one."""
        return PersonHistory(
            tuple(r for r in self.definite if r.at < moment),
            tuple(r for r in self.possible if r.at < moment),
        )


def party_row(channel: str, record_id: int, position: int, person: dict) -> dict:
    """The row of one person on a record, with the name's pinyin keys."""
    full, initials = name_keys(person.get("name") or "")
    return {
        "channel": channel,
        "record_id": record_id,
        "position": position,
        "name": person.get("name") or "",
        "pinyin": full,
        "initials": initials,
        "id_type": person.get("id_type"),
        "id_number": person.get("id_number") or None,
        "id_legacy": int(bool(person.get("id_legacy"))),
        "phone": person.get("phone") or None,
        "address": person.get("address") or "",
        "postcode": person.get("postcode") or "",
        "representative": int(bool(person.get("representative"))),
        "liaison": int(bool(person.get("liaison"))),
    }


# What came of a record, per channel, as SQL over its table: the outcome's code,
# the reason's code, the due date, and whether that date still binds (the step
# it is for not yet taken). A visit's transfer or case is counted from the visit
# (as the home screen counts it); a letter's from its receipt until a handling is
# proposed or it is closed.
_OUTCOMES: dict[str, tuple[str, str, str, str]] = {
    "visit": ("disposition", "not_accepted_reason", "due_date", "due_date IS NOT NULL"),
    "letter": ("CASE WHEN closed_at IS NOT NULL THEN 'closed' ELSE proposal END", "no_transfer_reason",
               "due_date", "proposal IS NULL AND closed_at IS NULL"),
    "duty": ("CASE WHEN done_at IS NOT NULL THEN 'done' END", "NULL", "NULL", "0"),
}


def _matters_of(db: Database, channel: str, ids: list[int]) -> dict[int, tuple[str, str, str | None]]:
    """record id -> (its matter's number, status, due date) for the records of
    ``channel`` that are contacts of a matter."""
    marks = ",".join("?" for _ in ids)
    rows = db.execute(
        "SELECT c.record_id, m.number, s.status, s.due FROM matter_contacts c"
        " JOIN matters m ON m.id = c.matter_id JOIN matter_state s ON s.matter_id = c.matter_id"
        f" WHERE c.channel = ? AND c.record_id IN ({marks})", [channel, *ids]).fetchall()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _records(db: Database, hits: dict[tuple[str, int], str], limit: int,
             role: str | None, today: str | None = None) -> list[PriorRecord]:
    records: list[PriorRecord] = []
    by_channel: dict[str, list[int]] = {}
    for (channel, record_id) in hits:
        by_channel.setdefault(channel, []).append(record_id)
    for channel, ids in by_channel.items():
        spec = CHANNELS.get(channel)
        if spec is None or not spec.people:
            continue
        marks = ",".join("?" for _ in ids)
        if role is None or sealing.reads_sealed(role):
            sealed_sql = "0"
        elif not allowed(role, spec.read_permission):
            sealed_sql = "1"
        else:
            sealed_sql = sealing.SEALED_SQL.get(channel, "0")
        outcome, reason, due, binding = _OUTCOMES.get(channel, ("NULL", "NULL", "NULL", "0"))
        matters = _matters_of(db, channel, ids)
        for row in db.execute(
            f"SELECT id, number, {spec.at}, {spec.subject}, {spec.transferred_to}, {sealed_sql},"
            f" {outcome}, {reason}, {due}, {binding}"
            f" FROM [{spec.table}] WHERE id IN ({marks})",
            ids,
        ):
            sealed = bool(row[5])
            if sealed:
                records.append(PriorRecord(channel, row[0], row[1], row[2], "", None, hits[(channel, row[0])],
                                           True))
                continue
            matter = matters.get(row[0])
            if matter is None:
                due_date, overdue = row[8], bool(today and row[9] and row[8] and row[8] < today)
                number, status = None, None
            else:
                number, status, due_date = matter
                overdue = bool(today and due_date and due_date < today)
            records.append(PriorRecord(
                channel, row[0], row[1], row[2], row[3], row[4], hits[(channel, row[0])], False,
                outcome=row[6], reason=row[7], due_date=due_date, overdue=overdue,
                matter=number, matter_status=status))
    records.sort(key=lambda r: (r.at, r.number), reverse=True)
    return records[:limit]


def history(
    db: Database,
    *,
    people: list[dict],
    exclude: tuple[str, int] | None = None,
    limit: int = 50,
    role: str | None = None,
    today: str | None = None,
) -> PersonHistory:
    """Earlier records of any of ``people`` (dicts with normalised ``id_number``,
    ``phone`` and ``name``), newest first; as ``role`` may read them (sealed:
    channel, number and date only), or whole for the store's own rules (None).
    With ``today`` ("YYYY-MM-DD"), a record whose due date has passed with its
    step not taken is marked overdue."""
    definite: dict[tuple[str, int], str] = {}
    possible: dict[tuple[str, int], str] = {}
    for person in people:
        id_number, phone, name = person.get("id_number"), person.get("phone"), person.get("name")
        if id_number:
            for ch, rid in db.execute(
                "SELECT channel, record_id FROM parties WHERE id_number = ? LIMIT 500", [id_number]
            ):
                definite.setdefault((ch, rid), "id_number")
        if phone and name:
            for ch, rid, other in db.execute(
                "SELECT channel, record_id, name FROM parties WHERE phone = ? LIMIT 500", [phone]
            ):
                if other == name:
                    definite.setdefault((ch, rid), "phone_name")
                else:
                    possible.setdefault((ch, rid), "phone")
        # A number still being typed: its first digits narrow it down (indexed ranges).
        for column, key, least in (("id_number", "id_partial", 8), ("phone", "phone_partial", 7)):
            partial = person.get(key) or ""
            if len(partial) >= least and partial.isalnum():
                for ch, rid in db.execute(
                    f"SELECT channel, record_id FROM parties WHERE {column} >= ? AND {column} < ?"
                    " LIMIT 50",
                    [partial, partial + "~"],
                ):
                    possible.setdefault((ch, rid), key)
        if name and len(name) >= 2:
            for ch, rid in db.execute(
                "SELECT channel, record_id FROM parties WHERE name = ? LIMIT 200", [name]
            ):
                possible.setdefault((ch, rid), "name")
    if exclude:
        definite.pop(exclude, None)
        possible.pop(exclude, None)
    for found in definite:
        possible.pop(found, None)
    return PersonHistory(
        tuple(_records(db, definite, limit, role, today)), tuple(_records(db, possible, limit, role, today))
    )


def find_record(db: Database, channel: str, number: str) -> int | None:
    """The id of the record ``number`` of ``channel`` (or of the matter), if it exists."""
    spec = SERIES.get(channel)
    if spec is None:
        return None
    row = db.execute(f"SELECT id FROM [{spec[0]}] WHERE number = ?", [number]).fetchone()
    return row[0] if row else None


def same_matter(value: object) -> tuple[str, str] | None:
    """An earlier record of the same matter, ``{"channel": ..., "number": ...}``, or
    its number alone (``M…`` a matter, ``V…``/``L…``/``D…`` a record), as
    (channel, number); ``None`` when none was named."""
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        number = validate.text("same_matter", value, required=True, max_length=30).upper()
        for channel in ("matter", *PEOPLE_CHANNELS):
            if number.startswith(SERIES[channel][1]):
                return channel, number
        raise ValidationError("same_matter", "err.same_matter_format")
    data = validate.mapping("same_matter", value)
    channel = validate.choice("same_matter", data.get("channel"), PEOPLE_CHANNELS, required=True)
    number = validate.text("same_matter", data.get("number"), required=True, max_length=30)
    return channel, number.upper()
