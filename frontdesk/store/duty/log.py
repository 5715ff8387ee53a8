"""The duty log (值班记录): entries, reports to leaders, follow-up reports of an
event, corrections as versions, and what is still open.

Entries are never deleted. A correction writes a new version and keeps every
earlier one; a report to a leader (报告) and the follow-up being done (落实)
are recorded with who and when. The rules of one entry are in ``duty_rules``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.core.validate import Checks
from frontdesk.store.duty import rules as duty_rules
from frontdesk.store.shared import audit, numbers, people
from frontdesk.store.shared.operators import Operator

if TYPE_CHECKING:
    from frontdesk.store.api import Store

_NUMERALS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 99 → 九十九 (follow-up reports are counted so)."""
    if n < 10:
        return _NUMERALS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[ones] if ones else "")
    return str(n)


@dataclass(frozen=True)
class Report:
    """A report of an entry to a leader: to whom, when, and who wrote it down."""

    to: str
    at: str
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True)
class Version:
    """One version of an entry's content; version 1 is the entry as first logged."""

    version: int
    content: dict
    reason: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class DutyEntry:
    """A duty log entry as it stands now (its latest version)."""

    id: int
    number: str
    at: str
    logged_at: str
    kind: str
    source: str
    phone: str
    summary: str
    details: str
    importance: str
    action: str
    assignee: str
    event_number: str | None
    """The first report (初报) this entry follows up, if it is a follow-up."""
    seq: int
    final: bool
    version: int
    done_at: str | None
    done_by: str | None
    done_note: str
    reports: tuple[Report, ...]
    follow_ups: int
    """How many follow-up reports a first report has had."""
    closed: bool
    """A first report whose event has had its final report (终报)."""
    created_at: str
    created_by: str

    @property
    def is_event(self) -> bool:
        """The entry stands for an event: of that kind, or followed up, or part of a chain."""
        return self.kind == "event" or self.follow_ups > 0 or self.seq > 0 or self.final

    @property
    def stage(self) -> str:
        """"" (a plain entry), "initial" (初报), "follow_up" (续报) or "final" (终报)."""
        if self.final:
            return "final"
        if self.seq > 0:
            return "follow_up"
        return "initial" if self.is_event else ""

    @property
    def unreported_urgent(self) -> bool:
        return self.importance == "urgent" and not self.reports

    @property
    def open_follow_up(self) -> bool:
        """Assigned to someone and not yet done (落实)."""
        return bool(self.assignee) and self.done_at is None

    @property
    def open_event(self) -> bool:
        """A first report whose event has no final report yet."""
        return self.seq == 0 and self.is_event and not self.closed


@dataclass(frozen=True)
class OpenItems:
    """What a shift hands over: unreported urgent entries, events without a
    final report, follow-ups not done (notices not yet relayed are added by
    the handover)."""

    unreported_urgent: tuple[DutyEntry, ...]
    open_events: tuple[DutyEntry, ...]
    open_follow_ups: tuple[DutyEntry, ...]


