"""An urgent duty entry not reported stands out on every screen, the lock screen
included, with the minutes since the event; the bell rings when it is first
overdue and at each reminder; F12 reports it from anywhere."""

from __future__ import annotations

from dataclasses import replace

from frontdesk.config import Settings
from frontdesk.screens.duty.log import DutyLogScreen
from frontdesk.screens.duty.report_to import ReportToDialog
from frontdesk.screens.gate.lock import LockScreen
from frontdesk.screens.home import HomeScreen
from frontdesk.tui.app import make_app
from frontdesk.tui.widgets.urgent_bar import UrgentBar

from .helpers import SIZE, settle


def bar_of(app) -> UrgentBar:
    return app.screen.query_one(UrgentBar)


async def test_the_bar_follows_the_officer_to_every_screen_and_rings_then_f12_reports(store, clock, add_operator):
    officer = add_operator("zhiban", "duty", "duty-pass-1", "王立新")
    entry = store.duty.add(officer, {"summary": "燃气泄漏", "importance": "urgent"})
    app = make_app(store, Settings(urgent_reminder_minutes=10), clock)
    rings = []
    app.bell = lambda: rings.append(clock())
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(officer)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert bar_of(app).display and str(bar_of(app).content).startswith(f"紧急未报告 1 条：{entry.number}（0分钟）")
        assert rings == []  # not overdue yet
        clock.advance(minutes=12)
        app.check_urgent()
        await settle(pilot)
        assert "（12分钟）" in str(bar_of(app).content) and len(rings) == 1
        app.check_urgent()  # the next round, within the reminder time: no second ring
        await settle(pilot)
        assert len(rings) == 1
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, DutyLogScreen) and bar_of(app).display
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen) and bar_of(app).display
        # Only the number and the minutes: the lock screen is seen by whoever walks by.
        assert "燃气" not in str(bar_of(app).content)
        clock.advance(minutes=10)
        app.check_urgent()
        await settle(pilot)
        assert len(rings) == 2  # the reminder rings again, under the lock too
        await pilot.press(*"duty-pass-1", "enter")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, ReportToDialog)
        await pilot.press(*"主任", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DutyLogScreen)
        assert [r.to for r in store.duty.get(officer, entry.number).reports] == ["主任"]
        assert not bar_of(app).display
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, DutyLogScreen)  # nothing waits: said, nothing opened


async def test_the_bell_may_be_turned_off_and_reception_sees_no_bar(store, clock, add_operator):
    officer = add_operator("zhiban", "duty", "duty-pass-1", "王立新")
    clerk = add_operator("jiedai", "reception", "desk-pass-1", "陈晓东")
    store.duty.add(officer, {"summary": "燃气泄漏", "importance": "urgent", "at": "2026-03-02 08:00"})
    app = make_app(store, replace(Settings(), urgent_bell=False), clock)
    rings = []
    app.bell = lambda: rings.append(1)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(officer)
        await settle(pilot)
        assert bar_of(app).display and rings == []
        app.lock_screen()
        await settle(pilot)
        app.show_login()
        await settle(pilot)
        app.open_desk(clerk)
        await settle(pilot)
        assert not bar_of(app).display
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


def test_the_bell_setting_reads_true_or_false_and_nothing_else(tmp_path):
    import pytest

    from frontdesk.config import SettingsError, load_settings

    path = tmp_path / "config.toml"
    path.write_text("urgent_bell = false\n", encoding="utf-8")
    assert load_settings(path).urgent_bell is False
    path.write_text('urgent_bell = "no"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="true or false"):
        load_settings(path)
