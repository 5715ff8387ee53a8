"""The command line: refusals on one line, languages, settings, exit codes, help."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from frontdesk.cli import cli
from frontdesk.i18n import CATALOG, has

from cli_support import ADMIN_PASSWORD, VENV_BIN, as_admin, one_line, rows, run

pytestmark = pytest.mark.usefixtures("clean_environment")


# --- refusals: exit 1, one line on stderr ------------------------------------------------

REFUSALS = [
    (["operator", "add", "li hua", "--role", "reception"], "reception-pass\n",
     "登录名不能含有空格", "login name must not contain spaces"),
    (["operator", "add", "lihua", "--role", "boss"], "reception-pass\n",
     "角色必须是以下之一：admin, supervisor, reception, duty, mail",
     "the role must be one of: admin, supervisor, reception, duty, mail"),
    (["operator", "add", "lihua", "--role", "reception"], "short\n",
     "密码至少 10 个字符", "the password needs at least 10 characters"),
    (["operator", "add", "lihua", "--role", "reception"], "woaini1314\n",
     "该密码是常见或已泄露的密码，请换一个", "that password is common or has leaked; choose another"),
    (["operator", "add", "\u0430dmin", "--role", "reception"], "reception-pass\n",
     "登录名与已有操作员“admin”看起来相同，请换一个",
     "the login name looks the same as the existing operator 'admin'; choose another"),
    (["operator", "add", "admin", "--role", "reception"], "reception-pass\n",
     "操作员“admin”已存在", "operator 'admin' already exists"),
    (["operator", "disable", "admin"], None,
     "不能停用最后一位在用的系统管理员", "the last active administrator cannot be disabled"),
    (["operator", "enable", "nobody"], None,
     "没有操作员“nobody”", "there is no operator 'nobody'"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("args", "stdin", "zh", "en"), REFUSALS,
                         ids=[" ".join(r[0][:3]) for r in REFUSALS])
def test_refusal_is_one_line_in_the_chosen_language(db, lang, args, stdin, zh, en):
    before = rows(db, "SELECT * FROM operators")
    lang_args = ["--lang", "en"] if lang == "en" else []

    result = run(*lang_args, "--db", db, *args, input=stdin, env=as_admin())

    assert result.exit_code == 1
    assert one_line(result) == (zh if lang == "zh" else en)
    assert result.stdout == ""
    assert rows(db, "SELECT * FROM operators") == before


def test_several_refusals_are_one_line_each_in_form_order(db):
    before = rows(db, "SELECT * FROM operators")

    result = run("--lang", "en", "--db", db, "operator", "add", "li hua", "--role", "boss",
                 input="reception-pass\n", env=as_admin())

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "login name must not contain spaces",
        "the role must be one of: admin, supervisor, reception, duty, mail",
    ]
    assert result.stdout == ""
    assert rows(db, "SELECT * FROM operators") == before


def test_language_from_the_environment(db):
    result = run("--db", db, "operator", "disable", "admin",
                 env={**as_admin(), "FRONTDESK_LANG": "en"})

    assert one_line(result) == "the last active administrator cannot be disabled"


def test_language_does_not_stick_to_the_next_command(db):
    run("--lang", "en", "--db", db, "operator", "disable", "admin", env=as_admin())

    result = run("--db", db, "operator", "disable", "admin", env=as_admin())

    assert one_line(result) == "不能停用最后一位在用的系统管理员"


def test_language_from_the_settings_file(db, tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text('language = "en"\n', encoding="utf-8")

    result = run("--db", db, "operator", "disable", "admin",
                 env={**as_admin(), "FRONTDESK_CONFIG": str(settings)})

    assert one_line(result) == "the last active administrator cannot be disabled"


@pytest.mark.parametrize(
    ("content", "named"),
    [("colour = \"red\"\n", "colour"), ("idle_lock_minutes = -5\n", "idle_lock_minutes"),
     ("language = \n", "-")],
    ids=["unknown key", "bad value", "not toml"],
)
def test_bad_settings_file_is_refused_on_one_line(db, tmp_path, content, named):
    settings = tmp_path / "settings.toml"
    settings.write_text(content, encoding="utf-8")

    result = run("--db", db, "audit", "verify", env={"FRONTDESK_CONFIG": str(settings)})

    assert result.exit_code == 1
    line = one_line(result)
    assert line.startswith(f"设置文件有误：{settings}：{named}：")


def test_wrong_password_is_refused(db):
    result = run("--db", db, "operator", "list", env=as_admin("not-the-password"))

    assert result.exit_code == 1
    assert one_line(result) == "登录名或密码不正确（连续失败 5 次后须等待 15 分钟再试）"


def test_reception_operator_cannot_list_operators(db, clerk):
    result = run("--db", db, "--operator", "lihua", "operator", "list", "--json",
                 env={"FRONTDESK_PASSWORD": "reception-pass"})

    assert result.exit_code == 1
    assert one_line(result) == "权限不足：管理操作员需要以下角色之一：系统管理员"
    assert result.stdout == ""


def test_command_that_needs_a_login_says_so(db):
    result = run("--db", db, "operator", "list", env={"FRONTDESK_PASSWORD": ADMIN_PASSWORD})

    assert result.exit_code == 1
    assert "--operator" in one_line(result)


# --- who is acting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--operator", "admin", "operator", "list", "--json"], {}),
        (["operator", "list", "--json", "--operator", "admin"], {}),
        (["operator", "list", "--json"], {"FRONTDESK_OPERATOR": "admin"}),
        # The command's own option wins over the environment.
        (["operator", "list", "--json", "--operator", "admin"], {"FRONTDESK_OPERATOR": "lihua"}),
    ],
    ids=["group option", "command option", "environment", "option over environment"],
)
def test_operator_is_named_by_option_or_environment(db, clerk, args, env):
    result = run("--db", db, *args, env={"FRONTDESK_PASSWORD": ADMIN_PASSWORD, **env})

    assert result.exit_code == 0, result.stderr
    assert [o["name"] for o in json.loads(result.stdout)] == ["admin", "lihua"]


def test_password_is_prompted_when_not_in_the_environment(db):
    result = run("--db", db, "--operator", "admin", "operator", "list", "--json",
                 input=ADMIN_PASSWORD + "\n")

    assert result.exit_code == 0, result.stderr
    assert "密码" in result.stderr
    assert ADMIN_PASSWORD not in result.output


def test_every_cli_login_is_audited(db):
    run("--db", db, "operator", "list", env=as_admin())
    run("--db", db, "operator", "list", env=as_admin("wrong-password"))

    assert rows(db, "SELECT action, operator FROM audit_log WHERE id > 1 ORDER BY id") == [
        ("login", "admin"), ("login_failed", "admin")]


# --- exit codes of usage errors and unusable files ------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--bogus"],
        ["operator", "add"],
        ["operator", "add", "lihua"],
        ["operator", "frobnicate"],
        ["audit", "log", "--limit", "0"],
        ["--lang", "fr", "audit", "verify"],
        ["init"],
    ],
)
def test_usage_error_exits_2(db, args):
    result = run("--db", db, *args, env=as_admin())

    assert result.exit_code == 2
    assert "用法:" in result.stderr and "错误：" in result.stderr


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["operator", "frobnicate"], "错误：没有命令 'frobnicate'。", "Error: No such command 'frobnicate'."),
    (["audit", "lg"], "（是否想输入：'log'？）", "Did you mean 'log'?"),
    (["audit", "log", "--limit", "x"], "错误：'--limit' 的值无效：'x' 不是有效的数字。",
     "Error: Invalid value for '--limit': 'x' is not a valid integer range."),
    (["audit", "log", "--bogus"], "错误：没有选项 '--bogus'。", "Error: No such option '--bogus'."),
    (["audit", "verify", "extra"], "错误：多余的参数（extra）", "Error: Got unexpected extra argument (extra)"),
    (["operator", "add"], "错误：缺少参数 'NAME'", "Error: Missing argument 'NAME'"),
])
def test_click_s_own_refusals_speak_the_operator_s_language(db, args, zh, en):
    chinese = run("--db", db, *args, env=as_admin())
    english = run("--db", db, "--lang", "en", *args, env=as_admin())

    assert chinese.exit_code == english.exit_code == 2
    assert zh in chinese.stderr and "Usage:" not in chinese.stderr
    assert en in english.stderr and "Usage:" in english.stderr


def test_an_unknown_first_option_speaks_the_language_of_this_run_not_of_the_last(db):
    # Click refuses "--bogus" before "--lang" is read: the language must be picked earlier.
    run("--db", db, "--lang", "en", "--help")
    chinese = run("--db", db, "--bogus", env=as_admin())
    english = run("--db", db, "--bogus", env={**as_admin(), "FRONTDESK_LANG": "en"})
    chinese_again = run("--db", db, "--bogus", "--lang", "zh", env={**as_admin(), "FRONTDESK_LANG": "en"})

    assert "错误：没有选项 '--bogus'。" in chinese.stderr
    assert "Error: No such option '--bogus'." in english.stderr
    assert "错误：没有选项 '--bogus'。" in chinese_again.stderr


def test_help_headings_speak_the_operator_s_language(db):
    chinese = run("audit", "--help")
    english = run("--lang", "en", "audit", "--help")

    assert "用法:" in chinese.output and "选项:" in chinese.output and "命令:" in chinese.output
    assert "Usage:" in english.output and "Options:" in english.output and "Commands:" in english.output


def test_missing_database_exits_3_and_is_not_created(tmp_path):
    path = tmp_path / "absent.db"

    result = run("--db", str(path), "audit", "verify")

    assert result.exit_code == 3
    assert one_line(result) == f"数据库文件不存在：{path}（请先运行 frontdesk init）"
    assert not path.exists()


def test_missing_database_exits_3_also_for_commands_that_log_in(tmp_path):
    result = run("--db", str(tmp_path / "absent.db"), "operator", "list", env=as_admin())

    assert result.exit_code == 3
    one_line(result)


@pytest.mark.parametrize("content", [os.urandom(4096), "不是数据库\n".encode() * 300],
                         ids=["random bytes", "text"])
def test_file_that_is_not_a_database_exits_4_untouched(tmp_path, content):
    path = tmp_path / "fd.db"
    path.write_bytes(content)

    result = run("--db", str(path), "--lang", "en", "audit", "verify")

    assert result.exit_code == 4
    assert one_line(result) == f"this file is not a frontdesk database, or it is damaged: {path}"
    assert path.read_bytes() == content


def test_truncated_database_exits_4(db):
    whole = Path(db).read_bytes()
    Path(db).write_bytes(whole[: len(whole) // 2])

    result = run("--db", db, "operator", "list", env=as_admin())

    assert result.exit_code == 4
    assert "截断" in one_line(result)


def test_database_from_a_newer_program_exits_7(db):
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('frontdesk', 'add_hovercraft', 'later')")
    conn.commit()
    conn.close()

    result = run("--db", db, "audit", "verify")

    assert result.exit_code == 7
    assert "add_hovercraft" in one_line(result)


def scribble_over(db: str, *tables: str) -> None:
    """Overwrite the pages of some tables with noise; the header and schema stay whole."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [t]).fetchone()[0]
             for t in tables]
    conn.close()
    data = bytearray(Path(db).read_bytes())
    for page in pages:
        start = (page - 1) * page_size
        data[start:start + page_size] = bytes([0x5A]) * page_size
    Path(db).write_bytes(bytes(data))


