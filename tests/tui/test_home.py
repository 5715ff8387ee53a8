"""The home screen by role: what that operator's desk must act on, red when late."""

from __future__ import annotations

from rich.table import Table
from textual.widgets import Static

from frontdesk.screens.home import HomeScreen
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.urgent_bar import UrgentBar

from .helpers import SIZE, settle, sign_in


def shown(screen) -> list[tuple[str, str, str]]:
    """The agenda as painted: (label, value, label style) per line."""
    table = screen.query_one("#home-counts", Static).content
    assert isinstance(table, Table)
    labels, values = (list(column.cells) for column in table.columns)
    return [(str(label), str(value), str(label.style)) for label, value in zip(labels, values, strict=True)]


async def test_reception_signs_in_to_its_visits_and_no_audit_count(app, store, add_operator):
    add_operator("jiedai", "reception", "desk-pass-1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sign_in(pilot, "jiedai", "desk-pass-1")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        lines = shown(app.screen)
        labels = [label for label, _, _ in lines]
        assert labels == ["今日来访登记", "今日来访人次", "3日内到期的转送交办", "转送交办已超期",
                          "7日内到期的信访事项", "信访事项已超期"]
        assert all("red" not in style for _, _, style in lines)


async def test_the_duty_officer_sees_an_unreported_urgent_entry_in_red(app, store, add_operator):
    officer = add_operator("zhiban", "duty", "duty-pass-1", "王立新")
    store.duty.add(officer, {"summary": "燃气泄漏", "importance": "urgent"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sign_in(pilot, "zhiban", "duty-pass-1")
        await settle(pilot)
        lines = {label: (value, style) for label, value, style in shown(app.screen)}
        assert lines["紧急情况未报告"] == ("1", "bold red")
        assert (lines["当班值班员"][0], lines["带班领导"][0]) == ("未排班", "未登记")
        assert "今日操作记录" not in lines and "今日来访登记" not in lines


async def test_the_admin_agenda_keeps_its_border_at_80x24_under_the_urgent_bar(app, store, admin):
    store.duty.add(admin, {"summary": "燃气泄漏", "importance": "urgent"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"admin", "tab", *"admin-pass-1", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert screen.query_one(UrgentBar).display
        panel = screen.query_one("#home-today")
        footer = screen.query_one(KeyFooter)
        # The whole panel is painted, bottom border included (its corner is the
        # panel's, not cut off by the padding under it), above the footer.
        assert panel.region.bottom <= footer.region.y
        assert screen.get_widget_at(panel.region.x, panel.region.bottom - 1)[0] is panel
        counts = screen.query_one("#home-counts", Static)
        assert counts.region.height == len(shown(screen)) and counts.region.bottom < panel.region.bottom
