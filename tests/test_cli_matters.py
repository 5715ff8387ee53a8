"""``frontdesk matter`` and the matter keys of ``visit add`` / ``letter add``; the
report-to of visits and letters flagged for leaders."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from cli_support import as_admin, one_line, run
from testdata import resident_id

pytestmark = pytest.mark.usefixtures("clean_environment")

PERSON = {"name": "张三", "phone": "13800138000", "id_number": resident_id("44030419650312101")}
SHOW_KEYS = {"number", "kind", "status", "subject", "unit", "due", "clock", "overdue", "extended",
             "supervision_due", "contacts", "steps"}


def visit(db: str, **fields) -> dict:
    data = {"visitors": [PERSON], "subject": "拖欠工资", **fields}
    result = run("--db", db, "visit", "add", "-", "--json", input=json.dumps(data, ensure_ascii=False),
                 env=as_admin())
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def step(db: str, number: str, data: dict, *extra: str):
    return run("--db", db, "matter", "step", number, "-", *extra, input=json.dumps(data, ensure_ascii=False),
               env=as_admin())


def show(db: str, number: str, operator_env: dict | None = None) -> dict:
    result = run("--db", db, "matter", "show", number, "--json", env=operator_env or as_admin())
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_visit_joins_its_matter_and_show_gives_the_contract_keys(db):
    first = visit(db)
    year = date.today().year
    assert (first["matter"], first["matter_final"]) == (f"M{year}-000001", False)
    second = visit(db, same_matter=first["number"])
    assert second["matter"] == first["matter"]
    shown = show(db, first["number"])
    assert SHOW_KEYS <= shown.keys()
    assert (shown["kind"], shown["status"], shown["clock"]) == ("request", "registered", "transfer")
    assert [c["number"] for c in shown["contacts"]] == [first["number"], second["number"]]
    assert shown["due"] == (date.today() + timedelta(days=15)).isoformat()


def test_steps_are_recorded_and_out_of_order_ones_refused_with_their_rule(db):
    number = visit(db)["matter"]
    refused = step(db, number, {"step": "answer", "summary": "已答复"})
    assert refused.exit_code == 1 and "尚未受理" in one_line(refused)
    transferred = step(db, number, {"step": "transfer", "unit": "区教育局", "document_no": "福信转〔2026〕8号"},
                       "--json")
    assert transferred.exit_code == 0, transferred.output
    matter = json.loads(transferred.stdout)
    assert (matter["status"], matter["unit"], matter["clock"]) == ("transferred", "区教育局", "acceptance")
    assert matter["steps"][0]["document_no"] == "福信转〔2026〕8号" and matter["steps"][0]["by"] == "admin"
    said = step(db, number, {"step": "accept"})
    assert said.exit_code == 0 and "已受理" in said.stdout
    assert step(db, number, {"step": "extend", "days": 40, "reason": "r", "told_at": "2026-01-01"}).exit_code == 1


def test_list_by_status_overdue_and_the_day_asked(db):
    number = visit(db)["matter"]
    later = (date.today() + timedelta(days=16)).isoformat()
    listed = run("--db", db, "matter", "list", "--overdue", "--on", later, "--json", env=as_admin())
    assert [m["number"] for m in json.loads(listed.stdout)] == [number]
    assert json.loads(run("--db", db, "matter", "list", "--overdue", "--json", env=as_admin()).stdout) == []
    table = run("--db", db, "matter", "list", "--status", "registered", env=as_admin())
    assert number in table.stdout and "已登记" in table.stdout
    assert run("--db", db, "matter", "list", "--status", "lost", env=as_admin()).exit_code == 2


def test_a_contact_on_a_final_matter_is_proposed_as_not_accepted(db):
    first = visit(db)
    number = first["matter"]
    for data in ({"step": "transfer", "unit": "区教育局"}, {"step": "accept"}, {"step": "answer", "summary": "a"},
                 {"step": "review_request"}, {"step": "review_answer", "summary": "b"},
                 {"step": "recheck_request"}, {"step": "recheck_answer", "summary": "c"}):
        assert step(db, number, data).exit_code == 0
    assert show(db, number)["status"] == "final"
    again = visit(db, same_matter=number)
    assert (again["matter"], again["matter_final"]) == (number, True)
    text = run("--db", db, "visit", "add", "-", input=json.dumps(
        {"visitors": [PERSON], "subject": "拖欠工资", "same_matter": number}, ensure_ascii=False),
        env=as_admin())
    assert "已经复核终结" in text.stdout


def test_an_accusation_matter_shows_no_content_to_reception(db, clerk):
    number = visit(db, subject="举报某局科长受贿", matter_kind="accusation")["matter"]
    assert step(db, number, {"step": "transfer", "unit": "区住房和建设局"}).exit_code == 1
    assert step(db, number, {"step": "transfer", "unit": "区纪委监委"}).exit_code == 0
    sealed = show(db, number, {"FRONTDESK_OPERATOR": clerk, "FRONTDESK_PASSWORD": "reception-pass"})
    assert sealed["subject"] == "" and sealed["unit"] is None and sealed["sealed"]
    assert "举报" not in json.dumps(sealed, ensure_ascii=False)


def test_an_escalated_visit_is_open_until_reported_to(db):
    flagged = visit(db, skipped_levels=True, subject="越级上访")
    opened = run("--db", db, "duty", "open", "--json", env=as_admin())
    assert [(i["kind"], i["ref"]) for i in json.loads(opened.stdout)] == [("unreported_escalation", flagged["number"])]
    done = run("--db", db, "visit", "report-to", flagged["number"], "--to", "张主任", env=as_admin())
    assert done.exit_code == 0 and "张主任" in done.stdout
    assert json.loads(run("--db", db, "duty", "open", "--json", env=as_admin()).stdout) == []
    unknown = run("--db", db, "letter", "report-to", "L2026-000009", "--to", "张主任", env=as_admin())
    assert unknown.exit_code == 1 and one_line(unknown)


def test_a_contact_handled_on_a_final_matter_needs_an_overrule_note(db):
    number = visit(db)["matter"]
    for data in ({"step": "transfer", "unit": "区教育局"}, {"step": "accept"}, {"step": "answer", "summary": "a"},
                 {"step": "review_request"}, {"step": "review_answer", "summary": "b"},
                 {"step": "recheck_request"}, {"step": "recheck_answer", "summary": "c"}):
        assert step(db, number, data).exit_code == 0
    handled = {"visitors": [PERSON], "subject": "拖欠工资", "same_matter": number, "disposition": "transfer",
               "transfer_unit": "区教育局"}
    refused = run("--db", db, "visit", "add", "-", "--json", input=json.dumps(handled, ensure_ascii=False),
                  env=as_admin())
    assert refused.exit_code == 1 and f"{number} 已经复核终结" in one_line(refused)
    letter = {"sender": {"name": "张三", "phone": "13800138000"}, "subject": "拖欠工资", "same_matter": number,
              "proposal": "transfer", "transfer_to": "区教育局"}
    refused = run("--db", db, "--lang", "en", "letter", "add", "-", input=json.dumps(letter, ensure_ascii=False),
                  env=as_admin())
    assert refused.exit_code == 1 and "needs a note" in one_line(refused)
    # As proposed: not accepted, the matter final.
    kept = visit(db, same_matter=number, disposition="not_accepted", not_accepted_reason="re_reviewed")
    assert (kept["matter"], kept["matter_final"]) == (number, True)
    overruled = visit(db, **{**handled, "matter_overrule": "提出新的事实"})
    assert overruled["matter"] != number and overruled["matter_final"] is False


def test_a_letter_kept_on_a_final_matter_is_not_transferred_later(db):
    number = visit(db)["matter"]
    for data in ({"step": "transfer", "unit": "区教育局"}, {"step": "accept"}, {"step": "answer", "summary": "a"},
                 {"step": "review_request"}, {"step": "review_answer", "summary": "b"},
                 {"step": "recheck_request"}, {"step": "recheck_answer", "summary": "c"}):
        assert step(db, number, data).exit_code == 0
    letter = {"sender": {"name": "张三", "phone": "13800138000"}, "subject": "拖欠工资", "same_matter": number}
    added = run("--db", db, "letter", "add", "-", "--json", input=json.dumps(letter, ensure_ascii=False),
                env=as_admin())
    saved = json.loads(added.stdout)
    assert saved["matter_final"] is True
    refused = run("--db", db, "letter", "handle", saved["number"], "--proposal", "transfer", "--to", "区教育局",
                  env=as_admin())
    assert refused.exit_code == 1 and f"{number} 已经复核终结" in one_line(refused)
    assert json.loads(run("--db", db, "letter", "show", saved["number"], "--json",
                          env=as_admin()).stdout)["proposal"] is None
