"""The matter a visit or letter joins, as the forms show it before saving, and
a new contact on a final matter: proposed as not accepted (已经复核终结), handled
only with a note overruling it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from frontdesk.i18n import set_language
from frontdesk.store.matters.records import FINAL_NO_TRANSFER, FINAL_REASON

from visit_data import individual, refused_and_nothing_written, verified

SENDER = {"name": "张三", "phone": "138 0013 8000", "address": "深圳市福田区园岭街道"}
TO_FINAL = ({"step": "transfer", "unit": "区教育局"}, {"step": "accept"}, {"step": "answer", "summary": "a"},
            {"step": "review_request"}, {"step": "review_answer", "summary": "b"},
            {"step": "recheck_request"}, {"step": "recheck_answer", "summary": "c"})


@pytest.fixture
def clerk(store, admin):
    return store.operators.add(admin, "lihua", "reception", "reception-pass", "李华")


@pytest.fixture
def mail(store, admin):
    return store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽")


def letter(**fields) -> dict:
    return {"received_at": "2026-03-02 08:30", "channel": "post", "sender": dict(SENDER),
            "subject": "小区物业服务纠纷", **fields}


def final_matter(store, actor) -> tuple[str, str]:
    """A visit whose matter went all the way to 复核: (visit number, matter number)."""
    visit = store.visits.register(actor, individual())
    matter = None
    for data in TO_FINAL:
        matter = store.matters.step(actor, visit.number, data)
    assert matter is not None and matter.final
    return visit.number, matter.number


def test_the_matter_being_joined_is_read_before_saving(store, admin, clerk, mail, clock):
    first = store.visits.register(clerk, individual())
    matter = store.matters.step(clerk, first.number, {"step": "transfer", "unit": "区教育局"})
    marked = {"channel": "visit", "number": first.number}
    joining = store.matters.joining(clerk, marked)
    assert joining is not None and joining.number == matter.number
    assert (joining.status, joining.state.unit, joining.state.due) == ("transferred", "区教育局", date(2026, 3, 17))
    assert not joining.state.overdue and not joining.final
    # By the matter's own number too, and where it stands on the day asked.
    clock.set(datetime(2026, 3, 18, 9, 0))
    assert store.matters.joining(clerk, matter.number).state.overdue
    # Nothing named, a record the office does not have, or a role that reads no matters: nothing.
    assert store.matters.joining(clerk, None) is None
    assert store.matters.joining(clerk, {"channel": "visit", "number": "V2026-999999"}) is None
    assert store.matters.joining(clerk, "nonsense") is None
    duty = store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王五")
    assert store.matters.joining(duty, marked) is None
    # The mail room marks a visit of the same person: it gets the matter, not the visit's subject.
    assert store.matters.joining(mail, marked).subject == ""


def test_a_visit_on_a_final_matter_handled_without_a_note_is_refused(store, clerk):
    visit_number, number = final_matter(store, clerk)
    for handled in ({"disposition": "transfer", "transfer_unit": "区教育局"}, {"disposition": "answered"},
                    {"disposition": "case", "transfer_unit": "区教育局"}):
        error = refused_and_nothing_written(store, store.visits.register, clerk,
                                            individual(same_matter=visit_number, **handled))
        assert (error.field, error.key, error.params["matter"]) == \
            ("matter_overrule", "err.matter_final_overrule", number)
    assert "已经复核终结" in error.message
    set_language("en")
    assert "needs a note" in error.message
    set_language("zh")
    # As proposed, not accepted because re-reviewed: joined, kept as not accepted.
    kept = store.visits.register(clerk, individual(same_matter=visit_number, disposition="not_accepted",
                                                   not_accepted_reason=FINAL_REASON))
    joined = store.matters.of_contact("visit", kept.id)
    assert joined is not None and (joined.number, joined.final) == (number, True)
    # Overruled with a note: handled, as a matter of its own, the note kept with the contact.
    overruled = store.visits.register(clerk, individual(
        same_matter=visit_number, disposition="transfer", transfer_unit="区教育局",
        matter_overrule="提出新的事实和证据"))
    fresh = store.matters.of_contact("visit", overruled.id)
    assert fresh is not None and fresh.number != number and not fresh.final
    assert store.matters.get(clerk, fresh.number).status == "transferred"
    note = store.db.execute("SELECT overruled_note FROM matter_contacts WHERE channel = 'visit' AND record_id = ?",
                            [overruled.id]).fetchone()[0]
    assert note == "提出新的事实和证据"
    assert verified(store)


def test_a_letter_on_a_final_matter_transferred_without_a_note_is_refused(store, clerk, mail):
    visit_number, number = final_matter(store, clerk)
    same = {"channel": "visit", "number": visit_number}
    for handled in ({"proposal": "transfer", "transfer_to": "区教育局"}, {"proposal": "submit"}):
        error = refused_and_nothing_written(store, store.letters.register, mail, letter(same_matter=same, **handled))
        assert (error.field, error.key) == ("matter_overrule", "err.matter_final_overrule")
    kept = store.letters.register(mail, letter(same_matter=same, proposal="no_transfer",
                                               no_transfer_reason=FINAL_NO_TRANSFER))
    assert store.matters.of_contact("letter", kept.id).final
    overruled = store.letters.register(mail, letter(same_matter=same, proposal="transfer", transfer_to="区教育局",
                                                    matter_overrule="来信反映新情况"))
    assert store.matters.of_contact("letter", overruled.id).number != number
    assert verified(store)


def test_a_letter_kept_on_a_final_matter_is_not_transferred_later(store, clerk, mail):
    """Registered with no handling yet, it was kept as not accepted: proposing a transfer,
    an assignment or a submission later is refused (its contact cannot move to a matter of
    its own); not transferring it is still recorded."""
    visit_number, number = final_matter(store, clerk)
    kept = store.letters.register(mail, letter(same_matter={"channel": "visit", "number": visit_number}))
    assert store.matters.of_contact("letter", kept.id).final
    for handled in ({"proposal": "transfer", "transfer_to": "区教育局"}, {"proposal": "submit"},
                    {"proposal": "case", "transfer_to": "区教育局"}):
        error = refused_and_nothing_written(store, store.letters.handle, mail, kept.number, handled)
        assert (error.field, error.key, error.params["matter"]) == ("proposal", "err.matter_final_later", number)
    handled = store.letters.handle(mail, kept.number,
                                   {"proposal": "no_transfer", "no_transfer_reason": FINAL_NO_TRANSFER})
    assert handled.proposal == "no_transfer"
    # A letter of a matter still running is handled as before.
    running = store.letters.register(mail, letter())
    assert store.letters.handle(mail, running.number, {"proposal": "submit"}).proposal == "submit"
    assert verified(store)


def test_the_quick_lookup_finds_a_matter_by_its_number_or_query_code(store, admin, clerk, mail):
    first = store.visits.register(clerk, individual())
    second = store.visits.register(clerk, individual(subject="拖欠工资再访", same_matter=first.number))
    letter_saved = store.letters.register(mail, letter(same_matter={"channel": "visit", "number": first.number}))
    other = store.visits.register(clerk, individual(subject="另一事项"))
    number = store.matters.of_contact("visit", first.id).number
    hits = store.lookup.search(clerk, number)
    # The matter first, then its contacts in time order (the letter came in the morning).
    assert [(h.channel, h.number, h.matched) for h in hits] == [
        ("matter", number, "number"), ("letter", letter_saved.number, "matter"),
        ("visit", first.number, "matter"), ("visit", second.number, "matter")]
    assert hits[0].subject == "拖欠工资"
    # Without the dash or the zeros, and in lower case, as typed in a hurry.
    assert [h.number for h in store.lookup.search(clerk, number.lower().replace("-00000", ""))][:1] == [number]
    # The mail room reads no visits: the matter and its letter.
    assert [(h.channel, h.number) for h in store.lookup.search(mail, number)] == \
        [("matter", number), ("letter", letter_saved.number)]
    # A visitor's query code: its matter, then the contacts.
    by_code = store.lookup.search(clerk, second.query_code.lower())
    assert [(h.channel, h.number) for h in by_code] == [
        ("matter", number), ("letter", letter_saved.number), ("visit", first.number), ("visit", second.number)]
    assert [h.matched for h in by_code] == ["code", "matter", "matter", "code"]
    assert other.number not in [h.number for h in by_code]
    # A channel chosen, a matter no one has, or a role that reads no matters: no matter listed.
    assert all(h.channel == "visit" for h in store.lookup.search(clerk, number, channels=["visit"]))
    assert store.lookup.search(clerk, "M2026-000999") == []
    duty = store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王五")
    assert all(h.channel != "matter" for h in store.lookup.search(duty, number))


def test_an_accusation_matter_found_by_number_shows_nothing_sealed(store, admin, clerk, mail):
    accusation = store.letters.register(mail, letter(subject="举报某局科长受贿", accused=[
        {"name": "甄金丝雀", "unit": "区某局"}]))
    number = store.matters.of_contact("letter", accusation.id).number
    hits = store.lookup.search(clerk, number)
    assert [(h.channel, h.number, h.subject) for h in hits] == [("matter", number, "")]
    assert "甄金丝雀" not in repr(hits) and "受贿" not in repr(hits)
    supervisor = store.operators.add(admin, "kezhang", "supervisor", "super-pass-1", "科长")
    assert [h.channel for h in store.lookup.search(supervisor, number)] == ["matter", "letter"]


def test_a_query_code_that_reads_as_pinyin_still_names_its_visit(store, clerk, monkeypatch):
    """Six letters may also be the start of a name's pinyin (ZHANGS, 张三): the visit
    whose code it is says it was found by its code."""
    from frontdesk.store.shared import numbers

    first = store.visits.register(clerk, individual())
    monkeypatch.setattr(numbers, "new_query_code", lambda *_args: "ZHANGS")
    second = store.visits.register(clerk, individual(subject="拖欠工资再访", same_matter=first.number))
    assert second.query_code == "ZHANGS"
    hits = store.lookup.search(clerk, "zhangs")
    assert [(h.channel, h.number, h.matched) for h in hits][:3] == [
        ("matter", store.matters.of_contact("visit", first.id).number, "code"),
        ("visit", first.number, "pinyin"), ("visit", second.number, "code")]



def test_a_query_code_beginning_with_m_is_a_code_not_a_matter_number(store, clerk, monkeypatch):
    """One code in 31 begins with M, as matter numbers do: it still says "code"."""
    from frontdesk.store.shared import numbers

    first = store.visits.register(clerk, individual())
    monkeypatch.setattr(numbers, "new_query_code", lambda *_args: "M7K2PQ")
    second = store.visits.register(clerk, individual(subject="拖欠工资再访", same_matter=first.number))
    hits = store.lookup.search(clerk, "m7k2pq")
    assert [(h.channel, h.number, h.matched) for h in hits] == [
        ("matter", store.matters.of_contact("visit", first.id).number, "code"),
        ("visit", first.number, "matter"), ("visit", second.number, "code")]
