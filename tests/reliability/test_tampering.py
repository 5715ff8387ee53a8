"""Tampering: visits and their visitors changed, inserted or removed with a plain
sqlite3 connection, behind the application's back, are found by ``frontdesk
audit verify``, which exits non-zero with one line naming the record or entry;
so is a number counter set back, and the save it would number twice is refused.

Operators and the audit log's own entries changed with the shell are covered in
``tests/store/test_audit.py``; this module covers the petition desk's records
and the command's exit status.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from frontdesk.cli import cli
from frontdesk.i18n import t
from frontdesk.store import StoreError
from frontdesk.store.shared import audit as audit_module

import testdata


def rid(first17: str) -> str:
    return testdata.resident_id(first17)


ZHANG = rid("44030419650312101")
REPS = [rid(f"4403041970010110{n}") for n in range(3)]


@pytest.fixture
def desk(store, admin) -> dict[str, int]:
    """An individual visit, a group visit of five with three representatives,
    and another individual visit; their ids by name."""
    first = store.visits.register(admin, {
        "visitors": [{"name": "张三", "id_number": ZHANG, "phone": "13800138000"}],
        "subject": "拖欠工资"})
    group = store.visits.register(admin, {
        "headcount": 5, "subject": "旧改补偿",
        "visitors": [{"name": f"代表{n}", "id_number": REPS[n], "phone": f"1390013800{n}",
                      "address": "福田区南园街道", "representative": True, "liaison": n == 0}
                     for n in range(3)]})
    last = store.visits.register(admin, {
        "visitors": [{"name": "李四", "id_number": rid("11010519491231002")}], "subject": "噪音扰民"})
    ids = {}
    for name, visit in (("first", first), ("group", group), ("last", last)):
        ids[name] = store.db.execute("SELECT id FROM visits WHERE number = ?", [visit.number]).fetchone()[0]
    ids["group_party"] = store.db.execute(
        "SELECT id FROM parties WHERE channel = 'visit' AND record_id = ? AND position = 1",
        [ids["group"]]).fetchone()[0]
    return ids


@pytest.fixture
def shell(store) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to the same file, as someone with the sqlite3 shell."""
    conn = sqlite3.connect(store.path, isolation_level=None)
    yield conn
    conn.close()


def verify(store) -> str:
    """``audit verify`` on the store's file: the one stderr line of its refusal."""
    result = CliRunner().invoke(cli, ["--db", str(store.path), "audit", "verify"],
                                env={"FRONTDESK_CONFIG": str(store.path.with_name("none.toml"))})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_the_untouched_desk_verifies(store, desk):
    result = CliRunner().invoke(cli, ["--db", str(store.path), "audit", "verify"],
                                env={"FRONTDESK_CONFIG": str(store.path.with_name("none.toml"))})

    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("change", "visit"), [
    ("UPDATE visits SET subject = '已解决' WHERE id = ?", "first"),
    ("UPDATE visits SET disposition = 'not_accepted', not_accepted_reason = 're_reviewed' WHERE id = ?", "last"),
    ("UPDATE visits SET visited_at = '2026-01-02 09:00:00' WHERE id = ?", "group"),
    ("UPDATE visits SET headcount = 50, kind = 'group' WHERE id = ?", "group"),
    ("UPDATE visits SET created_by = 'nobody' WHERE id = ?", "first"),
    ("UPDATE visits SET number = 'V2026-000099' WHERE id = ?", "last"),
])
def test_a_visit_changed_with_the_shell_is_named(store, desk, shell, change, visit):
    shell.execute(change, [desk[visit]])

    line = verify(store)

    assert f"visits#{desk[visit]}" in line
    assert "被绕过程序改动" in line


@pytest.mark.parametrize("change", [
    "UPDATE parties SET id_number = '11010519491231002X' WHERE id = ?",
    "UPDATE parties SET name = '王五' WHERE id = ?",
    "UPDATE parties SET liaison = 1 WHERE id = ?",
    "UPDATE parties SET phone = NULL WHERE id = ?",
])
def test_a_visitor_changed_with_the_shell_is_named(store, desk, shell, change):
    shell.execute(change, [desk["group_party"]])

    line = verify(store)

    assert f"parties#{desk['group_party']}" in line
    assert "被绕过程序改动" in line


def test_a_visitor_deleted_after_dropping_the_trigger_is_named(store, desk, shell):
    shell.execute("DROP TRIGGER parties_never_deleted")
    shell.execute("DELETE FROM parties WHERE id = ?", [desk["group_party"]])

    line = verify(store)

    assert f"parties#{desk['group_party']}" in line
    assert "被绕过程序删除" in line


def test_a_visit_deleted_with_its_visitors_is_named(store, desk, shell):
    party = shell.execute("SELECT id FROM parties WHERE channel = 'visit' AND record_id = ?",
                          [desk["last"]]).fetchone()[0]
    shell.execute("DROP TRIGGER parties_never_deleted")
    shell.execute("DROP TRIGGER visits_never_deleted")
    shell.execute("DELETE FROM parties WHERE channel = 'visit' AND record_id = ?", [desk["last"]])
    shell.execute("DELETE FROM visits WHERE id = ?", [desk["last"]])

    line = verify(store)

    # The first record found missing is named: its visitor, checked before visits.
    assert f"parties#{party}" in line
    assert "被绕过程序删除" in line


