"""Accusations sealed, and each role seeing what it needs (``sealing.MATRIX``),
enforced by the store: one small office with a canary planted in every field
class of an ordinary visit, a sealed visit, an ordinary letter and two sealed
letters (one naming an accused person, one filed as 纪检监察), read by every
role through every reading path of the store."""

from __future__ import annotations

import dataclasses

import pytest

from frontdesk.store.core.errors import ValidationError
from frontdesk.store.shared import sealing
from frontdesk.store.shared.identity import mask_id
from frontdesk.store.shared.permissions import Role, allowed

from testdata import resident_id

ROLES = ("admin", "supervisor", "reception", "duty", "mail")
DAY = "2026-03-02"

# record -> field class -> canary (names: a full name, masked as the surname and stars)
CANARIES: dict[str, dict[str, str]] = {
    "visit": {"numbers": "拖欠甲工资", "names": "欧阳金丝", "phones": "13911112222",
              "addresses": "百花二路甲号", "id_numbers": resident_id("44030419700101111"),
              "content": "公司甲拖欠三个月"},
    "visit_sealed": {"numbers": "检举乙局长", "names": "司马金丝", "phones": "13933334444",
                     "addresses": "园岭乙路", "id_numbers": resident_id("44030419700202222"),
                     "content": "乙局长收受购物卡"},
    "letter": {"numbers": "反映丙物业", "names": "诸葛金丝", "phones": "13955556666",
               "addresses": "莲花丙路", "id_numbers": resident_id("44030419700303333"),
               "content": "丙物业乱收费"},
    "letter_accused": {"numbers": "反映丁作风", "names": "上官金丝", "phones": "13977778888",
                       "addresses": "华富丁路", "id_numbers": resident_id("44030419700404444"),
                       "content": "丁副主任收受购物卡", "accused": "张德明"},
    "letter_category": {"numbers": "反映戊问题", "names": "东方金丝", "phones": "13999990000",
                        "addresses": "梅林戊路", "id_numbers": resident_id("44030419700505555"),
                        "content": "戊科长吃拿卡要"},
}
SEALED = {"visit_sealed", "letter_accused", "letter_category"}


def channel_of(record: str) -> str:
    return record.split("_")[0]


@pytest.fixture
def office(store, admin):
    """The records, by key, with the operators of each role."""
    actors = {"admin": admin}
    for role in ROLES[1:]:
        actors[role] = store.operators.add(admin, f"op{role}", role, f"{role}-pass-1")

    def visit(key: str, **more):
        c = CANARIES[key]
        return store.visits.register(admin, {
            "visited_at": f"{DAY} 08:30", "subject": c["numbers"], "content": c["content"],
            "visitors": [{"name": c["names"], "id_number": c["id_numbers"], "phone": c["phones"],
                          "address": c["addresses"]}], **more}).number

    def letter(key: str, **more):
        c = CANARIES[key]
        return store.letters.register(admin, {
            "received_at": f"{DAY} 08:00", "subject": c["numbers"], "content": c["content"],
            "sender": {"name": c["names"], "phone": c["phones"], "address": c["addresses"],
                       "id_number": c["id_numbers"]}, **more}).number

    numbers = {
        "visit": visit("visit"),
        "visit_sealed": visit("visit_sealed", category="检举控告", disposition="transfer",
                              transfer_unit="区纪委监委"),
        "letter": letter("letter"),
        "letter_accused": letter("letter_accused", accused=[
            {"name": CANARIES["letter_accused"]["accused"], "unit": "区某局", "post": "副主任"}]),
        "letter_category": letter("letter_category", category="纪检监察"),
    }
    return actors, numbers


def everything(store, actor, numbers: dict[str, str]) -> str:
    """All the store gives ``actor`` of the office, by every reading path it may use."""
    found: list = []
    role = actor.role
    people = [{"name": c["names"], "id_number": c["id_numbers"], "phone": c["phones"]} for c in CANARIES.values()]
    queries = [text for c in CANARIES.values() for text in c.values()]
    queries += [c["phones"][-4:] for c in CANARIES.values()] + [c["id_numbers"][-4:] for c in CANARIES.values()]
    if allowed(role, "visit.read"):
        found += [store.visits.get(actor, numbers[k]) for k in ("visit", "visit_sealed")]
        found += store.visits.on_day(actor, DAY)
        for query in queries:
            found += store.visits.search(actor, query)
        found += list(store.visits.history(actor, people).possible)
        found += list(store.visits.history(actor, people).definite)
    if allowed(role, "letter.read"):
        found += [store.letters.get(actor, numbers[k]) for k in ("letter", "letter_accused", "letter_category")]
        for view in ("today", "pending", "all"):
            found += store.letters.listing(actor, view, DAY)
        for query in queries:
            found += store.letters.search(actor, query)
    for query in queries:
        found += store.lookup.search(actor, query)
    if allowed(role, "report.daily"):
        found.append(store.reports.daily(actor, end=f"{DAY} 09:00"))
    return repr([dataclasses.asdict(item) if dataclasses.is_dataclass(item) else item for item in found])


def expected_level(role: str, record: str, field_class: str) -> sealing.Level:
    channel = channel_of(record)
    row = sealing.MATRIX[channel].get(Role(role))
    if row is None or (record in SEALED and not sealing.reads_sealed(role)):
        return sealing.Level.NONE
    return row.get(field_class, sealing.Level.NONE)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_each_field_class_as_the_matrix_says(store, office, role):
    actors, numbers = office
    text = everything(store, actors[role], numbers)

    for record, canaries in CANARIES.items():
        for field_class, canary in canaries.items():
            level = expected_level(role, record, field_class)
            what = f"{role} / {record} / {field_class}"
            if field_class == "id_numbers":
                assert canary not in text, f"{what}: a full ID number"
                assert (mask_id(canary) in text) is (level != sealing.Level.NONE), what
            elif field_class == "names" and level == sealing.Level.MASKED:
                assert canary not in text and sealing.mask_name(canary) in text, what
            else:
                assert (canary in text) is (level != sealing.Level.NONE), what
        # The number of every record of a channel the role reads is there, sealed or not
        # (a history panel names the others by number and date only).
        if Role(role) in sealing.MATRIX[channel_of(record)]:
            assert numbers[record] in text, f"{role} / {record} / number"


