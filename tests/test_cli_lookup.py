"""``frontdesk lookup``: one query, JSON, channels, dates, and --batch for scripts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from frontdesk.cli import cli
from frontdesk.store import Store

from testdata import resident_id

ID = resident_id("44030419800101123")


@pytest.fixture
def env(tmp_path, monkeypatch):
    path = tmp_path / "fd.db"
    store = Store.open(path, create=True)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    store.operators.add(admin, "shoufa", "mail", "mail-pass-1")
    store.visits.register(admin, {"visited_at": "2026-01-05 09:00", "subject": "拖欠工资",
                                  "visitors": [{"name": "曾国藩", "id_number": ID, "phone": "13800138000"}]})
    store.close()
    return {"FRONTDESK_DB": str(path), "FRONTDESK_OPERATOR": "admin", "FRONTDESK_PASSWORD": "admin-pass-1",
            "FRONTDESK_CONFIG": str(tmp_path / "none.toml")}


def run(env, *args, input=None, **extra):
    result = CliRunner().invoke(cli, list(args), env={**env, **extra}, input=input)
    assert "Traceback" not in result.output
    return result


def test_one_query_as_json(env):
    result = run(env, "lookup", "zgf", "--json")
    assert result.exit_code == 0, result.output
    (hit,) = json.loads(result.stdout)
    assert hit["channel"] == "visit" and hit["name"] == "曾国藩" and hit["matched"] == "pinyin"
    assert hit["id_number"] != ID and hit["id_number"].endswith(ID[-4:])


def test_a_table_for_people(env):
    result = run(env, "lookup", ID[-4:])
    assert result.exit_code == 0 and "曾国藩" in result.stdout and "证件号" in result.stdout


def test_batch_reads_a_query_per_line_and_writes_an_array_per_line(env):
    result = run(env, "lookup", "--batch", input="曾国藩\nnobody-here\n8000\n")
    lines = result.stdout.splitlines()
    assert [len(json.loads(line)) for line in lines] == [1, 0, 1]


def test_dates_and_channels(env):
    assert json.loads(run(env, "lookup", "工资", "--json", "--from", "2026-01-06").stdout) == []
    assert len(json.loads(run(env, "lookup", "工资", "--json", "--to", "2026-01-05").stdout)) == 1
    assert run(env, "lookup", "工资", "--channel", "nowhere").exit_code == 2


def test_a_role_that_may_not_read_visits_finds_none(env):
    result = run(env, "lookup", "曾国藩", "--json", FRONTDESK_OPERATOR="shoufa", FRONTDESK_PASSWORD="mail-pass-1")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_no_query_is_a_usage_error(env):
    assert run(env, "lookup").exit_code == 2


def test_a_long_catch_up_shows_progress_on_stderr_and_keeps_stdout_clean(env, monkeypatch):
    from frontdesk.commands import lookup as lookup_command

    monkeypatch.setattr(lookup_command, "LONG_CATCH_UP", 1)  # one visit is "long" here
    no_query = run(env, "lookup")
    assert no_query.exit_code == 2 and "更新查询索引" not in no_query.stderr  # refused before any wait
    result = run(env, "lookup", "zgf", "--json")
    assert result.exit_code == 0
    assert "更新查询索引" in result.stderr
    assert [hit["name"] for hit in json.loads(result.stdout)] == ["曾国藩"]
    again = run(env, "lookup", "zgf", "--json")
    assert again.stderr == ""  # caught up: nothing to show


def test_a_surname_a_prefix_and_a_serial_find_and_the_count_is_told(env):
    for query in ("曾", "1380013", "440304", "000001", "001"):
        result = run(env, "lookup", query)
        assert result.exit_code == 0 and "曾国藩" in result.stdout, query
        assert "共 1 条" in result.stdout


def test_nothing_found_is_said_in_words(env):
    result = run(env, "lookup", "赵")
    assert result.exit_code == 0
    assert result.stdout.strip() == "没有找到符合的记录"


def test_a_matter_number_finds_the_matter_and_its_contacts(env):
    result = run(env, "lookup", "M2026-000001", "--json")
    assert result.exit_code == 0, result.output
    matter, visit = json.loads(result.stdout)
    assert (matter["channel"], matter["number"], matter["matched"], matter["subject"]) == \
        ("matter", "M2026-000001", "number", "拖欠工资")
    assert (visit["channel"], visit["matched"]) == ("visit", "matter")
    table = run(env, "lookup", "m2026-1")
    assert table.exit_code == 0 and "信访事项" in table.stdout and "同一事项" in table.stdout
