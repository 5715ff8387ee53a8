"""Petition visits: repeat visits and history, dispositions, reading and
revealing ID numbers, the day's list and counts, search."""

from __future__ import annotations

from datetime import datetime

import pytest

from frontdesk.i18n import t
from frontdesk.output.slips import notice_text
from frontdesk.store import PermissionDenied
from frontdesk.store.shared.identity import mask_id

from visit_data import (
    IDS,
    PHONES,
    ZHANG_ID,
    individual,
    refused,
    refused_and_nothing_written,
    several,
    verified,
    written,
)

# --- repeat visits and history ------------------------------------------------------------------


def test_the_same_id_number_makes_a_repeat_visit(store, clerk, clock):
    first = store.visits.register(clerk, individual())
    clock.advance(days=20)
    data = individual()
    data["visitors"][0].update(phone="", id_number=ZHANG_ID.lower())
    again = store.visits.register(clerk, data)
    assert again.repeat
    assert (again.previous_number, again.previous_at) == (first.number, "2026-03-02 09:15:00")
    assert [(p.channel, p.number, p.at) for p in again.previous] == [("visit", first.number, first.visited_at)]


def test_the_same_phone_and_name_make_a_repeat_visit(store, clerk, clock):
    first = store.visits.register(clerk, individual())
    clock.advance(hours=3)
    data = individual()
    data["visitors"][0].update(id_number=IDS[9], phone="+86 " + PHONES[0][:3] + "-" + PHONES[0][3:])
    again = store.visits.register(clerk, data)
    assert again.repeat and again.previous_number == first.number


def test_the_same_phone_with_another_name_is_only_a_possible_match(store, clerk, clock):
    first = store.visits.register(clerk, individual())
    clock.advance(hours=3)
    data = individual("张三丰", 9)
    data["visitors"][0]["phone"] = PHONES[0]
    history = store.visits.history(clerk, data["visitors"])
    assert history.definite == ()
    assert [(r.number, r.matched_on) for r in history.possible] == [(first.number, "phone")]
    again = store.visits.register(clerk, data)
    assert not again.repeat
    assert again.previous_number is None and again.previous == ()


def test_the_same_name_alone_is_only_a_possible_match(store, clerk):
    first = store.visits.register(clerk, individual())
    history = store.visits.history(clerk, [{"name": "张三", "id_number": IDS[9], "phone": PHONES[9]}])
    assert history.definite == ()
    assert [(r.number, r.matched_on) for r in history.possible] == [(first.number, "name")]


def test_a_repeat_carries_the_newest_earlier_visit_and_notes_all_of_them(store, clerk, clock):
    first = store.visits.register(clerk, individual())
    clock.advance(days=1)
    second = store.visits.register(clerk, individual())
    clock.advance(days=1)
    third = store.visits.register(clerk, individual())
    assert (third.previous_number, third.previous_at) == (second.number, "2026-03-03 09:15:00")
    assert [p.number for p in third.previous] == [second.number, first.number]


def test_a_representative_seen_before_makes_a_group_visit_a_repeat(store, clerk, clock):
    earlier = store.visits.register(clerk, individual("代表3", 2))
    clock.advance(days=7)
    group = store.visits.register(clerk, several(12, 5))
    assert group.repeat and group.previous_number == earlier.number


def test_history_normalises_what_the_operator_typed(store, clerk):
    first = store.visits.register(clerk, individual())
    typed = [{"name": "张三", "id_number": ZHANG_ID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})}]
    assert [r.number for r in store.visits.history(clerk, typed).definite] == [first.number]
    by_phone = [{"name": " 张三 ", "phone": f"{PHONES[0][:3]} {PHONES[0][3:7]} {PHONES[0][7:]}"}]
    assert [r.matched_on for r in store.visits.history(clerk, by_phone).definite] == ["phone_name"]
    assert store.visits.history(clerk, by_phone, exclude_number=first.number).definite == ()


def test_the_same_matter_must_name_an_existing_record(store, clerk):
    first = store.visits.register(clerk, individual())
    data = individual("李四", 1, same_matter={"channel": "visit", "number": first.number.lower()})
    visit = store.visits.register(clerk, data)
    assert visit.same_matter == ("visit", first.number)
    error = refused(store.visits.register, clerk,
                    individual("王五", 3, same_matter={"channel": "letter", "number": "L2026-000001"}))
    assert (error.field, error.key) == ("same_matter", "err.same_matter_unknown")
    error = refused(store.visits.register, clerk,
                    individual("王五", 3, same_matter={"channel": "fax", "number": first.number}))
    assert (error.field, error.key) == ("same_matter", "err.choice")


# --- dispositions ---------------------------------------------------------------------------


