"""Petition letters in the store: the opening checks, kinds, enclosures, handling,
repeat letters, registers and closing."""

from __future__ import annotations

import pytest

from frontdesk.output.mail_text import enclosures_state, letter_lines
from frontdesk.store import PermissionDenied, StoreError, ValidationError

import testdata

SENDER = {"name": "张三", "phone": "138 0013 8000", "address": "深圳市福田区园岭街道"}


def rid(first17: str) -> str:
    return testdata.resident_id(first17)


def letter(**fields) -> dict:
    return {"received_at": "2026-03-02 08:30", "channel": "post", "sender": dict(SENDER),
            "subject": "小区物业服务纠纷", **fields}


@pytest.fixture
def clerk(store, admin):
    return store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽")


def refusals(store, data) -> dict[str, str]:
    _checked, errors, _warnings = store.letters.collect(data)
    return {error.field: error.key for error in errors}


def test_the_form_asks_the_store_when_a_letter_would_be_due(store):
    assert str(store.letters.due_for("2026-03-01 10:00")) == "2026-03-16"
    assert str(store.letters.due_for("")) == "2026-03-17"  # received now (the clock: 03-02)
    assert store.letters.due_for("03-01") is None
    assert store.letters.due_for("2099-01-01 10:00") is None  # in the future: refused


def test_a_signed_letter_is_numbered_and_due_in_15_days(store, clerk):
    saved = store.letters.register(clerk, letter(letter_date="2026-02-26", signers=3))

    assert saved.number == "L2026-000001"
    assert (saved.kind, saved.channel, saved.signers, saved.joint) == ("signed", "post", 3, True)
    assert saved.sender_phone == "13800138000"
    assert saved.due_date == "2026-03-17"
    assert (saved.repeat, saved.overdue, saved.proposal) == (False, False, None)
    assert saved.created_by == "shoufa"
    assert store.letters.register(clerk, letter(sender={"name": "李四", "phone": "13900139000"})).number \
        == "L2026-000002"
    assert store.audit.verify().ok


def test_every_refusal_is_given_at_once_and_nothing_is_saved(store, clerk):
    data = letter(subject="", channel="pigeon", pages_stated="three",
                  enclosures=[{"item": "现金", "kind": "cash"}], accused=[{"unit": "区城管局"}])

    assert refusals(store, data) == {
        "subject": "err.required", "letter_channel": "err.choice",
        "pages_stated": "err.whole_number", "enclosures.0.amount": "err.letter_cash_amount",
        "accused.0.accused_name": "err.required",
    }
    with pytest.raises(ValidationError):
        store.letters.register(clerk, data)
    assert store.letters.listing(clerk, "all") == []


@pytest.mark.parametrize(("kind", "sender", "field", "key"), [
    ("signed", {"name": ""}, "sender.name", "err.letter_signed_name"),
    ("signed", {"name": "张三"}, "sender.phone", "err.letter_signed_contact"),
    ("anonymous", {"name": "张三"}, "sender.name", "err.letter_anonymous_named"),
    ("repeat", {"phone": "13800138000"}, "sender.name", "err.letter_repeat_name"),
])
def test_each_kind_checks_what_it_requires(store, kind, sender, field, key):
    assert refusals(store, letter(kind=kind, sender=sender))[field] == key


def test_an_unstated_kind_follows_the_letter_blank_is_empty_not_anonymous(store, clerk):
    assert store.letters.register(clerk, letter()).kind == "signed"
    unsigned = store.letters.register(clerk, letter(sender=None, content="小区噪音扰民"))
    blank = store.letters.register(clerk, letter(sender=None, subject="空白信"))
    assert (unsigned.kind, blank.kind) == ("anonymous", "empty")


def test_an_anonymous_letter_without_any_sender_is_registered(store, clerk):
    saved = store.letters.register(clerk, letter(kind="anonymous", sender=None))

    assert (saved.kind, saved.sender_name) == ("anonymous", "")
    assert refusals(store, letter(kind="anonymous", sender=None, signers=2)) == {
        "signers": "err.letter_anonymous_joint"}


def test_a_letter_not_for_this_office_is_not_registered(store):
    assert refusals(store, letter(opening={"addressed_here": False})) == {
        "opening.addressed_here": "err.letter_not_ours"}


def test_opening_checks_are_kept_and_missing_ones_warned(store, clerk):
    _checked, errors, warnings = store.letters.collect(
        letter(opening={"addressed_here": True, "stamped": False}))
    assert errors == [] and [w.key for w in warnings] == ["warn.letter_stamped"]

    saved = store.letters.register(clerk, letter(opening={"addressed_here": True, "stamped": True,
                                                          "envelope_kept": True}))
    assert saved.opening == {"addressed_here": True, "stamped": True, "envelope_kept": True}


