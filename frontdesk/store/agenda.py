"""What an operator must act on today, for the home screen: per desk the role
works at, a few counts (and who is on duty), each read from an index so the
home screen opens at once however many records the office holds.

- reception: today's visits and visitors, transfers and cases due within
  ``DUE_SOON_DAYS`` days, and those past their deadline;
- duty room: urgent entries nobody has reported, events without a final report,
  notices some unit has not been reached for, who is on duty and the leader
  (by the duty room's roster and the handovers);
- mail room: letters awaiting a proposal, those past their deadline,
  enclosures still held, registered items not passed on, documents to chase;
- matters (办理跟踪), for the desks and supervisors who record their steps: those due within
  7 days and those overdue (``store.matters``, read from the derived state);
- admins alone: a year the holiday calendar does not know yet, which deadlines
  reach (they count Monday to Friday until holidays are added in the settings),
  and what the audit trail took in today.
"""

from __future__ import annotations

import weakref
from datetime import timedelta
from typing import TYPE_CHECKING, NamedTuple

from frontdesk.store.shared.permissions import Role, allowed

if TYPE_CHECKING:
    from frontdesk.store.api import Store
    from frontdesk.store.shared.operators import Operator

DUE_SOON_DAYS = 3
"""A deadline this many days ahead (today included) is "due" on the home screen."""


class Line(NamedTuple):
    """One line of the home screen: a message key and its amount, or a text
    (who is on duty); ``alert`` when it is overdue or urgent (shown in red)."""

    key: str
    amount: int | None = None
    text: str = ""
    alert: bool = False


def _count(store: Store, sql: str, params: list | None = None) -> int:
    return store.db.execute(sql, params or []).fetchone()[0]


def reception(store: Store, day: str) -> list[Line]:
    visits, heads = store.visits.count_on(day)
    soon = (store.now().date() + timedelta(days=DUE_SOON_DAYS - 1)).isoformat()
    # Only transfers and cases carry a deadline (visits_due).
    due = _count(store, "SELECT count(*) FROM visits WHERE due_date >= ? AND due_date <= ?", [day, soon])
    overdue = _count(store, "SELECT count(*) FROM visits WHERE due_date < ?", [day])
    return [
        Line("count.visits_today", visits), Line("count.visitors_today", heads),
        Line("count.transfers_due", due), Line("count.transfers_overdue", overdue, alert=overdue > 0),
    ]


def duty(store: Store, day: str) -> list[Line]:
    urgent = _count(store, "SELECT count(*) FROM duty_entries WHERE importance = 'urgent'"
                           " AND id NOT IN (SELECT entry_id FROM duty_reports)")
    # An event is a first report (kind 事件, or followed up); open until its 终报.
    events = _count(store, """
        SELECT count(*) FROM (
            SELECT id FROM duty_entries WHERE kind = 'event' AND seq = 0 AND final = 0
            UNION SELECT event_id FROM duty_entries WHERE event_id IS NOT NULL
        ) AS root
        WHERE NOT EXISTS (SELECT 1 FROM duty_entries f WHERE f.id = root.id AND f.final = 1)
          AND NOT EXISTS (SELECT 1 FROM duty_entries c WHERE c.event_id = root.id AND c.final = 1)""")
    notices = _count(store, "SELECT count(DISTINCT notice_id) FROM duty_notice_targets WHERE reached_at IS NULL")
    officer, leader = on_duty(store)
    return [
        Line("count.duty_urgent_unreported", urgent, alert=urgent > 0),
        Line("count.duty_open_events", events),
        Line("count.notices_unrelayed", notices, alert=notices > 0),
        Line("count.on_duty", text=officer),
        Line("count.duty_leader", text=leader),
    ]


