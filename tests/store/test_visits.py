"""Petition visits: numbers, the 5-representative rule, every refusal, and
registering visitors one by one."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from frontdesk.store import PermissionDenied
from frontdesk.store.shared.numbers import QUERY_ALPHABET
from frontdesk.store.visits import records as visits_module

from visit_data import (
    IDS,
    PHONES,
    individual,
    person,
    refused,
    refused_and_nothing_written,
    several,
    verified,
    written,
)

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
    assert error.message == "五名代表规则：代表最多 5 名，现有 6 名，可按 Ctrl+G 按个访登记"


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


def test_an_id_number_without_the_id_document_ticked_is_worth_a_look(store, clerk):
    _checked, errors, warnings = store.visits.collect(individual())
    assert errors == [] and [(w.field, w.key) for w in warnings] == [("papers", "warn.id_not_ticked")]
    _checked, errors, warnings = store.visits.collect(individual(papers=["id_document"]))
    assert errors == [] and warnings == []
    # A warning, not a refusal: what the clerk confirms is saved.
    assert store.visits.register(clerk, individual()).papers == ()


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
    data["papers"] = ["id_document"]
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


def test_every_refusal_is_raised_at_once_in_form_order(store, clerk):
    data = individual(subject="")
    data["visitors"][0]["phone"] = "abc"
    error = refused(store.visits.register, clerk, data)
    assert error.field == "visitors.0.phone"
    assert [e.field for e in error.errors] == ["visitors.0.phone", "subject"]


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
    saved = store.visits.register_individually(clerk, data, left=4)
    assert [v.number for v in saved] == ["V2026-000001", "V2026-000002", "V2026-000003"]
    assert [(v.batch, v.batch_left) for v in saved] == [("V2026-000001", 4), ("V2026-000001", 0),
                                                      ("V2026-000001", 0)]
    assert [v.batch for v in store.visits.on_day(clerk)] == ["V2026-000001"] * 3
    assert [v.kind for v in saved] == ["individual"] * 3
    assert [v.visitors[0].name for v in saved] == ["代表1", "代表2", "代表3"]
    for visit in saved:
        assert (visit.headcount, visit.representatives, visit.signed) == (1, 0, 0)
        assert visit.subject == "旧改项目拆迁补偿" and visit.category == "劳动社保"
        assert not visit.visitors[0].representative and not visit.visitors[0].liaison
    assert verified(store)


def test_no_head_is_lost_when_registering_one_by_one(store, clerk):
    # 12 came, 7 are listed: the other 5 are listed too, or recorded as having left.
    data = several(12, 5)
    data["visitors"] += [person(f"群众{i}", 5 + i) for i in range(2)]
    error = refused_and_nothing_written(store, store.visits.register_individually, clerk, data)
    assert (error.field, error.key) == ("headcount", "err.individually_heads")
    assert error.message == "来访 12 人，但登记 7 人、离开 0 人：每人须登记或记为离开"
    refused_and_nothing_written(store, store.visits.register_individually, clerk, data, left=6)
    error = refused_and_nothing_written(store, store.visits.register_individually, clerk, data, left=-1)
    assert (error.field, error.key) == ("left", "err.individually_left")
    saved = store.visits.register_individually(clerk, data, left=5)
    assert len(saved) == 7 and {v.batch for v in saved} == {saved[0].number}
    data["headcount"] = 7
    assert len(store.visits.register_individually(clerk, data)) == 7


def test_one_bad_visitor_registers_nobody_individually(store, clerk):
    data = several(4, 3)
    data["visitors"].append({"name": "群众甲"})
    error = refused_and_nothing_written(store, store.visits.register_individually, clerk, data)
    assert (error.field, error.key) == ("visitors.3.id_number", "err.id_required")
    assert "第 4 位来访人" in error.message


def test_one_person_listed_twice_registers_nobody_individually(store, clerk):
    data = several(3, 3)
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
    refused(store.visits.register_individually, duty, several(3, 1), left=2, error_type=PermissionDenied)
    assert written(store) == before


