"""Passwords, login names, the owner's recovery of an admin, and ``import`` as an admin,
through the command line."""

from __future__ import annotations

import json
import os

from frontdesk.store import Store

from cli_support import ADMIN_PASSWORD, as_admin, one_line, run


def test_init_refuses_a_common_password_on_one_line(tmp_path):
    result = run("--db", str(tmp_path / "new.db"), "init", "--admin", "chief",
                 env={"FRONTDESK_PASSWORD": "woaini1314"})

    assert result.exit_code == 1
    assert one_line(result) == "该密码是常见或已泄露的密码，请换一个"
    assert not Store.open(tmp_path / "new.db").operators.count()


def test_a_look_alike_login_name_is_refused(db):
    for look_alike in ("\u0430dmin", "ａｄｍｉｎ", "Admin"):
        result = run("--db", db, "operator", "add", look_alike, "--role", "reception",
                     input="reception-pass\n", env=as_admin())
        assert result.exit_code == 1
        assert "admin" in one_line(result)
    with Store.open(db) as store:
        assert [op.name for op in store.operators.list()] == ["admin"]


def test_the_login_name_is_found_in_any_case(db):
    result = run("--db", db, "operator", "list", env={"FRONTDESK_OPERATOR": "ADMIN",
                                                      "FRONTDESK_PASSWORD": ADMIN_PASSWORD})

    assert result.exit_code == 0, result.output


def test_the_owner_of_the_database_file_recovers_a_forgotten_admin(db):
    for _ in range(8):
        run("--db", db, "operator", "list", env=as_admin("forgotten-1"))

    result = run("--db", db, "operator", "recover", "admin", input="brass-lamp-47\n")

    assert result.exit_code == 0, result.output
    assert run("--db", db, "operator", "list", env=as_admin("brass-lamp-47")).exit_code == 0
    log = json.loads(run("--db", db, "audit", "log", "--json", env=as_admin("brass-lamp-47")).stdout)
    recovered = next(entry for entry in log if entry["action"] == "recover")
    assert recovered["detail"]["os_user"]


def test_another_os_account_cannot_recover(db):
    os.chown(db, 54321, 54321)  # the tests run as root; the file now belongs to another account

    result = run("--db", db, "operator", "recover", "admin", input="brass-lamp-47\n")

    assert result.exit_code == 1
    assert one_line(result).startswith("只有数据库文件")


def test_import_needs_an_admin_of_the_export_and_is_audited(db, tmp_path):
    assert run("--db", db, "export", "-o", str(tmp_path / "e.jsonl"), env=as_admin()).exit_code == 0
    copy = str(tmp_path / "copy.db")

    nobody = run("--db", copy, "import", str(tmp_path / "e.jsonl"), env={"FRONTDESK_PASSWORD": "brass-lamp-47"})
    assert nobody.exit_code == 1 and "--operator" in one_line(nobody)

    done = run("--db", copy, "import", str(tmp_path / "e.jsonl"),
               env={"FRONTDESK_OPERATOR": "admin", "FRONTDESK_PASSWORD": "brass-lamp-47"})
    assert done.exit_code == 0, done.output
    log = json.loads(run("--db", copy, "audit", "log", "--json", env=as_admin("brass-lamp-47")).stdout)
    assert [e["action"] for e in log][1:3] == ["import", "import_password"]
    assert "password_hash" not in (tmp_path / "e.jsonl").read_text(encoding="utf-8")


def test_a_weak_old_password_signs_in_with_a_note_to_change_it(db):
    from frontdesk.store.shared import audit
    from frontdesk.store.shared.operators import hash_password

    with Store.open(db) as store, store.write() as conn:  # set before the rules existed
        conn.execute("UPDATE operators SET password_hash = ? WHERE name = 'admin'", [hash_password("12345678")])
        audit.append(conn, at=store.now(), operator="admin", action="passwd", table="operators", record_id=1)

    result = run("--db", db, "operator", "list", env=as_admin("12345678"))

    assert result.exit_code == 0
    assert "frontdesk operator passwd admin" in one_line(result)