def test_a_page_mismatch_is_kept_and_shown(store, clerk):
    saved = store.letters.register(clerk, letter(pages_stated=5, pages_received=4))
    _checked, _errors, warnings = store.letters.collect(letter(pages_stated=5, pages_received=4))

    assert saved.pages_mismatch and (saved.pages_stated, saved.pages_received) == (5, 4)
    assert [w.key for w in warnings] == ["warn.letter_pages"]
    assert not store.letters.register(clerk, letter(pages_stated=2, pages_received=2)).pages_mismatch


def test_an_earlier_letter_of_the_same_sender_makes_a_repeat_letter(store, admin, clerk, clock):
    first = store.letters.register(clerk, letter())
    visit = store.visits.register(admin, {
        "visited_at": "2026-03-01 10:00",
        "visitors": [{"name": "张三", "id_number": rid("44030419800101123"), "phone": "13800138000"}],
        "subject": "物业",
    })
    clock.advance(days=1)
    again = store.letters.register(clerk, letter(received_at="2026-03-03 08:00"))

    assert (again.kind, again.repeat, again.previous_number) == ("repeat", True, first.number)
    assert {(p.channel, p.number) for p in again.previous} == {("letter", first.number),
                                                                ("visit", visit.number)}
    # ...and a visit finds the letters.
    history = store.visits.history(admin, [{"name": "张三", "phone": "13800138000"}])
    assert {r.number for r in history.definite} >= {first.number, again.number}


def test_a_repeat_letter_needs_an_earlier_one(store, clerk):
    with pytest.raises(ValidationError) as refused:
        store.letters.register(clerk, letter(kind="repeat"))
    assert refused.value.key == "err.letter_repeat_unknown"

    old = store.letters.register(clerk, letter(sender={"name": "王五", "address": "福田区"}))
    saved = store.letters.register(clerk, letter(kind="repeat", previous_number=old.number.lower()))
    assert (saved.repeat, saved.previous_number) == (True, old.number)


def test_accusations_go_to_the_discipline_organs_never_to_the_accused(store, clerk):
    accused = [{"name": "王某", "unit": "区城管局", "post": "科长", "rank": "正科"}]

    assert refusals(store, letter(accused=accused, proposal="transfer", transfer_to="区住房和建设局")) \
        == {"transfer_to": "err.letter_accusation_unit"}
    assert refusals(store, letter(accused=accused, proposal="case", transfer_to="区城管局")) \
        == {"transfer_to": "err.letter_to_accused_unit"}
    saved = store.letters.register(clerk, letter(accused=accused, proposal="transfer",
                                                 transfer_to="区纪委监委"))
    assert (saved.proposal, saved.transfer_to, saved.handled_by) == ("transfer", "区纪委监委", "shoufa")


def test_handling_rules(store):
    assert refusals(store, letter(proposal="transfer")) == {"transfer_to": "err.letter_unit_required"}
    assert refusals(store, letter(proposal="no_transfer")) == {
        "no_transfer_reason": "err.letter_reason_required"}
    assert refusals(store, letter(kind="empty", proposal="submit")) == {
        "proposal": "err.letter_empty_proposal"}


def test_handling_later_and_overdue_letters(store, clerk, clock):
    saved = store.letters.register(clerk, letter())
    clock.advance(days=16)

    assert [item.number for item in store.letters.listing(clerk, "overdue")] == [saved.number]
    assert store.letters.get(clerk, saved.number).overdue
    handled = store.letters.handle(clerk, saved.number, {"proposal": "no_transfer",
                                                          "no_transfer_reason": "being_handled"})
    assert (handled.overdue, handled.no_transfer_reason) == (False, "being_handled")
    assert store.letters.listing(clerk, "overdue") == [] == store.letters.listing(clerk, "pending")


