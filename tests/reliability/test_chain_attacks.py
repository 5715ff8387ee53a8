"""The audit chain against an insider with shell access: each attack is done with
sqlite3, hashlib and hmac only (``chain_attacker``), and ``frontdesk audit verify``
must then fail with one line. With the real key file read, the same rewrite
passes, which shows the attack is complete and only the key stops it.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontdesk.cli import cli

import testdata
from . import chain_attacker as attacker


def command(db: Path, *args: str) -> Result:
    """One command as the office's admin, exports (and the heads file) beside ``db``."""
    settings = db.parent / "settings.toml"
    settings.write_text(f'exports_dir = "{db.parent / "exports"}"\n', encoding="utf-8")
    env = {"FRONTDESK_CONFIG": str(settings), "FRONTDESK_LANG": "en", "FRONTDESK_OPERATOR": "admin",
           "FRONTDESK_PASSWORD": "admin-pass-1"}
    result = CliRunner().invoke(cli, ["--db", str(db), *args], env=env)
    assert "Traceback" not in result.output + result.stderr
    return result


def verify(db: Path, *args: str) -> tuple[int, list[str]]:
    result = command(db, "audit", "verify", *args)
    return result.exit_code, result.stderr.splitlines()


def heads_file(db: Path) -> Path:
    return db.parent / "exports" / "audit-heads.txt"


def report_then_four_more(db: Path) -> tuple[int, str]:
    """A daily report on stdout (the head it prints), then two exports: with their
    sign-ins, four entries of no record."""
    result = command(db, "report", "daily")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    found = re.search(r"entry (\d+) ([0-9a-f]{8})…", lines[-1])
    assert found is not None, lines[-1]
    entry, printed = int(found[1]), found[2]
    for n in range(2):
        assert command(db, "export", "-o", str(db.parent / f"export-{n}.jsonl")).exit_code == 0
    return entry, printed


@pytest.fixture
def office(store, admin) -> tuple[Path, int]:
    """Two visits; the database closed; the path and the first visit's id."""
    store.operators.add(admin, "zhaolei", "supervisor", "supervisor-pass", "赵磊")
    first = store.visits.register(admin, {
        "visitors": [{"name": "张三", "id_number": testdata.resident_id("44030419650312101")}],
        "subject": "拖欠工资"})
    store.visits.register(admin, {
        "visitors": [{"name": "李四", "id_number": testdata.resident_id("11010519491231002")}],
        "subject": "噪音扰民"})
    visit_id = store.db.execute("SELECT id FROM visits WHERE number = ?", [first.number]).fetchone()[0]
    path = store.path
    store.close()
    assert verify(path) == (0, [])
    return path, visit_id


def test_the_attacker_uses_nothing_of_the_application():
    tree = ast.parse((Path(__file__).parent / "chain_attacker.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "hashlib", "hmac", "json", "sqlite3", "collections", "pathlib"}


def real_key() -> bytes:
    return bytes.fromhex(Path(os.environ["FRONTDESK_AUDIT_KEY"]).read_text().strip())


def test_with_the_key_file_the_rewrite_would_pass(office):
    db, visit = office
    attacker.rewrite_visit(db, visit, "王五", "已解决", attacker.keyed(real_key()))
    assert verify(db) == (0, [])


def test_a_rewrite_rehashed_with_plain_sha256_is_found(office):
    db, visit = office
    attacker.rewrite_visit(db, visit, "王五", "已解决", attacker.plain)
    code, lines = verify(db)
    assert code == 1 and len(lines) == 1 and "audit entry" in lines[0]


def test_a_rewrite_rehashed_under_a_guessed_key_is_found(office):
    db, visit = office
    conn = attacker.open_shell(db)
    guesses = attacker.guessed_keys(db, conn)
    conn.close()
    original = db.read_bytes()
    for guess in guesses:
        db.write_bytes(original)
        attacker.rewrite_visit(db, visit, "王五", "已解决", attacker.keyed(guess))
        code, lines = verify(db)
        assert code == 1 and len(lines) == 1 and "audit entry" in lines[0], guess


@pytest.mark.parametrize("sign", ["plain", "guess"])
def test_a_backdated_entry_signed_as_another_operator_is_found(office, sign):
    db, _visit = office
    signer = attacker.plain if sign == "plain" else attacker.keyed(b"frontdesk")
    attacker.append_backdated(db, "2020-01-01 09:00:00", "zhaolei", signer)
    code, lines = verify(db)
    assert code == 1 and len(lines) == 1 and "audit entry" in lines[0]


def test_a_dropped_trigger_is_found(office):
    db, _visit = office
    attacker.run(db, "DROP TRIGGER parties_never_deleted")
    assert verify(db) == (1, ["the database lacks the application's trigger 'parties_never_deleted': "
                              "removed behind the application"])


def test_a_planted_trigger_is_found(office):
    db, _visit = office
    attacker.run(db, "CREATE TABLE lookup_shadow (name TEXT, id_number TEXT)",
                 "CREATE TRIGGER lookup_copy AFTER INSERT ON parties BEGIN"
                 " INSERT INTO lookup_shadow VALUES (new.name, new.id_number); END")
    code, lines = verify(db)
    assert code == 1 and "added behind the application" in lines[0]


@pytest.mark.parametrize(("sql", "words"), [
    ("DELETE FROM counters", "counter is gone"),
    ("UPDATE counters SET last = last + 5000", "stands at 5002"),
])
def test_a_counter_deleted_or_pushed_ahead_is_found(office, sql, words):
    db, _visit = office
    attacker.run(db, sql)
    code, lines = verify(db)
    assert code == 1 and len(lines) == 1 and words in lines[0]


def test_entries_cut_from_the_end_are_caught_by_the_heads_file(office):
    db, _visit = office
    report_then_four_more(db)
    anchored = heads_file(db).read_text().split()[0]
    attacker.cut_tail(db, 5)
    code, lines = verify(db)
    assert code == 1
    assert lines == [f"audit entry {anchored.split(':')[0]} is gone, but {heads_file(db)} holds it as a chain "
                     "head: entries were cut from the end"]
    heads_file(db).unlink()
    assert verify(db) == (0, [])  # what only the anchor outside the database catches


def test_entries_cut_past_a_printed_head_are_caught_by_the_paper(office):
    db, _visit = office
    entry, printed = report_then_four_more(db)
    attacker.cut_tail(db, 6)
    heads_file(db).unlink()
    assert verify(db) == (0, [])
    code, lines = verify(db, "--head", f"{entry}:{printed[:8]}")
    assert code == 1
    assert lines == [f"audit entry {entry} is gone, but the paper holds it as a chain head: entries were cut "
                     "from the end"]


def test_a_head_that_is_not_one_is_refused_in_one_line(office):
    db, _visit = office
    code, lines = verify(db, "--head", "twelve")
    assert code != 0 and lines == ["'twelve' is not a chain head: give N:HASH, e.g. 128:3f9a0c1d"]
