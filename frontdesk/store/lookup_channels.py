"""How each channel's records read into the lookup index and show in its results."""

from __future__ import annotations

from sqlite_utils import Database

from frontdesk.store.identity import mask_id
from frontdesk.store.lookup import Indexed, adapter

# The permission a role needs to see a channel's records in the lookup.
CHANNEL_PERMISSION: dict[str, str] = {"visit": "visit.read", "duty": "duty.read"}
# The table holding each channel's records.
CHANNEL_TABLE: dict[str, str] = {"visit": "visits", "duty": "duty_entries"}


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


def _read_visits(db: Database, where: str, params: list, limit: int) -> list[Indexed]:
    rows = db.execute(
        "SELECT id, visited_at, number, query_code, subject, content, category, location"
        f" FROM visits WHERE {where} ORDER BY id LIMIT ?",
        [*params, limit],
    ).fetchall()
    people = _people_of(db, "visit", [r[0] for r in rows])
    return [
        Indexed(
            record_id=r[0], at=r[1], numbers=(r[2],), codes=(r[3],),
            people=tuple(people.get(r[0], ())), texts=(r[4], r[5], r[7]),
        )
        for r in rows
    ]


def _describe_visits(db: Database, ids: list[int]) -> dict[int, tuple[str, str, str, str, str]]:
    marks = ",".join("?" for _ in ids)
    people = _people_of(db, "visit", ids)
    described = {}
    for record_id, number, subject in db.execute(
        f"SELECT id, number, subject FROM visits WHERE id IN ({marks})", ids
    ):
        persons = people.get(record_id, [])
        first = persons[0] if persons else {}
        described[record_id] = (
            number,
            " ".join(p["name"] for p in persons),
            mask_id(first.get("id_number")),
            subject,
            " ".join(p["phone"] or "" for p in persons),
        )
    return described


adapter("visit")((_read_visits, _describe_visits))


def _read_duty(db: Database, where: str, params: list, limit: int) -> list[Indexed]:
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
        )
        for r in rows
    ]


def _describe_duty(db: Database, ids: list[int]) -> dict[int, tuple[str, str, str, str, str]]:
    marks = ",".join("?" for _ in ids)
    return {
        record_id: (number, source, "", summary, phone or "")
        for record_id, number, source, summary, phone in db.execute(
            f"SELECT id, number, source, summary, phone FROM duty_entries WHERE id IN ({marks})", ids
        )
    }


adapter("duty")((_read_duty, _describe_duty))