def _text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class Duty:
    """The duty log of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # checking -----------------------------------------------------------------

    def collect(self, data: object):
        """Every refusal for ``data`` at once (for a form), nothing written."""
        return duty_rules.collect(data, now=self._store.now())

    # writing ------------------------------------------------------------------

    def add(self, actor: Operator, data: object) -> DutyEntry:
        """Check and log one entry (with any reports already made); the saved entry."""
        checked = duty_rules.check(data, now=self._store.now())
        with self._store.write() as db:
            self._store.operators.require(actor, "duty.write")
            entry_id = self._insert(db, actor, checked)
        return self._get_by_id(entry_id)

    def _insert(self, db, actor: Operator, checked: duty_rules.CheckedEntry) -> int:
        now = self._store.now()
        now_text = _text(now)
        event_id, seq, kind = None, 0, checked.kind
        if checked.follow_up_of:
            root = self._root_of(db, checked.follow_up_of)
            if root["final"] or db.execute(
                "SELECT 1 FROM duty_entries WHERE event_id = ? AND final = 1", [root["id"]]
            ).fetchone():
                raise ValidationError("follow_up_of", "err.duty_event_closed", number=root["number"])
            event_id = root["id"]
            seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM duty_entries WHERE event_id = ?",
                             [event_id]).fetchone()[0]
            kind = kind or root["kind"]
        content = checked.content() | {"kind": kind or "other"}
        row = {
            "number": numbers.next_number(db, "duty", now.year),
            **content,
            "logged_at": now_text,
            "event_id": event_id,
            "seq": seq,
            "final": int(checked.final),
            "version": 1,
            "done_at": None, "done_by": None, "done_note": "",
            "created_at": now_text, "created_by": actor.name,
            "updated_at": now_text, "updated_by": actor.name,
        }
        entry_id = db.table("duty_entries").insert(row).last_pk
        audit.append(db, at=now, operator=actor.name, action="create", table="duty_entries",
                     record_id=entry_id, detail={"number": row["number"]})
        self._insert_version(db, actor, entry_id, 1, content, "")
        self._register_caller(db, actor, entry_id, content)
        for report in checked.reported_to:
            self._insert_report(db, actor, entry_id, report.to, _text(report.at))
        return entry_id

    def _root_of(self, db, number: str) -> dict:
        row = db.execute("SELECT id, event_id FROM duty_entries WHERE number = ?",
                         [number]).fetchone()
        if row is None:
            raise ValidationError("follow_up_of", "err.duty_unknown", number=number)
        root_id = row[1] or row[0]
        return next(db.query("SELECT * FROM duty_entries WHERE id = ?", [root_id]))

    def _insert_version(self, db, actor, entry_id: int, version: int, content: dict, reason: str) -> None:
        row = {"entry_id": entry_id, "version": version, **content, "reason": reason,
               "created_at": self._store.now_text(), "created_by": actor.name}
        version_id = db.table("duty_entry_versions").insert(row).last_pk
        audit.append(db, at=self._store.now(), operator=actor.name, action="create",
                     table="duty_entry_versions", record_id=version_id)

    def _register_caller(self, db, actor, entry_id: int, content: dict) -> None:
        """The caller or sender in ``parties``, so a visit's earlier-records panel
        finds this call; an entry corrected later keeps its one row up to date."""
        person = {"name": content["source"], "phone": content["phone"]}
        existing = db.execute("SELECT id FROM parties WHERE channel = 'duty' AND record_id = ?",
                              [entry_id]).fetchone()
        if existing is None:
            if not (person["name"] or person["phone"]):
                return
            party_id = db.table("parties").insert(people.party_row("duty", entry_id, 0, person)).last_pk
            action = "create"
        else:
            party_id = existing[0]
            audit.assert_untouched(db, "parties", party_id)
            row = people.party_row("duty", entry_id, 0, person)
            db.table("parties").update(party_id, {k: row[k] for k in ("name", "pinyin", "initials", "phone")})
            action = "update"
        audit.append(db, at=self._store.now(), operator=actor.name, action=action,
                     table="parties", record_id=party_id)

    def _insert_report(self, db, actor, entry_id: int, to: str, at: str) -> None:
        report_id = db.table("duty_reports").insert({
            "entry_id": entry_id, "reported_to": to, "reported_at": at,
            "created_at": self._store.now_text(), "created_by": actor.name,
        }).last_pk
        audit.append(db, at=self._store.now(), operator=actor.name, action="create",
                     table="duty_reports", record_id=report_id, detail={"to": to})

    def _entry_id(self, number: str) -> int:
        number = (number or "").strip().upper()
        record_id = people.find_record(self._store.db, "duty", number)
        if record_id is None:
            raise ValidationError("number", "err.duty_unknown", number=number)
        return record_id

    def report_to(self, actor: Operator, number: str, to: object, at: object = None) -> DutyEntry:
        """Record that the entry was reported to ``to`` at ``at`` (now by default)."""
        now = self._store.now()
        with Checks() as c:
            leader = c.run(duty_rules.report_to, "to", to)
            when = c.run(validate.moment, "report_at", at, now=now, future_slack=duty_rules.REPORTED_AHEAD)
        assert leader is not None and when is not None  # leaving the checks raised otherwise
        entry_id = self._entry_id(number)
        with self._store.write() as db:
            self._store.operators.require(actor, "duty.write")
            event_at = db.execute("SELECT at FROM duty_entries WHERE id = ?", [entry_id]).fetchone()[0]
            if _text(when) < event_at:
                raise ValidationError("report_at", "err.duty_report_before_event")
            self._insert_report(db, actor, entry_id, leader, _text(when))
        return self._get_by_id(entry_id)

    def collect_correction(self, number: str, data: object):
        """Every refusal of a correction at once, nothing written."""
        current = self.get_content(number)
        return duty_rules.collect_correction(data, current, now=self._store.now())

    def get_content(self, number: str) -> dict:
        entry = self._get_by_id(self._entry_id(number))
        return {key: getattr(entry, key) for key in duty_rules.CONTENT_KEYS}

    def correct(self, actor: Operator, number: str, data: object) -> DutyEntry:
        """A new version of the entry: the fields given replace the current ones,
        the reason is required; every earlier version stays."""
        entry_id = self._entry_id(number)
        now = self._store.now()
        with self._store.write() as db:
            self._store.operators.require(actor, "duty.write")
            audit.assert_untouched(db, "duty_entries", entry_id)
            row = next(db.query("SELECT * FROM duty_entries WHERE id = ?", [entry_id]))
            checked, reason = duty_rules.check_correction(data, row, now=now)
            content = checked.content()
            if all(content[key] == row[key] for key in content):
                raise ValidationError("entry", "err.duty_nothing_changed")
            version = row["version"] + 1
            db.table("duty_entries").update(entry_id, {**content, "version": version,
                                                 "updated_at": _text(now), "updated_by": actor.name})
            audit.append(db, at=now, operator=actor.name, action="correct", table="duty_entries",
                         record_id=entry_id, detail={"version": version, "reason": reason})
            self._insert_version(db, actor, entry_id, version, content, reason)
            if (content["source"], content["phone"]) != (row["source"], row["phone"]):
                self._register_caller(db, actor, entry_id, content)
        return self._get_by_id(entry_id)

    def mark_done(self, actor: Operator, number: str, note: object = "") -> DutyEntry:
        """The follow-up assigned to someone is done (落实完毕); what was done is required."""
        note_text = validate.text("done_note", note, required=True, max_length=500)
        entry_id = self._entry_id(number)
        now = self._store.now()
        with self._store.write() as db:
            self._store.operators.require(actor, "duty.write")
            row = db.execute("SELECT assignee, done_at FROM duty_entries WHERE id = ?", [entry_id]).fetchone()
            if not row[0]:
                raise ValidationError("number", "err.duty_no_assignee", number=number.upper())
            if row[1]:
                raise ValidationError("number", "err.duty_already_done", number=number.upper(), at=row[1][:16])
            audit.assert_untouched(db, "duty_entries", entry_id)
            db.table("duty_entries").update(entry_id, {"done_at": _text(now), "done_by": actor.name,
                                                 "done_note": note_text, "updated_at": _text(now),
                                                 "updated_by": actor.name})
            audit.append(db, at=now, operator=actor.name, action="done", table="duty_entries",
                         record_id=entry_id)
        return self._get_by_id(entry_id)

    # reading --------------------------------------------------------------------

    def _many(self, where: str, params: list, order: str = "at, id") -> list[DutyEntry]:
        db = self._store.db
        rows = list(db.query(f"SELECT * FROM duty_entries WHERE {where} ORDER BY {order}", params))
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        marks = ",".join("?" for _ in ids)
        reports: dict[int, list[Report]] = {}
        for r in db.query(f"SELECT * FROM duty_reports WHERE entry_id IN ({marks}) ORDER BY reported_at, id", ids):
            reports.setdefault(r["entry_id"], []).append(
                Report(r["reported_to"], r["reported_at"], r["created_at"], r["created_by"]))
        chains = {
            event_id: (count, bool(closed))
            for event_id, count, closed in db.execute(
                f"SELECT event_id, count(*), max(final) FROM duty_entries WHERE event_id IN ({marks})"
                " GROUP BY event_id", ids)
        }
        root_ids = sorted({r["event_id"] for r in rows if r["event_id"]})
        root_numbers = dict(db.execute(
            f"SELECT id, number FROM duty_entries WHERE id IN ({','.join('?' for _ in root_ids)})",
            root_ids)) if root_ids else {}
        entries = []
        for r in rows:
            count, closed = chains.get(r["id"], (0, False))
            entries.append(DutyEntry(
                id=r["id"], number=r["number"], at=r["at"], logged_at=r["logged_at"], kind=r["kind"],
                source=r["source"], phone=r["phone"] or "", summary=r["summary"], details=r["details"],
                importance=r["importance"], action=r["action"], assignee=r["assignee"],
                event_number=root_numbers.get(r["event_id"]), seq=r["seq"], final=bool(r["final"]),
                version=r["version"], done_at=r["done_at"], done_by=r["done_by"],
                done_note=r["done_note"], reports=tuple(reports.get(r["id"], ())),
                follow_ups=count, closed=closed or bool(r["final"]),
                created_at=r["created_at"], created_by=r["created_by"],
            ))
        return entries

    def _get_by_id(self, entry_id: int) -> DutyEntry:
        return self._many("id = ?", [entry_id])[0]

    def get(self, actor: Operator, number: str) -> DutyEntry:
        """One entry by its number."""
        self._store.operators.require(actor, "duty.read")
        return self._get_by_id(self._entry_id(number))

    def chain(self, actor: Operator, number: str) -> list[DutyEntry]:
        """The event an entry belongs to: its first report and every follow-up, in order."""
        entry = self.get(actor, number)
        root_id = self._entry_id(entry.event_number) if entry.event_number else entry.id
        return self._many("id = ? OR event_id = ?", [root_id, root_id], order="seq, id")

    def history(self, actor: Operator, number: str) -> list[Version]:
        """Every version of the entry, oldest first."""
        self._store.operators.require(actor, "duty.read")
        entry_id = self._entry_id(number)
        return [
            Version(r["version"], {key: r[key] for key in duty_rules.CONTENT_KEYS}, r["reason"],
                    r["created_at"], r["created_by"])
            for r in self._store.db.query(
                "SELECT * FROM duty_entry_versions WHERE entry_id = ? ORDER BY version", [entry_id])
        ]

    def between(self, actor: Operator, start: str, end: str) -> list[DutyEntry]:
        """Entries whose event time is in [start, end), oldest first."""
        self._store.operators.require(actor, "duty.read")
        return self._many("at >= ? AND at < ?", [start, end])

    def logged_between(self, actor: Operator, start: str, end: str) -> list[DutyEntry]:
        """Entries written into the log in [start, end), whatever their event time."""
        self._store.operators.require(actor, "duty.read")
        return self._many("created_at >= ? AND created_at < ?", [start, end])

    def on_day(self, actor: Operator, day: str | None = None) -> list[DutyEntry]:
        """The entries of one day ("YYYY-MM-DD", today by default), oldest first."""
        the_day = validate.day("date", day) if day else self._store.now().date()
        start = the_day.isoformat()
        return self.between(actor, start, (the_day + timedelta(days=1)).isoformat())

    def since(self, actor: Operator, start: str, *, kind: str | None = None,
              importance: str | None = None, query: str = "", limit: int = 500) -> list[DutyEntry]:
        """The log of a shift: entries that happened or were logged since ``start``,
        filtered; with ``query``, every entry that matches it instead, newest first:
        by its words, or as the quick lookup finds it (pinyin and initials of the
        caller's name among them)."""
        self._store.operators.require(actor, "duty.read")
        where, params = [], []
        query = validate.query("search", query)
        if query:
            like = f"%{query}%"
            # What the quick lookup finds too: a caller's name by pinyin or
            # initials, a number by its serial digits, a phone by its start.
            found = [hit.record_id for hit in self._store.lookup.search(actor, query, channels=["duty"],
                                                                         limit=limit)]
            by_lookup = f" OR id IN ({','.join('?' * len(found))})" if found else ""
            where.append("(number = ? OR source LIKE ? OR phone LIKE ? OR summary LIKE ?"
                         f" OR details LIKE ? OR action LIKE ? OR assignee LIKE ?{by_lookup})")
            params += [query.upper(), like, like, like, like, like, like, *found]
        else:
            where.append("(at >= ? OR logged_at >= ?)")
            params += [start, start]
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if importance:
            where.append("importance = ?")
            params.append(importance)
        order = "at DESC, id DESC" if query else "at, id"
        return self._many(" AND ".join(where), params, order=f"{order} LIMIT {int(limit)}")

    # what is open -----------------------------------------------------------------

    def unreported(self, actor: Operator) -> list[DutyEntry]:
        """Urgent entries nobody has reported yet, oldest first."""
        self._store.operators.require(actor, "duty.read")
        return self._many("importance = 'urgent' AND id NOT IN (SELECT entry_id FROM duty_reports)", [])

    def open_items(self, actor: Operator) -> OpenItems:
        """Unreported urgent entries, events without a final report, follow-ups not done."""
        urgent = self.unreported(actor)
        events = [e for e in self._many(
            "seq = 0 AND final = 0 AND (kind = 'event' OR id IN"
            " (SELECT event_id FROM duty_entries WHERE event_id IS NOT NULL))", [])
            if e.open_event]
        follow_ups = self._many("assignee != '' AND done_at IS NULL", [])
        return OpenItems(tuple(urgent), tuple(events), tuple(follow_ups))

    def overdue(self, actor: Operator, minutes: int) -> list[DutyEntry]:
        """Urgent entries logged ``minutes`` or more ago and still not reported:
        the reminder clock has run out for them."""
        self._store.operators.require(actor, "duty.read")
        limit = _text(self._store.now() - timedelta(minutes=minutes))
        return self._many(
            "importance = 'urgent' AND logged_at <= ?"
            " AND id NOT IN (SELECT entry_id FROM duty_reports)", [limit])

    def count_unreported_urgent(self) -> int:
        """For the home screen: urgent entries nobody has reported yet."""
        return self._store.db.execute(
            "SELECT count(*) FROM duty_entries WHERE importance = 'urgent'"
            " AND id NOT IN (SELECT entry_id FROM duty_reports)").fetchone()[0]

    def count_between(self, start: str, end: str) -> int:
        """Entries whose event time is in [start, end)."""
        return self._store.db.execute(
            "SELECT count(*) FROM duty_entries WHERE at >= ? AND at < ?", [start, end]).fetchone()[0]

    def counts_by_kind(self, start: str, end: str) -> dict[str, int]:
        """Entries in [start, end) per kind, every kind present (0 when none)."""
        counts = dict.fromkeys(duty_rules.KINDS, 0)
        for kind, count in self._store.db.execute(
            "SELECT kind, count(*) FROM duty_entries WHERE at >= ? AND at < ? GROUP BY kind",
            [start, end],
        ):
            counts[kind] = count
        return counts

    def officers_between(self, start: str, end: str) -> list[str]:
        """Login names of those who logged entries in [start, end)."""
        return [row[0] for row in self._store.db.execute(
            "SELECT DISTINCT created_by FROM duty_entries WHERE logged_at >= ? AND logged_at < ?"
            " ORDER BY created_by", [start, end])]


def entry_json(entry: DutyEntry) -> dict:
    """The entry as plain JSON values, with the contract's key names."""
    return {
        "number": entry.number,
        "at": entry.at,
        "logged_at": entry.logged_at,
        "kind": entry.kind,
        "source": entry.source,
        "phone": entry.phone,
        "summary": entry.summary,
        "details": entry.details,
        "importance": entry.importance,
        "action": entry.action,
        "assignee": entry.assignee,
        "reported_to": [{"to": r.to, "at": r.at, "recorded_by": r.recorded_by} for r in entry.reports],
        "follow_up_of": entry.event_number,
        "stage": entry.stage or None,
        "seq": entry.seq,
        "final": entry.final,
        "open_event": entry.open_event,
        "version": entry.version,
        "done_at": entry.done_at,
        "done_by": entry.done_by,
        "done_note": entry.done_note,
        "created_at": entry.created_at,
        "created_by": entry.created_by,
    }