@pytest.mark.parametrize(
    "args",
    [["audit", "verify"], ["operator", "list"], ["audit", "log"]],
    ids=lambda args: " ".join(args),
)
def test_database_damaged_inside_exits_4_without_a_traceback(db, args):
    scribble_over(db, "operators", "audit_log")

    result = run("--db", db, *args, env=as_admin())

    assert result.exit_code == 4
    assert one_line(result) == f"该文件不是 frontdesk 数据库或已损坏：{Path(db).absolute()}"


# --- audit ------------------------------------------------------------------------------


def test_audit_verify_reports_the_counts(db, clerk):
    result = run("--db", db, "--lang", "en", "audit", "verify")

    assert result.exit_code == 0, result.stderr
    entries = rows(db, "SELECT count(*) FROM audit_log")[0][0]
    assert result.stdout.strip() == (
        f"audit chain whole: {entries} entries, 2 records match their last entry")


def test_audit_verify_names_a_record_changed_with_plain_sql(db, clerk):
    conn = sqlite3.connect(db)
    conn.execute("UPDATE operators SET role = 'admin' WHERE name = 'lihua'")
    conn.commit()
    conn.close()

    result = run("--db", db, "audit", "verify")

    assert result.exit_code != 0
    line = one_line(result)
    assert "operators#2" in line
    assert "被绕过程序改动" in line
    assert result.stdout == ""