def test_a_sealed_record_is_its_number_date_and_channel_only(store, office):
    actors, numbers = office
    desk = actors["reception"]
    visit = store.visits.get(desk, numbers["visit_sealed"])
    letter = store.letters.get(desk, numbers["letter_category"])

    assert visit.sealed and (visit.number, visit.visited_at) == (numbers["visit_sealed"], f"{DAY} 08:30:00")
    assert (visit.subject, visit.visitors, visit.transfer_unit, visit.query_code) == ("", (), None, "")
    assert letter.sealed and (letter.number, letter.channel) == (numbers["letter_category"], "post")
    assert (letter.subject, letter.category, letter.sender_name) == ("", "", "")
    # Those who may read it get it whole.
    assert store.visits.get(actors["supervisor"], numbers["visit_sealed"]).subject == "检举乙局长"
    assert store.letters.get(actors["mail"], numbers["letter_category"]).category == "纪检监察"


def test_repeat_accusations_against_one_official_show_to_those_who_may_read_them(store, office, admin):
    actors, numbers = office
    again = store.letters.register(actors["mail"], {
        "received_at": f"{DAY} 08:40", "subject": "再次反映", "kind": "anonymous",
        "accused": [{"name": "张德明", "unit": "区某局"}]}).number
    for role in ("mail", "supervisor", "admin"):
        for query in ("张德明", "zdm", "zhangdeming"):
            found = [hit.number for hit in store.lookup.search(actors[role], query)]
            assert found == [again, numbers["letter_accused"]], (role, query)
        assert {item.number for item in store.letters.search(actors[role], "张德明")} == {
            again, numbers["letter_accused"]}
    for role in ("reception", "duty"):
        assert store.lookup.search(actors[role], "张德明") == []


def test_the_duty_room_finds_a_petitioner_by_name_never_by_phone_or_id_number(store, office):
    actors, numbers = office
    duty = actors["duty"]
    c = CANARIES["visit"]

    (hit,) = store.lookup.search(duty, c["names"])
    assert (hit.number, hit.name, hit.id_masked, hit.subject) == (numbers["visit"], "欧***", "", c["numbers"])
    for query in (c["phones"], c["phones"][-4:], c["phones"][-6:], c["id_numbers"], c["id_numbers"][-4:],
                  "欧阳金丝 " + c["phones"][-4:]):
        assert store.lookup.search(duty, query) == [], query
        assert store.visits.search(duty, query) == [], query
    assert [v.number for v in store.visits.search(duty, c["names"])] == [numbers["visit"]]
    # The desk finds the same visit by the phone.
    assert [hit.number for hit in store.lookup.search(actors["reception"], c["phones"][-4:])] == [numbers["visit"]]


def test_the_duty_room_still_finds_its_own_callers_by_phone(store, office):
    actors, _numbers = office
    entry = store.duty.add(actors["duty"], {"kind": "call", "source": "王来电", "phone": "13712345678",
                                            "summary": "燃气"})
    assert [hit.number for hit in store.lookup.search(actors["duty"], "5678")] == [entry.number]


def test_a_history_panel_shows_a_sealed_record_by_its_number_only(store, office):
    actors, numbers = office
    c = CANARIES["letter_accused"]
    person = [{"name": c["names"], "id_number": c["id_numbers"], "phone": c["phones"]}]

    (seen,) = store.visits.history(actors["reception"], person).definite
    assert (seen.number, seen.sealed, seen.subject, seen.transferred_to) == (
        numbers["letter_accused"], True, "", None)
    (whole,) = store.visits.history(actors["mail"], person).definite
    assert (whole.sealed, whole.subject) == (False, c["numbers"])


@pytest.mark.parametrize("category", ["检举控告", "纪检监察"])
def test_an_accusation_visit_is_never_transferred_but_to_the_discipline_organs(store, admin, category):
    data = {"visited_at": f"{DAY} 08:30", "subject": "检举", "category": category,
            "visitors": [{"name": "李四", "id_number": resident_id("44030419700606666")}],
            "disposition": "transfer", "transfer_unit": "区住房和建设局"}
    with pytest.raises(ValidationError) as refused:
        store.visits.register(admin, data)

    assert [(e.field, e.key) for e in refused.value.errors] == [("transfer_unit", "err.visit_accusation_unit")]
    assert refused.value.message.startswith("转送单位：") and "\n" not in refused.value.message
    assert store.visits.register(admin, {**data, "transfer_unit": "区纪委监委"}).transfer_unit == "区纪委监委"


def test_a_letter_filed_as_an_accusation_goes_to_the_discipline_organs_too(store, admin):
    data = {"received_at": f"{DAY} 08:00", "subject": "反映", "kind": "anonymous", "category": "纪检监察",
            "proposal": "transfer", "transfer_to": "区教育局"}
    with pytest.raises(ValidationError) as refused:
        store.letters.register(admin, data)
    assert [(e.field, e.key) for e in refused.value.errors] == [("transfer_to", "err.letter_accusation_unit")]
    saved = store.letters.register(admin, {**data, "proposal": None, "transfer_to": None})
    with pytest.raises(ValidationError):
        store.letters.handle(admin, saved.number, {"proposal": "transfer", "transfer_to": "区教育局"})
