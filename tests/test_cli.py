"""The command line: init, operators, and the database file."""

from __future__ import annotations

import json
import sqlite3

import pytest

from frontdesk.store import Store

from cli_support import ADMIN_PASSWORD, as_admin, can_log_in, one_line, rows, run

pytestmark = pytest.mark.usefixtures("clean_environment")


# --- init ------------------------------------------------------------------------------


def test_init_creates_the_database_and_its_first_admin(tmp_path):
    path = tmp_path / "new.db"

    result = run("--db", str(path), "init", "--admin", "chief", "--display-name", "陈主任",
                 env={"FRONTDESK_PASSWORD": "chief-pass-1"})

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"已创建数据库 {path}，首位管理员：chief"
    assert rows(str(path), "SELECT name, display_name, role, disabled FROM operators") == [
        ("chief", "陈主任", "admin", 0)]
    assert can_log_in(str(path), "chief", "chief-pass-1")


def test_init_asks_for_the_password_twice(tmp_path):
    path = tmp_path / "new.db"

    result = run("--db", str(path), "init", "--admin", "chief",
                 input="first-try-1\nsecond-try-2\nagreed-pass\nagreed-pass\n")

    assert result.exit_code == 0, result.output
    assert "新密码" in result.stderr
    assert "再次输入新密码" in result.stderr
    assert "agreed-pass" not in result.output
    assert can_log_in(str(path), "chief", "agreed-pass")
    assert not can_log_in(str(path), "chief", "first-try-1")


def test_init_again_changes_no_operator(db):
    operators_before = rows(db, "SELECT * FROM operators")
    entries_before = rows(db, "SELECT count(*) FROM audit_log")

    result = run("--db", db, "init", "--admin", "someone-else",
                 env={"FRONTDESK_PASSWORD": "another-pass-1"})

    assert result.exit_code == 0, result.stderr
    assert "已是最新结构" in result.stdout
    assert "1 位操作员" in result.stdout
    assert rows(db, "SELECT * FROM operators") == operators_before
    assert rows(db, "SELECT count(*) FROM audit_log") == entries_before


def test_init_with_a_short_password_is_refused_on_one_line(tmp_path):
    result = run("--db", str(tmp_path / "new.db"), "init", "--admin", "chief",
                 env={"FRONTDESK_PASSWORD": "short"})

    assert result.exit_code == 1
    assert one_line(result) == "密码至少 10 个字符"


def test_init_that_was_refused_can_be_run_again(tmp_path):
    path = str(tmp_path / "new.db")
    refused = run("--db", path, "init", "--admin", "chief", env={"FRONTDESK_PASSWORD": "short"})

    done = run("--db", path, "init", "--admin", "chief", env={"FRONTDESK_PASSWORD": "long-enough"})

    assert refused.exit_code == 1
    assert done.exit_code == 0, done.stderr
    assert "已创建数据库" in done.stdout
    assert can_log_in(path, "chief", "long-enough")


def test_init_refuses_a_bad_admin_name_on_one_line(tmp_path):
    result = run("--db", str(tmp_path / "new.db"), "init", "--admin", "chen zhuren",
                 env={"FRONTDESK_PASSWORD": "chief-pass-1"})

    assert result.exit_code == 1
    assert one_line(result) == "登录名不能含有空格"


def test_init_on_another_programs_database_exits_4_untouched(tmp_path):
    path = tmp_path / "contacts.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    result = run("--db", str(path), "init", "--admin", "chief",
                 env={"FRONTDESK_PASSWORD": "chief-pass-1"})

    assert result.exit_code == 4
    one_line(result)
    assert path.read_bytes() == before


def test_init_in_a_missing_folder_exits_3(tmp_path):
    result = run("--db", str(tmp_path / "nowhere" / "fd.db"), "init", "--admin", "chief",
                 env={"FRONTDESK_PASSWORD": "chief-pass-1"})

    assert result.exit_code == 3
    assert str(tmp_path / "nowhere") in one_line(result)


def test_database_named_by_environment(tmp_path, db):
    result = run("audit", "verify", env={"FRONTDESK_DB": db})

    assert result.exit_code == 0, result.stderr


# --- operators ----------------------------------------------------------------------------


