"""The duty log: entries, refusals, reports to leaders, follow-ups, corrections, open items."""

from __future__ import annotations

import sqlite3

import pytest

from frontdesk.output.labels import stage_label
from frontdesk.store import PermissionDenied, StoreError, ValidationError
from frontdesk.store.core.errors import ValidationErrors
from frontdesk.store.duty.log import chinese_number, entry_json


@pytest.fixture
def officer(store, admin):
    return store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王立新")


def call(**extra):
    return {"at": "2026-03-02 08:30", "kind": "call", "source": "张三", "phone": "138 0013 8000",
            "summary": "小区停电", **extra}


def test_an_entry_is_numbered_and_keeps_both_times(store, officer):
    entry = store.duty.add(officer, call(details="三栋整栋停电", action="已通知供电局",
                                         assignee="李工", importance="important"))

    assert entry.number == "D2026-000001"
    assert entry.at == "2026-03-02 08:30:00"
    assert entry.logged_at == "2026-03-02 09:15:00"
    assert (entry.kind, entry.importance, entry.phone) == ("call", "important", "13800138000")
    assert (entry.created_by, entry.version, entry.stage) == ("zhiban", 1, "")
    assert store.duty.add(officer, {"summary": "第二条"}).number == "D2026-000002"


def test_only_the_summary_is_required_and_the_time_defaults_to_now(store, officer):
    entry = store.duty.add(officer, {"summary": "  来电咨询  "})

    assert (entry.summary, entry.at, entry.kind, entry.importance) == (
        "来电咨询", "2026-03-02 09:15:00", "other", "normal")


def test_every_refusal_is_collected_at_once(store):
    checked, errors = store.duty.collect({
        "at": "tomorrow", "kind": "telegram", "phone": "12", "importance": "high",
        "reported_to": [{"to": ""}], "colour": "red",
    })

    assert checked is None
    assert {e.field for e in errors} == {"at", "kind", "phone", "summary", "importance",
                                         "reported_to.0.to", "colour"}
    messages = {e.field: e.message for e in errors}
    assert messages["summary"] == "摘要不能为空"
    assert messages["reported_to.0.to"] == "第 1 次报告的报告对象不能为空"


def test_a_refused_entry_writes_nothing(store, officer):
    with pytest.raises(ValidationError):
        store.duty.add(officer, {"summary": "x", "reported_to": [{"to": "组长", "at": "2026-03-02 08:00"}],
                                 "at": "2026-03-02 08:30"})

    assert store.db.execute("SELECT count(*) FROM duty_entries").fetchone()[0] == 0
    assert store.duty.add(officer, {"summary": "y"}).number == "D2026-000001"


def test_future_times_are_refused(store, officer):
    with pytest.raises(ValidationError) as error:
        store.duty.add(officer, call(at="2026-03-02 10:00"))

    assert error.value.field == "at"


def test_a_report_time_after_now_is_refused_even_by_a_minute(store, officer):
    """At 09:15, a report at 09:16 has not happened yet (the 5 minutes' grace of an
    event's time does not apply to a report)."""
    entry = store.duty.add(officer, call())

    with pytest.raises(ValidationError) as later:
        store.duty.report_to(officer, entry.number, "组长", "2026-03-02 09:16")
    with pytest.raises(ValidationErrors) as inline:
        store.duty.add(officer, call(reported_to=[{"to": "组长", "at": "09:16"}]))

    assert (later.value.field, later.value.message) == ("report_at", "报告时间不能晚于现在")
    assert [e.field for e in inline.value.errors] == ["reported_to.0.report_at"]
    assert store.duty.report_to(officer, entry.number, "组长", "09:15").reports[0].at == "2026-03-02 09:15:00"
    assert len(store.duty.between(officer, "2026-03-02 00:00", "2026-03-03 00:00")) == 1


def test_reception_and_mail_may_not_write_or_read_the_log(store, admin):
    clerk = store.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    entry = store.duty.add(admin, call())

    with pytest.raises(PermissionDenied):
        store.duty.add(clerk, call())
    with pytest.raises(PermissionDenied):
        store.duty.get(clerk, entry.number)


def test_reports_recorded_with_the_entry_and_later(store, officer, clock):
    entry = store.duty.add(officer, call(importance="urgent",
                                         reported_to=[{"to": "组长", "at": "2026-03-02 08:35"}]))
    assert [(r.to, r.at) for r in entry.reports] == [("组长", "2026-03-02 08:35:00")]

    clock.advance(minutes=5)
    later = store.duty.report_to(officer, entry.number.lower(), "主任")

    assert [(r.to, r.at, r.recorded_by) for r in later.reports] == [
        ("组长", "2026-03-02 08:35:00", "zhiban"), ("主任", "2026-03-02 09:20:00", "zhiban")]
    assert entry_json(later)["reported_to"][1] == {"to": "主任", "at": "2026-03-02 09:20:00",
                                                   "recorded_by": "zhiban"}


