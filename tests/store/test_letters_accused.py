"""Accused persons (被检举人) are read only by the mail room, supervisors and
admins: a planted name, unit and ID number never reach any other role by any
store path, and are never searchable by them."""

from __future__ import annotations

import dataclasses

import pytest

from frontdesk.store.shared.identity import mask_id

from testdata import resident_id

CANARY_NAME = "甄金丝雀"
CANARY_UNIT = "金丝雀管理处"
CANARY_ID = resident_id("44030419710203451")
MAY_READ = ("mail", "supervisor", "admin")


@pytest.fixture
def planted(store, admin):
    clerk = store.operators.add(admin, "shoufa", "mail", "mail-pass-1")
    saved = store.letters.register(clerk, {
        "received_at": "2026-03-02 08:00", "sender": {"name": "张三", "phone": "13800138000"},
        "subject": "反映干部作风问题",
        "accused": [{"name": CANARY_NAME, "unit": CANARY_UNIT, "identity": "公务员",
                     "post": "处长", "rank": "正处", "id_number": CANARY_ID}],
        "proposal": "transfer", "transfer_to": "区纪委监委",
    })
    return saved.number


def everything_readable(store, actor, number) -> str:
    """Every letter the store gives ``actor``, by every reading path, as text."""
    found = [store.letters.get(actor, number)]
    for view in ("today", "pending", "held", "overdue", "all"):
        found += store.letters.listing(actor, view)
    found += store.letters.search(actor, "张三")
    return repr([dataclasses.asdict(letter) for letter in found])


def test_the_mail_room_sees_who_is_accused(store, admin, planted):
    for role in MAY_READ:
        actor = admin if role == "admin" else store.operators.add(admin, f"r{role}", role, "pass-word-1")
        letter = store.letters.get(actor, planted)
        assert [(a.name, a.unit, a.id_number) for a in letter.accused] == [
            (CANARY_NAME, CANARY_UNIT, mask_id(CANARY_ID))]
        assert [item.number for item in store.letters.search(actor, CANARY_NAME)] == [planted]
        assert CANARY_ID not in everything_readable(store, actor, planted)


def test_reception_gets_the_letter_sealed_as_its_number_date_and_channel(store, admin, planted):
    desk = store.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    letter = store.letters.get(desk, planted)

    assert letter.sealed and (letter.number, letter.received_at, letter.channel) == (
        planted, "2026-03-02 08:00:00", "post")
    assert (letter.subject, letter.content, letter.sender_name, letter.sender_phone, letter.accused,
            letter.transfer_to) == ("", "", "", "", (), None)
    text = everything_readable(store, desk, planted)
    for secret in (CANARY_NAME, CANARY_UNIT, CANARY_ID, mask_id(CANARY_ID), "正处", "公务员",
                   "张三", "13800138000", "反映干部作风问题", "区纪委监委"):
        assert secret not in text
    for query in (CANARY_NAME, CANARY_UNIT, "金丝雀", CANARY_ID[-6:], "张三", "13800138000", "作风"):
        assert store.letters.search(desk, query) == []
    # By its number it is found, sealed.
    assert [(item.number, item.sealed) for item in store.letters.search(desk, planted)] == [(planted, True)]


def test_the_people_lookup_never_finds_an_accused_person(store, admin, planted):
    history = store.visits.history(admin, [{"name": CANARY_NAME, "id_number": CANARY_ID}])
    assert history.definite == () == history.possible


def test_the_audit_trail_does_not_name_the_accused(store, admin, planted):
    entries = store.audit.log(admin, limit=100)
    assert CANARY_NAME not in repr(entries) and CANARY_ID not in repr(entries)
