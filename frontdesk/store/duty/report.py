"""The 24-hour report (每日值班信息报告) to the city's general duty office.

The window is the 24 hours ending at the report cut-off (08:00 by default) of
a day, or at any end time chosen; it includes its start and excludes its end,
so an entry at exactly 08:00 belongs to the next report. The report is built
once as a frozen value; ``frontdesk.output.report_render`` and ``report_docx`` write it out.
Visitors appear by the liaison's name only, never with an ID number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
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
    """An important or urgent entry as the report lists it."""

    number: str
    at: str
    kind: str
    importance: str
    stage: str
    """"initial", "follow_up", "final", or "" for a plain entry."""
    seq: int
    source: str
    summary: str
    action: str
    assignee: str
    reports: tuple[tuple[str, str], ...]
    """(to whom, when) of each report to a leader."""


@dataclass(frozen=True)
class Officer:
    """An officer as the report names them: login name and display label."""

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
class DailyReport:
    """Everything the 24-hour report says, in the order it says it."""

    office: str
    start: str
    end: str
    officers: tuple[Officer, ...]
    entry_counts: tuple[tuple[str, int], ...]
    """(kind, count) for every kind of log entry, in the kinds' order."""
    visit_counts: dict
    """individual, joint, group (visits) and people (heads)."""
    letters: int
    entries: tuple[ReportedEntry, ...]
    group_visits: tuple[GroupVisit, ...]
    open_events: tuple[OpenLine, ...]
    unreported_urgent: tuple[OpenLine, ...]
    open_follow_ups: tuple[OpenLine, ...]
    produced_by: Officer
    produced_at: str
    audit_entry: int
    audit_hash: str

    @property
    def entry_total(self) -> int:
        return sum(count for _kind, count in self.entry_counts)

    @property
    def visit_total(self) -> int:
        return self.visit_counts["individual"] + self.visit_counts["joint"] + self.visit_counts["group"]

    @property
    def nothing_open(self) -> bool:
        return not (self.open_events or self.unreported_urgent or self.open_follow_ups)

    def file_stem(self) -> str:
        """The exports' name: by the window's end date and time."""
        return f"daily-report-{self.end[:10]}-{self.end[11:13]}{self.end[14:16]}"


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


class Reports:
    """The 24-hour reports of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def daily(self, actor: Operator, *, end: object = None, cutoff: str = "08:00",
              office: str = "") -> DailyReport:
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
        listed = tuple(
            ReportedEntry(e.number, e.at, e.kind, e.importance, e.stage, e.seq, e.source, e.summary,
                          e.action, e.assignee, tuple((r.to, r.at) for r in e.reports))
            for e in entries if e.importance in ("important", "urgent")
        )
        groups = tuple(
            GroupVisit(v.number, v.visited_at, v.headcount, v.subject, v.location,
                       v.liaison.name if v.liaison else v.first_name, v.sealed)
            for v in store.visits.groups_between(actor, start_text, end_text)
        )
        names = store.shifts.officers_between(start_text, end_text)
        names += [n for n in store.duty.officers_between(start_text, end_text) if n not in names]
        head_id, head_hash = audit.head(store.db)
        return DailyReport(
            office=office,
            start=start_text,
            end=end_text,
            officers=tuple(self._label(name) for name in names),
            entry_counts=tuple((kind, counts[kind]) for kind in duty_rules.KINDS),
            visit_counts=store.visits.counts_between(start_text, end_text),
            letters=letters,
            entries=listed,
            group_visits=groups,
            open_events=tuple(_open_line(e) for e in entries if e.open_event),
            unreported_urgent=tuple(_open_line(e) for e in entries if e.unreported_urgent),
            open_follow_ups=tuple(_open_line(e) for e in entries if e.open_follow_up),
            produced_by=self._label(current.name),
            produced_at=store.now_text(),
            audit_entry=head_id,
            audit_hash=head_hash,
        )

    def _label(self, name: str) -> Officer:
        operator = self._store.operators.get(name)
        return Officer(name, operator.label if operator is not None else name)

    def record_export(self, actor: Operator, report: DailyReport, fmt: str, path: str,
                      heads_file: Path | None = None) -> tuple[int, str]:
        """Write the export to the audit trail: which window, which format, where,
        and the chain head the paper shows; then, as an anchor outside the database,
        the chain's head with this entry in it to ``heads_file``. That head."""
        with self._store.write() as db:
            self._store.operators.require(actor, "report.daily")
            entry = audit.append(db, at=self._store.now(), operator=actor.name, action="report_export",
                                 detail={"start": report.start, "end": report.end, "format": fmt,
                                         "path": str(path)[-200:], "head": report.audit_entry,
                                         "head_hash": report.audit_hash})
            head = audit.head(db)
            chain = audit.chain_id(db)
        if heads_file is not None:
            audit.append_head(heads_file, entry, head[1], chain,
                              f"{self._store.now_text()} report {report.start} ~ {report.end} {actor.name}")
        return head