def test_audit_log_json_is_newest_first(db, clerk):
    result = run("--db", db, "audit", "log", "--json", env=as_admin())

    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)
    ids = [e["id"] for e in entries]
    assert ids == sorted(ids, reverse=True)
    assert entries[0]["action"] == "login"  # this command's own login
    assert [(e["action"], e["record_id"]) for e in entries if e["action"] == "create"] == [
        ("create", 2), ("create", 1)]
    assert entries[-1]["detail"] == {"role": "admin"}


def test_audit_log_limit_and_table(db, clerk):
    result = run("--db", db, "audit", "log", "--limit", "2", env=as_admin())

    assert result.exit_code == 0, result.stderr
    header, _rule, *lines = result.stdout.splitlines()
    assert header.split() == ["序号", "时间", "操作员", "动作", "记录"]
    assert len(lines) == 2
    assert "登录" in lines[0]


def test_audit_log_is_refused_to_reception(db, clerk):
    result = run("--db", db, "--operator", "lihua", "audit", "log",
                 env={"FRONTDESK_PASSWORD": "reception-pass"})

    assert result.exit_code == 1
    assert one_line(result).startswith("权限不足：查看审计日志")


# --- help ---------------------------------------------------------------------------------


def command_paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple]:
    yield path, command
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            yield from command_paths(command.get_command(context, name), (*path, name))