def test_a_visit_deleted_alone_is_named(store, desk, shell):
    shell.execute("DROP TRIGGER visits_never_deleted")
    shell.execute("PRAGMA foreign_keys = OFF")
    shell.execute("DELETE FROM visits WHERE id = ?", [desk["last"]])

    line = verify(store)

    assert f"visits#{desk['last']}" in line
    assert "被绕过程序删除" in line


def test_a_visit_inserted_with_the_shell_is_named(store, desk, shell):
    columns = [d[0] for d in shell.execute("SELECT * FROM visits LIMIT 0").description if d[0] != "id"]
    copied = ", ".join(
        {"number": "'V2026-000004'", "query_code": "'ZZZZZZ'"}.get(column, column) for column in columns)
    shell.execute(f"INSERT INTO visits ({', '.join(columns)}) SELECT {copied} FROM visits WHERE id = ?",
                  [desk["first"]])
    forged = shell.execute("SELECT id FROM visits WHERE number = 'V2026-000004'").fetchone()[0]

    line = verify(store)

    assert f"visits#{forged}" in line
    assert "被绕过程序插入" in line


def test_a_visitor_added_to_a_visit_with_the_shell_is_named(store, desk, shell):
    shell.execute(
        "INSERT INTO parties (channel, record_id, position, name, id_type, id_number, address,"
        " postcode, representative, liaison) VALUES ('visit', ?, 1, '王五', 'resident', ?, '', '', 0, 0)",
        [desk["first"], rid("44030419800101123")])
    forged = shell.execute("SELECT max(id) FROM parties").fetchone()[0]

    line = verify(store)

    assert f"parties#{forged}" in line
    assert "被绕过程序插入" in line


def visit_entry(shell, visit_id: int) -> int:
    return shell.execute(
        "SELECT id FROM audit_log WHERE record_table = 'visits' AND record_id = ? AND action = 'create'",
        [visit_id]).fetchone()[0]


@pytest.mark.parametrize("change", [
    "UPDATE audit_log SET operator = 'nobody' WHERE id = ?",
    "UPDATE audit_log SET at = '2026-03-01 08:00:00' WHERE id = ?",
    "UPDATE audit_log SET detail = '{\"number\":\"V2026-000009\"}' WHERE id = ?",
])
def test_a_visits_audit_entry_edited_is_named(store, desk, shell, change):
    entry = visit_entry(shell, desk["group"])
    shell.execute("DROP TRIGGER audit_log_no_update")
    shell.execute(change, [entry])

    line = verify(store)

    assert f"第 {entry} 条" in line


def test_a_changed_visit_with_its_entry_rehashed_to_match_breaks_the_chain(store, desk, shell):
    # Someone who knows the hash recipe changes the subject and the entry to match.
    shell.execute("UPDATE visits SET subject = '已解决' WHERE id = ?", [desk["first"]])
    columns = [d[0] for d in shell.execute("SELECT * FROM visits LIMIT 0").description]
    values = shell.execute("SELECT * FROM visits WHERE id = ?", [desk["first"]]).fetchone()
    row = dict(zip(columns, values, strict=True))
    entry = visit_entry(shell, desk["first"])
    shell.execute("DROP TRIGGER audit_log_no_update")
    shell.execute("UPDATE audit_log SET record_hash = ? WHERE id = ?",
                  [audit_module.record_hash("visits", row), entry])

    line = verify(store)

    assert f"第 {entry} 条" in line


def test_a_tampered_database_exits_non_zero_from_a_real_process(store, desk, shell, tmp_path):
    shell.execute("UPDATE visits SET subject = '已解决' WHERE id = ?", [desk["first"]])
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_") or k == "FRONTDESK_AUDIT_KEY"}
    env.update(FRONTDESK_CONFIG=str(tmp_path / "none.toml"), FRONTDESK_LANG="en", HOME=str(tmp_path / "home"))

    done = subprocess.run([sys.executable, "-m", "frontdesk", "--db", str(store.path), "audit", "verify"],
                          capture_output=True, text=True, env=env, timeout=60)

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"record visits#{desk['first']} differs from its last audit entry "
        f"({visit_entry(shell, desk['first'])}): changed behind the application"]


def test_a_number_counter_set_back_is_named_and_the_next_save_refused(store, desk, shell, admin):
    """Set back, the counter would give a number already on a visit: verify names
    it, and the next save is refused (an error the command line and the form
    show on one line) instead of failing on the number's uniqueness."""
    shell.execute("UPDATE counters SET last = last - 2 WHERE channel = 'visit'")

    line = verify(store)

    assert "V2026-000003" in line and "计数器" in line
    with pytest.raises(StoreError) as refused:
        store.visits.register(admin, {"visitors": [{"name": "王五", "id_number": "11010519491231002X"}],
                                      "subject": "又来了"})
    assert refused.value.message == t("err.number_taken", number="V2026-000002")
    assert shell.execute("SELECT count(*) FROM visits").fetchone()[0] == 3
