"""The quick lookup screen: typing finds, stale answers are dropped, Enter opens."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import DataTable, Input

from frontdesk.config import Settings
from frontdesk.screens.lookup import LookupScreen
from frontdesk.screens.visits.visit_detail import VisitDetailDialog
from frontdesk.store import Store
from frontdesk.tui.app import make_app
from frontdesk.tui.workers import StoreDone

from .helpers import settle, until
from testdata import resident_id

NOW = datetime(2026, 3, 2, 9, 15)
ID = resident_id("44030419800101123")


@pytest.fixture
def office(tmp_path):
    store = Store.open(tmp_path / "fd.db", create=True, clock=lambda: NOW)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    store.visits.register(admin, {"visited_at": "2026-02-01 10:00", "subject": "拖欠工资",
                                  "visitors": [{"name": "曾国藩", "id_number": ID, "phone": "13800138000"}]})
    store.visits.register(admin, {"visited_at": "2026-02-20 10:00", "subject": "学位申请",
                                  "visitors": [{"name": "张三", "id_number": "11010519491231002X"}]})
    yield store, admin
    store.close()




async def test_typing_finds_and_enter_opens_the_record(office):
    store, admin = office
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_desk(admin)
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        await pilot.press(*"zgf")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        row = [str(cell) for cell in table.get_row_at(0)]
        assert "曾国藩" in row and ID not in " ".join(row) and ID[-4:] in " ".join(row)
        await pilot.press("enter")  # from the search line to the results
        await pilot.press("enter")  # open
        await settle(pilot)
        assert isinstance(app.screen, VisitDetailDialog)


async def test_an_older_answer_is_dropped_when_typing_went_on(office):
    store, admin = office
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_desk(admin, "lookup")
        await pilot.pause()
        screen = app.screen
        query = screen.query_one("#lookup-query", Input)
        query.value = "张三"
        await settle(pilot)
        stale = StoreDone("search", (("zgf", None, "", ""), store.lookup.search(admin, "zgf")))
        screen.post_message(stale)  # an answer to a query no longer on the line
        await settle(pilot)
        table = screen.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)][1].startswith("V2026")
        assert "张三" in " ".join(str(c) for c in table.get_row_at(0))
        assert table.row_count == 1


async def test_a_long_catch_up_shows_progress_and_holds_the_search(office, monkeypatch):
    """The first lookup after a bulk load or an upgrade: the index catches up
    with progress shown, and what was typed meanwhile is asked afterwards."""
    import threading

    from frontdesk.screens import lookup as lookup_screen

    store, admin = office
    monkeypatch.setattr(lookup_screen, "LONG_CATCH_UP", 1)  # two visits are "long" here
    release = threading.Event()
    refresh = type(store.lookup).refresh

    def slow_refresh(lookup, progress=None):
        if progress is not None:  # the screen's catch-up, not a search's
            progress(1)
            release.wait(10)
        return refresh(lookup, progress=progress)

    monkeypatch.setattr(type(store.lookup), "refresh", slow_refresh)
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_desk(admin, "lookup")
        await pilot.pause()
        screen = app.screen
        summary = screen.query_one("#lookup-summary")
        await until(pilot, lambda: "正在更新查询索引：50%（1/2）" in str(summary.render()))
        await pilot.press(*"zgf")
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one(DataTable).row_count == 0  # held
        release.set()
        await settle(pilot)
        assert screen.query_one(DataTable).row_count == 1
        assert "找到 1 条" in str(summary.render())


async def test_the_channel_filter_and_dates(office):
    store, admin = office
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_desk(admin, "lookup")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#lookup-query", Input).value = "V2026"
        screen.query_one("#lookup-from", Input).value = "2026-02-10"
        await settle(pilot)
        assert screen.query_one(DataTable).row_count == 1  # the beginning of a number; one since the 10th
        screen.query_one("#lookup-query", Input).value = "申请"
        await settle(pilot)
        assert screen.query_one(DataTable).row_count == 1
        screen.query_one("#lookup-from", Input).value = "2026-02-21"
        await settle(pilot)
        assert screen.query_one(DataTable).row_count == 0
        screen.query_one("#lookup-from", Input).value = "2026-13-01"
        await settle(pilot)
        assert "YYYY-MM-DD" in str(screen.query_one("#lookup-summary").render())


async def test_enter_opens_a_letter_and_a_duty_entry_in_their_own_dialogs(office):
    from frontdesk.screens.duty.entry_detail import DutyDetailDialog
    from frontdesk.screens.mail.letter_detail import LetterDetailDialog

    store, admin = office
    store.letters.register(admin, {"received_at": "2026-03-01 09:00", "channel": "post", "kind": "signed",
                                   "sender": {"name": "孙中山", "address": "福田区园岭街道"},
                                   "subject": "反映拆迁补偿问题"})
    store.duty.add(admin, {"kind": "call", "source": "王立新", "summary": "燃气泄漏"})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_desk(admin, "lookup")
        await pilot.pause()
        lookup = app.screen
        for query, dialog in (("拆迁补偿", LetterDetailDialog), ("燃气泄漏", DutyDetailDialog)):
            lookup.query_one("#lookup-query", Input).value = query
            lookup.query_one("#lookup-query", Input).focus()
            await settle(pilot)
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert isinstance(app.screen, dialog)
            await pilot.press("escape")
            await pilot.pause()


async def test_a_surname_a_serial_and_nothing_found_by_keys(office):
    store, admin = office
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_desk(admin, "lookup")
        await pilot.pause()
        screen = app.screen
        summary = screen.query_one("#lookup-summary")
        table = screen.query_one(DataTable)
        await pilot.press("张")
        await settle(pilot)
        assert table.row_count == 1 and "找到 1 条" in str(summary.render())
        assert "张三" in " ".join(str(c) for c in table.get_row_at(0))
        await pilot.press("backspace", *"001")
        await settle(pilot)
        assert [str(table.get_row_at(0)[1])] == ["V2026-000001"]
        await pilot.press("backspace", "backspace", "backspace", "赵")
        await settle(pilot)
        assert table.row_count == 0 and "没有找到符合的记录" in str(summary.render())


async def test_a_matter_number_lists_the_matter_and_enter_opens_its_timeline(office):
    from frontdesk.screens.matters.timeline import MatterTimelineScreen

    store, admin = office
    first = store.visits.register(admin, {"visited_at": "2026-02-25 10:00", "subject": "拖欠工资再访",
                                          "visitors": [{"name": "曾国藩", "id_number": ID}],
                                          "same_matter": "M2026-000001"})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_desk(admin)
        await pilot.pause()
        await pilot.press("f7", *"M2026-000001")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][:2] == ["信访事项", "M2026-000001"] and "拖欠工资" in rows[0]
        assert [row[1] for row in rows[1:]] == ["V2026-000001", first.number]
        assert rows[1][-1] == "同一事项"
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MatterTimelineScreen)
        assert "M2026-000001" in str(app.screen.query_one("#matter-timeline").render())
