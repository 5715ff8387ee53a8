"""ID numbers (GB 11643 resident IDs, other documents) and phone numbers."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from frontdesk.store import ValidationError
from frontdesk.store.shared.identity import check_id, check_resident, mask_id, normalise_phone
from frontdesk.store.visits.rules import Warning

import testdata

TODAY = date(2026, 3, 2)
BIRTH_DATES = st.dates(date(1900, 1, 1), TODAY)
FULL_WIDTH = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789Xx-"}
BIRTH_DATE = range(6, 14)


def refusal(call, *args) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args)
    return caught.value


def with_check_digit(first17: str) -> str:
    return testdata.resident_id(first17)


@st.composite
def resident_ids(draw, born=BIRTH_DATES) -> str:
    """A valid 18-character resident ID: any area code, a real birth date, any sequence."""
    area = draw(st.integers(100000, 999999))
    birth = draw(born)
    sequence = draw(st.integers(0, 999))
    return with_check_digit(f"{area}{birth:%Y%m%d}{sequence:03d}")


digits = st.sampled_from("0123456789")


# --- resident ID numbers ------------------------------------------------------------


@given(resident_ids())
@example("11010519491231002X")
def test_any_valid_resident_id_is_accepted_as_typed(number):
    checked = check_resident("id_number", number, TODAY)
    assert checked.value == number
    assert not checked.legacy


@given(resident_ids(), st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_in_the_first_17_is_refused(number, position, shift):
    changed_digit = str((int(number[position]) + shift) % 10)
    changed = number[:position] + changed_digit + number[position + 1:]
    error = refusal(check_resident, "visitors.0.id_number", changed, TODAY)
    assert error.field == "visitors.0.id_number"
    if position in BIRTH_DATE:
        # The change may make the birth date impossible before the check digit is reached.
        assert error.key in ("err.id_check_digit", "err.id_birth_date")
    else:
        assert error.key == "err.id_check_digit"


@given(resident_ids(), st.sampled_from("0123456789X"))
def test_a_wrong_check_digit_is_refused(number, last):
    if number[-1] == last:
        return
    error = refusal(check_resident, "id_number", number[:-1] + last, TODAY)
    assert error.key == "err.id_check_digit"


@st.composite
def resident_ids_ending_in_x(draw) -> str:
    """A valid resident ID whose check digit is X (about one in eleven is)."""
    area = draw(st.integers(100000, 999999))
    birth = draw(st.dates(date(1900, 1, 1), TODAY))
    start = draw(st.integers(0, 999))
    for offset in range(1000):
        number = with_check_digit(f"{area}{birth:%Y%m%d}{(start + offset) % 1000:03d}")
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence gives the check digit X")


@given(resident_ids_ending_in_x())
def test_lower_case_x_normalises_to_upper_case(number):
    assert check_resident("id_number", number.lower(), TODAY).value == number


@given(resident_ids(), st.booleans(), st.sampled_from(["", " ", "-", "　"]))
def test_full_width_and_spaced_forms_normalise_to_the_same_value(number, lower, gap):
    typed = number.lower() if lower else number
    typed = typed.translate(FULL_WIDTH)
    typed = gap.join([typed[:6], typed[6:14], typed[14:]])
    assert check_resident("id_number", typed, TODAY).value == number


@st.composite
def impossible_dates(draw) -> str:
    """YYYYMMDD that is not a day of the calendar."""
    year = draw(st.integers(1900, 2025))
    kind = draw(st.sampled_from(["month", "day"]))
    if kind == "month":
        month = draw(st.sampled_from([0, 13, 20, 99]))
        day = draw(st.integers(1, 28))
    else:
        month = draw(st.integers(1, 12))
        day = draw(st.integers(calendar.monthrange(year, month)[1] + 1, 32) | st.just(0))
    return f"{year:04d}{month:02d}{day:02d}"


@given(st.integers(100000, 999999), impossible_dates(), st.integers(0, 999))
@example(440304, "20230229", 1)
@example(440304, "19000229", 1)
def test_an_impossible_birth_date_is_refused(area, born, sequence):
    number = with_check_digit(f"{area}{born}{sequence:03d}")
    assert refusal(check_resident, "id_number", number, TODAY).key == "err.id_birth_date"


@given(st.dates(TODAY + timedelta(days=1), date(2099, 12, 31)))
def test_a_birth_date_after_today_is_refused(born):
    number = with_check_digit(f"440304{born:%Y%m%d}001")
    assert refusal(check_resident, "id_number", number, TODAY).key == "err.id_birth_date"


def test_a_leap_day_birth_date_is_real():
    number = with_check_digit("44030420000229001")
    assert check_resident("id_number", number, TODAY).value == number


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "err.id_length"),
        ("4403041990010100", "err.id_length"),
        ("4403041990010100123", "err.id_length"),
        ("44030419900101001A", "err.id_format"),
        ("4403041990010X0012", "err.id_format"),
        ("44030419900101 00X", "err.id_length"),
        ("44030419900101 00XA", "err.id_format"),
        ("4403049001010A1", "err.id_format"),
    ],
)
def test_malformed_resident_ids_are_refused_with_the_rule(typed, key):
    assert refusal(check_resident, "id_number", typed, TODAY).key == key


@pytest.mark.parametrize("number", testdata.PUBLISHED_RESIDENT_IDS)
def test_the_standards_published_examples_are_accepted(number):
    assert check_resident("id_number", number, TODAY).value == number


@pytest.mark.parametrize("number", testdata.PUBLISHED_RESIDENT_IDS)
def test_a_published_example_with_another_check_digit_is_refused(number):
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert refusal(check_resident, "id_number", wrong, TODAY).key == "err.id_check_digit"


def test_arabic_indic_digits_are_not_taken_for_an_id_number():
    number = with_check_digit("11010519491231002")
    arabic = "".join(chr(0x660 + int(c)) if c.isdigit() else c for c in number)
    assert refusal(check_resident, "id_number", arabic, TODAY).key == "err.id_format"


@given(st.integers(100000, 999999), st.dates(date(1900, 1, 1), date(1999, 12, 31)), st.integers(0, 999))
def test_a_legacy_15_digit_number_is_accepted_and_marked(area, born, sequence):
    number = f"{area}{born:%y%m%d}{sequence:03d}"
    checked = check_resident("id_number", number, TODAY)
    assert checked.value == number
    assert checked.legacy


def test_a_legacy_number_with_an_impossible_date_is_refused():
    assert refusal(check_resident, "id_number", "440304990230001", TODAY).key == "err.id_birth_date"


def test_an_unknown_birthplace_is_noticed_not_refused():
    known = check_resident("id_number", with_check_digit("11010519491231002"), TODAY)
    unknown = check_resident("id_number", with_check_digit("99999919491231002"), TODAY)
    assert not known.unknown_place
    assert unknown.unknown_place
    assert unknown.value.startswith("999999")


def test_a_visit_with_an_unknown_birthplace_saves_with_a_warning(store, admin):
    number = with_check_digit("99999919491231002")
    data = {"visitors": [{"name": "张三", "id_number": number}], "subject": "拖欠工资"}
    checked, errors, warnings = store.visits.collect(data)
    assert errors == []
    assert checked is not None
    assert Warning("visitors.0.id_number", "warn.id_place_unknown") in warnings
    saved = store.visits.register(admin, data)
    assert saved.number == "V2026-000001"


def test_a_visit_with_a_legacy_number_saves_marked_with_a_warning(store, admin):
    data = {"visitors": [{"name": "张三", "id_number": "110105491231002"}], "subject": "拖欠工资"}
    _checked, errors, warnings = store.visits.collect(data)
    assert errors == []
    assert Warning("visitors.0.id_number", "warn.id_legacy") in warnings
    saved = store.visits.register(admin, data)
    assert saved.visitors[0].id_legacy


@pytest.mark.parametrize(
    ("id_type", "typed", "value"),
    [
        ("passport", "e1234 5678", "E12345678"),
        ("hk_macau", "Ｈ１２３４５６７８", "H12345678"),
        ("taiwan", "12345678", "12345678"),
        ("other", "AB(12)", "AB(12)"),
    ],
)
def test_other_documents_are_normalised(id_type, typed, value):
    checked = check_id("id_number", id_type, typed, TODAY)
    assert checked.value == value
    assert not checked.legacy and not checked.unknown_place


@pytest.mark.parametrize("typed", ["E12", "张三丰的护照号", "A" * 31, "E123#456"])
def test_other_documents_that_cannot_be_numbers_are_refused(typed):
    assert refusal(check_id, "id_number", "other", typed, TODAY).key == "err.id_other_format"


# --- masking ----------------------------------------------------------------------


def test_mask_id_keeps_the_first_six_and_the_last_four():
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id("110105491231002") == "110105*****1002"


@given(st.text(alphabet="0123456789ABCDEFGHX()", min_size=4, max_size=30))
def test_mask_id_keeps_the_length_and_always_hides_something(number):
    masked = mask_id(number)
    assert len(masked) == len(number)
    assert "*" in masked
    assert masked != number
    if len(number) <= 10:
        assert len(masked.replace("*", "")) <= len(number) // 2


@given(resident_ids())
def test_a_masked_resident_id_hides_the_birth_date_and_sequence(number):
    masked = mask_id(number)
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert masked[6:14] == "*" * 8


@pytest.mark.parametrize("empty", [None, ""])
def test_mask_id_of_nothing_is_empty(empty):
    assert mask_id(empty) == ""


# --- phones -------------------------------------------------------------------------


@st.composite
def decorated(draw, number: str) -> str:
    """``number`` as people type it: spaces and dashes anywhere, sometimes full width."""
    out = []
    for char in number:
        out.append(char)
        out.append(draw(st.sampled_from(["", "", "", " ", "-", " - "])))
    typed = "".join(out).strip(" -")
    if draw(st.booleans()):
        typed = typed.translate(FULL_WIDTH)
    return typed


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1)
)
AREA_CODES = ["010", *(f"02{d}" for d in range(10)), "0755", "0571", "0898", "0311", "0931", "0451"]


@given(mobiles.flatmap(lambda n: st.tuples(st.just(n), decorated(n))),
       st.sampled_from(["", "+86", "+86 ", "0086", "0086-", "＋86 "]))
@example(("13812345678", "138 1234 5678"), "+86 ")
def test_a_mobile_with_spaces_dashes_and_country_code_normalises_to_11_digits(pair, country):
    number, typed = pair
    assert normalise_phone("phone", country + typed) == number


@given(st.sampled_from(AREA_CODES), st.integers(2, 9), st.integers(0, 10**7 - 1), st.booleans(),
       st.sampled_from(["{a}{n}", "{a}-{n}", "{a} {n}", "({a}) {n}", "（{a}）{n}", "+86 {a}-{n}"]))
@example("0755", 8, 2918000, True, "0755-{n}")
def test_a_landline_with_area_code_normalises_to_area_dash_number(area, first, rest, eight, layout):
    local = f"{first}{rest:07d}" if eight else f"{first}{rest:06d}"
    typed = layout.format(a=area, n=local)
    assert normalise_phone("phone", typed) == f"{area}-{local}"


@given(st.integers(2, 9), st.integers(0, 10**7 - 1), st.booleans())
def test_a_landline_without_area_code_is_refused_asking_for_it(first, rest, eight):
    local = f"{first}{rest:07d}" if eight else f"{first}{rest:06d}"
    error = refusal(normalise_phone, "visitors.0.phone", local)
    assert error.key == "err.phone_area_code"
    assert error.field == "visitors.0.phone"


def test_the_area_code_message_names_the_field_and_the_area_code():
    error = refusal(normalise_phone, "visitors.0.phone", "8291 8000")
    assert "0755" in error.message and "第 1 位来访人的电话" in error.message


@given(st.text(min_size=1, max_size=20).filter(lambda s: any(c.isalpha() for c in s)))
@example("1381234567a")
@example("一三八一二三四五六七八")
def test_anything_with_letters_is_refused(typed):
    assert refusal(normalise_phone, "phone", typed).key in ("err.phone_format", "err.phone_area_code")


@pytest.mark.parametrize(
    "typed",
    ["1381234567", "138123456789", "12812345678", "0755-123456", "0755-123456789", "+1 415 555 0100",
     "*#06#", "13812345678 ext 2", "0755-٨٢٩١٨٠٠٠"],
)
def test_numbers_that_are_neither_mobile_nor_landline_are_refused(typed):
    assert refusal(normalise_phone, "phone", typed).key == "err.phone_format"


def test_service_numbers_are_grouped():
    assert normalise_phone("phone", "400 123 4567") == "400-123-4567"


@settings(max_examples=50)
@given(mobiles)
def test_normalising_twice_changes_nothing(number):
    once = normalise_phone("phone", number)
    assert normalise_phone("phone", once) == once
