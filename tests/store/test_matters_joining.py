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
