"""Shift handover, notices to relay and holiday rosters."""

from __future__ import annotations

import sqlite3

import pytest

from frontdesk.output.duty_text import open_item_text
from frontdesk.store import AuthenticationFailed, PermissionDenied, ValidationError


@pytest.fixture
def officer(store, admin):
    return store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王立新")


@pytest.fixture
def night(store, admin):
    return store.operators.add(admin, "yeban", "duty", "night-pass-1", "陈夜")


# --- handover ------------------------------------------------------------------------------


def test_a_handover_keeps_what_was_open_and_both_officers(store, officer, night, clock):
    urgent = store.duty.add(officer, {"summary": "燃气泄漏", "importance": "urgent"})
    event = store.duty.add(officer, {"summary": "路面塌陷", "kind": "event"})
    assigned = store.duty.add(officer, {"summary": "路灯不亮", "assignee": "城管李"})
    store.notices.add(officer, {"title": "防汛会议", "targets": ["区水务局", "园岭街道办"]})
    clock.advance(hours=8)

    handover = store.shifts.close(officer, "燃气泄漏待报主任")

    assert (handover.from_officer, handover.closed_at, handover.note) == (
        "zhiban", "2026-03-02 17:15:00", "燃气泄漏待报主任")
    assert (handover.from_name, handover.to_name) == ("王立新", "")
    assert [(i.kind, i.ref) for i in handover.open_items] == [
        ("unreported_urgent", urgent.number), ("open_event", event.number),
        ("open_follow_up", assigned.number), ("notice", "1")]
    assert handover.open_items[-1].missing == ("区水务局", "园岭街道办")
    assert "防汛会议：区水务局、园岭街道办" == open_item_text(handover.open_items[-1])
    assert store.shifts.pending() == handover
    clock.advance(minutes=2)

    accepted = store.shifts.accept("yeban", "night-pass-1")

    assert (accepted.to_officer, accepted.accepted_at) == ("yeban", "2026-03-02 17:17:00")
    assert (accepted.from_name, accepted.to_name) == ("王立新", "陈夜")
    assert store.shifts.pending() is None
    assert store.shifts.shift_start() == "2026-03-02 17:17:00"
    # The new shift opens with what it took over and is still open, as it stands now.
    taken, carried = store.shifts.carried(night)
    assert taken == accepted and [i.ref for i in carried] == [urgent.number, event.number, assigned.number, "1"]
    # What was open stays as it was at the handover, whatever happens later.
    store.duty.report_to(night, urgent.number, "主任")
    store.duty.mark_done(night, assigned.number, "已修")
    assert store.shifts.history(night)[0].open_items[0].ref == urgent.number
    assert [(i.kind, i.ref) for i in store.shifts.carried(night)[1]] == [("open_event", event.number), ("notice", "1")]
    assert store.audit.verify().ok


def test_a_handover_needs_a_note_and_keeps_it_whole(store, officer):
    for note in ("", "  \n ", None):
        with pytest.raises(ValidationError) as empty:
            store.shifts.close(officer, note)
        assert (empty.value.field, empty.value.message) == ("handover_note", "交班说明不能为空")
    assert store.shifts.pending() is None and store.shifts.carried(officer) == (None, [])
    note = "（一）请接班同志跟进伤者情况；" * 20 + "莲花路口会议通知电话未打通，请早上8点前再通知。"
    assert store.shifts.close(officer, note).note == note
    assert store.shifts.carried(officer) == (None, [])  # not taken over yet


def test_acceptance_needs_the_incoming_officers_password_and_another_person(store, officer, night):
    store.shifts.close(officer, "交班")

    with pytest.raises(AuthenticationFailed):
        store.shifts.accept("yeban", "wrong-password")
    with pytest.raises(ValidationError) as same:
        store.shifts.accept("zhiban", "duty-pass-1")
    assert same.value.message == "交班人不能自己接班"
    assert store.shifts.pending() is not None


def test_a_reception_clerk_cannot_take_over(store, admin, officer):
    store.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    store.shifts.close(officer, "交班")

    with pytest.raises(PermissionDenied):
        store.shifts.accept("jiedai", "desk-pass-1")


def test_one_handover_waits_at_a_time(store, officer, night):
    store.shifts.close(officer, "第一班")

    with pytest.raises(ValidationError) as pending:
        store.shifts.close(officer, "又一次")
    assert pending.value.message == "上一班已交班，尚待接班人签到接班"

    store.shifts.accept("yeban", "night-pass-1")
    assert store.shifts.close(night, "夜班结束").from_officer == "yeban"
    assert [h.note for h in store.shifts.history(officer)] == ["夜班结束", "第一班"]


