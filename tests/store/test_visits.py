"""Petition visits: the 5-representative rule, numbers, repeat visits, reading,
revealing ID numbers and searching."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from frontdesk.i18n import t
from frontdesk.store import PermissionDenied, ValidationError
from frontdesk.store import visits as visits_module
from frontdesk.store.identity import mask_id, resident_check_digit
from frontdesk.store.numbers import QUERY_ALPHABET


def resident_id(area: str, born: str, sequence: int) -> str:
    first17 = f"{area}{born}{sequence:03d}"
    return first17 + resident_check_digit(first17)


IDS = [resident_id("440304", f"19{60 + i:02d}0{1 + i % 9}1{i % 9}", 100 + i) for i in range(16)]
PHONES = [f"1380013{i:04d}" for i in range(16)]
ZHANG_ID, LI_ID, ZENG_ID = IDS[0], IDS[1], IDS[2]


def person(name: str, index: int, **fields) -> dict:
    """A visitor with the index-th ID number and phone, and an address."""
    return {"name": name, "id_number": IDS[index], "phone": PHONES[index],
            "address": f"深圳市福田区园岭街道{index + 1}号", "postcode": "518000", **fields}


def individual(name: str = "张三", index: int = 0, **fields) -> dict:
    return {"visitors": [person(name, index)], "subject": "拖欠工资", **fields}


def several(headcount: int, representatives: int, *, liaison: int = 0, **fields) -> dict:
    """``representatives`` listed representatives of ``headcount`` people; the
    ``liaison``-th of them is the liaison."""
    visitors = [
        person(f"代表{i + 1}", i, representative=True, liaison=(i == liaison))
        for i in range(representatives)
    ]
    return {"headcount": headcount, "visitors": visitors, "subject": "旧改项目拆迁补偿", **fields}


def written(store) -> tuple[int, int, int, int]:
    """Visits, people on records, audit entries and the visit counter."""
    db = store.db
    counter = db.execute("SELECT coalesce(max(last), 0) FROM counters WHERE channel = 'visit'").fetchone()[0]
    return (
        db.execute("SELECT count(*) FROM visits").fetchone()[0],
        db.execute("SELECT count(*) FROM parties").fetchone()[0],
        db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
        counter,
    )


def refused(call, *args, error_type=ValidationError, **kwargs):
    with pytest.raises(error_type) as caught:
        call(*args, **kwargs)
    return caught.value


def refused_and_nothing_written(store, call, *args, **kwargs) -> ValidationError:
    before = written(store)
    error = refused(call, *args, **kwargs)
    assert written(store) == before
    return error


def verified(store) -> bool:
    result = store.audit.verify()
    assert result.problem is None, result.problem.message
    return True


@pytest.fixture
def clerk(store, admin):
    return store.operators.add(admin, "lihua", "reception", "reception-pass", "李华")


@pytest.fixture
def boss(store, admin):
    return store.operators.add(admin, "kezhang", "supervisor", "supervisor-pass", "李科长")


@pytest.fixture
def duty(store, admin):
    return store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王立新")


# --- numbers ----------------------------------------------------------------------------


def test_an_individual_visit_is_saved_with_the_first_number_of_the_year(store, clerk):
    visit = store.visits.register(clerk, individual())
    assert visit.number == "V2026-000001"
    assert visit.kind == "individual"
    assert (visit.headcount, visit.representatives, visit.signed) == (1, 0, 0)
    assert visit.visited_at == "2026-03-02 09:15:00"
    assert visit.created_at == "2026-03-02 09:15:00"
    assert visit.created_by == "lihua"
    assert not visit.repeat and visit.previous == ()
    assert len(visit.query_code) == 6
    assert set(visit.query_code) <= set(QUERY_ALPHABET)
    assert not set(visit.query_code) & set("0O1IL")
    assert visit.visitors[0].phone == PHONES[0]
    assert verified(store)


def test_numbers_follow_each_other_and_restart_each_year(store, clerk, clock):
    first = store.visits.register(clerk, individual())
    second = store.visits.register(clerk, individual("李四", 1))
    assert (first.number, second.number) == ("V2026-000001", "V2026-000002")
    assert first.query_code != second.query_code
    clock.set(datetime(2027, 1, 2, 8, 30))
    assert store.visits.register(clerk, individual("王五", 3)).number == "V2027-000001"
    clock.set(datetime(2027, 1, 2, 9, 0))
    assert store.visits.register(clerk, individual("赵六", 4)).number == "V2027-000002"


def test_a_refused_visit_writes_nothing_and_uses_no_number(store, clerk):
    store.visits.register(clerk, individual())
    error = refused_and_nothing_written(store, store.visits.register, clerk, {**individual(), "subject": ""})
    assert error.field == "subject"
    assert error.key == "err.required"
    assert store.visits.register(clerk, individual("李四", 1)).number == "V2026-000002"


def test_a_visit_refused_inside_the_transaction_writes_nothing_and_uses_no_number(store, clerk, duty):
    data = individual(same_matter={"channel": "visit", "number": "V2026-000099"})
    error = refused_and_nothing_written(store, store.visits.register, clerk, data)
    assert error.field == "same_matter"
    assert "V2026-000099" in error.message
    before = written(store)
    refused(store.visits.register, duty, individual(), error_type=PermissionDenied)
    assert written(store) == before
    assert store.visits.register(clerk, individual()).number == "V2026-000001"


def test_a_save_rolled_back_after_numbering_gives_the_number_back(store, clerk, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("the disk went away")

    monkeypatch.setattr(visits_module.people, "party_row", broken)
    before = written(store)
    refused(store.visits.register, clerk, individual(), error_type=OSError)
    assert written(store) == before
    monkeypatch.undo()
    assert store.visits.register(clerk, individual()).number == "V2026-000001"
    assert verified(store)


def test_numbers_are_unique_when_two_terminals_register_at_once(store, clerk):
    per_thread = 8
    numbers: list[str] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def desk(offset: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                saved = store.visits.register(clerk, individual(f"来访{offset + i}", offset + i))
                numbers.append(saved.number)
        except BaseException as error:  # reported below, on the test's thread
            failures.append(error)

    threads = [threading.Thread(target=desk, args=(offset,)) for offset in (0, per_thread)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(numbers) == [f"V2026-{n:06d}" for n in range(1, 2 * per_thread + 1)]
    assert verified(store)


# --- kinds and the 5-representative rule ----------------------------------------------------


def test_a_group_of_12_with_5_representatives(store, clerk):
    visit = store.visits.register(clerk, several(12, 5, liaison=2))
    assert visit.kind == "group"
    assert (visit.headcount, visit.representatives, visit.signed) == (12, 5, 7)
    assert visit.liaison is not None and visit.liaison.name == "代表3"
    assert all(v.representative for v in visit.visitors)
    assert [v.liaison for v in visit.visitors] == [False, False, True, False, False]
    assert visit.first_name == "代表3"
    assert verified(store)


@pytest.mark.parametrize("headcount", [2, 3, 4])
def test_two_to_four_people_make_a_joint_visit(store, clerk, headcount):
    visit = store.visits.register(clerk, several(headcount, 1))
    assert visit.kind == "joint"
    assert (visit.representatives, visit.signed) == (1, headcount - 1)


@pytest.mark.parametrize("headcount", [5, 6, 50])
def test_five_or_more_make_a_group_visit(store, clerk, headcount):
    assert store.visits.register(clerk, several(headcount, 2)).kind == "group"


def test_six_representatives_are_refused_by_the_5_representative_rule(store, clerk):
    error = refused_and_nothing_written(store, store.visits.register, clerk, several(12, 6))
    assert (error.field, error.key) == ("visitors", "err.rep_too_many")
    assert error.message == "五名代表规则：代表最多 5 名，现有 6 名"


def test_several_visitors_without_representatives_are_refused(store, clerk):
    data = several(3, 1)
    data["visitors"][0]["representative"] = False
    data["visitors"][0]["liaison"] = False
    error = refused_and_nothing_written(store, store.visits.register, clerk, data)
    assert error.key == "err.rep_none"


def test_a_visit_without_a_liaison_is_refused(store, clerk):
    error = refused_and_nothing_written(store, store.visits.register, clerk, several(8, 3, liaison=-1))
    assert (error.field, error.key) == ("visitors", "err.liaison_count")
    assert error.params["count"] == 0


def test_a_visit_with_two_liaisons_is_refused(store, clerk):
    data = several(8, 3)
    data["visitors"][1]["liaison"] = True
    error = refused_and_nothing_written(store, store.visits.register, clerk, data)
    assert (error.key, error.params["count"]) == ("err.liaison_count", 2)


def test_a_liaison_who_is_not_a_representative_is_refused(store, clerk):
    data = several(8, 3, liaison=-1)
    data["visitors"].append(person("群众甲", 5, liaison=True))
    error = refused_and_nothing_written(store, store.visits.register, clerk, data)
    assert (error.field, error.key) == ("visitors.3.liaison", "err.liaison_not_rep")


def test_signed_must_be_headcount_minus_representatives(store, clerk):
    error = refused_and_nothing_written(store, store.visits.register, clerk, several(12, 5, signed=6))
    assert (error.field, error.key) == ("signed", "err.signed_mismatch")
    assert (error.params["expected"], error.params["given"]) == (7, 6)
    assert store.visits.register(clerk, several(12, 5, signed=7)).signed == 7
    assert store.visits.register(clerk, several(12, 5, signed="7")).signed == 7


def test_an_individual_visit_has_nobody_signing(store, clerk):
    error = refused(store.visits.register, clerk, individual(signed=1))
    assert (error.field, error.key) == ("signed", "err.signed_individual")


def test_more_visitors_listed_than_came_is_refused(store, clerk):
    error = refused(store.visits.register, clerk, several(3, 4))
    assert error.key == "err.visitors_over_headcount"


def test_an_individual_visitor_needs_an_id_number(store, clerk):
    data = individual()
    del data["visitors"][0]["id_number"]
    error = refused_and_nothing_written(store, store.visits.register, clerk, data)
    assert (error.field, error.key) == ("visitors.0.id_number", "err.id_required")


def test_every_representative_needs_an_id_number(store, clerk):
    data = several(4, 2)
    data["visitors"][1]["id_number"] = ""
    error = refused_and_nothing_written(store, store.visits.register, clerk, data)
    assert (error.field, error.key) == ("visitors.1.id_number", "err.rep_id_required")


def test_visitors_who_only_signed_need_no_id_number(store, clerk):
    data = several(6, 1)
    data["visitors"].append({"name": "群众甲"})
    visit = store.visits.register(clerk, data)
    assert visit.visitors[1].id_number == ""
    assert (visit.representatives, visit.signed) == (1, 5)


@pytest.mark.parametrize("missing", ["phone", "address"])
def test_a_group_representative_needs_phone_and_address(store, clerk, missing):
    data = several(12, 3)
    data["visitors"][2][missing] = ""
    error = refused_and_nothing_written(store, store.visits.register, clerk, data)
    assert (error.field, error.key) == (f"visitors.2.{missing}", "err.group_rep_details")


def test_a_joint_representative_may_come_without_phone_or_address(store, clerk):
    data = several(3, 1)
    data["visitors"][0].update(phone="", address="")
    assert store.visits.register(clerk, data).kind == "joint"


def test_the_same_id_number_twice_on_one_visit_is_refused(store, clerk):
    data = several(4, 2)
    data["visitors"][1]["id_number"] = data["visitors"][0]["id_number"].lower()
    error = refused(store.visits.register, clerk, data)
    assert (error.field, error.key) == ("visitors.1.id_number", "err.id_duplicate")


def test_collect_returns_every_refusal_at_once_with_field_names(store, clerk):
    data = several(12, 3)
    data["visitors"][0]["phone"] = "8291 8000"
    data["visitors"][1]["id_number"] = IDS[1][:-1] + ("0" if IDS[1][-1] != "0" else "1")
    data["visitors"][2]["id_number"] = ""
    data["visitors"][2]["address"] = ""
    data["visitors"][2]["postcode"] = "51800"
    data["subject"] = ""
    data["signed"] = 3
    data["colour"] = "red"
    checked, errors, warnings = store.visits.collect(data)
    assert checked is None
    found = {(e.field, e.key) for e in errors}
    assert found == {
        ("visitors.0.phone", "err.phone_area_code"),
        ("visitors.1.id_number", "err.id_check_digit"),
        ("visitors.2.id_number", "err.rep_id_required"),
        ("visitors.2.address", "err.group_rep_details"),
        ("visitors.2.postcode", "err.postcode"),
        ("subject", "err.required"),
        ("signed", "err.signed_mismatch"),
        ("colour", "err.unknown_key"),
    }
    assert warnings == []
    assert all(e.message for e in errors)
    assert written(store)[0] == 0


def test_the_first_refusal_carries_the_others(store, clerk):
    data = individual(subject="")
    data["visitors"][0]["phone"] = "abc"
    error = refused(store.visits.register, clerk, data)
    assert [error.field] + [e.field for e in error.others] == ["visitors.0.phone", "subject"]


@pytest.mark.parametrize(
    ("data", "field", "key"),
    [
        ([], "visit", "err.object"),
        ({"subject": "x"}, "visitors", "err.visitors_required"),
        ({"subject": "x", "visitors": []}, "visitors", "err.visitors_required"),
        ({"subject": "x", "visitors": ["张三"]}, "visitors.0", "err.object"),
        ({**individual(), "headcount": 0}, "headcount", "err.range"),
        ({**individual(), "headcount": "两"}, "headcount", "err.whole_number"),
        ({**individual(), "visited_at": "2026-03-02 10:00"}, "visited_at", "err.time_future"),
        ({**individual(), "visited_at": "yesterday"}, "visited_at", "err.time_format"),
        ({**individual(), "disposition": "ignore"}, "disposition", "err.choice"),
        ({**individual(), "subject": "x\x1b[2J"}, "subject", "err.control_chars"),
        ({**individual(), "papers": "not a list"}, None, None),
    ],
)
def test_malformed_input_is_refused_naming_the_field(store, clerk, data, field, key):
    if field is None:
        assert store.visits.register(clerk, data).papers == ("not a list",)
        return
    error = refused_and_nothing_written(store, store.visits.register, clerk, data)
    assert (error.field, error.key) == (field, key)


def test_a_visit_may_be_entered_after_it_happened(store, clerk):
    visit = store.visits.register(clerk, individual(visited_at="2026-03-01 14:30"))
    assert visit.visited_at == "2026-03-01 14:30:00"
    assert visit.created_at == "2026-03-02 09:15:00"


def test_text_that_looks_like_markup_is_stored_exactly(store, clerk):
    data = individual(subject="[b]x[/b] [红头文件]", content="[link=http://x]点我[/link]\n第二行 {name}",
                      location="[/]", papers=["[i]介绍信[/i]"])
    data["visitors"][0]["name"] = "[red]张三"
    visit = store.visits.register(clerk, data)
    again = store.visits.get(clerk, visit.number)
    assert again.subject == "[b]x[/b] [红头文件]"
    assert again.content == "[link=http://x]点我[/link]\n第二行 {name}"
    assert again.location == "[/]"
    assert again.papers == ("[i]介绍信[/i]",)
    assert again.visitors[0].name == "[red]张三"


# --- individually ------------------------------------------------------------------------------


def test_visitors_who_refuse_to_elect_are_registered_one_by_one(store, clerk):
    data = several(7, 3, category="劳动社保")
    data["signed"] = 4
    saved = store.visits.register_individually(clerk, data)
    assert [v.number for v in saved] == ["V2026-000001", "V2026-000002", "V2026-000003"]
    assert [v.kind for v in saved] == ["individual"] * 3
    assert [v.visitors[0].name for v in saved] == ["代表1", "代表2", "代表3"]
    for visit in saved:
        assert (visit.headcount, visit.representatives, visit.signed) == (1, 0, 0)
        assert visit.subject == "旧改项目拆迁补偿" and visit.category == "劳动社保"
        assert not visit.visitors[0].representative and not visit.visitors[0].liaison
    assert verified(store)


def test_one_bad_visitor_registers_nobody_individually(store, clerk):
    data = several(7, 3)
    data["visitors"].append({"name": "群众甲"})
    error = refused_and_nothing_written(store, store.visits.register_individually, clerk, data)
    assert (error.field, error.key) == ("visitors.3.id_number", "err.id_required")
    assert "第 4 位来访人" in error.message


def test_one_person_listed_twice_registers_nobody_individually(store, clerk):
    data = several(7, 3)
    data["visitors"][2]["id_number"] = IDS[0].lower()
    error = refused_and_nothing_written(store, store.visits.register_individually, clerk, data)
    assert (error.field, error.key) == ("visitors.2.id_number", "err.id_duplicate")


def test_registering_nobody_individually_is_refused(store, clerk):
    error = refused_and_nothing_written(
        store, store.visits.register_individually, clerk, {"visitors": [], "subject": "x"}
    )
    assert (error.field, error.key) == ("visitors", "err.visitors_required")


def test_registering_individually_needs_the_right_to_register(store, duty):
    before = written(store)
    refused(store.visits.register_individually, duty, several(3, 1), error_type=PermissionDenied)
    assert written(store) == before


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
    history = store.visits.history(data["visitors"])
    assert history.definite == ()
    assert [(r.number, r.matched_on) for r in history.possible] == [(first.number, "phone")]
    again = store.visits.register(clerk, data)
    assert not again.repeat
    assert again.previous_number is None and again.previous == ()


def test_the_same_name_alone_is_only_a_possible_match(store, clerk):
    first = store.visits.register(clerk, individual())
    history = store.visits.history([{"name": "张三", "id_number": IDS[9], "phone": PHONES[9]}])
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
    assert [r.number for r in store.visits.history(typed).definite] == [first.number]
    by_phone = [{"name": " 张三 ", "phone": f"{PHONES[0][:3]} {PHONES[0][3:7]} {PHONES[0][7:]}"}]
    assert [r.matched_on for r in store.visits.history(by_phone).definite] == ["phone_name"]
    assert store.visits.history(by_phone, exclude_number=first.number).definite == ()


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


def test_a_case_is_due_in_60_days(store, clerk):
    visit = store.visits.register(clerk, individual(disposition="case"))
    assert visit.due_date == "2026-05-01"


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
    assert visit.notice == t("notice.litigation")
    assert "诉讼" in visit.notice
    assert visit.due_date is None


def test_an_operators_own_notice_is_kept(store, clerk):
    visit = store.visits.register(clerk, individual(
        disposition="not_accepted", not_accepted_reason="accusation", notice="请到区纪委监委反映。"))
    assert visit.notice == "请到区纪委监委反映。"


def test_a_reason_without_not_accepting_is_dropped(store, clerk):
    visit = store.visits.register(clerk, individual(disposition="case", not_accepted_reason="litigation"))
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
    store.visits.register_individually(clerk, several(3, 2))
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
    found = store.visits.history([{"name": "", "id_number": IDS[0][:10]}])
    assert [(r.number, r.matched_on) for r in found.possible] == [(saved.number, "id_partial")]
    assert found.definite == ()
    found = store.visits.history([{"name": "", "phone": PHONES[0][:7]}])
    assert [(r.number, r.matched_on) for r in found.possible] == [(saved.number, "phone_partial")]
    assert store.visits.history([{"name": "", "id_number": IDS[0][:5]}]).possible == ()


@pytest.mark.parametrize("value", [{"a": 1}, ["x"], 1.5, True])
def test_a_subject_that_is_not_text_is_refused(store, clerk, value):
    error = refused_and_nothing_written(store, store.visits.register, clerk, individual(subject=value))
    assert (error.field, error.key) == ("subject", "err.text_type")
