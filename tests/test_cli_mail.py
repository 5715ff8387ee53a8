"""The mail room's commands: letters, registered post and incoming documents;
JSON in and out, one-line refusals, and accused persons hidden from other roles."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontdesk.cli import cli
from frontdesk.i18n import get_language, set_language
from frontdesk.store.shared.identity import mask_id

from testdata import resident_id

ADMIN_PASSWORD = "admin-pass-1"
CANARY_NAME = "甄金丝雀"
CANARY_ID = resident_id("44030419710203451")
CONTRACT_KEYS = {"number", "repeat", "previous", "pages_mismatch", "received_at", "channel", "kind",
                 "sender", "signers", "letter_date", "subject", "content", "category", "location",
                 "pages_stated", "pages_received", "enclosures", "accused", "proposal", "transfer_to"}


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path) -> Iterator[None]:
    for name in ("FRONTDESK_OPERATOR", "FRONTDESK_PASSWORD", "FRONTDESK_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRONTDESK_DB", str(tmp_path / "fd.db"))
    monkeypatch.setenv("FRONTDESK_CONFIG", str(tmp_path / "no-settings.toml"))
    before = get_language()
    yield
    set_language(before)


def run(*args: str, input: str | None = None, operator: str = "admin",
        password: str = ADMIN_PASSWORD) -> Result:
    env = {"FRONTDESK_OPERATOR": operator, "FRONTDESK_PASSWORD": password}
    result = CliRunner().invoke(cli, list(args), input=input, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unhandled {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result


def ok(*args: str, **kwargs) -> Result:
    result = run(*args, **kwargs)
    assert result.exit_code == 0, result.output
    return result


def ok_json(*args: str, **kwargs):
    return json.loads(ok(*args, "--json", **kwargs).stdout)


def refused(*args: str, **kwargs) -> str:
    result = run(*args, **kwargs)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip() and result.stdout == "", result.output
    return lines[0]


@pytest.fixture(autouse=True)
def initialised(environment) -> None:
    ok("init", "--admin", "admin", password=ADMIN_PASSWORD)
    ok("operator", "add", "shoufa", "--role", "mail", input="mail-pass-1\n")
    ok("operator", "add", "jiedai", "--role", "reception", input="desk-pass-1\n")


def write(tmp_path: Path, data, name: str = "in.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def yesterday() -> str:
    return (datetime.now() - timedelta(days=1)).strftime("%Y-%m-%d 10:30")


def a_letter(**fields) -> dict:
    return {
        "received_at": yesterday(), "channel": "registered", "kind": "signed",
        "sender": {"name": "张三", "unit": "某公司", "address": "福田区园岭街道",
                   "phone": "13800138000", "id_number": ""},
        "signers": 1, "letter_date": (datetime.now() - timedelta(days=4)).strftime("%Y-%m-%d"),
        "subject": "反映干部作风问题", "content": "详见来信", "category": "纪检监察", "location": "福田区",
        "pages_stated": 4, "pages_received": 3,
        "enclosures": [{"item": "现金", "amount": 200, "returned": False},
                       {"item": "身份证复印件", "returned": True}],
        "accused": [{"name": CANARY_NAME, "unit": "金丝雀管理处", "post": "处长", "rank": "正处",
                     "id_number": CANARY_ID}],
        "proposal": "transfer", "transfer_to": "区纪委监委", **fields,
    }


def test_letter_add_prints_the_contract(tmp_path):
    out = ok_json("letter", "add", write(tmp_path, a_letter()), operator="shoufa", password="mail-pass-1")
    year = datetime.now().year

    assert CONTRACT_KEYS <= out.keys()
    assert (out["number"], out["repeat"], out["previous"], out["pages_mismatch"]) == (
        f"L{year}-000001", False, [], True)
    assert [(e["item"], e["amount"], e["returned"]) for e in out["enclosures"]] == [
        ("现金", 200, False), ("身份证复印件", None, True)]
    assert out["accused"][0]["name"] == CANARY_NAME
    assert out["accused"][0]["id_number"] == mask_id(CANARY_ID)

    again = ok_json("letter", "add", write(tmp_path, a_letter(received_at=None), "again.json"))
    assert (again["kind"], again["repeat"], again["previous_number"]) == ("repeat", True, out["number"])
    assert again["previous"] == [{"channel": "letter", "number": out["number"], "at": out["received_at"]}]


def test_a_bad_letter_is_refused_on_one_line_and_nothing_is_saved(tmp_path):
    assert refused("letter", "add", write(tmp_path, a_letter(subject=""))) == "事由不能为空"
    assert "registered" in refused("letter", "add", write(tmp_path, a_letter(channel="pigeon")))
    assert "纪检监察" in refused("letter", "add", write(tmp_path, a_letter(transfer_to="区城管局")))
    assert ok_json("letter", "list", "--view", "all") == []


def test_reception_gets_an_accusing_letter_sealed_and_never_finds_it(tmp_path):
    number = ok_json("letter", "add", write(tmp_path, a_letter()))["number"]
    export = tmp_path / "letters.csv"
    as_desk = {"operator": "jiedai", "password": "desk-pass-1"}
    outputs = [
        ok("letter", "show", number, **as_desk).stdout,
        ok("letter", "show", number, "--json", **as_desk).stdout,
        ok("letter", "list", "--view", "all", **as_desk).stdout,
        ok("letter", "list", "--view", "all", "--json", **as_desk).stdout,
        ok("letter", "list", "--search", "张三", "--json", **as_desk).stdout,
        ok("letter", "export", str(export), **as_desk).stdout,
        export.read_text(encoding="utf-8"),
    ]
    for text in outputs:
        for secret in (CANARY_NAME, "金丝雀", CANARY_ID, mask_id(CANARY_ID), "正处",
                       "张三", "13800138000", "园岭街道", "反映干部作风问题", "详见来信", "区纪委监委", "现金"):
            assert secret not in text
    shown = json.loads(outputs[1])
    assert shown == {"number": number, "received_at": shown["received_at"], "channel": "registered",
                     "sealed": True, "summary": "检举控告类来信（内容按规定不予显示）"}
    assert outputs[0].splitlines()[1] == "检举控告类来信（内容按规定不予显示）" and len(outputs[0].splitlines()) == 2
    assert number in outputs[6] and "检举控告类来信（内容按规定不予显示）" in outputs[6]
    assert ok_json("letter", "list", "--search", CANARY_NAME, **as_desk) == []
    assert ok_json("letter", "list", "--search", "张三", **as_desk) == []
    # The mail room sees and finds them, in the export too.
    assert [item["number"] for item in ok_json("letter", "list", "--search", CANARY_NAME)] == [number]
    ok("letter", "export", str(export))
    rows = list(csv.reader(export.read_text(encoding="utf-8-sig").splitlines()))
    logged = [e for e in ok_json("audit", "log", "--limit", "30", operator="admin", password=ADMIN_PASSWORD)
              if e["action"] == "letter_export"]
    assert len(logged) == 2
    assert logged[1]["operator"] == "jiedai" and logged[0]["detail"] == {"file": "letters.csv", "rows": 1}
    assert rows[1][0] == number and CANARY_NAME in rows[1][6]


def test_enclosures_returned_then_the_letter_closed(tmp_path):
    number = ok_json("letter", "add", write(tmp_path, a_letter()))["number"]
    assert "现金" in refused("letter", "close", number)
    assert [h["item"] for h in ok_json("letter", "held")] == ["现金"]

    ok("letter", "return", number, "1", "--how", "registered", "--note", "XA1")
    assert ok_json("letter", "held") == []
    assert "办结情况" in refused("letter", "close", number)
    assert "已办结" in ok("letter", "close", number, "--outcome", "已答复").stdout
    shown = ok_json("letter", "show", number)
    assert (shown["closed_by"], shown["outcome"]) == ("admin", "已答复")


def test_handling_given_later(tmp_path):
    number = ok_json("letter", "add", write(tmp_path, a_letter(proposal=None, accused=[])))["number"]
    assert [item["number"] for item in ok_json("letter", "list", "--view", "pending")] == [number]
    assert "转送" in refused("letter", "handle", number, "--proposal", "transfer")
    out = ok_json("letter", "handle", number, "--proposal", "no_transfer", "--reason", "being_handled")
    assert (out["proposal"], out["no_transfer_reason"]) == ("no_transfer", "being_handled")


def test_registered_post_signed_in_passed_on_and_found(tmp_path):
    item = {"tracking_number": "XA 1234 5678 9CN", "sender": "市人社局", "addressee": "区教育局",
            "received_at": yesterday(), "signed_by": "赵丽"}
    out = ok_json("post", "add", write(tmp_path, item))
    assert (out["number"], out["tracking_number"], out["waiting"]) == (
        f"P{datetime.now().year}-000001", "XA123456789CN", True)
    assert "已登记为" in refused("post", "add", write(tmp_path, item))
    assert [p["number"] for p in ok_json("post", "list", "--find", "789cn")] == [out["number"]]
    assert [p["number"] for p in ok_json("post", "list", "--view", "waiting")] == [out["number"]]

    passed = ok_json("post", "pass", "89CN", "--to", "区教育局", "--signed-by", "李四")
    assert (passed["passed_to"], passed["passed_signed_by"], passed["waiting"]) == ("区教育局", "李四", False)
    assert ok_json("post", "list", "--view", "waiting") == []
    assert "权限不足" in refused("post", "list", operator="jiedai", password="desk-pass-1")


def test_documents_numbered_and_classified_ones_kept_out(tmp_path):
    year = datetime.now().year
    first = ok_json("doc", "add", write(tmp_path, {
        "issuer": "市政府办公厅", "doc_number": "深府办〔2026〕3号", "title": "关于春节值班的通知",
        "copies": 3, "urgency": "urgent", "secrecy": "none", "readers": ["王主任", "李副主任"]}))
    line = refused("doc", "add", write(tmp_path, {"secrecy": "confidential", "title": "某方案",
                                                  "paper_page": 1, "paper_line": 1}, "c.json"))
    assert "密件登记本" in line
    stub = ok_json("doc", "add", write(tmp_path, {"secrecy": "top_secret", "paper_page": 12, "paper_line": 4},
                                       "stub.json"))
    assert [first["number"], stub["number"]] == [f"S{year}-000001", f"S{year}-000002"]
    assert (stub["title"], stub["classified"], stub["copies"], stub["paper_page"], stub["paper_line"]) == (
        "", True, 1, 12, 4)
    assert "第 12 页第 4 行" in ok("doc", "show", stub["number"]).stdout
    assert "登记本页码" in refused("doc", "add", write(tmp_path, {"secrecy": "secret", "paper_line": 2},
                                                         "no-page.json"))

    ok("doc", "tick", first["number"], "王主任")
    listed = ok_json("doc", "list")
    assert [(d["number"], d["circulating"]) for d in listed] == [
        (stub["number"], False), (first["number"], True)]
    text = ok("doc", "show", first["number"]).stdout
    assert "已阅" in text and "未阅" in text


def test_letter_list_search_finds_a_letter_by_its_number_digits(tmp_path):
    number = ok_json("letter", "add", write(tmp_path, a_letter()))["number"]
    serial = number.split("-")[1]
    for typed in (str(int(serial)), serial, number):
        assert [x["number"] for x in ok_json("letter", "list", "--search", typed)] == [number], typed


def test_a_leaders_instruction_readers_added_and_a_tick_at_a_time(tmp_path):
    number = ok_json("doc", "add", write(tmp_path, {
        "issuer": "市政府办公厅", "title": "关于春节值班的通知", "readers": ["王主任"],
        "received_at": (datetime.now() - timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")}))["number"]
    at = (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    line = ok("doc", "instruct", number, "--leader", "王主任", "--text", "请办公室落实", "--at", at).stdout
    assert line.startswith(f"批示：{at} 王主任：请办公室落实")
    shown = ok_json("doc", "show", number)
    assert [(i["leader"], i["text"]) for i in shown["instructions"]] == [("王主任", "请办公室落实")]
    assert "批示内容" in refused("doc", "instruct", number, "--leader", "王主任", "--text", " ")
    routed = ok_json("doc", "circulate", number, "--reader", "区长、办公室")
    assert [r["reader"] for r in routed["readers"]] == ["王主任", "区长", "办公室"]
    assert "已在传阅名单上" in refused("doc", "circulate", number, "--reader", "区长")
    ticked = ok_json("doc", "tick", number, "区长", "--at", at)
    assert ticked["readers"][1]["read_at"] == at + ":00"