def test_a_transfer_is_due_in_15_days_and_names_its_unit(store, clerk):
    visit = store.visits.register(clerk, individual(disposition="transfer", transfer_unit="区住房和建设局"))
    assert (visit.disposition, visit.transfer_unit, visit.due_date) == ("transfer", "区住房和建设局", "2026-03-17")
    error = refused(store.visits.register, clerk, individual(disposition="transfer"))
    assert (error.field, error.key) == ("transfer_unit", "err.transfer_unit_required")


def test_a_case_is_due_in_60_days_and_names_the_unit_it_is_assigned_to(store, clerk):
    error = refused_and_nothing_written(store, store.visits.register, clerk, individual(disposition="case"))
    assert (error.field, error.key) == ("transfer_unit", "err.case_unit_required")
    assert error.message == "立案交办须写明交办单位"
    visit = store.visits.register(clerk, individual(disposition="case", transfer_unit="区人社局"))
    assert (visit.due_date, visit.transfer_unit) == ("2026-05-01", "区人社局")


def test_deadlines_count_from_the_visit_not_from_typing_it_in(store, clerk, clock):
    clock.set(datetime(2026, 12, 1, 9, 0))
    visit = store.visits.register(clerk, individual(
        visited_at="2026-11-30 16:00", disposition="transfer", transfer_unit="区住房和建设局"))
    assert visit.due_date == "2026-12-15"
    case = store.visits.register(clerk, individual(
        "李四", 1, visited_at="2026-11-30 16:00", disposition="case", transfer_unit="区人社局"))
    assert case.due_date == "2027-01-29"


def test_answered_on_the_spot_has_no_due_date(store, clerk):
    visit = store.visits.register(clerk, individual(disposition="answered", transfer_unit="区教育局"))
    assert (visit.due_date, visit.transfer_unit) == (None, None)


def test_not_accepted_needs_a_reason_and_gets_the_default_notice(store, clerk):
    error = refused_and_nothing_written(store, store.visits.register, clerk, individual(disposition="not_accepted"))
    assert (error.field, error.key) == ("not_accepted_reason", "err.reason_required")
    visit = store.visits.register(
        clerk, individual(disposition="not_accepted", not_accepted_reason="litigation")
    )
    assert visit.not_accepted_reason == "litigation"
    assert visit.notice == ""  # the statutory notice, kept as its reason
    assert notice_text(visit) == t("notice.litigation")
    assert "诉讼" in notice_text(visit)
    assert visit.due_date is None


def test_an_operators_own_notice_is_kept(store, clerk):
    visit = store.visits.register(clerk, individual(
        disposition="not_accepted", not_accepted_reason="accusation", notice="请到区纪委监委反映。"))
    assert visit.notice == notice_text(visit) == "请到区纪委监委反映。"


def test_a_reason_without_not_accepting_is_dropped(store, clerk):
    visit = store.visits.register(clerk, individual(disposition="case", not_accepted_reason="litigation",
                                                    transfer_unit="区人社局"))
    assert visit.not_accepted_reason is None


# --- reading and revealing ---------------------------------------------------------------------


def test_id_numbers_are_masked_unless_revealed(store, clerk, boss):
    saved = store.visits.register(clerk, several(6, 2))
    read = store.visits.get(clerk, saved.number)
    for visit in (saved, read, store.visits.on_day(clerk)[0], store.visits.search(clerk, "代表")[0]):
        assert not visit.revealed
        assert [v.id_number for v in visit.visitors] == [mask_id(IDS[0]), mask_id(IDS[1])]
        assert IDS[0] not in repr(visit)
    assert read.visitors[0].id_number == IDS[0][:6] + "********" + IDS[0][-4:]


def test_a_supervisor_reveals_id_numbers_and_each_reveal_is_audited(store, clerk, boss, clock):
    saved = store.visits.register(clerk, several(6, 2))
    clock.advance(minutes=5)
    for _ in range(2):
        shown = store.visits.get(boss, saved.number, reveal=True)
        assert shown.revealed
        assert [v.id_number for v in shown.visitors] == [IDS[0], IDS[1]]
    entries = store.audit.log(boss, action="reveal")
    assert len(entries) == 2
    assert {(e.operator, e.record_table, e.record_id, e.at) for e in entries} == {
        ("kezhang", "visits", saved.id, "2026-03-02 09:20:00")
    }
    assert verified(store)


def test_an_admin_may_reveal(store, clerk, admin):
    saved = store.visits.register(clerk, individual())
    assert store.visits.get(admin, saved.number, reveal=True).visitors[0].id_number == ZHANG_ID


def test_reception_cannot_reveal_and_the_attempt_writes_nothing(store, clerk):
    saved = store.visits.register(clerk, individual())
    before = written(store)
    error = refused(store.visits.get, clerk, saved.number, reveal=True, error_type=PermissionDenied)
    assert error.key == "err.permission"
    assert written(store) == before


