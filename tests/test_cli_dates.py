"""Out-of-range dates on the command line: every option that takes a date or a
time refuses one before 2000 or at the calendar's end (where a window or a
deadline reckoned from it would run off the calendar) on one line, never with
a traceback. A new date option must be added to ``CALLS`` to pass."""

from __future__ import annotations

from datetime import datetime, timedelta

import click
import pytest

from frontdesk.cli import cli
from frontdesk.store import Store

from cli_support import ADMIN_PASSWORD, as_admin, one_line, run

pytestmark = pytest.mark.usefixtures("clean_environment")

# (command, option) -> the rest of a call that works with a good value.
CALLS = {
    ("doc circulate", "--return-by"): ["doc", "circulate", "{doc}", "--reader", "李副主任"],
    ("doc instruct", "--at"): ["doc", "instruct", "{doc}", "--leader", "王主任", "--text", "请办公室落实"],
    ("doc list", "--date"): ["doc", "list"],
    ("letter report-to", "--at"): ["letter", "report-to", "{letter}", "--to", "张主任"],
    ("visit report-to", "--at"): ["visit", "report-to", "{visit}", "--to", "张主任"],
    ("doc tick", "--at"): ["doc", "tick", "{doc}", "王主任"],
    ("duty list", "--date"): ["duty", "list"],
    ("duty notice tick", "--at"): ["duty", "notice", "tick", "1", "区水务局", "--person", "张科长"],
    ("duty report-to", "--at"): ["duty", "report-to", "{duty}", "--to", "区应急管理局"],
    ("duty roster add", "--start"): ["duty", "roster", "add", "新roster", "--end", "2026-05-05",
                                     "--unit", "区教育局"],
    ("duty roster add", "--end"): ["duty", "roster", "add", "新roster", "--start", "2026-05-01",
                                   "--unit", "区教育局"],
    ("duty roster show", "--date"): ["duty", "roster", "show", "劳动节"],
    ("duty roster shifts", "--from"): ["duty", "roster", "shifts"],
    ("letter export", "--date"): ["letter", "export", "{work}/letters.csv", "--view", "today"],
    ("letter list", "--date"): ["letter", "list"],
    ("lookup", "--from"): ["lookup", "张三"],
    ("lookup", "--to"): ["lookup", "张三"],
    ("post pass", "--at"): ["post", "pass", "{post}", "--to", "区教育局"],
    ("report daily", "--end"): ["report", "daily"],
    ("report sent", "--end"): ["report", "sent", "--to", "市委总值班室", "--how", "传真"],
    ("report sent", "--at"): ["report", "sent", "--to", "市委总值班室", "--how", "传真"],
    ("visit list", "--date"): ["visit", "list"],
}
OUT_OF_RANGE = ["0001-01-01 00:00", "0001-01-01", "1999-12-31 23:59", "1999-12-31", "9999-12-31 23:59:59",
                "9999-12-31", "9999-12-31 00:00"]


def date_options(command: click.Command = cli, path: tuple[str, ...] = ()):
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            yield from date_options(command.get_command(context, name), (*path, name))
        return
    for param in command.params:
        if isinstance(param, click.Option) and param.metavar in ("TIME", "YYYY-MM-DD"):
            yield " ".join(path), param.opts[0]


def test_every_date_option_is_tried():
    assert set(date_options()) == set(CALLS)


@pytest.fixture
def office(db, tmp_path) -> dict[str, str]:
    earlier = (datetime.now() - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    with Store.open(db) as store:
        admin = store.operators.authenticate("admin", ADMIN_PASSWORD)
        duty = store.duty.add(admin, {"at": earlier, "kind": "hotline", "source": "市民周", "summary": "燃气泄漏",
                                      "importance": "important"})
        post = store.post.register(admin, {"tracking_number": "XA 1234 5678 9CN", "sender": "市人社局",
                                           "addressee": "区教育局", "received_at": earlier})
        doc = store.documents.register(admin, {"issuer": "市政府办公厅", "doc_number": "深府办〔2026〕3号",
                                               "title": "关于春节值班的通知", "copies": 3, "urgency": "urgent",
                                               "secrecy": "none", "readers": ["王主任"]})
        store.notices.add(admin, {"title": "防汛会议", "targets": ["区水务局"]})
        store.rosters.create(admin, "劳动节", "2026-05-01", "2026-05-05", ["区教育局"])
        # Flagged for leaders, so that each may be reported to one.
        visit = store.visits.register(admin, {"subject": "越级上访", "skipped_levels": True, "visited_at": earlier,
                                              "visitors": [{"name": "李四", "id_number": "11010519491231002X"}]})
        letter = store.letters.register(admin, {"received_at": earlier, "proposal": "submit",
                                                "sender": {"name": "王五", "phone": "13900139000"},
                                                "subject": "噪音扰民", "content": "反映小区噪音"})
    return {"duty": duty.number, "post": post.number, "doc": doc.number, "work": str(tmp_path),
            "visit": visit.number, "letter": letter.number}


@pytest.mark.parametrize("call", sorted(CALLS), ids=" ".join)
def test_an_out_of_range_date_is_refused_on_one_line(db, office, call):
    base = [part.format(**office) for part in CALLS[call]]
    for value in OUT_OF_RANGE:
        result = run("--lang", "en", "--db", db, *base, call[1], value, env=as_admin())
        assert result.exit_code == 1, (value, result.output)
        assert one_line(result)
    # The same call with a good value works: the refusals were the value's.
    result = run("--lang", "en", "--db", db, *base, call[1], good_value(call), env=as_admin())
    assert result.exit_code == 0, (result.output, result.stderr)


def good_value(call: tuple[str, str]) -> str:
    now = datetime.now()
    if call == ("duty roster add", "--start"):
        return "2026-05-01"
    if call == ("duty roster add", "--end"):
        return "2026-05-05"
    if call == ("doc circulate", "--return-by"):
        return (now + timedelta(days=3)).strftime("%Y-%m-%d")
    if call == ("duty roster show", "--date"):
        return "2026-05-02"
    if call[1] == "--at":
        return "now"
    if call[1] == "--end":
        return (now - timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M")
    return now.strftime("%Y-%m-%d")