def test_accepting_with_nothing_pending_is_refused(store, officer):
    with pytest.raises(ValidationError) as none:
        store.shifts.accept("zhiban", "duty-pass-1")

    assert none.value.message == "没有等待接班的交班记录"


def test_officers_of_a_window(store, officer, night, clock):
    clock.set(clock.now.replace(hour=20, minute=0))
    store.shifts.close(officer, "交班")
    store.shifts.accept("yeban", "night-pass-1")

    assert store.shifts.officers_between("2026-03-02 08:00:00", "2026-03-03 08:00:00") == ["zhiban", "yeban"]
    assert store.shifts.officers_between("2026-03-02 21:00:00", "2026-03-03 08:00:00") == ["yeban"]
    assert store.shifts.officers_between("2026-03-01 08:00:00", "2026-03-02 08:00:00") == []


def test_handovers_are_never_deleted(store, officer):
    store.shifts.close(officer, "交班")

    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("DELETE FROM duty_handovers")


# --- notices -------------------------------------------------------------------------------


def test_a_notice_is_ticked_off_target_by_target(store, officer, clock):
    notice = store.notices.add(officer, {"title": "明日 9 时防汛会议", "content": "各单位主要负责人参加",
                                         "deadline": "2026-03-02 12:00", "targets": "区水务局、园岭街道办，区民政局"})
    assert [t.target for t in notice.missing] == ["区水务局", "园岭街道办", "区民政局"]
    clock.advance(minutes=10)

    notice = store.notices.tick(officer, notice.id, "园岭街道办", person="办公室刘")
    notice = store.notices.tick(officer, notice.id, "1", person="王科长", at="2026-03-02 09:20")

    reached = {t.target: (t.reached_at, t.reached_person, t.ticked_by) for t in notice.targets if t.reached}
    assert reached == {"区水务局": ("2026-03-02 09:20:00", "王科长", "zhiban"),
                       "园岭街道办": ("2026-03-02 09:25:00", "办公室刘", "zhiban")}
    assert [t.target for t in notice.missing] == ["区民政局"]
    assert not notice.overdue("2026-03-02 11:59:59") and notice.overdue("2026-03-02 12:00:00")
    assert [n.id for n in store.notices.open_notices(officer)] == [notice.id]
    notice = store.notices.tick(officer, notice.id, "区民政局", person="张")
    assert notice.done and store.notices.open_notices(officer) == []
    assert store.audit.verify().ok


def test_notice_refusals(store, officer):
    checked, errors = store.notices.collect({"title": "", "targets": [], "deadline": "soon", "x": 1})
    assert checked is None
    assert {e.field for e in errors} == {"notice_title", "notice_targets", "notice_deadline", "x"}

    notice = store.notices.add(officer, {"title": "会", "targets": ["甲"]})
    with pytest.raises(ValidationError) as unknown:
        store.notices.tick(officer, notice.id, "乙", person="某")
    with pytest.raises(ValidationError) as nobody:
        store.notices.tick(officer, notice.id, "甲", person="")
    store.notices.tick(officer, notice.id, "甲", person="某")
    with pytest.raises(ValidationError) as twice:
        store.notices.tick(officer, notice.id, "甲", person="某")

    assert unknown.value.message == "通知对象中没有“乙”"
    assert nobody.value.field == "reached_person"
    assert twice.value.message == "“甲”已通知到"
    with pytest.raises(ValidationError):
        store.notices.get(officer, 99)


def test_a_wrong_password_is_refused_before_anything_is_said_of_a_handover(store, officer):
    with pytest.raises(AuthenticationFailed):
        store.shifts.accept("zhiban", "wrong-password")


def test_an_officer_without_the_duty_log_is_refused_before_anything_is_said_of_a_handover(store, officer, admin):
    store.operators.add(admin, "shoufa", "mail", "mail-pass-1")
    with pytest.raises(PermissionDenied):
        store.shifts.accept("shoufa", "mail-pass-1")


def test_the_log_starts_with_the_shift_or_a_day_back(store, officer, night, clock):
    assert store.shifts.log_start() == "2026-03-01 09:15:00"  # no handover yet
    clock.advance(hours=8)
    store.shifts.close(officer, "交班")
    assert store.shifts.log_start() == "2026-03-02 17:15:00"  # closed, not yet accepted
    clock.advance(minutes=2)
    store.shifts.accept("yeban", "night-pass-1")
    assert store.shifts.log_start() == "2026-03-02 17:17:00"