def test_a_report_before_the_event_or_to_nobody_is_refused(store, officer):
    entry = store.duty.add(officer, call())

    with pytest.raises(ValidationError) as early:
        store.duty.report_to(officer, entry.number, "组长", "2026-03-02 08:00")
    with pytest.raises(ValidationError) as nobody:
        store.duty.report_to(officer, entry.number, " ")
    with pytest.raises(ValidationError) as unknown:
        store.duty.report_to(officer, "D2026-000099", "组长")

    assert (early.value.field, early.value.message) == ("report_at", "报告时间不能早于事件时间")
    assert nobody.value.field == "to"
    assert unknown.value.message == "没有编号为 D2026-000099 的值班记录"


def test_urgent_entries_stand_out_until_reported_and_the_clock_runs(store, officer, clock):
    urgent = store.duty.add(officer, call(importance="urgent"))
    store.duty.add(officer, call(importance="important"))

    assert store.duty.count_unreported_urgent() == 1
    assert store.duty.overdue(officer, 10) == []
    clock.advance(minutes=9, seconds=59)
    assert store.duty.overdue(officer, 10) == []
    clock.advance(seconds=1)
    assert [e.number for e in store.duty.overdue(officer, 10)] == [urgent.number]

    store.duty.report_to(officer, urgent.number, "主任")

    assert store.duty.overdue(officer, 10) == []
    assert store.duty.count_unreported_urgent() == 0
    assert ("count.duty_urgent_unreported", 0) in store.today_counts()


def test_follow_ups_are_numbered_in_their_event_and_the_final_closes_it(store, officer):
    first = store.duty.add(officer, call(kind="event", summary="初报：路面塌陷"))
    second = store.duty.add(officer, {"summary": "续报：已封路", "follow_up_of": first.number})
    third = store.duty.add(officer, {"summary": "续报：抢修中", "follow_up_of": second.number})

    assert (second.seq, second.event_number, second.kind, stage_label(second)) == (1, first.number, "event", "续报一")
    assert (third.seq, third.event_number, stage_label(third)) == (2, first.number, "续报二")
    assert store.duty.get(officer, first.number).open_event
    assert [e.number for e in store.duty.open_items(officer).open_events] == [first.number]

    final = store.duty.add(officer, {"summary": "终报：已修复", "follow_up_of": first.number, "final": True})

    assert stage_label(final) == "终报"
    chain = store.duty.chain(officer, third.number)
    assert [e.number for e in chain] == [first.number, second.number, third.number, final.number]
    assert not chain[0].open_event and chain[0].closed
    assert store.duty.open_items(officer).open_events == ()
    with pytest.raises(ValidationError) as closed:
        store.duty.add(officer, {"summary": "再续报", "follow_up_of": first.number})
    assert closed.value.message == f"事件 {first.number} 已有终报，不能再续报"


def test_a_plain_call_becomes_an_event_when_followed_up(store, officer):
    plain = store.duty.add(officer, call())
    assert not plain.is_event and stage_label(plain) == ""

    store.duty.add(officer, {"summary": "情况有变化", "follow_up_of": plain.number})

    assert stage_label(store.duty.get(officer, plain.number)) == "初报"


