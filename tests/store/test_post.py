"""Registered post (挂号件): signed in, passed on, found by the end of its number."""

from __future__ import annotations

import pytest

from frontdesk.store import StoreError, ValidationError


@pytest.fixture
def clerk(store, admin):
    return store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽")


def item(**fields) -> dict:
    return {"tracking_number": "xa 1234 5678 9cn", "sender": "市人社局", "addressee": "区教育局",
            "received_at": "2026-03-02 08:40", **fields}


def test_sign_in_and_pass_on(store, clerk, clock):
    saved = store.post.register(clerk, item())

    assert (saved.number, saved.tracking_number, saved.signed_by) == (
        "P2026-000001", "XA123456789CN", "赵丽")
    assert saved.waiting and not saved.late
    clock.advance(minutes=20)
    passed = store.post.pass_on(clerk, "XA123456789CN", "区教育局办公室", "李四")
    assert (passed.passed_to, passed.passed_signed_by, passed.passed_at, passed.passed_by) == (
        "区教育局办公室", "李四", "2026-03-02 09:35:00", "shoufa")
    assert not passed.waiting
    with pytest.raises(StoreError) as refused:
        store.post.pass_on(clerk, saved.number, "别处")
    assert refused.value.key == "err.post_already_passed"
    assert store.audit.verify().ok


def test_refusals(store, clerk):
    _checked, errors = store.post.collect(clerk, {"tracking_number": "12", "addressee": "",
                                                  "colour": "red"})
    assert {e.field: e.key for e in errors} == {
        "tracking_number": "err.post_tracking", "post_addressee": "err.required",
        "colour": "err.unknown_key"}
    store.post.register(clerk, item())
    with pytest.raises(ValidationError) as refused:
        store.post.register(clerk, item(tracking_number="XA123456789CN"))
    assert refused.value.key == "err.post_duplicate"
    with pytest.raises(ValidationError):
        store.post.pass_on(clerk, "P2026-000001", "区教育局", at="2026-03-01 10:00")


def test_found_by_whole_number_or_last_digits(store, clerk):
    first = store.post.register(clerk, item())
    second = store.post.register(clerk, item(tracking_number="1100223344556"))

    assert [p.number for p in store.post.find(clerk, "789cn")] == [first.number]
    assert [p.number for p in store.post.find(clerk, "4556")] == [second.number]
    assert [p.number for p in store.post.find(clerk, "1100 2233 4455 6")] == [second.number]
    assert store.post.find(clerk, "556") == []  # too short to mean one item
    assert [p.number for p in store.post.find(clerk, second.number)] == [second.number]


def test_what_waits_stands_out_and_stays_listed(store, clerk, clock):
    old = store.post.register(clerk, item(received_at="2026-02-27 10:00"))
    today = store.post.register(clerk, item(tracking_number="1100223344556"))
    store.post.pass_on(clerk, today.number, "区教育局")

    listed = store.post.listing(clerk)
    assert [p.number for p in listed] == [today.number, old.number]
    assert [p.late for p in listed] == [False, True]
    assert [p.number for p in store.post.listing(clerk, "waiting")] == [old.number]
    assert store.post.counts_today() == (1, 1)


def test_reception_cannot_read_post(store, admin):
    desk = store.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    with pytest.raises(StoreError):
        store.post.listing(desk)


def test_found_by_the_digits_of_its_registration_number(store, clerk):
    first = store.post.register(clerk, item())
    second = store.post.register(clerk, item(tracking_number="1100223344556"))

    for typed in ("2", "000002", second.number):
        assert [p.number for p in store.post.find(clerk, typed)] == [second.number], typed
    assert [p.number for p in store.post.listing(clerk, "all", query="1")] == [first.number]
