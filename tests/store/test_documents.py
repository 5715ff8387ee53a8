"""Incoming documents (收文): serial numbers per year, circulation and chasing,
and classified documents kept out of the system."""

from __future__ import annotations

from datetime import datetime

import pytest

from frontdesk.output.mail_text import document_lines
from frontdesk.store import StoreError, ValidationError


@pytest.fixture
def clerk(store, admin):
    return store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽")


def document(**fields) -> dict:
    return {"received_at": "2026-03-02 08:30", "issuer": "市政府办公厅", "doc_number": "深府办〔2026〕3号",
            "title": "关于做好春节期间值班工作的通知", "copies": 2, "urgency": "urgent",
            "readers": ["王主任", "李副主任"], **fields}


def test_registered_with_a_serial_number_and_a_reading_list(store, clerk):
    saved = store.documents.register(clerk, document())

    assert (saved.number, saved.copies, saved.urgency, saved.secrecy) == (
        "S2026-000001", 2, "urgent", "none")
    assert [r.reader for r in saved.readers] == ["王主任", "李副主任"]
    assert saved.return_by == "2026-03-05"  # urgent: three days
    assert saved.circulating and not saved.overdue
    assert store.audit.verify().ok


@pytest.mark.parametrize("level", ["secret", "confidential", "top_secret"])
def test_a_classified_document_with_a_title_is_refused(store, clerk, level):
    with pytest.raises(ValidationError) as refused:
        store.documents.register(clerk, {"secrecy": level, "title": "某某工作方案",
                                         "content": "摘要", "paper_page": 1, "paper_line": 1})
    assert (refused.value.field, refused.value.key) == ("doc_title", "err.doc_classified")
    assert {e.field for e in refused.value.errors[1:]} == {"doc_content"}
    assert store.documents.listing(clerk, "all") == []


def test_a_classified_stub_keeps_the_numbering_continuous(store, clerk):
    first = store.documents.register(clerk, document())
    stub = store.documents.register(clerk, {"secrecy": "confidential", "received_at": "2026-03-02 09:00",
                                            "paper_page": 12, "paper_line": 4})
    third = store.documents.register(clerk, document(title="第三份"))

    assert [first.number, stub.number, third.number] == ["S2026-000001", "S2026-000002", "S2026-000003"]
    assert (stub.classified, stub.title, stub.issuer, stub.readers, stub.copies) == (
        True, "", "", (), 1)
    with pytest.raises(StoreError) as refused:
        store.documents.tick(clerk, stub.number, "王主任")
    assert refused.value.key == "err.doc_classified_paper"
    # The database itself refuses a classified row with content.
    with store.write() as db, pytest.raises(Exception, match="CHECK"):
        db.execute("UPDATE documents SET title = 'x' WHERE number = ?", [stub.number])


def test_numbers_start_again_each_year(store, clerk, clock):
    store.documents.register(clerk, document())
    clock.now = datetime(2027, 1, 4, 9, 0)
    assert store.documents.register(clerk, document(received_at="2027-01-04 08:00")).number \
        == "S2027-000001"


def test_readers_ticked_off_and_late_documents_chased(store, clerk, clock):
    saved = store.documents.register(clerk, document())
    clock.advance(days=4)

    assert [d.number for d in store.documents.listing(clerk, "overdue")] == [saved.number]
    ticked = store.documents.tick(clerk, saved.number, "王主任")
    assert ticked.readers[0].read_at == "2026-03-06 09:15:00"
    assert ticked.readers[0].ticked_by == "shoufa"
    with pytest.raises(StoreError):
        store.documents.tick(clerk, saved.number, "王主任")
    with pytest.raises(ValidationError):
        store.documents.tick(clerk, saved.number, "张三")
    done = store.documents.tick(clerk, saved.number, "2")
    assert not done.circulating and not done.overdue
    assert store.documents.listing(clerk, "overdue") == []