def test_an_unknown_number_is_refused(store, clerk):
    error = refused(store.visits.get, clerk, "V2026-000404")
    assert (error.field, error.key) == ("number", "err.visit_unknown")


def test_the_mail_room_cannot_read_visits(store, admin):
    mail = store.operators.add(admin, "shoufa", "mail", "mail-pass-1")
    refused(store.visits.on_day, mail, error_type=PermissionDenied)
    refused(store.visits.search, mail, "张", error_type=PermissionDenied)


# --- days and counts -------------------------------------------------------------------------------


def test_on_day_lists_a_days_visits_newest_first(store, clerk, clock):
    yesterday = store.visits.register(clerk, individual(visited_at="2026-03-01 16:00"))
    early = store.visits.register(clerk, individual("李四", 1, visited_at="2026-03-02 08:30"))
    late = store.visits.register(clerk, several(12, 5))
    assert [v.number for v in store.visits.on_day(clerk)] == [late.number, early.number]
    assert [v.number for v in store.visits.on_day(clerk, "2026-03-01")] == [yesterday.number]
    assert store.visits.on_day(clerk, "2026-02-28") == []
    error = refused(store.visits.on_day, clerk, "1.3.2026")
    assert (error.field, error.key) == ("date", "err.date_format")


def test_today_counts_visits_and_heads(store, clerk):
    store.visits.register(clerk, individual(visited_at="2026-03-01 16:00"))
    store.visits.register(clerk, individual("李四", 1))
    store.visits.register(clerk, several(12, 5))
    counts = dict(store.today_counts())
    assert counts["count.visits_today"] == 2
    assert counts["count.visitors_today"] == 13
    assert counts["count.audit_today"] > 0


# --- search -----------------------------------------------------------------------------------------


@pytest.fixture
def registered(store, clerk, clock):
    """Three visits on three days: 张三, 曾小明 and 单田芳 (with 李华 as a representative)."""
    zhang = store.visits.register(clerk, individual("张三", 0, subject="小区物业服务纠纷"))
    clock.advance(days=1)
    zeng = store.visits.register(clerk, individual("曾小明", 2, subject="拖欠工资"))
    clock.advance(days=1)
    group = several(6, 2, subject="旧改项目拆迁补偿")
    group["visitors"][0]["name"] = "单田芳"
    group["visitors"][1]["name"] = "李华"
    shan = store.visits.register(clerk, group)
    return {"zhang": zhang.number, "zeng": zeng.number, "shan": shan.number}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("zs", ["zhang"]),
        ("ZS", ["zhang"]),
        ("zhangsan", ["zhang"]),
        ("zhang", ["zhang"]),
        ("zeng", ["zeng"]),
        ("zengxiaoming", ["zeng"]),
        ("zxm", ["zeng"]),
        ("cengxiaoming", ["zeng"]),
        ("shantianfang", ["shan"]),
        ("stf", ["shan"]),
        ("lh", ["shan"]),
        ("曾小明", ["zeng"]),
        ("张", ["zhang"]),
        (PHONES[2][-4:], ["zeng"]),
        (PHONES[0], ["shan", "zhang"]),
        (PHONES[0][-4:], ["shan", "zhang"]),
        (f"{PHONES[2][:3]}-{PHONES[2][3:7]} {PHONES[2][7:]}", ["zeng"]),
        (IDS[2][-4:], ["zeng"]),
        (IDS[2][-6:], ["zeng"]),
        (IDS[1], ["shan"]),
        (IDS[1].lower(), ["shan"]),
        ("工资", ["zeng"]),
        ("拆迁", ["shan"]),
        ("nobody", []),
        ("", []),
        ("   ", []),
    ],
)
def test_search_finds_people_by_pinyin_phone_id_and_subject(store, clerk, registered, query, found):
    assert [v.number for v in store.visits.search(clerk, query)] == [registered[k] for k in found]


@pytest.mark.parametrize("typed", ["V2026-000002", "v2026-000002", " V2026-000002 "])
def test_search_finds_a_visit_by_its_number(store, clerk, registered, typed):
    assert [v.number for v in store.visits.search(clerk, typed)] == [registered["zeng"]]


@pytest.mark.parametrize("typed", ["0755-82918000", "(0755) 8291 8000", "075582918000", "82918000", "8000"])
def test_search_finds_a_landline_as_typed(store, clerk, typed):
    data = individual()
    data["visitors"][0]["phone"] = "0755 8291 8000"
    saved = store.visits.register(clerk, data)
    assert saved.visitors[0].phone == "0755-82918000"
    assert [v.number for v in store.visits.search(clerk, typed)] == [saved.number]


