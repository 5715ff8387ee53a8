"""Visits and letters flagged for leaders (报告领导): a reminder until reported.

A visit marked for leaders, one that skipped levels (越级访), a group visit
(集体访) of at least ``group_size`` heads, and a letter proposed for leaders
(呈阅) carry a reminder until someone records to whom it was reported and when,
as the duty log's report-to does. The open ones are listed under ``duty open``
and in the 24-hour report; a sealed accusation shows there by its number only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.core.validate import Checks
from frontdesk.store.shared import audit, sealing
from frontdesk.store.shared.channels import CHANNELS
from frontdesk.store.shared.operators import Operator
from frontdesk.store.shared.permissions import allowed

if TYPE_CHECKING:
    from frontdesk.store.api import Store

GROUP_SIZE = 50
"""The group visit that is reported to leaders at once (the settings may say otherwise)."""


@dataclass(frozen=True)
class Escalation:
    """A flagged visit or letter and its reports to leaders so far."""

    channel: str
    number: str
    at: str
    subject: str
    """Blank for a sealed accusation, or a letter, read by a role that may not."""
    reports: tuple[tuple[str, str], ...]
    """(to whom, when) of each report."""

    @property
    def reported(self) -> bool:
        return bool(self.reports)


class Escalations:
    """The reports to leaders of one store's visits and letters."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.group_size = GROUP_SIZE

    def _flagged_sql(self) -> tuple[str, list]:
        visits = ("SELECT 'visit' AS channel, id, number, visited_at AS at, subject,"
                  f" {sealing.VISIT_SEALED_SQL} AS sealed FROM visits"
                  " WHERE escalate = 1 OR skipped_levels = 1 OR headcount >= ?")
        letters = ("SELECT 'letter' AS channel, id, number, received_at AS at, subject,"
                   f" {sealing.LETTER_SEALED_SQL} AS sealed FROM letters WHERE proposal = 'submit'")
        return f"{visits} UNION ALL {letters}", [self.group_size]

    def _rows(self, where: str = "", params: list | None = None) -> list[dict]:
        sql, args = self._flagged_sql()
        return list(self._store.db.query(f"SELECT * FROM ({sql}) AS f {where} ORDER BY at, number",
                                         [*args, *(params or [])]))

    def _build(self, role: str, rows: list[dict]) -> list[Escalation]:
        found = []
        for row in rows:
            reports = tuple((to, when) for to, when in self._store.db.execute(
                "SELECT reported_to, reported_at FROM escalation_reports WHERE channel = ? AND record_id = ?"
                " ORDER BY reported_at, id", [row["channel"], row["id"]]))
            readable = (not row["sealed"] or sealing.reads_sealed(role)) and allowed(
                role, CHANNELS[row["channel"]].read_permission)
            found.append(Escalation(row["channel"], row["number"], row["at"],
                                    row["subject"] if readable else "", reports))
        return found

    def unreported(self, actor: Operator) -> list[Escalation]:
        """Flagged visits and letters nobody has reported yet, oldest first."""
        rows = self._rows("WHERE NOT EXISTS (SELECT 1 FROM escalation_reports AS r"
                          " WHERE r.channel = f.channel AND r.record_id = f.id)")
        return self._build(actor.role, rows)

    def between(self, actor: Operator, start: str, end: str) -> list[Escalation]:
        """Flagged visits and letters that came in [start, end), reported or not."""
        return self._build(actor.role, self._rows("WHERE at >= ? AND at < ?", [start, end]))

    def report_to(self, actor: Operator, channel: str, number: str, to: object, at: object = None) -> Escalation:
        """Record that the flagged visit or letter ``number`` was reported to ``to``
        at ``at`` (now by default)."""
        now = self._store.now()
        with Checks() as c:
            leader = c.run(validate.text, "to", to, required=True, max_length=60)
            when = c.run(validate.moment, "report_at", at, now=now)
        assert leader is not None and when is not None
        number = (number or "").strip().upper()
        rows = [r for r in self._rows("WHERE number = ?", [number]) if r["channel"] == channel]
        if not rows:
            raise ValidationError("number", "err.escalation_unknown", number=number)
        row = rows[0]
        at_text = when.strftime("%Y-%m-%d %H:%M:%S")
        if at_text < row["at"]:
            raise ValidationError("report_at", "err.escalation_before_record")
        with self._store.write() as db:
            # The desk that registered it, or the duty room that keeps the open list.
            own = "visit.register" if channel == "visit" else "letter.handle"
            self._store.operators.require(actor, "duty.write" if allowed(actor.role, "duty.write") else own)
            report_id = db.table("escalation_reports").insert({
                "channel": channel, "record_id": row["id"], "reported_to": leader, "reported_at": at_text,
                "created_at": now.strftime("%Y-%m-%d %H:%M:%S"), "created_by": actor.name,
            }).last_pk
            audit.append(db, at=now, operator=actor.name, action="create", table="escalation_reports",
                         record_id=report_id, detail={"to": leader})
        return self._build(actor.role, [row])[0]
