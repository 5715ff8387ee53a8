"""The 24-hour report (每日值班信息报告) to the city's general duty office.

The window is the 24 hours ending at the report cut-off (08:00 by default) of
a day, or at any end time chosen; it includes its start and excludes its end,
so an entry at exactly 08:00 belongs to the next report. The report is built
once as a frozen value; ``frontdesk.output.report_render`` and ``report_docx`` write it out.
Visitors appear by the liaison's name only, never with an ID number.

Each export or sending (报送) freezes the report's content in the database as a
numbered version of its window: the same content keeps its number, changed
content becomes the next one and says what changed. An entry logged into a
window whose report was already sent appears in the next report as 补报.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.core.validate import Checks
from frontdesk.store.duty import rules as duty_rules
from frontdesk.store.duty.log import DutyEntry
from frontdesk.store.shared import audit
from frontdesk.store.shared.operators import Operator

if TYPE_CHECKING:
    from pathlib import Path

    from frontdesk.store.api import Store

WINDOW = timedelta(hours=24)
FORMATS = ("txt", "md", "docx")


@dataclass(frozen=True)
class ReportedEntry:
    """One report of a matter as the 24-hour report lists it: a plain entry, or
    one link of an event's chain (初报, 续报, 终报)."""

    number: str
    at: str
    kind: str
    importance: str
    stage: str
    """"initial", "follow_up", "final", or "" for a plain entry."""
    seq: int
    source: str
    summary: str
    details: str
    action: str
    assignee: str
    reports: tuple[tuple[str, str], ...]
    """(to whom, when) of each report to a leader."""


@dataclass(frozen=True)
class ReportedEvent:
    """A matter told once: its first entry and every follow-up (its chain), in order."""

    kind: str
    importance: str
    """The highest importance of its links."""
    links: tuple[ReportedEntry, ...]
    is_event: bool
    closed: bool
    """An event whose final report (终报) is in."""

    @property
    def at(self) -> str:
        return self.links[0].at

    @property
    def number(self) -> str:
        return self.links[0].number


@dataclass(frozen=True)
class RelayedNotice:
    """A notice relayed in the window: who was reached (by whom, when) and who not."""

    title: str
    content: str
    deadline: str | None
    created_at: str
    reached: tuple[tuple[str, str, str], ...]
    """(unit or person, who answered, when)."""
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Officer:
    """An officer as the report names them: login name and full name."""

    name: str
    label: str


@dataclass(frozen=True)
class GroupVisit:
    """A group visit (集体访) of the window: no ID numbers, the liaison by name."""

    number: str
    at: str
    headcount: int
    subject: str
    location: str
    liaison: str
    sealed: bool = False
    """An accusation the reporting role may not read: its number and time only."""


@dataclass(frozen=True)
class OpenLine:
    number: str
    at: str
    summary: str


@dataclass(frozen=True)
class ReportVersion:
    """A report frozen as it was exported or sent: its window, number and content hash."""

    start: str
    end: str
    version: int
    hash: str
    created_at: str
    created_by: str
    sent_to: str | None
    sent_how: str | None
    sent_at: str | None
    sent_recorded_by: str | None


