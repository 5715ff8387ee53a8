"""A not-accepted visit and a handover saved through the CLI in English read in
Chinese: the records keep codes and names, the commands put them in words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner, Result

from frontdesk.cli import cli
from frontdesk.i18n import get_language, set_language
from frontdesk.store import Store
from frontdesk.store.core.schema.facts import WRITTEN_NOTICES
from frontdesk.store.shared import operators as operators_module
from frontdesk.store.shared.identity import resident_check_digit

LITIGATION_ZH, LITIGATION_EN = WRITTEN_NOTICES["litigation"]
PASSWORDS = {"jiedai": "desk-pass-1", "zhiban": "duty-pass-1"}


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path) -> Iterator[None]:
    for name in ("FRONTDESK_OPERATOR", "FRONTDESK_PASSWORD", "FRONTDESK_LANG", "FRONTDESK_DEMO_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRONTDESK_DB", str(tmp_path / "fd.db"))
    settings = tmp_path / "settings.toml"
    settings.write_text(f'exports_dir = "{tmp_path / "exports"}"\n', encoding="utf-8")
    monkeypatch.setenv("FRONTDESK_CONFIG", str(settings))
    monkeypatch.setattr(operators_module, "_SCRYPT", {"n": 2**4, "r": 8, "p": 1})
    before = get_language()
    with Store.open(tmp_path / "fd.db", create=True) as store:
        admin = store.operators.create_first_admin("admin", "admin-pass-1")
        store.operators.add(admin, "zhiban", "duty", PASSWORDS["zhiban"], "王立新")
        store.operators.add(admin, "jiedai", "reception", PASSWORDS["jiedai"])
    yield
    set_language(before)


def ok(*args: str, operator: str) -> Result:
    env = {"FRONTDESK_OPERATOR": operator, "FRONTDESK_PASSWORD": PASSWORDS[operator]}
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result


def test_a_not_accepted_visit_added_in_english_reads_in_chinese(tmp_path):
    visit = tmp_path / "visit.json"
    visit.write_text(json.dumps({
        "visited_at": (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "headcount": 1,
        "visitors": [{"name": "张三", "id_number": "44030419650312101" + resident_check_digit("44030419650312101"),
                      "phone": "13800138000", "address": "深圳市福田区园岭街道"}],
        "subject": "拖欠工资", "disposition": "not_accepted", "not_accepted_reason": "litigation",
    }, ensure_ascii=False), encoding="utf-8")
    added = json.loads(ok("--lang", "en", "visit", "add", str(visit), "--json", operator="jiedai").stdout)
    number = added["number"]
    assert (added["notice"], added["notice_key"]) == (LITIGATION_EN, "notice.litigation")

    shown = json.loads(ok("--lang", "zh", "visit", "show", number, "--json", operator="jiedai").stdout)
    assert (shown["notice"], shown["not_accepted_reason"]) == (LITIGATION_ZH, "litigation")
    assert LITIGATION_ZH in ok("--lang", "zh", "visit", "show", number, operator="jiedai").stdout
    slip = tmp_path / "slip.txt"
    ok("--lang", "zh", "visit", "slip", number, "-o", str(slip), operator="jiedai")
    assert LITIGATION_ZH in slip.read_text(encoding="utf-8")
    assert LITIGATION_EN not in slip.read_text(encoding="utf-8")


def test_a_handover_closed_in_english_reads_in_chinese(tmp_path):
    notice = tmp_path / "notice.json"
    notice.write_text(json.dumps({"title": "防汛会议", "targets": ["区水务局", "园岭街道办"]}), encoding="utf-8")
    ok("duty", "notice", "add", str(notice), operator="zhiban")
    handed = json.loads(ok("--lang", "en", "duty", "handover", "--note", "handed over", "--json",
                           operator="zhiban").stdout)
    assert handed["open_items"][0]["text"] == "防汛会议: 区水务局, 园岭街道办"

    shifts = json.loads(ok("--lang", "zh", "duty", "shifts", "--json", operator="zhiban").stdout)
    item = shifts[0]["open_items"][0]
    assert (item["kind"], item["text"], item["missing"]) == ("notice", "防汛会议：区水务局、园岭街道办",
                                                             ["区水务局", "园岭街道办"])
