"""``frontdesk backup|restore|export|import`` from the command line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from frontdesk.cli import cli
from frontdesk.store import Store


@pytest.fixture
def env(tmp_path, monkeypatch):
    path = tmp_path / "fd.db"
    store = Store.open(path, create=True)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    store.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    store.visits.register(admin, {"subject": "拖欠工资",
                                  "visitors": [{"name": "张三", "id_number": "11010519491231002X"}]})
    store.close()
    return {"FRONTDESK_DB": str(path), "FRONTDESK_OPERATOR": "admin", "FRONTDESK_PASSWORD": "admin-pass-1",
            "FRONTDESK_CONFIG": str(tmp_path / "none.toml")}


def run(env, *args, input=None, **extra):
    result = CliRunner().invoke(cli, list(args), env={**env, **extra}, input=input)
    assert "Traceback" not in result.output + result.stderr
    return result


def test_backup_export_import_restore_round(env, tmp_path):
    assert run(env, "backup", str(tmp_path / "b.db")).exit_code == 0
    assert run(env, "backup", str(tmp_path / "b.db")).exit_code == 1  # never overwritten
    assert run(env, "export", "-o", str(tmp_path / "e.jsonl")).exit_code == 0
    copy = {**env, "FRONTDESK_DB": str(tmp_path / "copy.db")}
    result = run(copy, "import", str(tmp_path / "e.jsonl"))
    assert result.exit_code == 0, result.output
    assert run(copy, "audit", "verify").exit_code == 0
    assert "张三" in run(copy, "visit", "list", "--search", "张三").stdout
    assert run(env, "restore", str(tmp_path / "b.db"), "--yes").exit_code == 0
    assert run(env, "restore", str(tmp_path / "b.db"), input="n\n").exit_code == 1


def test_only_supervisors_and_admins_export(env, tmp_path):
    result = run(env, "export", "-o", str(tmp_path / "e.jsonl"),
                 FRONTDESK_OPERATOR="jiedai", FRONTDESK_PASSWORD="desk-pass-1")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "e.jsonl").exists()


def test_restoring_a_damaged_file_is_refused(env, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    result = run(env, "restore", str(bad), "--yes")
    assert result.exit_code in (1, 4) and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(("content", "message"), [
    (None, "备份文件不存在"),
    (b"", "备份文件是空的"),
    (b"name,phone\n", "不是 frontdesk 的备份"),
])
def test_restoring_what_is_not_a_backup_says_what_it_is(env, tmp_path, content, message):
    path = tmp_path / "backup.db"
    if content is not None:
        path.write_bytes(content)
    result = run(env, "restore", str(path), "--yes")
    assert result.exit_code == 1 and result.stderr.strip() == f"{message}：{path}"


def test_restoring_a_folder_says_it_is_not_a_backup(env, tmp_path):
    result = run(env, "restore", str(tmp_path), "--yes")
    assert result.exit_code == 1 and result.stderr.strip() == f"不是 frontdesk 的备份：{tmp_path}"


def test_backup_reminds_that_the_key_is_not_in_it(env, tmp_path):
    result = run(env, "backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 0, result.output
    assert "审计密钥文件" in result.stderr and "不在备份中" in result.stderr


@pytest.mark.parametrize("command", [("audit", "verify"), ("operator", "list")])
def test_without_the_key_file_one_line_says_so(env, tmp_path, command):
    missing = tmp_path / "gone" / "frontdesk-audit.key"
    result = run(env, *command, FRONTDESK_AUDIT_KEY=str(missing))
    assert result.exit_code != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "找不到审计密钥文件" in lines[0] and str(missing) in lines[0]
    assert not missing.exists()


def test_audit_verify_names_a_dropped_trigger(env):
    import sqlite3

    conn = sqlite3.connect(env["FRONTDESK_DB"], isolation_level=None)
    conn.execute("DROP TRIGGER visits_never_deleted")
    conn.close()
    result = run(env, "audit", "verify")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["数据库缺少程序创建的触发器“visits_never_deleted”：被绕过程序删除"]


def test_a_new_machine_restores_with_the_backups_admin(env, tmp_path):
    assert run(env, "backup", str(tmp_path / "b.db")).exit_code == 0
    new = tmp_path / "new"
    new.mkdir()
    fresh = {**env, "FRONTDESK_DB": str(new / "fd.db")}

    refused = run(fresh, "restore", str(tmp_path / "b.db"), "--yes", FRONTDESK_PASSWORD="wrong-pass-12")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == ["备份中没有这名可用的管理员，或密码不正确"]
    assert list(new.iterdir()) == []

    result = run(fresh, "restore", str(tmp_path / "b.db"), "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"已从 {tmp_path / 'b.db'} 恢复"
    assert run(fresh, "audit", "verify").exit_code == 0
    assert "拖欠工资" in run(fresh, "visit", "list", "--search", "张三").stdout


def test_restore_says_which_numbers_it_dropped_and_where_numbering_goes_on(env, tmp_path):
    assert run(env, "backup", str(tmp_path / "b.db")).exit_code == 0
    with Store.open(env["FRONTDESK_DB"]) as store:
        admin = store.operators.get("admin")
        later = store.visits.register(admin, {
            "subject": "备份之后", "visitors": [{"name": "李四", "id_number": "11010519491231002X"}]}).number
        matter = store.matters.get(admin, later).number  # the visit's own matter goes with it

    result = run(env, "restore", str(tmp_path / "b.db"), "--yes")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        f"已从 {tmp_path / 'b.db'} 恢复",
        f"备份之后给出的这些编号不在备份中，已随恢复去掉（不会再用）：{matter}、{later}",
        f"编号接着本机给出过的最大编号往下编：下一个是 {matter[:-6]}000003、{later[:-6]}000003",
    ]
    assert run(env, "audit", "verify").exit_code == 0


def test_an_import_that_fails_leaves_no_file(env, tmp_path):
    assert run(env, "export", "-o", str(tmp_path / "e.jsonl")).exit_code == 0
    new = tmp_path / "new"
    new.mkdir()
    copy = {**env, "FRONTDESK_DB": str(new / "fd.db")}
    result = run(copy, "import", str(tmp_path / "e.jsonl"), "--operator", "jiedai")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert list(new.iterdir()) == []
    result = run(copy, "import", str(tmp_path / "e.jsonl"))
    assert result.exit_code == 0, result.stderr
    assert run(copy, "import", str(tmp_path / "e.jsonl")).exit_code == 1  # a database with records
