"""The home screen's agenda: per role what its desk must act on, each count read
from an index (checked by the plan SQLite makes for it)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from testdata import resident_id
from visit_data import individual


def lines(store, actor):
    return {line.key: line for line in store.agenda(actor)}


def test_reception_sees_its_visits_and_transfers_due_then_overdue(store, clerk, clock):
    store.visits.register(clerk, individual(disposition="transfer", transfer_unit="区住建局"))
    store.visits.register(clerk, individual("李四", 1))
    seen = lines(store, clerk)
    assert [k for k in seen] == ["count.visits_today", "count.visitors_today", "count.transfers_due",
                                 "count.transfers_overdue", "count.matters_due",
                                 "count.matters_overdue"]  # no audit, no other desk
    assert (seen["count.visits_today"].amount, seen["count.transfers_due"].amount) == (2, 0)
    clock.advance(days=13)  # due on day 15: within three days
    seen = lines(store, clerk)
    assert (seen["count.transfers_due"].amount, seen["count.transfers_overdue"].amount) == (1, 0)
    assert seen["count.visits_today"].amount == 0
    clock.advance(days=3)
    seen = lines(store, clerk)
    assert (seen["count.transfers_due"].amount, seen["count.transfers_overdue"].amount) == (0, 1)
    assert seen["count.transfers_overdue"].alert
    # The untransferred visit's matter is late too (15 days to route it), the other's unit has 15 to accept.
    assert (seen["count.matters_due"].amount, seen["count.matters_overdue"].amount) == (0, 2)
    assert seen["count.matters_overdue"].alert


def test_the_duty_room_sees_urgent_events_notices_and_who_is_on_duty(store, duty, admin, clock):
    urgent = store.duty.add(duty, {"summary": "燃气泄漏", "importance": "urgent"})
    event = store.duty.add(duty, {"summary": "路面塌陷", "kind": "event"})
    plain = store.duty.add(duty, {"summary": "停水"})
    store.duty.add(duty, {"summary": "续报：水压不足", "follow_up_of": plain.number})
    notice = store.notices.add(duty, {"title": "防汛会议", "targets": ["区水务局", "园岭街道办"]})
    seen = lines(store, duty)
    assert [k for k in seen] == ["count.duty_urgent_unreported", "count.duty_open_events",
                                 "count.notices_unrelayed", "count.on_duty", "count.duty_leader"]
    assert seen["count.duty_urgent_unreported"].amount == 1 and seen["count.duty_urgent_unreported"].alert
    assert seen["count.duty_open_events"].amount == 2  # the event, and the call followed up
    assert seen["count.notices_unrelayed"].amount == 1
    assert seen["count.on_duty"].text == seen["count.duty_leader"].text == ""  # nobody rostered or taken over

    store.duty.report_to(duty, urgent.number, "组长")
    store.duty.add(duty, {"summary": "终报：已修复", "follow_up_of": event.number, "final": True})
    for place in (1, 2):
        store.notices.tick(duty, notice.id, place, person="张科长")
    store.operators.add(admin, "yeban", "duty", "night-pass-1", "赵夜班")
    store.rosters.set_leader(duty, clock().date().isoformat(), "陈局长")
    clock.advance(hours=8)
    store.shifts.close(duty, "交班")
    store.shifts.accept("yeban", "night-pass-1")
    seen = lines(store, duty)
    assert [seen[k].amount for k in ("count.duty_urgent_unreported", "count.duty_open_events",
                                     "count.notices_unrelayed")] == [0, 1, 0]
    assert not seen["count.duty_urgent_unreported"].alert
    assert (seen["count.on_duty"].text, seen["count.duty_leader"].text) == ("赵夜班", "陈局长")


def test_who_is_on_duty_comes_from_the_roster_until_someone_takes_the_shift_over(store, duty, admin, clock):
    clock.set(datetime(2026, 3, 2, 19, 0))
    store.operators.add(admin, "yeban", "duty", "night-pass-1", "赵夜班")
    store.duty_roster.set(duty, "2026-03-02", "night", officer="yeban", leader="陈局长")
    seen = lines(store, admin)
    assert (seen["count.on_duty"].text, seen["count.duty_leader"].text) == ("赵夜班", "陈局长")
    # Someone else takes this very shift over: the one really on duty is shown.
    store.operators.add(admin, "tiban", "duty", "swap-pass-1", "钱替班")
    store.shifts.close(duty, "交班")
    clock.advance(minutes=5)
    store.shifts.accept("tiban", "swap-pass-1")
    assert lines(store, admin)["count.on_duty"].text == "钱替班"
    # The next morning's day shift: its own roster, nobody rostered, the last taker.
    clock.set(datetime(2026, 3, 3, 8, 30))
    seen = lines(store, admin)
    assert (seen["count.on_duty"].text, seen["count.duty_leader"].text) == ("钱替班", "")


def test_the_mail_room_sees_letters_to_propose_overdue_and_held(store, admin, clock):
    mail = store.operators.add(admin, "shoufa", "mail", "mail-pass-1")
    store.letters.register(mail, {"received_at": clock().strftime("%Y-%m-%d %H:%M"), "channel": "post",
                                  "kind": "signed", "sender": {"name": "孙中山", "address": "福田区园岭街道"},
                                  "subject": "反映拆迁补偿问题"})
    seen = lines(store, mail)
    assert [k for k in seen] == ["count.letters_pending", "count.letters_overdue", "count.enclosures_held",
                                 "count.post_waiting", "count.documents_late", "count.matters_due",
                                 "count.matters_overdue"]
    assert (seen["count.letters_pending"].amount, seen["count.letters_overdue"].amount) == (1, 0)
    clock.advance(days=40)
    assert lines(store, mail)["count.letters_overdue"].amount == 1


@pytest.mark.parametrize(("role", "audit"), [("admin", True), ("supervisor", False), ("reception", False),
                                             ("duty", False), ("mail", False)])
def test_the_audit_count_is_for_admins_alone(store, admin, role, audit):
    actor = admin if role == "admin" else store.operators.add(admin, "someone", role, "some-pass-12")
    assert ("count.audit_today" in lines(store, actor)) is audit


def test_the_audit_count_of_today_reads_only_what_came_since(store, admin, clock, tmp_path):
    """Counted once, then from the last entry counted on; the same as counting all
    of them, on another day too, and on a log that is not the one counted before."""
    import frontdesk.store.agenda as agenda
    from frontdesk.store import Store

    def everything(day: str) -> int:
        return store.db.execute("SELECT count(*) FROM audit_log WHERE at >= ? AND at < ?",
                                [day, day + " 99"]).fetchone()[0]

    today = clock.now.date().isoformat()
    first = lines(store, admin)["count.audit_today"].amount
    assert first == everything(today) > 0
    store.visits.register(admin, individual())
    clock.advance(days=1)
    store.visits.register(admin, individual("李四", 1))  # the next day: not today's
    clock.advance(days=-1)
    assert lines(store, admin)["count.audit_today"].amount == everything(today) > first
    reads = []
    store.db.conn.set_trace_callback(reads.append)
    try:
        agenda.audit_today(store, today)
    finally:
        store.db.conn.set_trace_callback(None)
    assert reads and not any("count(*)" in sql for sql in reads), "nothing new: nothing counted again"
    tomorrow = (clock.now.date() + timedelta(days=1)).isoformat()
    assert agenda.audit_today(store, tomorrow) == everything(tomorrow) > 0
    # Another file under the same store (a restored backup): counted afresh.
    path = tmp_path / "other.db"
    with Store.open(path, create=True, clock=clock) as other:
        other.operators.create_first_admin("admin", "admin-pass-1")
        agenda.audit_today(other, today)
        kept = agenda._AUDIT_TODAY[other]
        agenda._AUDIT_TODAY[other] = (kept[0], kept[1], "not its hash", 10_000)
        assert agenda.audit_today(other, today) == other.db.execute(
            "SELECT count(*) FROM audit_log").fetchone()[0] > 0


# The desks and supervisors who record matters' steps see them due and overdue; the duty
# room reads no matters; admins see every desk's counts and the system's lines, which
# fill their home at 80x24: the matters are the desks' and supervisors' to chase.
@pytest.mark.parametrize(("role", "sees"), [("admin", False), ("supervisor", True), ("reception", True),
                                            ("duty", False), ("mail", True)])
def test_matters_due_and_overdue_are_for_the_roles_that_act_on_them(store, admin, role, sees):
    actor = admin if role == "admin" else store.operators.add(admin, "someone", role, "some-pass-12")
    seen = lines(store, actor)
    assert ("count.matters_due" in seen, "count.matters_overdue" in seen) == (sees, sees)


def test_every_count_reads_an_index(store, admin):
    """No count reads a whole table: each plan searches an index, or scans one
    that holds only the rows counted (a partial index)."""
    statements: list[str] = []
    store.visits.register(admin, individual(disposition="transfer", transfer_unit="区住建局",
                                            visitors=[{"name": "张三", "id_number": resident_id("44030419800101123")}]))
    store.db.conn.set_trace_callback(statements.append)
    try:
        store.agenda(admin)
    finally:
        store.db.conn.set_trace_callback(None)
    counted = [s for s in statements if "count(" in s]
    assert len(counted) >= 12
    partial = ("letters_open", "letter_enclosures_held", "post_items_waiting", "document_readers_waiting",
               "duty_entries_urgent", "duty_entries_events", "duty_notice_targets_waiting", "visits_due")
    for sql in counted:
        for row in store.db.execute("EXPLAIN QUERY PLAN " + sql).fetchall():
            detail = row[-1]
            if detail.startswith("SCAN") and "INDEX" in detail:
                assert any(name in detail for name in partial) or "duty_entries_event " in detail + " ", (
                    sql, detail)
            else:
                assert not detail.startswith("SCAN") or "SUBQUERY" in detail or "CONSTANT" in detail \
                    or "root" in detail, (sql, detail)