def test_search_finds_a_mobile_typed_with_the_country_code(store, clerk, registered):
    typed = f"+86 {PHONES[2][:3]} {PHONES[2][3:]}"
    assert [v.number for v in store.visits.search(clerk, typed)] == [registered["zeng"]]


def test_search_lists_newest_first_and_masks(store, clerk, registered):
    found = store.visits.search(clerk, PHONES[0])  # 张三's phone, on his visit and on the group's
    assert [v.number for v in found] == [registered["shan"], registered["zhang"]]
    assert all("*" in p.id_number for v in found for p in v.visitors)
    assert [v.number for v in store.visits.search(clerk, PHONES[0], limit=1)] == [registered["shan"]]


# --- the whole day together ------------------------------------------------------------------------


def test_the_audit_chain_holds_after_a_busy_morning(store, admin, clerk, boss, clock):
    store.visits.register(clerk, individual())
    clock.advance(minutes=10)
    store.visits.register(clerk, several(12, 5, disposition="transfer", transfer_unit="区城管局"))
    clock.advance(minutes=10)
    store.visits.register_individually(clerk, several(3, 2), left=1)
    refused(store.visits.register, clerk, several(12, 6))
    refused(store.visits.register_individually, clerk, {"visitors": [{"name": "x"}], "subject": "x"})
    store.visits.get(boss, "V2026-000002", reveal=True)
    refused(store.visits.get, clerk, "V2026-000002", reveal=True, error_type=PermissionDenied)
    result = store.audit.verify()
    assert result.ok
    # 4 visits with 1 + 5 + 1 + 1 people, each a "create" entry, and one reveal.
    creates = store.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'create' AND record_table IN ('visits', 'parties')"
    ).fetchone()[0]
    assert creates == 4 + 8
    assert len(store.audit.log(admin, action="reveal")) == 1


def test_a_visit_entered_late_for_an_earlier_date_is_no_repeat_of_a_later_one(store, clerk, clock):
    later = store.visits.register(clerk, individual(visited_at="2026-03-01 15:00"))
    clock.advance(minutes=5)
    back_entered = store.visits.register(clerk, individual(visited_at="2026-02-20 10:00"))
    assert not back_entered.repeat and back_entered.previous == ()
    clock.advance(minutes=5)
    newest = store.visits.register(clerk, individual())
    assert newest.repeat and newest.previous_number == later.number
    assert [p.number for p in newest.previous] == [later.number, back_entered.number]


def test_a_visit_is_found_by_the_query_code_on_its_slip(store, clerk):
    saved = store.visits.register(clerk, individual())
    assert store.visits.get(clerk, saved.query_code.lower()).number == saved.number
    assert [v.number for v in store.visits.search(clerk, saved.query_code)] == [saved.number]


def test_the_beginning_of_a_number_being_typed_shows_possible_matches(store, clerk):
    saved = store.visits.register(clerk, individual())
    found = store.visits.history(clerk, [{"name": "", "id_number": IDS[0][:10]}])
    assert [(r.number, r.matched_on) for r in found.possible] == [(saved.number, "id_partial")]
    assert found.definite == ()
    found = store.visits.history(clerk, [{"name": "", "phone": PHONES[0][:7]}])
    assert [(r.number, r.matched_on) for r in found.possible] == [(saved.number, "phone_partial")]
    assert store.visits.history(clerk, [{"name": "", "id_number": IDS[0][:5]}]).possible == ()


@pytest.mark.parametrize("value", [{"a": 1}, ["x"], 1.5, True])
def test_a_subject_that_is_not_text_is_refused(store, clerk, value):
    error = refused_and_nothing_written(store, store.visits.register, clerk, individual(subject=value))
    assert (error.field, error.key) == ("subject", "err.text_type")


# --- one ID number, two names ---------------------------------------------------------------------


def test_an_id_number_typed_with_another_name_is_flagged(store, clerk, boss):
    store.visits.register(clerk, individual("张三", 0))
    data = individual("张山", 0)
    _checked, errors, warnings = store.visits.collect(data, clerk)
    assert errors == []
    assert ("visitors.0.id_number", "warn.id_other_name") in [(w.field, w.key) for w in warnings]
    # Without a reader, or under the same name, nothing to flag.
    assert all(w.key != "warn.id_other_name" for w in store.visits.collect(data)[2])
    assert all(w.key != "warn.id_other_name" for w in store.visits.collect(individual("张三", 0), clerk)[2])


def test_a_sealed_accusation_gives_no_name_away(store, clerk, boss):
    store.visits.register(clerk, individual("王五", 1, category="检举控告", subject="检举某局长",
                                            disposition="transfer", transfer_unit="区纪委监委"))
    data = individual("王武", 1)
    assert all(w.key != "warn.id_other_name" for w in store.visits.collect(data, clerk)[2])
    assert "warn.id_other_name" in [w.key for w in store.visits.collect(data, boss)[2]]