def on_duty(store: Store) -> tuple[str, str]:
    """Who is on duty now and the shift's leader (带班领导), by full name; ""
    for either not known. The officer is who took the running shift over
    (the last handover's taker, or its giver while the taker has not signed),
    else the one the duty room's roster has for it, else who last took over."""
    shift = store.duty_roster.now()
    row = store.db.execute(
        "SELECT coalesce(o.display_name, ''), h.to_officer, h.from_officer, h.accepted_at, h.closed_at"
        " FROM duty_handovers h LEFT JOIN operators o"
        " ON o.name = CASE WHEN h.accepted_at IS NULL THEN h.from_officer ELSE h.to_officer END"
        " ORDER BY h.id DESC LIMIT 1").fetchone()
    handed = ""
    if row:
        handed = row[0] or (row[1] if row[3] else row[2]) or ""
    taken_at = (row[3] or row[4]) if row else ""
    if handed and (not shift.officer or taken_at >= shift.starts):
        return handed, shift.leader
    return shift.officer_name or handed, shift.leader


def mail(store: Store, day: str) -> list[Line]:
    pending = _count(store, "SELECT count(*) FROM letters WHERE proposal IS NULL")
    overdue = _count(store, "SELECT count(*) FROM letters WHERE proposal IS NULL AND due_date < ?", [day])
    held = _count(store, "SELECT count(*) FROM letter_enclosures WHERE returned_at IS NULL")
    waiting = _count(store, "SELECT count(*) FROM post_items WHERE passed_at IS NULL")
    chase = _count(store, "SELECT count(*) FROM documents WHERE return_by < ? AND id IN"
                          " (SELECT document_id FROM document_readers WHERE read_at IS NULL)", [day])
    return [
        Line("count.letters_pending", pending), Line("count.letters_overdue", overdue, alert=overdue > 0),
        Line("count.enclosures_held", held), Line("count.post_waiting", waiting),
        Line("count.documents_late", chase, alert=chase > 0),
    ]


_AUDIT_TODAY: weakref.WeakKeyDictionary[Store, tuple[str, int, str, int]] = weakref.WeakKeyDictionary()
"""Per store: (day, the last entry counted, its hash, today's count up to it)."""


def audit_today(store: Store, day: str) -> int:
    """The audit entries dated ``day``. The log is append-only, so the entries up to
    one counted before stay as they were: only those after it are read (a day
    with a million entries, as a demo's, is counted through once, not at every
    visit of the home screen). The hash of the last entry counted proves it is
    the same log (not a restored file)."""
    db = store.db
    last = db.execute("SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    if last is None:
        return 0
    kept = _AUDIT_TODAY.get(store)
    since, counted = 0, 0
    if kept is not None and kept[0] == day:
        row = db.execute("SELECT entry_hash FROM audit_log WHERE id = ?", [kept[1]]).fetchone()
        if row is not None and row[0] == kept[2]:
            since, counted = kept[1], kept[3]
    if since == last[0]:
        return counted
    if since:
        # By the rowid: the day's index would walk every entry of a busy day.
        counted += _count(store, "SELECT count(*) FROM audit_log NOT INDEXED"
                                 " WHERE id > ? AND id <= ? AND at >= ? AND at < ?", [since, last[0], day, day + " 99"])
    else:
        counted = _count(store, "SELECT count(*) FROM audit_log WHERE id <= ? AND at >= ? AND at < ?",
                         [last[0], day, day + " 99"])
    _AUDIT_TODAY[store] = (day, last[0], last[1], counted)
    return counted


def agenda(store: Store, actor: Operator) -> list[Line]:
    """The home screen's lines for ``actor``'s role: each desk it works at, and
    the audit count for admins."""
    day = store.now().date().isoformat()
    role = actor.role
    lines: list[Line] = []
    if allowed(role, "visit.register"):
        lines += reception(store, day)
    if allowed(role, "duty.read"):
        lines += duty(store, day)
    if allowed(role, "letter.handle"):
        lines += mail(store, day)
    # Admins keep the system's lines: the matters are the desks' and supervisors' to chase.
    if allowed(role, "matter.write") and Role(role) is not Role.ADMIN:
        due, overdue = store.matters.counts()
        lines += [Line("count.matters_due", due), Line("count.matters_overdue", overdue, alert=overdue > 0)]
    if Role(role) is Role.ADMIN:
        uncovered = store.matters.uncovered_years()
        if uncovered:
            lines.append(Line("count.calendar_uncovered", text=" ".join(map(str, uncovered)), alert=True))
        lines.append(Line("count.audit_today", audit_today(store, day)))
    return lines