def test_the_reading_list_grows_and_the_opinion_is_set(store, clerk):
    saved = store.documents.register(clerk, document(readers=[]))
    routed = store.documents.circulate(clerk, saved.number, ["王主任", "王主任", "办公室"],
                                       opinion="请王主任阅示", return_by="2026-03-10")
    assert [r.reader for r in routed.readers] == ["王主任", "办公室"]
    assert (routed.opinion, routed.return_by) == ("请王主任阅示", "2026-03-10")
    again = store.documents.circulate(clerk, saved.number, ["办公室", "区长"])
    assert [r.reader for r in again.readers] == ["王主任", "办公室", "区长"]
    assert store.audit.verify().ok


def test_refusals_at_once(store):
    _checked, errors = store.documents.collect({"title": "", "copies": 0, "secrecy": "x", "readers": ["a", "a"]})
    assert {e.field: e.key for e in errors} == {
        "secrecy": "err.choice", "issuer": "err.required", "doc_title": "err.required",
        "copies": "err.range", "readers": "err.doc_reader_twice"}


def test_found_by_the_digits_of_its_number_in_any_view(store, clerk, clock):
    first = store.documents.register(clerk, document(received_at="2026-02-20 08:30"))
    store.documents.tick(clerk, first.number, "王主任")
    store.documents.tick(clerk, first.number, "李副主任")  # back: out of today's view
    assert store.documents.listing(clerk, "today", query="关于") == []
    second = store.documents.register(clerk, {"received_at": "2026-03-02 08:10", "secrecy": "secret",
                                              "paper_page": 1, "paper_line": 2})

    for typed in ("1", "000001", first.number, first.number.lower()):
        assert [d.number for d in store.documents.listing(clerk, "today", query=typed)] == [first.number]
    assert [d.number for d in store.documents.listing(clerk, "overdue", query="2")] == [second.number]


def test_a_reader_still_out_is_chased_and_the_log_kept(store, clerk, clock):
    saved = store.documents.register(clerk, document())
    store.documents.tick(clerk, saved.number, "李副主任")
    for reader, how, answer, field in (("李副主任", "phone", "已退", "reader"), ("张三", "phone", "好", "reader"),
                                       ("王主任", "fax", "好", "how"), ("王主任", "phone", " ", "answer")):
        with pytest.raises(ValidationError) as refused:
            store.documents.chase(clerk, saved.number, reader, how, answer)
        assert refused.value.field == field
    store.documents.chase(clerk, saved.number, "王主任", "phone", "明天上午送回", at="2026-03-02 09:00")
    chased = store.documents.chase(clerk, saved.number, "王主任", "in_person", "已送回")
    assert [(c.reader, c.at, c.how, c.answer, c.by) for c in chased.chases] == [
        ("王主任", "2026-03-02 09:00:00", "phone", "明天上午送回", "shoufa"),
        ("王主任", "2026-03-02 09:15:00", "in_person", "已送回", "shoufa")]
    assert "催办：2026-03-02 09:00 王主任（电话）答复：明天上午送回  经办 shoufa" in document_lines(chased)
    assert store.audit.verify().ok


def test_a_stub_keeps_its_copies_and_the_page_and_line_of_the_paper_register(store, clerk):
    _checked, errors = store.documents.collect({"secrecy": "secret", "copies": "0", "paper_line": "x"})
    assert {e.field: e.key for e in errors} == {
        "copies": "err.range", "paper_page": "err.required", "paper_line": "err.whole_number"}
    _checked, errors = store.documents.collect(document(paper_page=3, paper_line=1))
    assert {e.field: e.key for e in errors} == {
        "paper_page": "err.doc_paper_unclassified", "paper_line": "err.doc_paper_unclassified"}

    stub = store.documents.register(clerk, {"secrecy": "top_secret", "received_at": "2026-03-02 09:00",
                                            "copies": "3", "paper_page": "12", "paper_line": 4})
    assert (stub.copies, stub.paper_page, stub.paper_line) == (3, 12, 4)
    assert store.documents.get(clerk, stub.number).paper_page == 12
    lines = document_lines(stub)
    assert "份数：3" in lines and "密件：见《密件登记本》第 12 页第 4 行" in lines
    assert store.audit.verify().ok
    with store.write() as db, pytest.raises(Exception, match="never deleted"):
        db.execute("DELETE FROM document_paper_lines")


