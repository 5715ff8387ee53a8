"""How each channel's records read into the lookup index and show in its results
(each channel names its reader in ``channels.CHANNELS``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontdesk.store.shared import sealing
from frontdesk.store.shared.identity import mask_id

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Indexed:
    """What a record says about itself to the index."""

    record_id: int
    at: str
    numbers: tuple[str, ...]
    people: tuple[dict, ...]  # name, id_number, phone
    texts: tuple[str, ...]
    shown: tuple[str, str, str, str, str]
    """What an answer shows of it: number, names, masked ID, subject, phones."""
    codes: tuple[str, ...] = ()  # query codes on visitors' slips
    sealed: bool = False
    """An accusation: found only by the roles that read them (``sealing``)."""
    accused: tuple[str, ...] = ()
    """Names of the accused persons, found by the roles that read them (the
    record is sealed, so no other role finds it at all)."""


# Reads records: a condition on the channel's table, its parameters, a limit.
Reader = Callable[["Database", str, list, int], list[Indexed]]


def _people_of(db: Database, channel: str, ids: list[int]) -> dict[int, list[dict]]:
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    found: dict[int, list[dict]] = {}
    for record_id, name, id_number, phone, liaison in db.execute(
        f"SELECT record_id, name, id_number, phone, liaison FROM parties"
        f" WHERE channel = ? AND record_id IN ({marks}) ORDER BY record_id, liaison DESC, position",
        [channel, *ids],
    ):
        found.setdefault(record_id, []).append(
            {"name": name, "id_number": id_number, "phone": phone, "liaison": liaison}
        )
    return found


def _shown_people(persons: list[dict], otherwise: str = "") -> tuple[str, str, str]:
    """Names, the first person's masked ID, phones: as an answer shows them."""
    first = persons[0] if persons else {}
    return ("、".join(p["name"] for p in persons) or otherwise, mask_id(first.get("id_number")),
            " ".join(p["phone"] or "" for p in persons))


def read_visits(db: Database, where: str, params: list, limit: int) -> list[Indexed]:
    rows = db.execute(
        "SELECT id, visited_at, number, query_code, subject, content, category, location, not_accepted_reason"
        f" FROM visits WHERE {where} ORDER BY id LIMIT ?",
        [*params, limit],
    ).fetchall()
    people = _people_of(db, "visit", [r[0] for r in rows])
    items = []
    for r in rows:
        persons = people.get(r[0], [])
        names, id_masked, phones = _shown_people(persons)
        items.append(Indexed(
            record_id=r[0], at=r[1], numbers=(r[2],), codes=(r[3],),
            people=tuple(persons), texts=(r[4], r[5], r[7]),
            shown=(r[2], names, id_masked, r[4], phones), sealed=sealing.visit_sealed(r[6], r[8]),
        ))
    return items


def read_duty(db: Database, where: str, params: list, limit: int) -> list[Indexed]:
    rows = db.execute(
        "SELECT id, at, number, source, phone, summary, details, action, assignee"
        f" FROM duty_entries WHERE {where} ORDER BY id LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [
        Indexed(
            record_id=r[0], at=r[1], numbers=(r[2],),
            people=({"name": r[3], "phone": r[4]},) if (r[3] or r[4]) else (),
            texts=(r[5], r[6], r[7], r[8]),
            shown=(r[2], r[3], "", r[5], r[4] or ""),
        )
        for r in rows
    ]


# Letters: the sender is on the record; accused persons (被检举人) are kept apart,
# their names and units indexed on the letter, which they seal: only the roles
# that read accusations find it, by them or anything else.
def read_letters(db: Database, where: str, params: list, limit: int) -> list[Indexed]:
    rows = db.execute(
        "SELECT id, received_at, number, sender_unit, subject, content, requests, location, category"
        f" FROM letters WHERE {where} ORDER BY id LIMIT ?",
        [*params, limit],
    ).fetchall()
    ids = [r[0] for r in rows]
    people = _people_of(db, "letter", ids)
    accused: dict[int, list[tuple[str, str]]] = {}
    if ids:
        for letter_id, name, unit in db.execute(
            f"SELECT letter_id, name, unit FROM letter_accused WHERE letter_id IN ({','.join('?' for _ in ids)})"
            " ORDER BY letter_id, position", ids,
        ):
            accused.setdefault(letter_id, []).append((name, unit))
    items = []
    for r in rows:
        persons = people.get(r[0], [])
        names, id_masked, phones = _shown_people(persons, otherwise=r[3])
        named = accused.get(r[0], [])
        items.append(Indexed(
            record_id=r[0], at=r[1], numbers=(r[2],), people=tuple(persons),
            texts=(r[3], r[4], r[5], r[6], r[7], *(unit for _name, unit in named)),
            shown=(r[2], names, id_masked, r[4], phones),
            sealed=sealing.letter_sealed(len(named), r[8]), accused=tuple(name for name, _unit in named),
        ))
    return items


def read_post(db: Database, where: str, params: list, limit: int) -> list[Indexed]:
    rows = db.execute(
        "SELECT id, received_at, number, tracking_number, sender, addressee"
        f" FROM post_items WHERE {where} ORDER BY id LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [
        Indexed(record_id=r[0], at=r[1], numbers=(r[2], r[3]),
                people=tuple({"name": n} for n in (r[4], r[5]) if n), texts=(),
                shown=(r[2], r[4], "", f"{r[3]} → {r[5]}", ""))
        for r in rows
    ]


# Documents: a classified one is a stub with no title or issuer, so nothing of it
# but its number reaches the index.
def read_documents(db: Database, where: str, params: list, limit: int) -> list[Indexed]:
    rows = db.execute(
        "SELECT id, received_at, number, doc_number, issuer, title"
        f" FROM documents WHERE {where} ORDER BY id LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [
        Indexed(record_id=r[0], at=r[1], numbers=(r[2], r[3]), people=(), texts=(r[4], r[5]),
                shown=(r[2], r[4], "", r[5] or r[3], ""))
        for r in rows
    ]
