"""Matters (信访事项): numbers, joining contacts, every clock edge, the order
rules, the accusation and 涉法涉诉 guards, finality and sealing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from frontdesk.store.matters import rules
from frontdesk.store.matters.calendar import Calendar
from frontdesk.store.matters.rules import Settings, Step

from visit_data import individual, refused, verified


@pytest.fixture
def clerk(store, admin):
    return store.operators.add(admin, "lihua", "reception", "reception-pass", "李华")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def steps_on(store, actor, number, *steps):
    matter = None
    for item in steps:
        matter = store.matters.step(actor, number, item)
    return matter


def key_of(call, *args) -> str:
    error = refused(call, *args)
    return error.key


# --- numbers and contacts ----------------------------------------------------------------


def test_each_visit_opens_a_matter_and_the_same_matter_mark_joins_it(store, admin, clerk):
    first = store.visits.register(clerk, individual())
    second = store.visits.register(clerk, individual(same_matter=first.number))
    third = store.visits.register(clerk, individual(same_matter="M2026-000001"))
    other = store.visits.register(clerk, individual(subject="噪音扰民", matter_kind="suggestion"))
    matter = store.matters.get(clerk, "M2026-000001")
    assert [c.number for c in matter.contacts] == [first.number, second.number, third.number]
    assert (matter.kind, matter.status, matter.subject) == ("request", "registered", "拖欠工资")
    assert store.matters.get(clerk, other.number).number == "M2026-000002"
    assert store.matters.get(clerk, other.number).kind == "suggestion"
    # The visitor's query code finds the matter too.
    assert store.matters.get(clerk, first.query_code).number == "M2026-000001"
    assert verified(store)


def test_an_unknown_same_matter_refuses_the_visit_and_gives_no_number(store, clerk):
    assert refused(store.visits.register, clerk, individual(same_matter="M2026-000009")).key == \
        "err.same_matter_unknown"
    assert refused(store.visits.register, clerk, individual(matter_kind="complaint")).field == "matter_kind"
    store.visits.register(clerk, individual())
    assert store.matters.get(clerk, "M2026-000001").contacts[0].number == "V2026-000001"


def test_a_transfer_at_the_desk_is_the_matters_first_step(store, clerk, clock):
    visit = store.visits.register(clerk, individual(disposition="transfer", transfer_unit="区住房和建设局"))
    matter = store.matters.get(clerk, visit.number)
    assert matter.status == "transferred" and matter.state.unit == "区住房和建设局"
    assert matter.state.clock == "acceptance" and matter.state.due == date(2026, 3, 17)
    assert matter.steps[0].data == {"unit": "区住房和建设局", "at_desk": True}


def test_an_accused_letter_is_an_accusation_matter(store, admin):
    letter = store.letters.register(admin, {
        "subject": "举报某局科长受贿", "sender": {"name": "王五", "phone": "13800138000"}, "matter_kind": "suggestion",
        "accused": [{"name": "赵六", "unit": "区住房和建设局"}]})
    assert store.matters.get(admin, letter.number).kind == "accusation"


# --- clocks --------------------------------------------------------------------------------


def state(steps, opened="2026-03-02 09:00:00", today="2026-03-02"):
    return rules.state_of([Step(s, a, "x", d) for s, a, d in steps], opened, date.fromisoformat(today))


def test_the_transfer_clock_last_day_in_time_and_first_day_late():
    assert state([], today="2026-03-17").due == date(2026, 3, 17)
    assert not state([], today="2026-03-17").overdue
    assert state([], today="2026-03-18").overdue


def test_acceptance_handling_and_extension_clocks():
    transferred = [("transfer", "2026-03-05 10:00:00", {"unit": "区教育局"})]
    assert (state(transferred, today="2026-03-20").clock, state(transferred, today="2026-03-20").due) == \
        ("acceptance", date(2026, 3, 20))
    assert state(transferred, today="2026-03-21").overdue
    accepted = [*transferred, ("accept", "2026-03-10 09:00:00", {})]
    assert state(accepted).due == date(2026, 5, 9)
    extended = [*accepted, ("extend", "2026-05-01 09:00:00", {"days": 30})]
    assert state(extended).due == date(2026, 6, 8) and state(extended).extended
    assert not state(extended, today="2026-06-08").overdue and state(extended, today="2026-06-09").overdue


def test_handling_across_a_leap_february():
    leap = state([("transfer", "2028-01-01 09:00:00", {"unit": "u"}), ("accept", "2028-01-01 10:00:00", {})],
                 opened="2028-01-01 08:00:00", today="2028-01-02")
    plain = state([("transfer", "2027-01-01 09:00:00", {"unit": "u"}), ("accept", "2027-01-01 10:00:00", {})],
                  opened="2027-01-01 08:00:00", today="2027-01-02")
    assert leap.due == date(2028, 3, 1) and plain.due == date(2027, 3, 2)


def test_review_windows_make_nothing_overdue_and_close():
    answered = [("transfer", "2026-03-03 09:00:00", {"unit": "u"}), ("accept", "2026-03-04 09:00:00", {}),
                ("answer", "2026-04-01 09:00:00", {"summary": "s"})]
    assert (state(answered, today="2026-05-01").clock, state(answered, today="2026-05-01").due) == \
        ("review_window", date(2026, 5, 1))
    after = state(answered, today="2026-05-02")
    assert (after.clock, after.due, after.overdue) == (None, None, False)


def test_a_supervision_is_due_in_30_days_until_its_feedback():
    supervised = [("transfer", "2026-03-03 09:00:00", {"unit": "u"}),
                  ("supervise", "2026-03-04 09:00:00", {"unit": "u", "reason": "r"})]
    assert state(supervised).supervision_due == date(2026, 4, 3)
    assert state(supervised, today="2026-04-04").overdue
    fed_back = [*supervised, ("feedback", "2026-03-30 09:00:00", {"summary": "s"})]
    assert state(fed_back, today="2026-04-04").supervision_due is None


def test_working_days_across_national_day_and_its_make_up_saturday():
    calendar = Calendar()
    # Received Wed 30 Sept 2026: 8, 9 Oct, Sat 10 Oct (made up), 12 and 13 Oct.
    assert calendar.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)
    assert calendar.is_workday(date(2026, 10, 10)) and not calendar.is_workday(date(2026, 10, 5))


def test_a_year_the_package_does_not_cover_runs_monday_to_friday_plus_the_settings():
    assert not Calendar().covers(2099) and Calendar().covers(2026)
    assert Calendar().add_workdays(date(2099, 1, 2), 5) == date(2099, 1, 9)
    added = Calendar(holidays=frozenset({date(2099, 1, 5)}), workdays=frozenset({date(2099, 1, 3)}))
    assert added.add_workdays(date(2099, 1, 2), 5) == date(2099, 1, 9)
    assert added.is_workday(date(2099, 1, 3)) and not added.is_workday(date(2099, 1, 5))


def test_a_return_within_five_working_days_and_not_a_day_later(store, clerk, clock):
    clock.set(at("2026-09-30 09:00"))
    first = store.visits.register(clerk, individual(disposition="transfer", transfer_unit="区教育局"))
    second = store.visits.register(clerk, individual(subject="学位", disposition="transfer",
                                                     transfer_unit="区教育局"))
    clock.set(at("2026-10-14 09:00"))
    ok = store.matters.step(clerk, first.number, {"step": "return", "reason": "不属本单位职责",
                                                   "at": "2026-10-13 17:00"})
    assert ok.status == "returned" and ok.state.clock == "transfer"
    error = refused(store.matters.step, clerk, second.number, {"step": "return", "reason": "不属本单位职责"})
    assert (error.key, error.params["last"]) == ("err.matter_return_too_late", "2026-10-13")


def test_late_transfers_are_allowed_and_marked(store, clerk, clock):
    on_time = store.visits.register(clerk, individual())
    late = store.visits.register(clerk, individual(subject="另一事项"))
    clock.set(at("2026-03-18 09:00"))
    ok = store.matters.step(clerk, on_time.number, {"step": "transfer", "unit": "区教育局",
                                                     "at": "2026-03-17 16:00"})
    marked = store.matters.step(clerk, late.number, {"step": "transfer", "unit": "区教育局"})
    assert not ok.steps[-1].late and marked.steps[-1].late


# --- order rules, guards, finality -------------------------------------------------------------


def test_steps_out_of_order_are_refused_with_their_rule(store, clerk, clock):
    number = store.visits.register(clerk, individual()).number
    assert key_of(store.matters.step, clerk, number, {"step": "answer", "summary": "s"}) == \
        "err.matter_not_accepted"
    assert key_of(store.matters.step, clerk, number, {"step": "review_request"}) == "err.matter_not_answered"
    assert key_of(store.matters.step, clerk, number, {"step": "accept"}) == "err.matter_not_routed"
    assert key_of(store.matters.step, clerk, number, {"step": "close", "summary": "s"}) == \
        "err.matter_close_unanswered"
    steps_on(store, clerk, number, {"step": "transfer", "unit": "区教育局"}, {"step": "accept"},
             {"step": "extend", "days": 10, "reason": "需调查", "told_at": "2026-03-02 09:00"})
    assert key_of(store.matters.step, clerk, number,
                  {"step": "extend", "days": 5, "reason": "r", "told_at": "2026-03-02 09:00"}) == \
        "err.matter_extended_once"
    assert refused(store.matters.step, clerk, number, {"step": "extend", "days": 31, "reason": "r",
                                                       "told_at": "2026-03-02"}).field == "days"
    assert refused(store.matters.step, clerk, number, {"step": "chase", "to": "区教育局", "how": "fax"}).field == "how"


def test_review_recheck_and_finality(store, clerk, clock):
    number = store.visits.register(clerk, individual()).number
    steps_on(store, clerk, number, {"step": "transfer", "unit": "区教育局"}, {"step": "accept"},
             {"step": "answer", "summary": "已答复"})
    clock.set(at("2026-04-02 09:00"))  # 31 days after the answer
    assert key_of(store.matters.step, clerk, number, {"step": "review_request"}) == \
        "err.matter_review_window_passed"
    matter = steps_on(store, clerk, number, {"step": "review_request", "at": "2026-04-01"})
    assert (matter.status, matter.state.clock, matter.state.due) == ("review_requested", "review", date(2026, 5, 1))
    matter = steps_on(store, clerk, number, {"step": "review_answer", "summary": "维持"},
                      {"step": "recheck_request"}, {"step": "recheck_answer", "summary": "维持"})
    assert matter.final and matter.state.clock is None
    assert key_of(store.matters.step, clerk, number, {"step": "chase", "to": "x", "how": "phone"}) == \
        "err.matter_final"
    # The same matter brought again is proposed as not accepted (已经复核终结) ...
    again = store.visits.register(clerk, individual(same_matter=number))
    joined = store.matters.of_contact("visit", again.id)
    assert joined is not None and joined.final and joined.number == matter.number
    # ... unless the operator overrules with a note: new facts open a matter of their own.
    overruled = store.visits.register(clerk, individual(same_matter=number, matter_overrule="提出新的事实"))
    fresh = store.matters.of_contact("visit", overruled.id)
    assert fresh is not None and not fresh.final and fresh.number != matter.number
    assert verified(store)


def test_an_assigned_matter_closes_only_with_an_accepted_report(store, clerk):
    number = store.visits.register(clerk, individual(disposition="case", transfer_unit="区教育局")).number
    steps_on(store, clerk, number, {"step": "accept"}, {"step": "answer", "summary": "已答复"})
    assert store.matters.get(clerk, number).state.clock == "report"
    assert key_of(store.matters.step, clerk, number, {"step": "close", "summary": "s"}) == \
        "err.matter_close_no_report"
    steps_on(store, clerk, number, {"step": "report", "summary": "办结报告"},
             {"step": "report_return", "reason": "不符合要求"})
    assert key_of(store.matters.step, clerk, number, {"step": "close", "summary": "s"}) == \
        "err.matter_close_no_report"
    matter = steps_on(store, clerk, number, {"step": "report", "summary": "重报"}, {"step": "close", "summary": "结案"})
    assert matter.status == "closed"


def test_an_accusation_goes_only_to_the_discipline_organs(store, clerk, admin):
    number = store.visits.register(clerk, individual(subject="举报某局科长受贿", matter_kind="accusation")).number
    error = refused(store.matters.step, clerk, number, {"step": "transfer", "unit": "区住房和建设局"})
    assert error.key == "err.matter_accusation_unit"
    # Refused at the desk too, whatever the category says.
    assert refused(store.visits.register, clerk, individual(
        matter_kind="accusation", disposition="transfer", transfer_unit="区住房和建设局")).key == \
        "err.matter_accusation_unit"
    store.matters.step(admin, number, {"step": "transfer", "unit": "区纪委监委"})
    store.matters.settings = Settings(discipline_units=("市纪委监委",))
    other = store.visits.register(clerk, individual(subject="另案", matter_kind="accusation")).number
    assert store.matters.step(admin, other, {"step": "assign", "unit": "市纪委监委"}).status == "assigned"


def test_a_court_type_matter_goes_only_to_the_political_legal_organs(store, clerk):
    number = store.visits.register(clerk, individual(category="涉法涉诉")).number
    assert key_of(store.matters.step, clerk, number, {"step": "transfer", "unit": "区教育局"}) == \
        "err.matter_legal_unit"
    assert store.matters.step(clerk, number, {"step": "transfer", "unit": "区人民法院"}).status == "transferred"


def test_an_accusation_matter_is_sealed_for_roles_without_accused_read(store, clerk, admin):
    number = store.visits.register(clerk, individual(subject="举报某局科长受贿", matter_kind="accusation")).number
    store.matters.step(admin, number, {"step": "transfer", "unit": "区纪委监委", "document_no": "福信转〔2026〕1号"})
    sealed = store.matters.get(clerk, number)
    assert sealed.sealed and sealed.subject == "" and sealed.state.unit is None
    assert sealed.steps[0].data == {} and sealed.status == "transferred"
    full = store.matters.get(admin, number)
    assert full.subject == "举报某局科长受贿" and full.steps[0].data["document_no"] == "福信转〔2026〕1号"


def test_listing_by_status_unit_overdue_and_due_within(store, clerk, clock):
    late = store.visits.register(clerk, individual()).number
    clock.set(at("2026-03-10 09:00"))
    store.visits.register(clerk, individual(subject="噪音", disposition="transfer", transfer_unit="区教育局"))
    on = "2026-03-20"
    assert [m.number for m in store.matters.listing(clerk, overdue=True, on=on)] == \
        [store.matters.get(clerk, late).number]
    assert [m.state.unit for m in store.matters.listing(clerk, unit="区教育局", on=on)] == ["区教育局"]
    assert [m.status for m in store.matters.listing(clerk, due_within=7, on=on)] == ["transferred"]
    assert store.matters.listing(clerk, status="final") == []
    assert store.matters.counts(date(2026, 3, 20)) == (1, 1)
    # A window from the calendar's last days stops at its end.
    assert store.matters.listing(clerk, due_within=90, on="9999-12-30") == []


# --- the step that gives existing records their matters, and escalations ----------------------


def test_existing_visits_and_letters_are_given_matters(store, clerk, admin):
    first = store.visits.register(clerk, individual(disposition="transfer", transfer_unit="区教育局"))
    store.visits.register(clerk, individual(same_matter={"channel": "visit", "number": first.number}))
    store.letters.register(admin, {"subject": "来信", "sender": {"name": "王五", "phone": "13800138000"}})
    path = store.path
    with store.write() as db:
        db.executescript(
            "DROP TABLE matter_state; DROP TABLE matter_steps; DROP TABLE matter_contacts; DROP TABLE matters;"
            " DROP TABLE escalation_reports; DELETE FROM counters WHERE channel = 'matter';"
            " DELETE FROM _sqlite_migrations WHERE name = 'create_matters';")
    store.close()
    from frontdesk.store import Store

    reopened = Store.open(path)
    try:
        matter = reopened.matters.get(clerk, first.number)
        assert len(matter.contacts) == 2
        assert (matter.status, matter.state.unit) == ("transferred", "区教育局")
        letter_matter = reopened.matters.get(admin, "L2026-000001").number
        assert {matter.number, letter_matter} == {"M2026-000001", "M2026-000002"}
    finally:
        reopened.close()


def test_a_visit_flagged_for_leaders_is_open_until_reported(store, clerk, admin, clock):
    flagged = store.visits.register(clerk, individual(skipped_levels=True))
    store.visits.register(clerk, individual(subject="另一事项"))
    assert [e.number for e in store.escalations.unreported(admin)] == [flagged.number]
    assert refused(store.escalations.report_to, clerk, "visit", "V2026-000002", "张主任").key == \
        "err.escalation_unknown"
    done = store.escalations.report_to(clerk, "visit", flagged.number, "张主任")
    assert done.reports == (("张主任", "2026-03-02 09:15:00"),)
    assert store.escalations.unreported(admin) == []
    assert verified(store)


def test_the_24_hour_report_lists_what_is_not_reported_to_leaders(store, clerk, admin):
    from frontdesk.output.report_render import render_txt

    flagged = store.visits.register(clerk, individual(escalate=True, subject="重大群体性事件苗头"))
    report = store.reports.daily(admin, end="2026-03-03 08:00")
    assert [(line.number, line.summary) for line in report.escalations] == [(flagged.number, "重大群体性事件苗头")]
    assert "尚未报告领导" in render_txt(report) and not report.nothing_open
    store.escalations.report_to(admin, "visit", flagged.number, "张主任")
    assert store.reports.daily(admin, end="2026-03-03 08:00").escalations == ()


def test_the_settings_set_the_organs_and_the_calendar(store):
    from frontdesk.config import Settings as OfficeSettings
    from frontdesk.config import configure_store

    configure_store(store, OfficeSettings(discipline_units=("市纪委监委",), holidays=("2099-01-05",),
                                          escalation_group_size=20))
    assert store.matters.settings.discipline_units == ("市纪委监委",)
    assert not store.matters.settings.calendar.is_workday(date(2099, 1, 5))
    assert store.escalations.group_size == 20


def test_admins_are_warned_of_a_year_the_calendar_does_not_know(store, admin, clock):
    assert store.matters.uncovered_years() == []
    clock.set(at("2026-12-02 09:00"))
    assert store.matters.uncovered_years() == [2027]
    line = next(line for line in store.agenda(admin) if line.key == "count.calendar_uncovered")
    assert line.alert and line.text == "2027"
    store.matters.settings = Settings(calendar=Calendar(holidays=frozenset({date(2027, 1, 1)})))
    assert store.matters.uncovered_years() == []


def test_the_duty_room_records_the_report_of_a_flagged_visit_but_mail_may_not(store, clerk, admin):
    flagged = store.visits.register(clerk, individual(escalate=True))
    officer = store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王立新")
    mail = store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽")
    from frontdesk.store.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        store.escalations.report_to(mail, "visit", flagged.number, "张主任")
    assert store.escalations.report_to(officer, "visit", flagged.number, "张主任").reported


def test_closing_a_letter_not_transferred_ends_its_matter_an_answered_one_closes_it(store, admin, clock):
    sender = {"name": "王五", "phone": "13800138000"}
    refused = store.letters.register(admin, {"subject": "已在办理中的重复来信", "sender": sender})
    store.letters.handle(admin, refused.number, {"proposal": "no_transfer", "no_transfer_reason": "being_handled"})
    store.letters.close(admin, refused.number, "不予转送，已告知来信人")
    declined = store.matters.get(admin, refused.number)
    assert declined.status == "declined" and declined.steps[-1].data["reason"] == "being_handled"

    answered = store.letters.register(admin, {"subject": "路灯不亮", "sender": sender})
    steps_on(store, admin, answered.number, {"step": "transfer", "unit": "区城管局"}, {"step": "accept"})
    store.letters.handle(admin, answered.number, {"proposal": "transfer", "transfer_to": "区城管局"})
    store.letters.close(admin, answered.number, "已转区城管局")
    assert store.matters.get(admin, answered.number).status == "accepted"  # the unit goes on
    assert verified(store)


def test_the_mail_room_reads_a_visits_matter_without_its_subject(store, clerk, admin):
    number = store.visits.register(clerk, individual(subject="拖欠工资三个月")).number
    mail = store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽")
    seen = store.matters.get(mail, number)
    assert seen.subject == "" and seen.contacts[0].number == number
    assert store.matters.get(clerk, number).subject == "拖欠工资三个月"