def test_enclosures_are_held_until_returned_and_block_closing(store, clerk, clock):
    saved = store.letters.register(clerk, letter(
        proposal="submit",
        enclosures=[{"item": "现金", "amount": "200.5"},
                    {"item": "身份证复印件", "kind": "id_document"},
                    {"item": "照片", "returned": True}]))
    cash, copy, photo = saved.enclosures

    assert (cash.kind, cash.amount, cash.held) == ("cash", "200.50", True)
    assert (copy.kind, photo.held, photo.returned_how, photo.returned_by) == (
        "id_document", False, "in_person", "shoufa")
    assert [(n, e.item) for n, e in store.letters.held_enclosures(clerk)] == [
        (saved.number, "现金"), (saved.number, "身份证复印件")]
    with pytest.raises(StoreError) as refused:
        store.letters.close(clerk, saved.number)
    assert refused.value.key == "err.letter_close_held"

    clock.advance(hours=2)
    store.letters.return_enclosure(clerk, saved.number, 1, "registered", "挂号 XA123")
    after = store.letters.return_enclosure(clerk, saved.number, 2, "post")
    assert after.enclosures[0].returned_at == "2026-03-02 11:15:00"
    assert after.enclosures[0].return_note == "挂号 XA123"
    with pytest.raises(StoreError):
        store.letters.return_enclosure(clerk, saved.number, 2, "post")
    for blank in ("", "  \n "):
        with pytest.raises(ValidationError) as refused:
            store.letters.close(clerk, saved.number, blank)
        assert refused.value.field == "outcome"
    assert store.letters.get(clerk, saved.number).closed_at is None
    closed = store.letters.close(clerk, saved.number, "已转区住建局，答复信访人")
    assert (closed.closed_by, store.letters.listing(clerk, "held")) == ("shoufa", [])
    assert closed.outcome == "已转区住建局，答复信访人"
    assert "  办结情况：已转区住建局，答复信访人" in letter_lines(closed)
    assert "  1. 现金（现金 200.50）  已于 2026-03-02 11:15 挂号寄回，经办 shoufa，退回备注：挂号 XA123" \
        in letter_lines(closed)
    assert enclosures_state(closed) == "已退 挂号 XA123"
    assert enclosures_state(saved) == "2 件未退"
    with pytest.raises(StoreError) as refused:
        store.letters.handle(clerk, saved.number, {"proposal": "submit"})
    assert refused.value.key == "err.letter_closed"
    assert store.audit.verify().ok


def test_an_unhandled_letter_cannot_be_closed(store, clerk):
    saved = store.letters.register(clerk, letter())
    with pytest.raises(StoreError) as refused:
        store.letters.close(clerk, saved.number)
    assert refused.value.key == "err.letter_close_unhandled"


def test_registers_today_pending_and_counts(store, clerk, clock):
    old = store.letters.register(clerk, letter(received_at="2026-02-27 10:00", proposal="submit"))
    new = store.letters.register(clerk, letter(sender={"name": "李四", "phone": "13900139000"}))

    assert [item.number for item in store.letters.listing(clerk)] == [new.number]
    assert [item.number for item in store.letters.listing(clerk, "pending")] == [new.number]
    assert store.letters.count_between("2026-02-27 00:00:00", "2026-03-02 09:00:00") == 2
    assert store.letters.count_between("2026-03-02 09:00:00", "2026-03-03 00:00:00") == 0
    assert ("count.letters_today", 1) in store.today_counts()
    assert [item.number for item in store.letters.search(clerk, "lisi")] == [new.number]
    assert [item.number for item in store.letters.search(clerk, old.number)] == [old.number]


def test_only_the_mail_room_registers_letters(store, admin):
    desk = store.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    with pytest.raises(PermissionDenied):
        store.letters.register(desk, letter())


def test_letters_are_never_deleted(store, clerk):
    store.letters.register(clerk, letter(enclosures=[{"item": "照片"}]))
    with store.write() as db, pytest.raises(Exception, match="never deleted"):
        db.execute("DELETE FROM letters")


def test_demo_letters_are_plausible_and_audited(store, admin):
    from frontdesk.store.demo.mail import MailDemo

    assert MailDemo(store, 7).letters(admin, 300, years=1) == 300
    letters = store.letters.listing(admin, "all", limit=1000)

    assert len(letters) == 300 and len({item.number for item in letters}) == 300
    assert any(item.repeat for item in letters) and any(item.names_accused for item in letters)
    assert all(item.transfer_to == "区纪委监委" for item in letters if item.names_accused and item.proposal)
    assert not any(item.overdue for item in letters if item.due_date < "2026-02-01")
    assert store.audit.verify().ok
    # Numbering continues after the demo's letters.
    demo_count = sum(item.number.startswith("L2026") for item in letters)
    assert store.letters.register(admin, letter()).number == f"L2026-{demo_count + 1:06d}"


def test_a_letter_is_found_by_its_number_digits_and_a_sealed_one_stays_sealed(store, admin, clerk):
    for n in range(12):
        extra = {"accused": [{"name": "甄某", "unit": "某局"}]} if n == 10 else {}
        store.letters.register(clerk, letter(subject="物业" + "甲乙丙丁戊己庚辛壬癸子丑"[n], **extra))
    desk = store.operators.add(admin, "jiedai", "reception", "desk-pass-1", "陈晓东")

    for typed in ("1", "000001", "０００００１", "L2026-000001", "l2026-000001"):
        assert [x.number for x in store.letters.search(clerk, typed)] == ["L2026-000001"], typed
    assert [x.number for x in store.letters.listing(clerk, "pending", query="12")] == ["L2026-000012"]
    (sealed,) = store.letters.search(desk, "11")
    assert (sealed.number, sealed.sealed, sealed.subject) == ("L2026-000011", True, "")
