"""The visit and demo commands: JSON in and out, one-line refusals, reveal, lists."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontdesk.cli import cli
from frontdesk.i18n import get_language, set_language
from frontdesk.store.shared.identity import mask_id

import testdata

ADMIN_PASSWORD = "admin-pass-1"
CLERK_PASSWORD = "reception-pass"


def resident_id(first17: str) -> str:
    return testdata.resident_id(first17)


ZHANG_ID = resident_id("44030419650312101")
LI_ID = resident_id("44030419700101102")
WANG_ID = resident_id("44030419801231103")
ZHAO_ID = resident_id("11010519491231002")
# The contract's output keys (the JSON holds more; these must be there, so named),
# and the input's keys, which the stored record echoes.
CONTRACT_KEYS = {"number", "kind", "headcount", "repeat", "previous"}
INPUT_KEYS = {"visited_at", "headcount", "visitors", "signed", "subject", "content", "category",
              "location", "papers"}
VISITOR_KEYS = {"name", "id_type", "id_number", "phone", "address", "postcode", "representative", "liaison"}


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path) -> Iterator[None]:
    """A database of this test, no settings file, no inherited variables; Chinese afterwards."""
    for name in ("FRONTDESK_OPERATOR", "FRONTDESK_PASSWORD", "FRONTDESK_LANG", "FRONTDESK_DEMO_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRONTDESK_DB", str(tmp_path / "fd.db"))
    monkeypatch.setenv("FRONTDESK_CONFIG", str(tmp_path / "no-settings.toml"))
    before = get_language()
    yield
    set_language(before)


def run(*args: str, input: str | None = None, operator: str = "admin",
        password: str = ADMIN_PASSWORD) -> Result:
    """The CLI in-process as ``operator``; whatever happens, no traceback reaches the screen."""
    env = {"FRONTDESK_OPERATOR": operator, "FRONTDESK_PASSWORD": password}
    result = CliRunner().invoke(cli, list(args), input=input, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unhandled {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    return result


def ok(*args: str, **kwargs) -> Result:
    result = run(*args, **kwargs)
    assert result.exit_code == 0, result.output
    return result


def ok_json(*args: str, **kwargs):
    return json.loads(ok(*args, "--json", **kwargs).stdout)


def refused(*args: str, **kwargs) -> str:
    """The one stderr line of a refusal with exit 1 (and nothing on stdout)."""
    result = run(*args, **kwargs)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip(), lines
    assert result.stdout == ""
    return lines[0]


@pytest.fixture(autouse=True)
def initialised(environment) -> None:
    ok("init", "--admin", "admin", password=ADMIN_PASSWORD)


@pytest.fixture
def clerk() -> str:
    ok("operator", "add", "lihua", "--role", "reception", input=CLERK_PASSWORD + "\n")
    return "lihua"


def yesterday(hour: int = 10) -> datetime:
    return (datetime.now() - timedelta(days=1)).replace(hour=hour, minute=30, second=0, microsecond=0)


def individual(name: str = "张三", id_number: str = ZHANG_ID, **fields) -> dict:
    return {
        "visited_at": yesterday().strftime("%Y-%m-%d %H:%M"),
        "headcount": 1,
        "visitors": [{"name": name, "id_type": "resident", "id_number": id_number,
                      "phone": "138 0013 8000", "address": "深圳市福田区园岭街道", "postcode": "518000"}],
        "subject": "拖欠工资",
        "content": "公司拖欠三个月工资。",
        "category": "劳动社保",
        "location": "福田区园岭街道",
        "papers": ["id_document"],
        **fields,
    }


def group(headcount: int = 12, representatives: int = 3, **fields) -> dict:
    ids = [ZHANG_ID, LI_ID, WANG_ID, ZHAO_ID, resident_id("44030419900101104"),
           resident_id("44030419900101105")]
    visitors = [
        {"name": f"代表{i + 1}", "id_number": ids[i], "phone": f"1380013800{i}",
         "address": "深圳市福田区南园街道", "representative": True, "liaison": i == 0}
        for i in range(representatives)
    ]
    return {"visited_at": yesterday(11).strftime("%Y-%m-%d %H:%M"), "headcount": headcount,
            "visitors": visitors, "subject": "旧改项目拆迁补偿", **fields}


def write(tmp_path: Path, data, name: str = "visit.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return str(path)


def stored() -> list[dict]:
    """Every visit of yesterday and today, as ``visit list --json`` gives them."""
    return ok_json("visit", "list", "--date", yesterday().strftime("%Y-%m-%d")) + ok_json("visit", "list")


# --- visit add ------------------------------------------------------------------------------


def test_visit_add_from_a_file_prints_the_stored_record(tmp_path):
    out = ok_json("visit", "add", write(tmp_path, individual()))
    year = datetime.now().year
    assert CONTRACT_KEYS | INPUT_KEYS <= out.keys()
    assert out["number"] == f"V{year}-000001"
    assert (out["kind"], out["headcount"], out["repeat"], out["previous"]) == ("individual", 1, False, [])
    assert out["visited_at"] == yesterday().strftime("%Y-%m-%d %H:%M:00")
    assert (out["subject"], out["content"], out["category"], out["location"]) == (
        "拖欠工资", "公司拖欠三个月工资。", "劳动社保", "福田区园岭街道")
    assert out["papers"] == ["id_document"]
    [visitor] = out["visitors"]
    assert VISITOR_KEYS <= visitor.keys()
    assert visitor["id_number"] == mask_id(ZHANG_ID)
    assert visitor["phone"] == "13800138000"
    assert out["id_numbers_revealed"] is False
    assert out["created_by"] == "admin"
    assert [v["number"] for v in stored()] == [out["number"]]


def test_visit_add_reads_standard_input():
    out = ok_json("visit", "add", "-", input=json.dumps(individual(), ensure_ascii=False))
    assert out["number"].endswith("-000001")
    assert out["visitors"][0]["name"] == "张三"


def test_visit_add_without_json_says_the_number_and_prints_the_slip(tmp_path):
    result = ok("visit", "add", write(tmp_path, individual()))
    assert "已登记 V" in result.stdout and "-000001" in result.stdout
    assert "来访登记回执" in result.stdout
    assert "0755-82918000" in result.stdout  # the office's inquiry phone
    assert ZHANG_ID not in result.stdout and ZHANG_ID[6:14] not in result.stdout


def test_visit_add_saves_the_slip_to_a_file(tmp_path):
    slip = tmp_path / "slip.txt"
    result = ok("visit", "add", write(tmp_path, individual()), "--slip", str(slip))
    assert "来访登记回执" not in result.stdout
    text = slip.read_text(encoding="utf-8")
    assert "来访登记回执" in text and "-000001" in text


def test_a_second_visit_of_the_same_person_is_a_repeat(tmp_path):
    first = ok_json("visit", "add", write(tmp_path, individual()))
    data = individual(visited_at=yesterday(15).strftime("%Y-%m-%d %H:%M"))
    # Another document this time: found by the same phone and name.
    data["visitors"][0].update(id_type="passport", id_number="E12345678", nationality="CHN")
    again = ok_json("visit", "add", write(tmp_path, data, "again.json"))
    assert again["repeat"] is True
    assert again["previous_number"] == first["number"]
    assert again["previous_at"] == first["visited_at"]
    assert again["previous"] == [{"channel": "visit", "number": first["number"], "at": first["visited_at"]}]
    text = ok("visit", "show", again["number"]).stdout
    assert first["number"] in text


def test_a_group_visit_from_the_command_line(tmp_path):
    out = ok_json("visit", "add", write(tmp_path, group(12, 5)))
    assert (out["kind"], out["headcount"], out["representatives"], out["signed"]) == ("group", 12, 5, 7)
    assert [v["liaison"] for v in out["visitors"]] == [True, False, False, False, False]


def test_a_refused_visit_exits_1_with_one_line_naming_field_and_rule(tmp_path):
    data = individual()
    data["visitors"][0]["id_number"] = ""
    line = refused("visit", "add", write(tmp_path, data))
    assert line == "第 1 位来访人的证件号码：个访须登记有效证件"
    assert stored() == []


def test_six_representatives_are_refused_by_name(tmp_path):
    line = refused("visit", "add", write(tmp_path, group(12, 6)))
    assert "五名代表规则" in line and "6" in line
    assert stored() == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"signed": 3}, "签名认可人数应为来访人数减代表人数，即 9"),
        ({"subject": ""}, "事由不能为空"),
        ({"headcount": 0}, "来访人数应在 1 到"),
        ({"colour": "red"}, "不认识的项目“colour”"),
    ],
)
def test_each_refusal_names_its_rule(tmp_path, change, words):
    assert words in refused("visit", "add", write(tmp_path, {**group(12, 3), **change}))
    assert stored() == []


def test_a_refused_visit_uses_no_number(tmp_path):
    refused("visit", "add", write(tmp_path, group(12, 6)))
    assert ok_json("visit", "add", write(tmp_path, individual()))["number"].endswith("-000001")


def test_malformed_json_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "headcount": 1,\n  "subject": "拖欠工资"\n  "visitors": []\n}\n', encoding="utf-8")
    line = refused("visit", "add", str(path))
    assert "JSON" in line and "第 4 行" in line
    assert "第 3 行第 1 列" in refused("visit", "add", "-", input='{\n  "subject": \n}')
    assert stored() == []


def test_a_missing_file_is_refused(tmp_path):
    assert str(tmp_path / "absent.json") in refused("visit", "add", str(tmp_path / "absent.json"))


def test_json_that_is_not_an_object_is_refused():
    assert "来访登记格式不对" in refused("visit", "add", "-", input='["张三"]')


def test_a_wrong_password_saves_nothing(tmp_path):
    refused("visit", "add", write(tmp_path, individual()), password="wrong-password")
    assert stored() == []


# --- individually ------------------------------------------------------------------------------


def test_individually_registers_one_visit_per_visitor(tmp_path):
    line = refused("visit", "add", write(tmp_path, group(7, 3, signed=4)), "--individually")
    assert line == "来访 7 人，但登记 3 人、离开 0 人：每人须登记或记为离开"
    assert stored() == []
    out = ok_json("visit", "add", write(tmp_path, group(7, 3, signed=4)), "--individually", "--left", "4")
    assert isinstance(out, list) and len(out) == 3
    assert [(v["batch"], v["batch_left"]) for v in out] == [(out[0]["number"], 4), (out[0]["number"], 0),
                                                          (out[0]["number"], 0)]
    assert [v["kind"] for v in out] == ["individual"] * 3
    assert [v["headcount"] for v in out] == [1, 1, 1]
    assert [v["visitors"][0]["name"] for v in out] == ["代表1", "代表2", "代表3"]
    assert len({v["number"] for v in out}) == 3
    assert len(stored()) == 3


def test_individually_with_one_bad_visitor_registers_nobody(tmp_path):
    data = group(4, 3)
    data["visitors"].append({"name": "群众甲"})
    line = refused("visit", "add", write(tmp_path, data), "--individually")
    assert line.startswith("第 4 位来访人的证件号码")
    assert stored() == []


def test_individually_with_nobody_listed_is_refused():
    line = refused("visit", "add", "-", "--individually", input='{"visitors": [], "subject": "x"}')
    assert line == "至少登记一位来访人"


# --- show, reveal, list -------------------------------------------------------------------------


def test_visit_show_json_masks_id_numbers(tmp_path, clerk):
    number = ok_json("visit", "add", write(tmp_path, group(4, 2)))["number"]
    for operator, password in (("admin", ADMIN_PASSWORD), (clerk, CLERK_PASSWORD)):
        out = ok_json("visit", "show", number, operator=operator, password=password)
        assert out["number"] == number and out["kind"] == "joint"
        assert [v["id_number"] for v in out["visitors"]] == [mask_id(ZHANG_ID), mask_id(LI_ID)]
        assert out["id_numbers_revealed"] is False
    text = ok("visit", "show", number).stdout
    assert number in text and "代表1" in text and mask_id(ZHANG_ID) in text and ZHANG_ID not in text


def test_reveal_as_admin_shows_the_full_numbers_and_is_audited(tmp_path):
    number = ok_json("visit", "add", write(tmp_path, group(4, 2)))["number"]
    out = ok_json("visit", "show", number, "--reveal")
    assert [v["id_number"] for v in out["visitors"]] == [ZHANG_ID, LI_ID]
    assert out["id_numbers_revealed"] is True
    assert ZHANG_ID in ok("visit", "show", number, "--reveal").stdout
    log = ok_json("audit", "log")
    assert [e["action"] for e in log].count("reveal") == 2


def test_reveal_as_reception_is_refused(tmp_path, clerk):
    number = ok_json("visit", "add", write(tmp_path, individual()))["number"]
    line = refused("visit", "show", number, "--reveal", operator=clerk, password=CLERK_PASSWORD)
    assert "权限不足" in line
    assert "reveal" not in [e["action"] for e in ok_json("audit", "log")]


def test_show_an_unknown_number_is_refused():
    assert "V2026-999999" in refused("visit", "show", "V2026-999999")


def test_visit_list_by_date_and_as_json(tmp_path):
    older = individual(visited_at=(yesterday() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"))
    first = ok_json("visit", "add", write(tmp_path, older))
    second = ok_json("visit", "add", write(tmp_path, individual("李四", LI_ID)))
    third = ok_json("visit", "add", write(tmp_path, group(6, 2)))
    day = yesterday().strftime("%Y-%m-%d")
    listed = ok_json("visit", "list", "--date", day)
    assert [v["number"] for v in listed] == [third["number"], second["number"]]
    assert all(CONTRACT_KEYS <= v.keys() for v in listed)
    before = (yesterday() - timedelta(days=1)).strftime("%Y-%m-%d")
    assert [v["number"] for v in ok_json("visit", "list", "--date", before)] == [first["number"]]
    table = ok("visit", "list", "--date", day).stdout
    assert second["number"] in table and third["number"] in table and first["number"] not in table
    assert "李四" in table and "代表1" in table
    assert ok_json("visit", "list") == []
    assert "日期格式应为 YYYY-MM-DD" in refused("visit", "list", "--date", "yesterday")


def test_visit_list_searches(tmp_path):
    first = ok_json("visit", "add", write(tmp_path, individual()))
    ok_json("visit", "add", write(tmp_path, individual("李四", LI_ID)))
    found = ok_json("visit", "list", "--search", "zs")
    assert [v["number"] for v in found] == [first["number"]]
    assert [v["number"] for v in ok_json("visit", "list", "--search", first["number"])] == [first["number"]]


def test_markup_in_a_subject_prints_as_typed(tmp_path):
    number = ok_json("visit", "add", write(tmp_path, individual(subject="[b]x[/b] [红头文件]")))["number"]
    assert "[b]x[/b] [红头文件]" in ok("visit", "show", number).stdout
    assert ok_json("visit", "show", number)["subject"] == "[b]x[/b] [红头文件]"


# --- language ---------------------------------------------------------------------------------------


def test_refusals_in_english_with_lang_en(tmp_path):
    data = individual()
    data["visitors"][0]["id_number"] = ""
    line = refused("--lang", "en", "visit", "add", write(tmp_path, data))
    assert line == "visitor 1's ID number: an individual visitor must show a valid ID document"
    line = refused("--lang", "en", "visit", "add", write(tmp_path, group(12, 6)))
    assert line == ("the 5-representative rule: at most 5 representatives, not 6;"
                    " --individually registers them one by one")
    assert "malformed JSON (line 1" in refused("--lang", "en", "visit", "add", "-", input="{")


def test_english_output_with_lang_en(tmp_path):
    result = ok("--lang", "en", "visit", "add", write(tmp_path, group(6, 2)))
    assert "registered V" in result.stdout and "(group)" in result.stdout
    assert "Visit registration slip" in result.stdout


# --- demo ----------------------------------------------------------------------------------------------


def test_demo_fills_the_database_and_the_audit_chain_holds():
    result = ok("demo", "--visits", "50", "--seed", "5")
    assert "jiedai1" in result.stdout and "50" in result.stdout
    verify = ok("audit", "verify")
    assert "审计链完整" in verify.stdout
    # The demo's people are found again by the lookup.
    found = ok_json("visit", "list", "--search", "1")
    assert found and all("*" in p["id_number"] for v in found for p in v["visitors"])


def test_demo_needs_an_administrator(clerk):
    assert "权限不足" in refused("demo", "--visits", "5", operator=clerk, password=CLERK_PASSWORD)


def test_visit_slip_prints_saves_and_sends_to_the_print_command(tmp_path, monkeypatch):
    number = ok_json("visit", "add", write(tmp_path, individual()))["number"]
    assert number in ok("visit", "slip", number).stdout
    assert "证件" not in ok("visit", "slip", number).stdout  # no ID number on a slip
    assert "print_command" in refused("visit", "slip", number, "--print")
    printed = tmp_path / "printed.txt"
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'print_command = "cp --target-directory={tmp_path / "tray"}"\n'
        f'exports_dir = "{tmp_path / "exports"}"\n', encoding="utf-8")
    (tmp_path / "tray").mkdir()
    monkeypatch.setenv("FRONTDESK_CONFIG", str(settings))
    ok("visit", "slip", number, "--print")
    assert number in (tmp_path / "tray" / f"slip-{number}.txt").read_text(encoding="utf-8")
    ok("visit", "slip", number, "-o", str(printed))
    assert number in printed.read_text(encoding="utf-8")


# --- accusations -------------------------------------------------------------------------------


def test_an_accusation_visit_goes_only_to_the_discipline_organs_and_is_sealed_for_the_desk(tmp_path, clerk):
    accusation = individual(category="检举控告", subject="检举某局副局长", content="收受购物卡",
                            disposition="transfer", transfer_unit="区住房和建设局")
    line = refused("visit", "add", write(tmp_path, accusation))
    assert line.startswith("转送单位：") and "纪检监察" in line
    assert stored() == []

    number = ok_json("visit", "add", write(tmp_path, {**accusation, "transfer_unit": "区纪委监委"}))["number"]
    as_desk = {"operator": clerk, "password": CLERK_PASSWORD}
    shown = ok("visit", "show", number, **as_desk).stdout
    listed = ok("visit", "list", "--date", yesterday().strftime("%Y-%m-%d"), **as_desk).stdout
    for text in (shown, listed, ok("visit", "show", "--json", number, **as_desk).stdout):
        assert number in text
        for secret in ("张三", "检举", "购物卡", "13800138000", "园岭街道", mask_id(ZHANG_ID), "区纪委监委"):
            assert secret not in text.replace("检举控告类来访", ""), (secret, text)
    assert "检举控告类来访（内容按规定不予显示）" in shown and "检举控告类来访（内容按规定不予显示）" in listed
    assert ok_json("visit", "list", "--search", "张三", **as_desk) == []
    assert ok_json("visit", "show", number)["subject"] == "检举某局副局长"


# --- deadlines ----------------------------------------------------------------------------------


def test_a_case_names_its_unit_and_is_due_60_days_after_the_visit(tmp_path):
    line = refused("visit", "add", write(tmp_path, individual(disposition="case")))
    assert line == "立案交办须写明交办单位"
    assert stored() == []
    out = ok_json("visit", "add", write(tmp_path, individual(disposition="case", transfer_unit="区人社局")))
    visited = datetime.strptime(out["visited_at"][:10], "%Y-%m-%d").date()
    assert out["transfer_unit"] == "区人社局"
    assert out["due_date"] == (visited + timedelta(days=60)).isoformat()


def test_documents_nationality_and_the_foreign_rule_from_the_command_line(tmp_path):
    data = individual(name="John Smith", foreign_organisation=False)
    data["visitors"][0].update(id_type="passport", id_number="x123 4567", nationality="USA")
    saved = ok_json("visit", "add", write(tmp_path, data))
    assert saved["visitors"][0]["nationality"] == "USA" and saved["visitors"][0]["id_type"] == "passport"
    assert saved["foreign_contact"] is True and saved["foreign_organisation"] is False
    shown = ok_json("visit", "show", saved["number"])
    assert shown["foreign_contact"] is True and shown["visitors"][0]["nationality"] == "USA"
    # The keys the contract had before are all still there.
    assert {"signed", "representatives", "papers", "previous", "same_matter", "batch"} <= set(shown)
    text = ok("visit", "show", saved["number"]).stdout
    assert "护照（美国）" in text and "及时向主管部门请示，不得擅自答复" in text
    slip = ok("visit", "add", write(tmp_path, individual(name="李四", id_number=LI_ID,
                                                           foreign_organisation=True), "org.json")).stdout
    visitor_part, clerk_part = slip.split("存根")
    assert "不得擅自答复" in clerk_part and "不得擅自答复" not in visitor_part
    permit = individual(name="陈大文")
    permit["visitors"][0].update(id_type="hk_macau", id_number="12345678")
    line = refused("visit", "add", write(tmp_path, permit, "permit.json"))
    assert "港澳居民来往内地通行证号码为 H 或 M 加 8 位数字" in line


def test_signatures_and_a_refusal_to_sign_from_the_command_line(tmp_path):
    saved = ok_json("visit", "add", write(tmp_path, group(12, 3, signatures=5)))
    assert (saved["signed"], saved["signatures"], saved["refused_to_sign"]) == (9, 5, 4)
    assert "9 人应签名认可：5 人已签，4 人拒签" in ok("visit", "show", saved["number"]).stdout
    all_signed = ok_json("visit", "add", write(tmp_path, group(12, 3), "all.json"))
    assert (all_signed["signatures"], all_signed["refused_to_sign"]) == (9, 0)
