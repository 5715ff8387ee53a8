"""Drafts: kept per operator and form, replaced, discarded; never records."""

from __future__ import annotations


def test_a_draft_is_kept_per_operator_and_form(store, admin):
    clerk = store.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    store.drafts.keep(clerk, "visit", {"subject": "一"})
    store.drafts.keep(clerk, "visit", {"subject": "二"})
    store.drafts.keep(admin, "visit", {"subject": "管理员的"})
    assert store.drafts.get(clerk, "visit").data == {"subject": "二"}
    assert store.drafts.get(clerk, "letter") is None
    assert store.drafts.get(admin, "visit").data == {"subject": "管理员的"}
    store.drafts.discard(clerk, "visit")
    assert store.drafts.get(clerk, "visit") is None
    assert store.drafts.get(admin, "visit") is not None


def test_drafts_are_not_records(store, admin):
    before = store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    store.drafts.keep(admin, "visit", {"subject": "x"})
    assert store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert store.audit.verify().ok
