"""Demo matters: every demo visit and letter has one, every status shows, some
run late, and each matter's steps pass the order rules when replayed."""

from __future__ import annotations

from datetime import datetime

import pytest

from frontdesk.store.demo.mail import MailDemo
from frontdesk.store.demo.visits import Demo
from frontdesk.store.matters import rules

from visit_data import verified


@pytest.fixture
def filled(store, admin):
    Demo(store, 7).visits(admin, 400, years=3)
    MailDemo(store, 7).letters(admin, 150, years=3)
    return store


def test_every_demo_visit_and_letter_belongs_to_one_matter(filled):
    db = filled.db
    for table, channel in (("visits", "visit"), ("letters", "letter")):
        missing = db.execute(f"SELECT count(*) FROM {table} WHERE id NOT IN"
                             " (SELECT record_id FROM matter_contacts WHERE channel = ?)", [channel]).fetchone()[0]
        assert missing == 0
    assert verified(filled)


def test_demo_matters_show_every_status_and_some_are_overdue(filled, admin):
    matters = filled.matters.listing(admin)
    assert {m.status for m in matters} == set(rules.STATUSES)
    assert sum(m.state.overdue for m in matters) >= 5
    assert any(m.state.extended for m in matters) and any(m.state.supervision_due for m in matters)


def test_demo_steps_keep_the_order_rules(filled, admin):
    for matter in filled.matters.listing(admin):
        done: list[rules.Step] = []
        for step in matter.steps:
            if not step.data.get("at_desk"):
                state = rules.state_of(done, matter.opened_at, step.day)
                checked = rules.CheckedStep(step.step, datetime.fromisoformat(step.at), dict(step.data))
                rules.check_order(checked, state, kind=matter.kind, category=matter.category,
                                  last_at=done[-1].at if done else None, settings=filled.matters.settings)
            done.append(step)


def test_the_derived_state_is_what_the_steps_give(filled, admin, clock):
    from frontdesk.store.matters.state import refresh_missing

    number = filled.visits.register(admin, {"subject": "新事项", "visitors": [
        {"name": "孙丽", "id_number": "44030419750505123X", "phone": "13600136000"}]}).number
    filled.matters.step(admin, number, {"step": "transfer", "unit": "区教育局"})
    kept = list(filled.db.execute("SELECT * FROM matter_state ORDER BY matter_id"))
    with filled.write() as db:
        db.execute("DELETE FROM matter_state")
        assert refresh_missing(db) == len(kept)
    assert list(filled.db.execute("SELECT * FROM matter_state ORDER BY matter_id")) == kept
    overdue = filled.matters.listing(admin, overdue=True)
    assert overdue and all(m.state.overdue for m in overdue)
    assert filled.matters.counts()[1] == len(overdue)