def test_operator_add_reads_the_new_password_from_stdin(db):
    result = run("--db", db, "operator", "add", "wangfang", "--role", "duty",
                 "--display-name", "王芳", input="duty-pass-01\n", env=as_admin())

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "已新增操作员 wangfang（值班员）"
    assert rows(db, "SELECT display_name, role, created_by FROM operators WHERE name = 'wangfang'") == [
        ("王芳", "duty", "admin")]
    assert can_log_in(db, "wangfang", "duty-pass-01")


def test_operator_add_json(db):
    result = run("--db", db, "operator", "add", "wangfang", "--role", "mail", "--json",
                 input="mail-pass-01\n", env=as_admin())

    assert result.exit_code == 0, result.stderr
    added = json.loads(result.stdout)
    assert (added["name"], added["role"], added["disabled"], added["created_by"]) == (
        "wangfang", "mail", False, "admin")
    assert "password" not in json.dumps(added)


def test_operator_add_without_a_password_line_is_refused(db):
    result = run("--db", db, "operator", "add", "wangfang", "--role", "mail",
                 input="", env=as_admin())

    assert result.exit_code == 1
    assert one_line(result) == "标准输入中没有密码"
    assert rows(db, "SELECT count(*) FROM operators") == [(1,)]


def test_operator_list_json(db, clerk):
    result = run("--db", db, "operator", "list", "--json", env=as_admin())

    assert result.exit_code == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [(o["name"], o["role"], o["disabled"]) for o in listed] == [
        ("admin", "admin", False), ("lihua", "reception", False)]


def test_operator_list_as_a_table(db, clerk):
    result = run("--db", db, "operator", "list", env=as_admin())

    assert result.exit_code == 0, result.stderr
    header, rule, *lines = result.stdout.splitlines()
    assert header.split() == ["登录名", "姓名", "角色", "状态", "创建时间"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert [line.split()[0] for line in lines] == ["admin", "lihua"]
    assert "接访员" in lines[1] and "在用" in lines[1]


def test_operator_disable_and_enable(db, clerk):
    disabled = run("--db", db, "operator", "disable", "lihua", env=as_admin())

    assert disabled.exit_code == 0, disabled.stderr
    assert disabled.stdout.strip() == "已停用操作员 lihua"
    assert rows(db, "SELECT disabled FROM operators WHERE name = 'lihua'") == [(1,)]
    refused = run("--db", db, "operator", "list", "--operator", "lihua",
                  env={"FRONTDESK_PASSWORD": "reception-pass"})
    assert refused.exit_code == 1
    assert one_line(refused) == "操作员“lihua”已停用"

    enabled = run("--db", db, "operator", "enable", "lihua", env=as_admin())

    assert enabled.exit_code == 0, enabled.stderr
    assert rows(db, "SELECT disabled FROM operators WHERE name = 'lihua'") == [(0,)]


def test_operator_passwd_by_admin(db, clerk):
    result = run("--db", db, "operator", "passwd", "lihua", input="brand-new-pass\n", env=as_admin())

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "已更新 lihua 的密码"
    assert can_log_in(db, "lihua", "brand-new-pass")
    assert not can_log_in(db, "lihua", "reception-pass")


def test_operator_changes_their_own_password(db, clerk):
    result = run("--db", db, "--operator", "lihua", "operator", "passwd", "lihua",
                 input="my-own-new-pass\n", env={"FRONTDESK_PASSWORD": "reception-pass"})

    assert result.exit_code == 0, result.stderr
    assert can_log_in(db, "lihua", "my-own-new-pass")


def test_reception_cannot_change_anothers_password(db, clerk):
    result = run("--db", db, "--operator", "lihua", "operator", "passwd", "admin",
                 input="taken-over-1\n", env={"FRONTDESK_PASSWORD": "reception-pass"})

    assert result.exit_code == 1
    assert one_line(result).startswith("权限不足")
    assert can_log_in(db, "admin", ADMIN_PASSWORD)


def test_operator_unlock(db, clerk):
    for _ in range(5):
        failed = run("--db", db, "--operator", "lihua", "operator", "list",
                     env={"FRONTDESK_PASSWORD": "wrong-password"})
        assert failed.exit_code == 1
    assert one_line(failed).startswith("登录名或密码不正确")
    with Store.open(db) as store:
        assert store.operators.locked_until("lihua") is not None

    result = run("--db", db, "operator", "unlock", "lihua", env=as_admin())

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "已解除 lihua 的锁定"
    with Store.open(db) as store:
        assert store.operators.locked_until("lihua") is None


