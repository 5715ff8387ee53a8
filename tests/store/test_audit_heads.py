"""Anchors: each exported report's chain head is kept in its entry and appended to a
heads file beside the exports; ``verify`` checks the chain against them and against
heads read off paper, so entries cut from the end show."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from frontdesk.output.audit_text import problem_message
from frontdesk.store import StoreError
from frontdesk.store.shared import audit as audit_module


@pytest.fixture
def heads_file(tmp_path):
    return tmp_path / "exports" / audit_module.HEADS_FILE_NAME


def export_report(store, admin, heads_file) -> tuple[int, str]:
    report = store.reports.daily(admin, office="福田")
    return store.reports.record_export(admin, report, "txt", "report.txt", heads_file)


def cut_tail(path, count: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    conn.execute("DELETE FROM audit_log WHERE id > ?", [last - count])
    conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'", [last - count])
    conn.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
                 " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    conn.close()


def test_an_export_appends_its_head_to_a_private_heads_file(store, admin, heads_file):
    entry, entry_hash = export_report(store, admin, heads_file)
    second = export_report(store, admin, heads_file)
    lines = heads_file.read_text().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{entry}:{entry_hash} chain=")
    assert lines[1].startswith(f"{second[0]}:{second[1]} ")
    assert stat.S_IMODE(heads_file.stat().st_mode) == 0o600
    assert (entry, entry_hash) == (second[0] - 1, store.db.execute(
        "SELECT entry_hash FROM audit_log WHERE id = ?", [entry]).fetchone()[0])
    detail = store.audit.log(admin, limit=1)[0].detail
    assert detail["head"] == entry and detail["head_hash"] == entry_hash
    assert store.audit.verify(heads_file=heads_file).ok


def test_entries_cut_from_the_end_are_caught_by_the_heads_file(store, admin, heads_file):
    entry, _hash = export_report(store, admin, heads_file)
    for n in range(4):  # entries of no record: cut, no record shows it
        store.audit.note_export(admin, "roster_export", "duty.read", file=f"roster-{n}.xlsx", rows=1)
    cut_tail(store.path, 5)
    assert store.audit.verify().ok  # without the anchor the cut does not show
    problem = store.audit.verify(heads_file=heads_file).problem
    assert problem.key == "audit.head_missing" and problem.params["entry"] == entry
    assert str(heads_file) in problem_message(problem)


def test_a_head_read_off_paper_is_checked_by_its_first_digits(store, admin):
    entry, entry_hash = store.audit.head()
    paper = audit_module.parse_head(f"{entry}:{entry_hash[:8].upper()}", source_key="audit.source.paper")
    assert paper is not None and store.audit.verify([paper]).ok
    wrong = audit_module.parse_head(f"{entry}:{'0' * 8}", source_key="audit.source.paper")
    problem = store.audit.verify([wrong]).problem
    assert problem.key == "audit.head_differs"
    assert problem_message(problem) == f"第 {entry} 条审计日志的散列与纸面上记下的链头不符：日志被改写"
    gone = audit_module.parse_head(f"{entry + 9}:{entry_hash}", source_key="audit.source.paper")
    assert store.audit.verify([gone]).problem.key == "audit.head_missing"


@pytest.mark.parametrize("text", ["", "12", "12:", "0:abcdef12", "x:abcdef12", "12:abc", "12:" + "g" * 8,
                                  "12:" + "a" * 65])
def test_what_is_not_a_head_is_not_taken_for_one(text):
    assert audit_module.parse_head(text) is None


def test_a_heads_file_of_another_database_is_not_held_against_this_one(store, admin, heads_file, tmp_path):
    heads_file.parent.mkdir()
    heads_file.write_text("999:0123456789abcdef chain=ffffffffffffffff 2026-01-01 report\n")
    assert store.audit.verify(heads_file=heads_file).ok


def test_a_damaged_heads_file_is_named_not_skipped(store, admin, heads_file):
    export_report(store, admin, heads_file)
    with heads_file.open("a") as handle:
        handle.write("nonsense\n")
    with pytest.raises(StoreError) as refused:
        store.audit.verify(heads_file=heads_file)
    assert refused.value.key == "err.heads_line" and refused.value.params["line"] == 2
