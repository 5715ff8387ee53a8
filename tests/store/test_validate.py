"""The validation toolkit: Checks keeps every refusal with its field path, in the
order the checks ran, and ValidationErrors carries them all while standing for
the first, so a client that shows one refusal works as before."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.store import StoreError, ValidationError
from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationErrors
from frontdesk.store.core.validate import Checks

from visit_data import individual, refused_and_nothing_written, several


def fields(errors) -> list[tuple[str, str]]:
    return [(error.field, error.key) for error in errors]


# --- Checks ---------------------------------------------------------------------------


def test_checks_keep_every_refusal_in_the_order_the_checks_ran():
    c = Checks()
    assert c.run(validate.text, "subject", "", required=True) is None
    assert c.run(validate.text, "location", "园岭街道") == "园岭街道"
    assert c.run(validate.whole_number, "visitors.1.headcount", "x", minimum=1, maximum=9) is None
    c.refuse("visitors.1.phone", "err.phone_format")

    assert fields(c.errors) == [
        ("subject", "err.required"),
        ("visitors.1.headcount", "err.whole_number"),
        ("visitors.1.phone", "err.phone_format"),
    ]
    assert not c.ok("visitors.1.phone") and c.ok("visitors.0.phone")
    assert c.outcome({"checked": True}) == (None, c.errors)


def test_checks_without_a_refusal_hand_back_what_was_checked():
    with Checks() as c:
        name = c.run(validate.text, "name", "  李华 ")
    assert name == "李华"
    assert c.outcome(name) == ("李华", [])


def test_leaving_the_block_raises_every_refusal_at_once():
    with pytest.raises(ValidationErrors) as caught:
        with Checks() as c:
            c.run(validate.day, "roster_start", "tomorrow")
            c.run(validate.text, "roster_name", "", required=True)
    error = caught.value
    assert fields(error.errors) == [("roster_start", "err.date_format"),
                                    ("roster_name", "err.required")]
    # It stands for the first refusal where a single one is expected.
    assert (error.field, error.key) == ("roster_start", "err.date_format")
    assert error.message == error.errors[0].message


def test_a_refusal_raised_inside_the_block_comes_last_and_once():
    with pytest.raises(ValidationErrors) as caught:
        with Checks() as c:
            c.run(validate.text, "title", "", required=True)
            validate.mapping("visitors.2", ["not", "an", "object"])
    assert fields(caught.value.errors) == [("title", "err.required"), ("visitors.2", "err.object")]

    with pytest.raises(ValidationErrors) as caught:
        with Checks() as c:
            c.refuse("title", "err.required")
            c.raise_refusals()
    assert fields(caught.value.errors) == [("title", "err.required")]


def test_other_exceptions_pass_through_the_block_untouched():
    with pytest.raises(KeyError):
        with Checks() as c:
            c.refuse("title", "err.required")
            raise KeyError("title")


def test_unknown_keys_are_named_under_their_prefix_and_cut():
    c = Checks()
    c.unknown_keys({"subject": 1, "colour": 2, "x" * 80: 3}, {"subject"})
    c.unknown_keys({"name": 1, "nick": 2}, {"name"}, prefix="sender", width=60)
    assert fields(c.errors) == [("colour", "err.unknown_key"), ("x" * 40, "err.unknown_key"),
                                ("sender.nick", "err.unknown_key")]
    assert c.errors[-1].params == {"name": "sender.nick"}


# --- the exceptions -------------------------------------------------------------------


def test_a_single_refusal_is_its_own_list_of_errors():
    error = ValidationError("subject", "err.required")
    assert error.errors == [error]
    assert StoreError("err.required").errors[0].key == "err.required"


def test_validation_errors_is_a_validation_error_with_the_cli_exit_code():
    first = ValidationError("visitors.1.phone", "err.phone_format")
    error = ValidationErrors([first, ValidationError("subject", "err.required")])
    assert isinstance(error, ValidationError) and isinstance(error, StoreError)
    assert error.exit_code == first.exit_code == 1
    assert (error.field, error.key, error.params) == (first.field, first.key, first.params)
    assert str(error) == str(first)


def test_validation_errors_of_one_refusal_reads_exactly_like_it():
    only = ValidationError("visitors.0.id_number", "err.id_required")
    error = ValidationErrors([only])
    assert error.errors == [only]
    assert error.message == only.message == "第 1 位来访人的证件号码：个访须登记有效证件"


def test_validation_errors_inside_validation_errors_are_spread_out():
    a, b, c = (ValidationError(name, "err.required") for name in ("a", "b", "c"))
    assert ValidationErrors([ValidationErrors([a, b]), c]).errors == [a, b, c]
    with pytest.raises(ValueError):
        ValidationErrors([])


# --- the desks ------------------------------------------------------------------------


def test_a_visit_refuses_several_fields_at_once_with_their_paths(store, clerk):
    data = several(5, 2, subject="")
    data["visitors"][1]["phone"] = "12"
    data["visitors"][1]["name"] = ""

    error = refused_and_nothing_written(store, store.visits.register, clerk, data)

    assert isinstance(error, ValidationErrors)
    assert [e.field for e in error.errors] == ["visitors.1.phone", "visitors.1.name", "subject"]
    assert error.field == "visitors.1.phone"


def test_a_visit_with_one_refusal_raises_just_that_one(store, clerk):
    error = refused_and_nothing_written(store, store.visits.register, clerk, individual(subject=""))
    assert fields(error.errors) == [("subject", "err.required")]


def test_a_roster_refuses_every_field_at_once(store, duty):
    with pytest.raises(ValidationError) as caught:
        store.rosters.create(duty, "", "soon", "2026-13-01", [])
    assert [e.field for e in caught.value.errors] == [
        "roster_name", "roster_start", "roster_end", "roster_units"]


def test_an_operator_is_refused_for_every_bad_field_at_once(store, admin):
    with pytest.raises(ValidationError) as caught:
        store.operators.add(admin, "li hua", "boss", "short")
    assert fields(caught.value.errors) == [
        ("name", "err.name_spaces"), ("role", "err.role_unknown"),
        ("password", "err.password_short")]
    assert store.operators.get("li hua") is None


# --- rules, fuzzed --------------------------------------------------------------------


@given(st.lists(st.tuples(st.text("abc.0123", min_size=1, max_size=8), st.booleans()),
                max_size=12))
def test_checks_keep_exactly_the_refused_fields_in_order(planned):
    def check(field: str, good: bool) -> str:
        if not good:
            raise ValidationError(field, "err.required")
        return field

    c = Checks()
    results = [c.run(check, field, good) for field, good in planned]
    assert [e.field for e in c.errors] == [field for field, good in planned if not good]
    assert results == [field if good else None for field, good in planned]
    if c.errors:
        with pytest.raises(ValidationErrors) as caught:
            c.raise_refusals()
        assert caught.value.errors == c.errors
    else:
        c.raise_refusals()


@given(st.one_of(st.text(max_size=60), st.integers(), st.none(), st.booleans(), st.floats()))
def test_a_text_field_is_clean_text_or_a_refusal_of_that_field(value):
    try:
        checked = validate.text("visitors.1.address", value, max_length=40)
    except ValidationError as error:
        assert error.field == "visitors.1.address"
        assert error.errors == [error] and error.message
        return
    assert len(checked) <= 40 and checked == checked.strip(" \t\r\n\u3000")
    assert not validate.has_control_chars(checked)


@given(st.integers(-10**6, 10**6), st.integers(0, 500), st.integers(0, 500))
def test_a_whole_number_is_in_range_or_refused_with_the_range(value, low, span):
    high = low + span
    try:
        checked = validate.whole_number("headcount", str(value), minimum=low, maximum=high)
    except ValidationError as error:
        assert not low <= value <= high
        assert error.key in ("err.range", "err.whole_number")  # "-5" is not a whole number
        return
    assert checked == value and low <= checked <= high