def test_a_classified_title_is_nowhere_to_be_found(store, clerk):
    planted = "绝密甄金丝雀方案"
    with pytest.raises(ValidationError):
        store.documents.register(clerk, {"secrecy": "secret", "title": planted, "paper_page": 1, "paper_line": 1})
    stub = store.documents.register(clerk, {"secrecy": "secret", "paper_page": 1, "paper_line": 1})
    assert store.documents.listing(clerk, "all", query=planted) == []
    assert store.documents.listing(clerk, "all", query="金丝雀") == []
    assert planted not in "\n".join(document_lines(stub))
    assert not any(planted in str(hit) for hit in store.lookup.search(clerk, "金丝雀"))
    with store.write() as db:
        rows = [str(r) for table in ("documents", "audit_log") for r in db.execute(f"SELECT * FROM {table}")]
    assert not any(planted in row for row in rows)


def test_a_tick_takes_the_time_it_came_back(store, clerk):
    saved = store.documents.register(clerk, document())
    ticked = store.documents.tick(clerk, saved.number, "王主任", at="2026-03-02 09:05")
    assert ticked.readers[0].read_at == "2026-03-02 09:05:00"
    for at, key in (("2026-03-02 12:00", "err.time_future"), ("2026-03-02 08:00", "err.doc_read_before")):
        with pytest.raises(ValidationError) as refused:
            store.documents.tick(clerk, saved.number, "李副主任", at=at)
        assert (refused.value.field, refused.value.key) == ("read_at", key)
    assert store.documents.get(clerk, saved.number).readers[1].read_at is None


def test_readers_added_as_typed_on_one_line_and_nothing_new_refused(store, clerk):
    saved = store.documents.register(clerk, document())
    added = store.documents.circulate(clerk, saved.number, "区长、王主任，办公室")
    assert [r.reader for r in added.readers] == ["王主任", "李副主任", "区长", "办公室"]
    for typed, key in (("王主任, 区长", "err.doc_readers_listed"), ("", "err.required")):
        with pytest.raises(ValidationError) as refused:
            store.documents.circulate(clerk, saved.number, typed)
        assert (refused.value.field, refused.value.key) == ("readers", key)
    with pytest.raises(ValidationError) as refused:
        store.documents.circulate(clerk, saved.number, [f"读者{i}" for i in range(47)])
    assert refused.value.key == "err.too_many"
    assert len(store.documents.get(clerk, saved.number).readers) == 4


def test_a_leaders_instruction_is_recorded_with_who_and_when(store, clerk):
    saved = store.documents.register(clerk, document())
    store.documents.instruct(clerk, saved.number, "王主任", "请办公室牵头落实。", at="2026-03-02 09:00")
    done = store.documents.instruct(clerk, saved.number, " 李副主任 ", "同意")
    assert [(i.leader, i.at, i.text, i.by) for i in done.instructions] == [
        ("王主任", "2026-03-02 09:00:00", "请办公室牵头落实。", "shoufa"),
        ("李副主任", "2026-03-02 09:15:00", "同意", "shoufa")]
    assert "批示：2026-03-02 09:00 王主任：请办公室牵头落实。  经办 shoufa" in document_lines(done)

    with pytest.raises(ValidationError) as refused:
        store.documents.instruct(clerk, saved.number, "", " ", at="明天")
    assert {e.field for e in refused.value.errors} == {"leader", "instruction", "instructed_at"}
    with pytest.raises(ValidationError) as refused:
        store.documents.instruct(clerk, saved.number, "王主任", "阅", at="2026-03-01 09:00")
    assert refused.value.key == "err.doc_read_before"
    stub = store.documents.register(clerk, {"secrecy": "secret", "paper_page": 1, "paper_line": 1})
    with pytest.raises(StoreError) as refused:
        store.documents.instruct(clerk, stub.number, "王主任", "阅")
    assert refused.value.key == "err.doc_classified_paper"
    assert len(store.documents.get(clerk, saved.number).instructions) == 2
    assert store.audit.verify().ok


def test_the_data_version_moves_when_another_connection_saves(store, clerk, tmp_path):
    from frontdesk.store import Store

    before = store.data_version()
    assert store.data_version() == before  # reading it changes nothing
    with Store.open(store.path, clock=store.now) as other:
        other.documents.register(clerk, document())
    assert store.data_version() != before