@dataclass(frozen=True)
class DailyReport:
    """Everything the 24-hour report says, in the order it says it."""

    office: str
    start: str
    end: str
    officers: tuple[Officer, ...]
    leader: str
    """The 带班领导 of the window's shifts (by the duty room's roster), each
    once, parted by 、; "" when none is recorded."""
    duty_phone: str
    entry_counts: tuple[tuple[str, int], ...]
    """(kind, count) for every kind of log entry, in the kinds' order."""
    visit_counts: dict
    """individual, joint, group (visits) and people (heads)."""
    letters: int
    events: tuple[ReportedEvent, ...]
    """The important and urgent matters, each once with its chain, in time order."""
    late: tuple[ReportedEntry, ...]
    """补报: entries logged after the report of their own window was sent."""
    notices: tuple[RelayedNotice, ...]
    group_visits: tuple[GroupVisit, ...]
    open_events: tuple[OpenLine, ...]
    unreported_urgent: tuple[OpenLine, ...]
    open_follow_ups: tuple[OpenLine, ...]
    produced_by: Officer
    produced_at: str
    audit_entry: int
    audit_hash: str
    version: int = 1
    """The version this content is (or will be when exported) of its window."""
    escalations: tuple[OpenLine, ...] = ()
    """Visits and letters flagged for leaders (报告领导, 越级访) nobody has reported yet."""
    previous: ReportVersion | None = None
    """The latest earlier version of the window when this content differs from it."""
    changes: tuple[tuple[str, str], ...] = ()
    """What changed since ``previous``: ("added"|"changed"|"removed", number),
    ("late", number), or (part, "") for counts, notices, visits, officers."""

    @property
    def entries(self) -> tuple[ReportedEntry, ...]:
        """Every link of every matter, flat, in the events' order."""
        return tuple(link for event in self.events for link in event.links)

    @property
    def entry_total(self) -> int:
        return sum(count for _kind, count in self.entry_counts)

    @property
    def visit_total(self) -> int:
        return self.visit_counts["individual"] + self.visit_counts["joint"] + self.visit_counts["group"]

    @property
    def nothing_open(self) -> bool:
        return not (self.open_events or self.unreported_urgent or self.open_follow_ups or self.escalations)

    @property
    def nothing_important(self) -> bool:
        """零报告: no important or urgent matter, no group visit, nothing late."""
        return not (self.events or self.group_visits or self.late)

    def content(self) -> dict:
        """What the report says, without who printed it when: the frozen content."""
        return {
            "start": self.start, "end": self.end, "office": self.office,
            "officers": [o.label for o in self.officers], "leader": self.leader,
            "duty_phone": self.duty_phone, "entry_counts": [list(pair) for pair in self.entry_counts],
            "visit_counts": dict(self.visit_counts), "letters": self.letters,
            "events": [asdict(event) for event in self.events],
            "late": [asdict(entry) for entry in self.late],
            "notices": [asdict(notice) for notice in self.notices],
            "group_visits": [asdict(group) for group in self.group_visits],
            "open_events": [asdict(line) for line in self.open_events],
            "unreported_urgent": [asdict(line) for line in self.unreported_urgent],
            "open_follow_ups": [asdict(line) for line in self.open_follow_ups],
            **({"escalations": [asdict(line) for line in self.escalations]} if self.escalations else {}),
        }

    def content_json(self) -> str:
        return json.dumps(self.content(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def content_hash(self) -> str:
        return hashlib.sha256(self.content_json().encode("utf-8")).hexdigest()

    def file_stem(self) -> str:
        """The exports' name: by the window's end date and time, and the version."""
        return f"daily-report-{self.end[:10]}-{self.end[11:13]}{self.end[14:16]}-v{self.version}"


def changes_between(before: dict, after: dict) -> tuple[tuple[str, str], ...]:
    """What differs between two frozen contents, in the reader's terms."""
    def links(content: dict) -> dict[str, dict]:
        return {link["number"]: link for event in content["events"] for link in event["links"]}

    old, new = links(before), links(after)
    out = [("added", number) for number in new if number not in old]
    out += [("changed", number) for number in new if number in old and new[number] != old[number]]
    out += [("removed", number) for number in old if number not in new]
    old_late = {entry["number"] for entry in before["late"]}
    out += [("late", entry["number"]) for entry in after["late"] if entry["number"] not in old_late]
    for part in ("entry_counts", "visit_counts", "letters", "notices", "group_visits", "officers", "leader",
                 "duty_phone", "open_events", "unreported_urgent", "open_follow_ups", "escalations"):
        if before.get(part) != after.get(part):
            out.append((part, ""))
    return tuple(out)


def window_end(value: object, *, now: datetime, cutoff: str) -> datetime:
    """The end of the window: a time as typed (any shape of
    ``validate.parse_moment``, ahead of now too), a bare date at the cut-off,
    and by default today at the cut-off."""
    hour, minute = (int(part) for part in cutoff.split(":"))
    if value is None or (isinstance(value, str) and not value.strip()):
        return datetime.combine(now.date(), time(hour, minute))
    if not isinstance(value, str):
        raise ValidationError("report_end", "err.time_format")
    return validate.parse_moment(value, now, field="report_end", default_time=time(hour, minute))


def _open_line(entry: DutyEntry) -> OpenLine:
    return OpenLine(entry.number, entry.at, entry.summary)


def _reported(entry: DutyEntry) -> ReportedEntry:
    return ReportedEntry(entry.number, entry.at, entry.kind, entry.importance, entry.stage, entry.seq,
                         entry.source, entry.summary, entry.details, entry.action, entry.assignee,
                         tuple((r.to, r.at) for r in entry.reports))


_RANK = {"normal": 0, "important": 1, "urgent": 2}
_NOTABLE = ("important", "urgent")


def _version(row: dict) -> ReportVersion:
    return ReportVersion(row["start"], row["end"], row["version"], row["hash"], row["created_at"],
                         row["created_by"], row["sent_to"], row["sent_how"], row["sent_at"],
                         row["sent_recorded_by"])


class Reports:
    """The 24-hour reports of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def daily(self, actor: Operator, *, end: object = None, cutoff: str = "08:00",
              office: str = "", duty_phone: str = "") -> DailyReport:
        """The report of the 24 hours before ``end`` (see ``window_end``)."""
        store = self._store
        current = store.operators.require(actor, "report.daily")
        finish = window_end(end, now=store.now(), cutoff=cutoff)
        start_text = (finish - WINDOW).strftime("%Y-%m-%d %H:%M:%S")
        end_text = finish.strftime("%Y-%m-%d %H:%M:%S")
        entries = store.duty.between(actor, start_text, end_text)
        counts = store.duty.counts_by_kind(start_text, end_text)
        letters = 0
        letter_book = getattr(store, "letters", None)
        if letter_book is not None and hasattr(letter_book, "count_between"):
            letters = letter_book.count_between(start_text, end_text)
        groups = tuple(
            GroupVisit(v.number, v.visited_at, v.headcount, v.subject, v.location,
                       v.liaison.name if v.liaison else v.first_name, v.sealed)
            for v in store.visits.groups_between(actor, start_text, end_text)
        )
        # The duty room's roster says who was on duty and who led each shift of
        # the window; who took a shift over or wrote in the log was on duty too.
        rostered = store.duty_roster.between(start_text, end_text)
        names = list(dict.fromkeys(shift.officer for shift in rostered if shift.officer))
        names += [n for n in store.shifts.officers_between(start_text, end_text) if n not in names]
        names += [n for n in store.duty.officers_between(start_text, end_text) if n not in names]
        if not names:  # nobody rostered or signed in for a shift: who makes the report is on duty
            names = [current.name]
        leader = "、".join(dict.fromkeys(shift.leader for shift in rostered if shift.leader))
        head_id, head_hash = audit.head(store.db)
        report = DailyReport(
            office=office,
            start=start_text,
            end=end_text,
            officers=tuple(self._label(name) for name in names),
            leader=leader,
            duty_phone=duty_phone,
            entry_counts=tuple((kind, counts[kind]) for kind in duty_rules.KINDS),
            visit_counts=store.visits.counts_between(start_text, end_text),
            letters=letters,
            events=self._events(actor, entries, end_text),
            late=self._late(actor, start_text, end_text),
            notices=self._notices(start_text, end_text),
            group_visits=groups,
            open_events=tuple(_open_line(e) for e in entries if e.open_event),
            unreported_urgent=tuple(_open_line(e) for e in entries if e.unreported_urgent),
            open_follow_ups=tuple(_open_line(e) for e in entries if e.open_follow_up),
            escalations=tuple(OpenLine(e.number, e.at, e.subject) for e in store.escalations.unreported(actor)),
            produced_by=self._label(current.name),
            produced_at=store.now_text(),
            audit_entry=head_id,
            audit_hash=head_hash,
        )
        return self._numbered(report)

    def _events(self, actor: Operator, entries: list[DutyEntry], end: str) -> tuple[ReportedEvent, ...]:
        """Each matter of the window once: entries grouped by their event, a
        group told when one of its links is important or urgent, with every
        link of the chain logged before the end (earlier windows' too)."""
        roots: dict[str, list[DutyEntry]] = {}
        for entry in entries:
            roots.setdefault(entry.event_number or entry.number, []).append(entry)
        events = []
        for root, found in roots.items():
            chain = self._store.duty.chain(actor, root) if any(e.is_event for e in found) else found
            links = [e for e in chain if e.at < end]
            if not any(e.importance in _NOTABLE for e in links):
                continue
            links.sort(key=lambda e: (e.at, e.seq, e.id))
            first = next((e for e in links if e.number == root), links[0])
            events.append(ReportedEvent(
                kind=first.kind,
                importance=max((e.importance for e in links), key=lambda i: _RANK.get(i, 0)),
                links=tuple(_reported(e) for e in links),
                is_event=first.is_event,
                closed=any(e.final for e in links),
            ))
        events.sort(key=lambda event: (event.at, event.number))
        return tuple(events)

    def _late(self, actor: Operator, start: str, end: str) -> tuple[ReportedEntry, ...]:
        """Entries logged in [start, end) whose own time lies in an earlier window
        already sent, after it was sent: they are told now as 补报."""
        db = self._store.db
        sent = [(row[0], row[1], row[2]) for row in db.execute(
            'SELECT start, "end", min(sent_at) FROM duty_report_versions WHERE sent_at IS NOT NULL'
            ' AND "end" <= ? GROUP BY start, "end"', [start])]
        if not sent:
            return ()
        late = []
        for entry in self._store.duty.logged_between(actor, start, end):
            for window_start, window_end_, sent_at in sent:
                if window_start <= entry.at < window_end_ and entry.created_at >= sent_at:
                    late.append(_reported(entry))
                    break
        return tuple(late)

    def _notices(self, start: str, end: str) -> tuple[RelayedNotice, ...]:
        """Notices received in the window or relayed in it, oldest first."""
        found = self._store.notices.relayed_between(start, end)
        return tuple(
            RelayedNotice(n.title, n.content, n.deadline, n.created_at,
                          tuple((t.target, t.reached_person, t.reached_at or "") for t in n.targets
                                if t.reached and t.reached_at and t.reached_at < end),
                          tuple(t.target for t in n.targets if not t.reached or not t.reached_at
                                or t.reached_at >= end))
            for n in sorted(found, key=lambda n: (n.created_at, n.id))
        )

    def _label(self, name: str) -> Officer:
        operator = self._store.operators.get(name)
        label = operator.label if operator is not None and operator.label else name
        return Officer(name, label)

    # --- versions and sending

    def _rows(self, end: str) -> list[dict]:
        return list(self._store.db.query(
            'SELECT * FROM duty_report_versions WHERE "end" = ? ORDER BY version', [end]))

    def versions(self, actor: Operator, end: str) -> list[ReportVersion]:
        """The frozen versions of the report of the window ending at ``end``, oldest first."""
        self._store.operators.require(actor, "report.daily")
        return [_version(row) for row in self._rows(end)]

    def _numbered(self, report: DailyReport) -> DailyReport:
        """The report with its version: the latest frozen one when the content is
        the same, else the next, with what changed since the latest."""
        rows = self._rows(report.end)
        if not rows:
            return report
        latest = rows[-1]
        if latest["hash"] == report.content_hash():
            return replace(report, version=latest["version"])
        # Both as stored (JSON): a link's tuples would never equal the stored lists.
        changes = changes_between(json.loads(latest["content"]), json.loads(report.content_json()))
        return replace(report, version=latest["version"] + 1, previous=_version(latest), changes=changes)

    def _freeze(self, db, actor: Operator, report: DailyReport) -> ReportVersion:
        """Inside a write: the version row of ``report``'s content, made when new."""
        rows = list(db.query('SELECT * FROM duty_report_versions WHERE "end" = ? ORDER BY version',
                             [report.end]))
        digest = report.content_hash()
        if rows and rows[-1]["hash"] == digest:
            return _version(rows[-1])
        version = rows[-1]["version"] + 1 if rows else 1
        row_id = db.table("duty_report_versions").insert({
            "start": report.start, "end": report.end, "version": version,
            "content": report.content_json(), "hash": digest, "audit_entry": report.audit_entry,
            "audit_hash": report.audit_hash, "created_at": self._store.now_text(), "created_by": actor.name,
            "sent_to": None, "sent_how": None, "sent_at": None, "sent_recorded_by": None,
        }).last_pk
        audit.append(db, at=self._store.now(), operator=actor.name, action="create",
                     table="duty_report_versions", record_id=row_id)
        return _version(next(db.query("SELECT * FROM duty_report_versions WHERE id = ?", [row_id])))

    def mark_sent(self, actor: Operator, report: DailyReport, *, to: object, how: object,
                  at: object = None) -> ReportVersion:
        """Record that ``report`` went out (报送): to whom, how (传真, 电子政务 …),
        when (now by default, never ahead of now). Its content is frozen first;
        a version already marked sent is refused."""
        now = self._store.now()
        with Checks() as c:
            sent_to = c.run(validate.text, "report_sent_to", to, required=True, max_length=60)
            sent_how = c.run(validate.text, "report_sent_how", how, required=True, max_length=30)
            when = c.run(validate.moment, "report_sent_at", at, now=now)
        assert when is not None
        with self._store.write() as db:
            self._store.operators.require(actor, "report.daily")
            frozen = self._freeze(db, actor, report)
            if frozen.sent_at is not None:
                raise ValidationError("report_sent_to", "err.report_already_sent", version=frozen.version,
                                      at=frozen.sent_at[:16], to=frozen.sent_to or "")
            row_id = db.execute('SELECT id FROM duty_report_versions WHERE "end" = ? AND version = ?',
                                [report.end, frozen.version]).fetchone()[0]
            db.execute("UPDATE duty_report_versions SET sent_to = ?, sent_how = ?, sent_at = ?,"
                       " sent_recorded_by = ? WHERE id = ?",
                       [sent_to, sent_how, when.strftime("%Y-%m-%d %H:%M:%S"), actor.name, row_id])
            audit.append(db, at=now, operator=actor.name, action="report_sent",
                         table="duty_report_versions", record_id=row_id)
        return self.versions(actor, report.end)[frozen.version - 1]

    def record_export(self, actor: Operator, report: DailyReport, fmt: str, path: str,
                      heads_file: Path | None = None) -> tuple[int, str]:
        """Freeze the report's content as its version (a file, not the terminal:
        ``path`` "-"), and write the export to the audit trail: which window, version and format, where, and the chain
        head the paper shows; then, as an anchor outside the database, the
        chain's head with this entry in it to ``heads_file``. That head."""
        with self._store.write() as db:
            self._store.operators.require(actor, "report.daily")
            # Shown on the terminal only ("-") is a preview; a file is frozen as its version.
            version = self._freeze(db, actor, report).version if path != "-" else report.version
            entry = audit.append(db, at=self._store.now(), operator=actor.name, action="report_export",
                                 detail={"start": report.start, "end": report.end, "format": fmt,
                                         "version": version, "path": str(path)[-200:],
                                         "head": report.audit_entry, "head_hash": report.audit_hash})
            head = audit.head(db)
            chain = audit.chain_id(db)
        if heads_file is not None:
            audit.append_head(heads_file, entry, head[1], chain,
                              f"{self._store.now_text()} report {report.start} ~ {report.end} {actor.name}")
        return head
