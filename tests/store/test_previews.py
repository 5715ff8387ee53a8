"""The rules a form shows while the operator types are the store's own: the
screens ask these functions instead of working the rule out again."""

from __future__ import annotations

from datetime import date

import pytest

from frontdesk.store import ValidationError
from frontdesk.store.mail.letter_rules import due_date, pages_differ
from frontdesk.store.visits.rules import kind_of, signatures_expected


@pytest.mark.parametrize(("headcount", "kind"), [(1, "individual"), (2, "joint"), (4, "joint"),
                                                 (5, "group"), (300, "group")])
def test_the_kind_of_a_visit_by_its_headcount(headcount, kind):
    assert kind_of(headcount) == kind


@pytest.mark.parametrize(("headcount", "reps", "signed"), [(12, 5, 7), (5, 5, 0), (3, 1, 2), (1, 0, 1), (2, 3, 0)])
def test_everyone_but_the_representatives_signs(headcount, reps, signed):
    assert signatures_expected(headcount, reps) == signed


def test_a_group_refused_for_a_wrong_signature_count_names_the_expected_one(store, admin):
    visitors = [{"name": f"代表{i}", "id_number": "", "phone": "13800138000", "address": "福田",
                 "representative": True, "liaison": i == 0} for i in range(2)]
    with pytest.raises(ValidationError) as refused:
        store.visits.register(admin, {"headcount": 6, "signed": 5, "subject": "拆迁", "visitors": visitors})
    mismatch = [e for e in refused.value.errors if e.key == "err.signed_mismatch"]
    assert mismatch and mismatch[0].params["expected"] == signatures_expected(6, 2) == 4


def test_a_letter_is_due_fifteen_days_after_receipt():
    assert due_date(date(2026, 2, 20)) == date(2026, 3, 7)


@pytest.mark.parametrize(("stated", "received", "differ"), [
    (3, 2, True), (3, 3, False), (None, 2, False), (3, None, False),
    ("3", "2", True), (" 3 ", "3", False), ("", "2", False), ("3", "", False),
    ("3x", "2", False), ("²", "2", False), ("0", "3", True),
])
def test_pages_stated_and_received(stated, received, differ):
    assert pages_differ(stated, received) is differ


def test_a_saved_letter_and_its_form_agree_on_the_pages(store, admin):
    letter = store.letters.register(admin, {"subject": "反映噪音", "sender": {"name": "张三", "phone": "13800138000"},
                                            "pages_stated": 3, "pages_received": 2})
    assert letter.pages_mismatch is pages_differ("3", "2") is True


@pytest.mark.parametrize(("typed", "window"), [
    (("", ""), {}),
    (("2026-02-10", None), {"start": "2026-02-10 00:00:00"}),
    ((None, "2026-02-10"), {"end": "2026-02-11 00:00:00"}),
    ((" 2026-02-01 ", "2026-03-02"), {"start": "2026-02-01 00:00:00", "end": "2026-03-03 00:00:00"}),
    (("２０２６-02-10", ""), {"start": "2026-02-10 00:00:00"}),
])
def test_the_lookup_window_of_typed_days(store, typed, window):
    assert store.lookup.window(*typed) == window


@pytest.mark.parametrize(("typed", "key"), [
    (("2026-13-01", ""), "err.date_format"),
    (("", "yesterday"), "err.date_format"),
    (("2026-03-03", ""), "err.time_future"),
    (("", "2026-03-04"), "err.time_future"),
    (("1999-12-31", ""), "err.time_too_old"),
])
def test_a_wrong_day_in_the_lookup_window_is_refused(store, typed, key):
    with pytest.raises(ValidationError) as refused:
        store.lookup.window(*typed)
    assert (refused.value.field, refused.value.key) == ("date", key)
