"""The duty and report commands: the contract's keys and options, refusals on one line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner, Result
from docx import Document

from frontdesk.cli import cli
from frontdesk.i18n import get_language, set_language
from frontdesk.store import Store

ADMIN_PASSWORD = "admin-pass-1"
DUTY_PASSWORD = "duty-pass-1"
CONTRACT_KEYS = {"number", "at", "kind", "source", "phone", "summary", "details", "importance",
                 "action", "assignee", "reported_to"}


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path) -> Iterator[None]:
    for name in ("FRONTDESK_OPERATOR", "FRONTDESK_PASSWORD", "FRONTDESK_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRONTDESK_DB", str(tmp_path / "fd.db"))
    settings = tmp_path / "settings.toml"
    settings.write_text(f'exports_dir = "{tmp_path / "exports"}"\n', encoding="utf-8")
    monkeypatch.setenv("FRONTDESK_CONFIG", str(settings))
    before = get_language()
    with Store.open(tmp_path / "fd.db", create=True) as store:
        admin = store.operators.create_first_admin("admin", ADMIN_PASSWORD)
        store.operators.add(admin, "zhiban", "duty", DUTY_PASSWORD, "王立新")
        store.operators.add(admin, "yeban", "duty", "night-pass-1", "陈夜")
        store.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    yield
    set_language(before)


def run(*args: str, operator: str = "zhiban", password: str = DUTY_PASSWORD, input: str | None = None) -> Result:
    env = {"FRONTDESK_OPERATOR": operator, "FRONTDESK_PASSWORD": password}
    result = CliRunner().invoke(cli, list(args), env=env, input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def ok(*args: str, **kwargs) -> Result:
    result = run(*args, **kwargs)
    assert result.exit_code == 0, result.output
    return result


def refused(*args: str, **kwargs) -> str:
    result = run(*args, **kwargs)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def add(tmp_path, data: dict, *extra: str) -> dict:
    path = tmp_path / "entry.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return json.loads(ok("duty", "add", str(path), "--json", *extra).stdout)


def now_minus(minutes: int) -> str:
    return datetime.fromtimestamp(datetime.now().timestamp() - minutes * 60).strftime("%Y-%m-%d %H:%M")


def test_add_with_the_contracts_keys_and_show_it_back(tmp_path):
    at = now_minus(30)
    saved = add(tmp_path, {"at": at, "kind": "hotline", "source": "市民周", "phone": "13800138000",
                           "summary": "燃气泄漏", "details": "三楼", "importance": "urgent",
                           "action": "通知燃气公司", "assignee": "安监李",
                           "reported_to": [{"to": "组长", "at": now_minus(20)}]})

    assert CONTRACT_KEYS <= set(saved)
    assert saved["number"].startswith("D") and saved["reported_to"][0]["to"] == "组长"
    assert (saved["at"][:16], saved["kind"], saved["importance"]) == (at, "hotline", "urgent")
    shown = json.loads(ok("duty", "show", saved["number"], "--json").stdout)
    assert shown == saved
    assert "燃气泄漏" in ok("duty", "show", saved["number"]).stdout


def test_add_prints_the_number_and_reads_stdin(tmp_path):
    result = ok("duty", "add", "-", input=json.dumps({"summary": "来电咨询"}))

    assert result.stdout.startswith("已登记 D")


def test_report_to_and_list(tmp_path):
    number = add(tmp_path, {"summary": "停电", "importance": "urgent"})["number"]
    assert "!" in ok("duty", "list").stdout  # unreported urgent stands out

    said = ok("duty", "report-to", number, "--to", "主任").stdout
    listed = json.loads(ok("duty", "list", "--json").stdout)

    assert f"{number} 已记录报告：主任" in said
    assert [e["reported_to"][0]["to"] for e in listed] == ["主任"]
    assert json.loads(ok("duty", "list", "--date", "2000-01-01", "--json").stdout) == []


def test_refusals_are_one_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"kind": "telegram", "summary": "来电"}), encoding="utf-8")

    assert refused("duty", "add", str(path)) == (
        "类别必须是以下之一：call, hotline, fax, event, notice, instruction, other")
    assert refused("duty", "report-to", "D2026-999999", "--to", "主任") == "没有编号为 D2026-999999 的值班记录"
    assert "权限不足" in refused("duty", "list", operator="jiedai", password="desk-pass-1")
    assert refused("duty", "list", "--date", "03/02") == "日期格式应为 YYYY-MM-DD"


def test_every_refusal_of_an_entry_is_a_line_of_its_own(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"kind": "telegram"}), encoding="utf-8")

    result = run("duty", "add", str(path))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "类别必须是以下之一：call, hotline, fax, event, notice, instruction, other",
        "摘要不能为空",
    ]


def test_follow_up_correct_done_and_history(tmp_path):
    first = add(tmp_path, {"summary": "路面塌陷", "kind": "event", "assignee": "城管"})["number"]
    follow = add(tmp_path, {"summary": "已封路", "follow_up_of": first})
    assert (follow["stage"], follow["follow_up_of"]) == ("follow_up", first)
    fix = tmp_path / "fix.json"
    fix.write_text(json.dumps({"summary": "路面塌陷约两平方米", "reason": "现场核实"}), encoding="utf-8")

    assert "第 2 版" in ok("duty", "correct", first, str(fix)).stdout
    ok("duty", "done", first, "--note", "已回填")
    shown = json.loads(ok("duty", "show", first, "--history", "--json").stdout)

    assert [v["summary"] for v in shown["history"]] == ["路面塌陷", "路面塌陷约两平方米"]
    assert shown["done_note"] == "已回填" and shown["open_event"] is True
    assert "事件未终报" in ok("duty", "open").stdout


def test_handover_and_acceptance(tmp_path):
    add(tmp_path, {"summary": "燃气泄漏", "importance": "urgent"})

    assert refused("duty", "handover") == "交班说明不能为空"
    note = "待报主任；" + "伤者情况请接班同志跟进，" * 5 + "会议通知电话未打通，请早上8点前再通知。"
    handed = json.loads(ok("duty", "handover", "--note", note, "--json").stdout)
    assert handed["open_items"][0]["kind"] == "unreported_urgent"
    assert refused("duty", "accept") == "交班人不能自己接班"
    assert "陈夜 已接 王立新 的班" in ok("duty", "accept", operator="yeban", password="night-pass-1").stdout
    shifts = ok("duty", "shifts").stdout
    assert note in shifts.replace("\n  ", "") and "王立新" in shifts and "zhiban" not in shifts
    (shift,) = json.loads(ok("duty", "shifts", "--json").stdout)
    assert (shift["from_officer"], shift["from_name"], shift["to_officer"], shift["to_name"]) == (
        "zhiban", "王立新", "yeban", "陈夜")


def test_accept_says_nothing_of_a_handover_to_a_wrong_password():
    wrong = refused("duty", "accept", operator="yeban", password="wrong-password")
    assert wrong.startswith("登录名或密码不正确") and "交班" not in wrong
    assert refused("duty", "accept", operator="yeban", password="night-pass-1") == "没有等待接班的交班记录"


def test_notices_and_rosters(tmp_path):
    notice = tmp_path / "notice.json"
    notice.write_text(json.dumps({"title": "防汛会议", "targets": ["区水务局", "园岭街道办"]}), encoding="utf-8")
    assert "通知对象 2 个" in ok("duty", "notice", "add", str(notice)).stdout
    ticked = ok("duty", "notice", "tick", "1", "区水务局", "--person", "王科长").stdout
    assert "✓ 区水务局：王科长" in ticked and "✗ 园岭街道办" in ticked

    ok("duty", "roster", "add", "劳动节", "--start", "2026-05-01", "--end", "2026-05-05",
       "--unit", "区教育局", "--unit", "区民政局")
    table = tmp_path / "edu.csv"
    table.write_text("日期,姓名,职务\n2026-05-01,刘一,带班领导\n", encoding="utf-8")
    imported = ok("duty", "roster", "import", "劳动节", str(table), "--unit", "区教育局").stdout
    assert "未报送：区民政局" in imported
    assert "刘一" in ok("duty", "roster", "on", "2026-05-01").stdout
    exported = ok("duty", "roster", "export", "劳动节").stdout
    assert (tmp_path / "exports" / "rosters").is_dir() and "已保存" in exported
    logged = next(e for e in json.loads(ok("audit", "log", "--json", operator="admin", password=ADMIN_PASSWORD).stdout)
                  if e["action"] == "roster_export")
    assert (logged["action"], logged["detail"]["rows"]) == ("roster_export", 1)


def test_the_duty_rooms_own_roster_by_shift_feeds_the_report():
    ok("duty", "roster", "set", "2026-03-01", "day", "--officer", "王立新", "--leader", "李主任")
    night = json.loads(ok("duty", "roster", "set", "2026-03-01", "夜班", "--officer", "yeban", "--json").stdout)
    assert night == {"day": "2026-03-01", "shift": "night", "starts": "2026-03-01 18:00:00",
                     "ends": "2026-03-02 08:00:00", "officer": "yeban", "officer_name": "陈夜", "leader": "",
                     "set_at": night["set_at"], "set_by": "zhiban"}
    assert "带班领导：张副主任" in ok("duty", "roster", "leader", "2026-03-01", "张副主任", "--shift", "night").stdout
    listed = ok("duty", "roster", "shifts", "--from", "2026-03-01", "--days", "1").stdout
    assert "王立新" in listed and "陈夜" in listed and "zhiban" not in listed and "yeban" not in listed
    assert [(s["shift"], s["leader"]) for s in json.loads(
        ok("duty", "roster", "shifts", "--from", "2026-03-01", "--days", "1", "--json").stdout)] == [
        ("day", "李主任"), ("night", "张副主任")]
    assert refused("duty", "roster", "set", "2026-03-01", "day", "--officer", "jiedai").startswith("“jiedai”不是")
    assert refused("duty", "roster", "set", "2026-03-01", "day") == "请给出 --officer 或 --leader"
    assert refused("duty", "roster", "set", "2026-03-01", "day", "--leader", "x", operator="jiedai",
                   password="desk-pass-1").startswith("权限不足")
    # The one roster the report reads: officers and leaders of the window's shifts, by full name.
    report = ok("report", "daily", "--end", "2026-03-02 08:00").stdout.replace("\n", "")
    assert "带班领导：李主任、张副主任" in report and "值班员：王立新、陈夜" in report


def test_daily_report_in_every_format(tmp_path):
    add(tmp_path, {"at": now_minus(5), "summary": "重要来电", "importance": "important"})
    end = datetime.now().strftime("%Y-%m-%d %H:%M")

    text = ok("report", "daily", "--end", end).stdout
    markdown = ok("report", "daily", "--end", end, "--format", "md").stdout
    saved = ok("report", "daily", "--end", end, "--format", "docx").stdout

    assert "每日值班信息报告" in text and "重要来电" in text
    assert markdown.startswith("# 每日值班信息报告")
    path = tmp_path / "exports" / "reports" / f"daily-report-{end[:10]}-{end[11:13]}{end[14:16]}-v1.docx"
    assert str(path) in saved and "重要来电" in "\n".join(p.text for p in Document(str(path)).paragraphs)
    out = tmp_path / "r.txt"
    ok("report", "daily", "--end", end, "-o", str(out))
    assert "重要来电" in out.read_text(encoding="utf-8")
    # The day before holds nothing: every section says so.
    assert "零报告" in ok("report", "daily", "--end", "2000-01-02 08:00").stdout
    assert refused("report", "daily", "--end", "soon").startswith("报告截止时间格式应为 14:30、12-01 14:30、")
    assert "权限不足" in refused("report", "daily", operator="jiedai", password="desk-pass-1")


def test_a_report_sent_is_frozen_and_a_changed_one_is_a_new_version(tmp_path):
    add(tmp_path, {"at": now_minus(30), "summary": "重要来电", "importance": "important"})
    end = datetime.now().strftime("%Y-%m-%d %H:%M")
    day = (datetime.now() - timedelta(hours=24)).strftime("%Y-%m-%d")
    ok("duty", "roster", "leader", day, "陈主任")

    sent = ok("report", "sent", "--end", end, "--to", "市委总值班室", "--how", "传真").stdout
    twice = refused("report", "sent", "--end", end, "--to", "市委总值班室", "--how", "传真")
    first = ok("report", "daily", "--end", end, "--format", "docx").stdout
    again = refused("report", "daily", "--end", end, "--format", "docx")
    add(tmp_path, {"at": now_minus(20), "summary": "又一件急事", "importance": "urgent"})
    second = ok("report", "daily", "--end", end, "--format", "docx").stdout

    assert sent.startswith("已记录报送：第1版") and "以传真报市委总值班室" in sent
    assert "第1版已于" in twice
    assert "-v1.docx" in first and again.startswith("已有同名文件，未覆盖：")
    assert "-v2.docx" in second and "第2版，较第1版：新增D2026-000002" in second.replace(" ", "")
    printed = ok("report", "daily", "--end", end).stdout
    assert "带班领导：陈主任" in printed
    # The short anchor at the foot checks against the chain, as do the heads kept beside the exports.
    entry, digits = re.search(r"校验：第 (\d+) 条 ([0-9a-f]{8})…", printed).groups()
    assert ok("audit", "verify", "--head", f"{entry}:{digits}").exit_code == 0
    assert (tmp_path / "exports" / "audit-heads.txt").exists()


def test_every_duty_command_has_help_in_both_languages():
    for args in (["duty"], ["duty", "add"], ["duty", "report-to"], ["duty", "show"], ["duty", "list"],
                 ["duty", "correct"], ["duty", "handover"], ["duty", "accept"], ["duty", "notice", "tick"],
                 ["duty", "roster", "import"], ["duty", "roster", "leader"], ["report", "daily"],
                 ["report", "sent"]):
        zh = ok(*args, "--help").stdout
        en = ok("--lang", "en", *args, "--help").stdout
        assert zh != en and "--help" in zh
    set_language("zh")


def test_time_options_take_times_as_they_are_said(tmp_path):
    number = add(tmp_path, {"at": now_minus(10), "summary": "停电", "importance": "urgent"})["number"]
    when = datetime.now().replace(second=0, microsecond=0) - timedelta(minutes=2)
    spoken = f"{when.year}年{when.month}月{when.day}日{when.hour}点{when.minute}分"

    ok("duty", "report-to", number, "--to", "主任", "--at", spoken)
    shown = json.loads(ok("duty", "show", number, "--json").stdout)

    assert shown["reported_to"][0]["at"] == when.strftime("%Y-%m-%d %H:%M:%S")
    assert refused("duty", "report-to", number, "--to", "主任", "--at", "12/01 10:00").startswith(
        "报告时间的日期看不出是几月几日")
    # A date alone is the end of the report window at the office's cut-off.
    assert "值班记录：无。" in ok("report", "daily", "--end", "2000年1月2日").stdout


def test_done_without_a_note_and_a_report_after_now_are_refused(tmp_path):
    number = add(tmp_path, {"summary": "路灯不亮", "assignee": "城管"})["number"]
    ahead = datetime.fromtimestamp(datetime.now().timestamp() + 180).strftime("%Y-%m-%d %H:%M")

    assert refused("duty", "done", number) == "落实情况不能为空"
    assert refused("duty", "report-to", number, "--to", "主任", "--at", ahead) == "报告时间不能晚于现在"
    assert json.loads(ok("duty", "show", number, "--json").stdout)["done_at"] is None
    ok("duty", "done", number, "--note", "已报修")
