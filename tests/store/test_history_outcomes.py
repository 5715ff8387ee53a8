"""A person's earlier records say what came of each and by when: answered,
transferred to whom and due when, not accepted and why; overdue ones marked. The
date and the mark are the record's matter's clock (store.matters): a case is due at
its unit's acceptance, not 60 days after the visit; a matter ended runs no clock."""

from __future__ import annotations

from datetime import datetime

from visit_data import ZHANG_ID, individual


def _history(store, clerk):
    return store.visits.history(clerk, [{"name": "张三", "id_number": ZHANG_ID}])


def test_each_earlier_record_carries_its_outcome_and_deadline(store, clerk, clock):
    answered = store.visits.register(clerk, individual(visited_at="2026-01-05 10:00", disposition="answered"))
    transferred = store.visits.register(clerk, individual(
        visited_at="2026-02-01 10:00", disposition="transfer", transfer_unit="区住建局"))
    refused = store.visits.register(clerk, individual(
        visited_at="2026-02-25 10:00", disposition="not_accepted", not_accepted_reason="litigation"))
    case = store.visits.register(clerk, individual(
        visited_at="2026-03-01 10:00", disposition="case", transfer_unit="区教育局"))
    found = {r.number: r for r in _history(store, clerk).definite}
    assert (found[answered.number].outcome, found[answered.number].due_date) == ("answered", None)
    late = found[transferred.number]
    assert (late.outcome, late.transferred_to, late.due_date, late.overdue) == (
        "transfer", "区住建局", "2026-02-16", True)
    assert (found[refused.number].outcome, found[refused.number].reason) == ("not_accepted", "litigation")
    assert not found[refused.number].overdue
    on_time = found[case.number]
    # Assigned on 03-01: the unit has 15 days to accept it.
    assert (on_time.outcome, on_time.due_date, on_time.overdue) == ("case", "2026-03-16", False)
    assert (on_time.matter, on_time.matter_status) == (store.matters.get(clerk, case.number).number, "assigned")
    clock.set(datetime(2026, 3, 17, 9, 0))
    assert {r.number: r.overdue for r in _history(store, clerk).definite}[case.number] is True
    # Ended: the transfer once late is no longer overdue, and says its matter ended.
    for step in ({"step": "accept", "at": "2026-02-05"}, {"step": "answer", "summary": "已答复", "at": "2026-02-20"},
                 {"step": "review_request", "at": "2026-02-21"}, {"step": "review_answer", "summary": "维持"},
                 {"step": "recheck_request"}, {"step": "recheck_answer", "summary": "维持"}):
        store.matters.step(clerk, transferred.number, step)
    ended = {r.number: r for r in _history(store, clerk).definite}[transferred.number]
    assert (ended.matter_status, ended.due_date, ended.overdue) == ("final", None, False)


def test_a_letter_is_overdue_until_its_matter_is_transferred(store, clerk, admin):
    letter = store.letters.register(admin, {
        "received_at": "2026-02-01 08:30", "channel": "post", "subject": "物业纠纷",
        "sender": {"name": "张三", "id_number": ZHANG_ID, "address": "深圳市福田区园岭街道"}})
    (record,) = _history(store, clerk).definite
    assert (record.number, record.outcome, record.due_date, record.overdue) == (
        letter.number, None, "2026-02-16", True)
    store.letters.handle(admin, letter.number, {"proposal": "transfer", "transfer_to": "区住建局"})
    # Proposed, not yet sent: the matter's 15 days to route it have still passed.
    (record,) = _history(store, clerk).definite
    assert (record.outcome, record.transferred_to, record.overdue) == ("transfer", "区住建局", True)
    store.matters.step(admin, letter.number, {"step": "transfer", "unit": "区住建局"})
    (record,) = _history(store, clerk).definite
    assert (record.matter_status, record.due_date, record.overdue) == ("transferred", "2026-03-17", False)


def test_a_sealed_record_says_nothing_of_its_outcome(store, clerk, admin):
    store.visits.register(admin, individual(visited_at="2026-02-01 10:00", category="检举控告",
                                            disposition="not_accepted", not_accepted_reason="accusation"))
    (record,) = _history(store, clerk).definite
    assert record.sealed and (record.outcome, record.reason, record.due_date, record.overdue) == (
        None, None, None, False)


def test_a_duty_call_says_whether_it_was_done(store, clerk, admin):
    call = store.duty.add(admin, {"at": "2026-03-01 21:00", "source": "张三", "phone": "13800138000",
                                  "summary": "楼上漏水", "assignee": "园岭街道"})
    boss = store.operators.add(admin, "kezhang", "supervisor", "supervisor-pass", "李科长")
    found = store.visits.history(boss, [{"name": "张三", "phone": "13800138000"}])
    (record,) = found.definite
    assert (record.number, record.outcome, record.transferred_to, record.overdue) == (
        call.number, None, "园岭街道", False)
    store.duty.mark_done(admin, call.number, "已联系物业维修")
    (record,) = store.visits.history(boss, [{"name": "张三", "phone": "13800138000"}]).definite
    assert record.outcome == "done"