@pytest.mark.parametrize(("n", "words"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")])
def test_follow_ups_are_counted_in_chinese(n, words):
    assert chinese_number(n) == words


def test_a_correction_is_a_new_version_and_every_version_stays(store, officer, clock):
    entry = store.duty.add(officer, call())
    clock.advance(minutes=3)

    corrected = store.duty.correct(officer, entry.number, {"summary": "小区大面积停电", "importance": "urgent",
                                                           "reason": "来电人补充"})

    assert (corrected.version, corrected.summary, corrected.importance, corrected.source) == (
        2, "小区大面积停电", "urgent", "张三")
    history = store.duty.history(officer, entry.number)
    assert [(v.version, v.content["summary"], v.reason) for v in history] == [
        (1, "小区停电", ""), (2, "小区大面积停电", "来电人补充")]
    assert history[1].created_at == "2026-03-02 09:18:00"
    assert store.audit.verify().ok
    actions = [e.action for e in store.audit.log(store.operators.get("admin"), limit=20)]
    assert "correct" in actions


def test_a_correction_needs_a_reason_and_a_change(store, officer):
    entry = store.duty.add(officer, call())

    with pytest.raises(ValidationError) as no_reason:
        store.duty.correct(officer, entry.number, {"summary": "新"})
    with pytest.raises(ValidationError) as same:
        store.duty.correct(officer, entry.number, {"summary": "小区停电", "reason": "核对"})

    assert no_reason.value.field == "correction_reason"
    assert same.value.message == "更正内容与现有记录相同，未保存"
    assert store.duty.get(officer, entry.number).version == 1


def test_entries_and_versions_are_never_deleted(store, officer):
    store.duty.add(officer, call(reported_to=[{"to": "组长"}]))

    for table in ("duty_entries", "duty_entry_versions", "duty_reports"):
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute(f"DELETE FROM {table}")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE duty_entry_versions SET summary = 'x'")


def test_a_change_behind_the_application_stops_corrections(store, officer):
    entry = store.duty.add(officer, call())
    store.db.execute("UPDATE duty_entries SET summary = '改过' WHERE id = ?", [entry.id])
    store.db.conn.commit()

    with pytest.raises(StoreError) as error:
        store.duty.correct(officer, entry.number, {"summary": "再改", "reason": "掩盖"})

    assert error.value.key == "err.record_tampered"
    assert "曾被绕过程序改动" in str(error.value)
    assert not store.audit.verify().ok


def test_follow_up_done_is_recorded_once(store, officer, clock):
    entry = store.duty.add(officer, call(assignee="李工"))
    assert [e.number for e in store.duty.open_items(officer).open_follow_ups] == [entry.number]
    clock.advance(hours=1)

    done = store.duty.mark_done(officer, entry.number, "已修复")

    assert (done.done_at, done.done_by, done.done_note) == ("2026-03-02 10:15:00", "zhiban", "已修复")
    assert store.duty.open_items(officer).open_follow_ups == ()
    with pytest.raises(ValidationError):
        store.duty.mark_done(officer, entry.number, "再次")
    with pytest.raises(ValidationError) as nobody:
        store.duty.mark_done(officer, store.duty.add(officer, call()).number, "已修复")
    assert "没有指定落实人" in nobody.value.message


def test_done_needs_what_was_done(store, officer):
    entry = store.duty.add(officer, call(assignee="李工"))

    for note in ("", "   ", None):
        with pytest.raises(ValidationError) as empty:
            store.duty.mark_done(officer, entry.number, note)
        assert (empty.value.field, empty.value.message) == ("done_note", "落实情况不能为空")
    assert store.duty.get(officer, entry.number).done_at is None
    assert store.duty.mark_done(officer, entry.number, "已修复").done_note == "已修复"


def test_the_caller_is_found_by_the_visit_desk(store, officer, admin):
    entry = store.duty.add(officer, call())

    found = store.visits.history(admin, [{"name": "张三", "phone": "13800138000"}])

    assert [(r.channel, r.number, r.matched_on) for r in found.definite] == [("duty", entry.number, "phone_name")]
    # A corrected caller is found under the new name.
    store.duty.correct(officer, entry.number, {"source": "张叁", "reason": "姓名写错"})
    assert store.visits.history(admin, [{"name": "张叁", "phone": "13800138000"}]).definite[0].number == entry.number
    assert store.audit.verify().ok


def test_the_log_of_a_shift_filters_and_searches(store, officer, clock):
    store.duty.add(officer, call(at="2026-03-01 20:00", summary="昨晚来电"))
    fax = store.duty.add(officer, call(kind="fax", summary="市里传真", importance="important"))
    store.duty.add(officer, call(summary="噪音投诉"))

    shift = store.duty.since(officer, "2026-03-02 08:00")
    assert store.duty.since(officer, "2026-03-02 09:16") == []
    # Logged during this shift, even when it happened before.
    assert [e.summary for e in shift] == ["昨晚来电", "市里传真", "噪音投诉"]
    assert [e.number for e in store.duty.since(officer, "2026-03-02 09:30", kind="fax")] == []
    assert [e.number for e in store.duty.since(officer, "2026-03-02 08:00", importance="important")] == [fax.number]
    assert [e.summary for e in store.duty.since(officer, "", query="噪音")] == ["噪音投诉"]
    assert [e.summary for e in store.duty.on_day(officer, "2026-03-01")] == ["昨晚来电"]


def test_the_log_search_understands_pinyin_like_the_lookup(store, officer):
    wang = store.duty.add(officer, call(source="王立新", summary="燃气泄漏"))
    zhang = store.duty.add(officer, call(summary="噪音投诉"))  # 张三
    for query in ("wlx", "wanglixin", "wang"):
        assert [e.number for e in store.duty.since(officer, "", query=query)] == [wang.number], query
    assert [e.number for e in store.duty.since(officer, "", query="zs")] == [zhang.number]
    assert [e.number for e in store.duty.since(officer, "", query="王")] == [wang.number]
    assert store.duty.since(officer, "", query="wlx", kind="fax") == []  # filters still hold
