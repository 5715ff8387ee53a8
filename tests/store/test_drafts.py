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


FORMS = {
    "visit": {"visited_at": "2026-03-02 09:15", "visitors": [{"name": "钱七", "representative": False}],
              "category": None, "papers": ["id_card"], "content": "第一行\n第二行"},
    "letter": {"sender": {"name": "张三", "unit": "某街道办"}, "opening": {"addressed_here": True},
               "enclosures": [{"item": "现金两百元", "kind": "cash", "amount": "200", "returned": False}],
               "channel": "registered", "kind": None},
    "duty": {"at": "2026-03-02 09:15", "kind": "event", "importance": "urgent", "summary": "小区停电",
             "details": "三栋\n整栋停电"},
    "post": {"tracking_number": "XA123456789CN", "sender": "某公司", "addressee": "区教育局"},
    "document": {"secrecy": "none", "urgency": "urgent", "issuer": "区政府办", "title": "关于防汛的通知"},
}


def test_each_form_keeps_its_own_draft_as_typed(store, admin):
    for form, data in FORMS.items():
        store.drafts.keep(admin, form, data)
    for form, data in FORMS.items():
        draft = store.drafts.get(admin, form)
        assert draft is not None and draft.form == form and draft.data == data
        assert draft.saved_at.startswith("2026-03-02 09:15")
    store.drafts.discard(admin, "duty")
    assert store.drafts.get(admin, "duty") is None
    assert all(store.drafts.get(admin, form) is not None for form in FORMS if form != "duty")


def test_a_draft_that_is_not_a_form_s_data_is_not_offered(store, admin):
    store.drafts.keep(admin, "post", {"tracking_number": "XA1"})
    store.db.execute("UPDATE drafts SET data = ? WHERE form = 'post'", ["not json"])
    assert store.drafts.get(admin, "post") is None
    store.db.execute("UPDATE drafts SET data = ? WHERE form = 'post'", ['["a list"]'])
    assert store.drafts.get(admin, "post").data == {}


def test_discarding_a_draft_never_kept_is_harmless(store, admin):
    store.drafts.discard(admin, "letter")
    assert store.drafts.get(admin, "letter") is None
