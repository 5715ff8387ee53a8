"""The audit chain against an insider with shell access: each attack is done with
sqlite3, hashlib and hmac only (``chain_attacker``), and ``frontdesk audit verify``
must then fail with one line. With the real key file read, the same rewrite
passes, which shows the attack is complete and only the key stops it.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontdesk.cli import cli

import testdata
from . import chain_attacker as attacker


def verify(db: Path, *args: str) -> tuple[int, list[str]]:
    env = {"FRONTDESK_CONFIG": str(db.parent / "none.toml"), "FRONTDESK_LANG": "en"}
    result = CliRunner().invoke(cli, ["--db", str(db), "audit", "verify", *args], env=env)
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr.splitlines()


@pytest.fixture
def office(store, admin) -> tuple[Path, int]:
    """Two visits, some sign-ins; the database closed; the path and the first visit's id."""
    store.operators.add(admin, "zhaolei", "supervisor", "supervisor-pass", "赵磊")
    first = store.visits.register(admin, {
        "visitors": [{"name": "张三", "id_number": testdata.resident_id("44030419650312101")}],
        "subject": "拖欠工资"})
    store.visits.register(admin, {
        "visitors": [{"name": "李四", "id_number": testdata.resident_id("11010519491231002")}],
        "subject": "噪音扰民"})
    for _ in range(6):
        store.operators.authenticate("admin", "admin-pass-1")
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
