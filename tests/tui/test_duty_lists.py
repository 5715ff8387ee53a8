"""Notices to relay and holiday rosters, from the duty log's keys."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from frontdesk.config import Settings
from frontdesk.screens.duty.log import DutyLogScreen
from frontdesk.screens.duty.notices import NoticesDialog
from frontdesk.screens.duty.rosters import RostersDialog
from frontdesk.tui.app import make_app

from .helpers import SIZE, settle, text_of


@pytest.fixture
def officer(add_operator):
    return add_operator("zhiban", "duty", "duty-pass-1", "王立新")


async def test_a_notice_is_added_and_ticked_off(app, store, officer):
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(officer, "duty")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        notices = app.screen
        assert isinstance(notices, NoticesDialog)
        await pilot.press("ctrl+n")
        notices.query_one("#n-title", Input).value = "防汛会议"
        notices.query_one("#n-targets", Input).value = "区水务局、园岭街道办"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices.query_one(DataTable).row_count == 2

        await pilot.press("t")
        await pilot.press(*"王科长", "enter")
        await settle(pilot)

        notice = store.notices.list(officer)[0]
        assert [(x.target, x.reached_person) for x in notice.targets] == [("区水务局", "王科长"), ("园岭街道办", "")]
        assert "区水务局" in text_of(notices, "#notices-message")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DutyLogScreen)


async def test_a_roster_is_imported_and_the_missing_units_named(store, clock, officer, tmp_path):
    app = make_app(store, Settings(units=("区教育局", "区民政局"), exports_dir=str(tmp_path / "out")), clock)
    store.rosters.create(officer, "劳动节", "2026-05-01", "2026-05-05", ["区教育局", "区民政局"])
    table = tmp_path / "edu.csv"
    table.write_text("单位,日期,姓名\n区教育局,2026-05-01,刘一\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(officer, "duty")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        rosters = app.screen
        assert isinstance(rosters, RostersDialog)
        assert "区教育局、区民政局" in text_of(rosters, "#rosters-missing")
        await pilot.press("i")
        rosters.query_one("#import-path", Input).value = str(table)
        await pilot.press("enter", "enter")
        await settle(pilot)

        assert rosters.query_one(DataTable).row_count == 1
        assert text_of(rosters, "#rosters-missing") == "未报送单位 1 个：区民政局"
        await pilot.press("x")
        await settle(pilot)
        assert [p.suffix for p in (tmp_path / "out" / "rosters").iterdir()] == [".xlsx"]
