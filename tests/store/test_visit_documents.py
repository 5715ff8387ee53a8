"""Visitors' documents: the permits and residence permits of Hong Kong, Macau and
Taiwan residents by their real formats, passports with their nationality, and the
rule for foreign nationals and organisations (及时向主管部门请示，不得擅自答复)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.store import ValidationError
from frontdesk.store.shared.identity import NATIONALITIES, RESIDENCE_PLACES, check_id

import testdata
from visit_data import individual, several, written

TODAY = date(2026, 3, 2)


def refusal(*args) -> str:
    with pytest.raises(ValidationError) as caught:
        check_id(*args)
    return caught.value.key


def residence_permit(place: str, born: str, sequence: int) -> str:
    return testdata.resident_id(f"{place}{born}{sequence:03d}")


# --- formats --------------------------------------------------------------------


@pytest.mark.parametrize(("id_type", "typed", "value"), [
    ("hk_macau", "h1234 5678", "H12345678"),
    ("hk_macau", "M1234567801", "M1234567801"),
    ("taiwan", "１２３４５６７８", "12345678"),
    ("taiwan", "1234567890(B)", "1234567890(B)"),
    ("passport", "EA1234567", "EA1234567"),
])
def test_permits_and_passports_in_their_real_format(id_type, typed, value):
    assert check_id("id_number", id_type, typed, TODAY).value == value


@pytest.mark.parametrize(("id_type", "typed", "key"), [
    ("hk_macau", "12345678", "err.id_hk_macau_format"),
    ("hk_macau", "C12345678", "err.id_hk_macau_format"),
    ("hk_macau", "H123456789", "err.id_hk_macau_format"),
    ("taiwan", "H12345678", "err.id_taiwan_format"),
    ("taiwan", "1234567", "err.id_taiwan_format"),
    ("passport", "E12", "err.id_passport_format"),
    ("passport", "AB1234567890", "err.id_passport_format"),
])
def test_permits_in_another_format_are_refused(id_type, typed, key):
    assert refusal("id_number", id_type, typed, TODAY) == key


def test_a_chinese_passport_is_held_to_its_own_format():
    assert check_id("id_number", "passport", "E12345678", TODAY, "CHN").value == "E12345678"
    assert refusal("id_number", "passport", "EI1234567", TODAY, "CHN") == "err.id_chinese_passport_format"
    assert refusal("id_number", "passport", "X1234567", TODAY, "CHN") == "err.id_chinese_passport_format"
    # Another country's passport numbers follow that country's own rules.
    assert check_id("id_number", "passport", "X1234567", TODAY, "USA").value == "X1234567"


@given(place=st.sampled_from(RESIDENCE_PLACES), born=st.dates(date(1900, 1, 1), TODAY),
       sequence=st.integers(0, 999))
def test_every_residence_permit_with_its_check_digit_is_accepted(place, born, sequence):
    number = residence_permit(place, born.strftime("%Y%m%d"), sequence)
    assert check_id("id_number", "hmt_residence", number, TODAY).value == number


@given(place=st.sampled_from(RESIDENCE_PLACES), born=st.dates(date(1900, 1, 1), TODAY),
       sequence=st.integers(0, 999), wrong=st.integers(1, 10))
def test_a_residence_permit_with_a_wrong_check_digit_is_refused(place, born, sequence, wrong):
    number = residence_permit(place, born.strftime("%Y%m%d"), sequence)
    digits = "0123456789X"
    typo = number[:17] + digits[(digits.index(number[17]) + wrong) % 11]
    assert refusal("id_number", "hmt_residence", typo, TODAY) == "err.id_check_digit"


@given(area=st.integers(100000, 799999).map(str))
def test_a_residence_permit_names_hong_kong_macau_or_taiwan(area):
    number = testdata.resident_id(f"{area}19800101001")
    assert refusal("id_number", "hmt_residence", number, TODAY) == "err.id_residence_place"


def test_a_residence_permit_needs_a_real_birth_date_and_18_places():
    assert refusal("id_number", "hmt_residence", testdata.resident_id("81000019800231001"),
                   TODAY) == "err.id_birth_date"
    assert refusal("id_number", "hmt_residence", "8100001980010100", TODAY) == "err.id_length_18"


# --- nationality and the foreign-contact rule ----------------------------------------


def passport_visit(nationality, number="X1234567", **fields) -> dict:
    data = individual(**fields)
    data["visitors"][0].update(id_type="passport", id_number=number, nationality=nationality)
    return data


def test_a_passport_needs_its_nationality(store, clerk):
    before = written(store)
    _checked, errors, _warnings = store.visits.collect(passport_visit(None))
    assert [(e.field, e.key) for e in errors] == [("visitors.0.nationality", "err.nationality_required")]
    with pytest.raises(ValidationError):
        store.visits.register(clerk, passport_visit("美国"))
    assert written(store) == before


def test_a_nationality_belongs_to_a_passport_only(store, clerk):
    data = individual()
    data["visitors"][0]["nationality"] = "USA"
    _checked, errors, _warnings = store.visits.collect(data)
    assert [(e.field, e.key) for e in errors] == [("visitors.0.nationality", "err.nationality_passport_only")]


def test_a_chinese_passport_holder_is_no_foreign_contact(store, clerk):
    saved = store.visits.register(clerk, passport_visit("chn", "E12345678"))
    assert saved.visitors[0].nationality == "CHN"
    assert not saved.foreign_contact and not saved.foreign_organisation


@pytest.mark.parametrize("nationality", [n for n in NATIONALITIES if n != "CHN"])
def test_a_foreign_national_is_flagged_for_instructions(store, clerk, nationality):
    saved = store.visits.register(clerk, passport_visit(nationality))
    assert saved.visitors[0].nationality == nationality
    assert saved.foreign_contact and not saved.foreign_organisation
    again = store.visits.get(clerk, saved.number)
    assert again.foreign_contact and again.visitors[0].nationality == nationality


def test_a_foreign_organisation_is_flagged_whoever_comes(store, clerk):
    data = several(6, 2, foreign_organisation=True)
    _checked, _errors, warnings = store.visits.collect(data)
    assert ("foreign_organisation", "warn.foreign_contact") in [(w.field, w.key) for w in warnings]
    saved = store.visits.register(clerk, data)
    assert saved.foreign_contact and saved.foreign_organisation
    plain = store.visits.register(clerk, several(6, 2))
    assert not plain.foreign_contact
    assert [v.number for v in store.visits.on_day(clerk) if v.foreign_contact] == [saved.number]


def test_the_new_facts_are_audited(store, clerk):
    store.visits.register(clerk, passport_visit("GBR"))
    tables = {row[0] for row in store.db.execute("SELECT record_table FROM audit_log")}
    assert {"visitor_nationalities", "visit_foreign_contacts"} <= tables
    assert store.audit.verify().ok