ALL_COMMANDS = list(command_paths(cli))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def help_key(obj) -> str | None:
    return getattr(obj, "_help_key", None) or (obj.help if has(obj.help or "") else None)


def test_command_tree_is_walked():
    names = {" ".join(path) for path, _ in ALL_COMMANDS}

    assert {"", "init", "operator add", "operator list", "operator disable", "operator enable",
            "operator passwd", "operator unlock", "audit verify", "audit log"} <= names


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", [p for p, _ in ALL_COMMANDS],
                         ids=[" ".join(p) or "frontdesk" for p, _ in ALL_COMMANDS])
def test_every_command_and_option_has_translated_help(path, lang):
    result = run("--lang", lang, *path, "--help")

    assert result.exit_code == 0, result.output
    page = squeeze(result.stdout)
    assert not re.search(r"\bcli\.help\.", result.stdout), result.stdout
    command = dict(ALL_COMMANDS)[path]
    described = [command] + [p for p in command.get_params(click.Context(command))
                             if isinstance(p, click.Option)]
    for obj in described:
        name = getattr(obj, "name", None) or obj.opts[0]
        key = help_key(obj)
        if isinstance(obj, click.Option) and obj.opts == ["--help"]:
            key = "cli.help.help"
        assert key is not None, f"{' '.join(path)}: {name} has no help from the catalog"
        zh, en = CATALOG[key]
        assert zh.strip() and en.strip(), f"{key} is empty in a language"
        expected = zh if lang == "zh" else en
        assert squeeze(expected) in page, f"{' '.join(path)}: help of {name} not shown in {lang}"


def test_help_pages_differ_by_language():
    zh = run("--lang", "zh", "operator", "add", "--help").stdout
    en = run("--lang", "en", "operator", "add", "--help").stdout

    assert "新增操作员" in zh and "新增操作员" not in en
    assert "add an operator" in en and "add an operator" not in zh


# --- a real process -----------------------------------------------------------------------


def run_process(args: list[str], tmp_path: Path, env: dict | None = None,
                stdin: str = "") -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_") or k == "FRONTDESK_AUDIT_KEY"}
    full_env["FRONTDESK_CONFIG"] = str(tmp_path / "no-settings.toml")
    full_env.update(env or {})
    done = subprocess.run(args, input=stdin, capture_output=True, text=True, env=full_env,
                          timeout=60)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_console_script_initialises_and_lists(tmp_path):
    frontdesk = VENV_BIN / "frontdesk"
    if not frontdesk.exists():
        pytest.skip("the frontdesk console script is not installed next to this python")
    path = str(tmp_path / "fd.db")

    init = run_process([str(frontdesk), "--db", path, "init", "--admin", "admin"], tmp_path,
                       env={"FRONTDESK_PASSWORD": ADMIN_PASSWORD})
    listed = run_process([str(frontdesk), "--db", path, "operator", "list", "--json"], tmp_path,
                         env=as_admin())

    assert init.returncode == 0, init.stderr
    assert listed.returncode == 0, listed.stderr
    assert [o["name"] for o in json.loads(listed.stdout)] == ["admin"]


def test_module_run_exit_codes_in_a_real_process(tmp_path):
    missing = run_process([sys.executable, "-m", "frontdesk", "--db", str(tmp_path / "x.db"),
                           "audit", "verify"], tmp_path)
    usage = run_process([sys.executable, "-m", "frontdesk", "operator", "add"], tmp_path)

    assert missing.returncode == 3
    assert len(missing.stderr.splitlines()) == 1
    assert missing.stdout == ""
    assert usage.returncode == 2


def test_help_flag_before_lang_is_still_translated_in_a_real_process(tmp_path):
    done = run_process([sys.executable, "-m", "frontdesk", "--help", "--lang", "en"], tmp_path)

    assert done.returncode == 0
    assert "show this help and exit" in done.stdout
    assert "显示本帮助" not in done.stdout
