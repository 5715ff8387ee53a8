"""One search path for the registers: each register's ``listing`` searches when
something is typed and lists its view otherwise, for the screens and the CLI
alike; visits and letters are found through one query helper."""

from __future__ import annotations

import pytest

from frontdesk.store.shared import record_search


@pytest.fixture
def mail(store, admin):
    return store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽")


@pytest.fixture
def desk(store, admin):
    return store.operators.add(admin, "jiedai", "reception", "desk-pass-1", "李华")


def visit(store, actor, name, phone, subject, when):
    return store.visits.register(actor, {"visited_at": when, "subject": subject,
                                         "visitors": [{"name": name, "id_number": "11010519491231002X"
                                                       if name == "张三" else "", "phone": phone}]})


def test_the_visit_list_searches_when_typed_and_lists_the_day_otherwise(store, desk):
    old = visit(store, desk, "张三", "13800138000", "拖欠工资", "2026-02-27 10:00")
    today = visit(store, desk, "张三", "13800138000", "物业纠纷", "2026-03-02 08:00")
    assert [v.number for v in store.visits.listing(desk)] == [today.number]
    assert [v.number for v in store.visits.listing(desk, day="2026-02-27")] == [old.number]
    assert [v.number for v in store.visits.listing(desk, query="zs")] == [today.number, old.number]
    assert [v.number for v in store.visits.listing(desk, day="2026-02-27", query="工资")] == [old.number]
    assert store.visits.listing(desk, query="") == store.visits.on_day(desk)


def test_the_letter_register_searches_when_typed(store, mail):
    kept = store.letters.register(mail, {"received_at": "2026-02-27 10:00", "proposal": "submit",
                                         "subject": "噪音扰民", "sender": {"name": "李四", "phone": "0755 8291 8000"}})
    assert store.letters.listing(mail) == []
    assert [item.number for item in store.letters.listing(mail, "pending")] == []
    assert [item.number for item in store.letters.listing(mail, query="lisi")] == [kept.number]
    # A whole landline as typed, as the visit list finds it.
    assert [item.number for item in store.letters.listing(mail, query="(0755) 8291 8000")] == [kept.number]
    assert store.letters.listing(mail, query="nobody") == []


def test_post_and_documents_search_inside_their_register(store, mail):
    item = store.post.register(mail, {"tracking_number": "XA123456789CN", "sender": "市人社局",
                                      "addressee": "区教育局", "received_at": "2026-03-02 08:40"})
    assert [p.number for p in store.post.listing(mail, query="789cn")] == [item.number]
    assert [p.number for p in store.post.listing(mail)] == [item.number]
    doc = store.documents.register(mail, {"received_at": "2026-03-02 08:30", "issuer": "市政府办公厅",
                                          "title": "关于值班工作的通知", "readers": ["王主任"]})
    stub = store.documents.register(mail, {"secrecy": "confidential", "received_at": "2026-03-02 09:00",
                                         "paper_page": 3, "paper_line": 7})
    assert [d.number for d in store.documents.listing(mail, query="值班")] == [doc.number]
    assert [d.number for d in store.documents.listing(mail, query=stub.number.lower())] == [stub.number]
    assert [d.number for d in store.documents.listing(mail, "all", query="办公厅")] == [doc.number]


@pytest.mark.parametrize(("query", "number", "plain", "phone"), [
    ("V2026-000042", "V2026-000042", "V2026000042", "V2026000042"),
    ("  zs ", "ZS", "ZS", "ZS"),
    ("0755-82918000", "0755-82918000", "075582918000", "0755-82918000"),
    ("张三", "张三", "张三", "张三"),
])
def test_a_search_line_is_read_once_for_every_register(query, number, plain, phone):
    typed = record_search.read(query)
    assert (typed.number, typed.plain, typed.phone) == (number, plain, phone)


@pytest.mark.parametrize("query", [None, "", "   ", "--"])
def test_nothing_to_search_for(query):
    assert record_search.read(query) is None


def test_the_registers_find_a_number_by_its_start_and_an_id_in_both_lengths(store, desk, mail):
    from testdata import resident_id

    eighteen = resident_id("44030419800101777")
    fifteen = eighteen[:6] + eighteen[8:17]
    old = store.visits.register(desk, {"visited_at": "2026-02-01 09:00", "subject": "旧证来访",
                                       "visitors": [{"name": "钱七", "id_number": fifteen, "phone": "13301461234"}]})
    new = store.visits.register(desk, {"visited_at": "2026-02-05 09:00", "subject": "新证来访",
                                       "visitors": [{"name": "钱七", "id_number": eighteen}]})
    for query in (fifteen, eighteen, "440304"):
        assert [v.number for v in store.visits.listing(desk, query=query)] == [new.number, old.number], query
    assert [v.number for v in store.visits.listing(desk, query="1330146")] == [old.number]
    assert store.visits.listing(desk, query="4403") == []  # four digits: an end, not a start
    # A sealed letter is not found by its sender's number start by a role that may not read it.
    sealed = store.letters.register(mail, {
        "received_at": "2026-03-01 09:00", "channel": "post", "kind": "signed",
        "sender": {"name": "孙中山", "address": "福田区园岭街道", "phone": "13600136000"},
        "subject": "反映问题", "accused": [{"name": "贾金贵", "unit": "某局", "post": "科长"}]})
    assert [item.number for item in store.letters.listing(mail, query="1360013")] == [sealed.number]
    assert store.letters.listing(desk, query="1360013") == []
