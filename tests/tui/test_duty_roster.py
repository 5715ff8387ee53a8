"""The duty room's own roster from the duty log's keys, and on the home screen."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from frontdesk.screens.duty.duty_roster import DutyRosterDialog
from frontdesk.screens.duty.log import DutyLogScreen
from frontdesk.screens.home import HomeScreen

from .helpers import SIZE, settle, text_of
from .test_home import shown


@pytest.fixture
def officer(add_operator):
    return add_operator("zhiban", "duty", "duty-pass-1", "王立新")


def cells(dialog, row: int) -> list[str]:
    return [str(cell) for cell in dialog.query_one(DataTable).get_row_at(row)]


async def test_shifts_are_rostered_by_keys_and_shown_by_full_name(app, store, officer, add_operator, clock):
    add_operator("yeban", "duty", "night-pass-1", "陈夜")
    today = clock().date().isoformat()
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(officer, "duty")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DutyRosterDialog)
        assert dialog.query_one(DataTable).row_count == 14
        assert cells(dialog, 0)[1:] == ["白班", "—", "—"]

        # Today's day shift: the officer by login name, the leader, saved with Enter.
        await pilot.press("enter", *"yeban", "enter", *"李主任", "enter")
        await settle(pilot)
        shift = store.duty_roster.shift(officer, today, "day")
        assert (shift.officer, shift.leader) == ("yeban", "李主任")
        assert cells(dialog, 0)[1:] == ["白班", "陈夜", "李主任"]
        assert "陈夜" in text_of(dialog, "#roster-message") and "yeban" not in text_of(dialog, "#roster-message")

        # The night shift: someone who cannot keep the duty log is refused, nothing saved.
        await pilot.press("down", "enter", *"nobody", "ctrl+s")
        await settle(pilot)
        assert "nobody" in text_of(dialog, "#roster-message")
        assert store.duty_roster.shift(officer, today, "night").empty
        # Corrected by the full name; the leader left as it was (none).
        field = dialog.query_one("#roster-officer", Input)
        await pilot.press(*["backspace"] * len(field.value), *"王立新", "ctrl+s")
        await settle(pilot)
        assert store.duty_roster.shift(officer, today, "night").officer == "zhiban"
        assert cells(dialog, 1)[1:] == ["夜班", "王立新", "—"]

        await pilot.press("]")
        await settle(pilot)
        assert cells(dialog, 0)[0].startswith("3月9日")
        await pilot.press("[", "escape")
        await settle(pilot)
        assert isinstance(app.screen, DutyLogScreen)

        # The home screen: who is on duty now and the leader, by full name.
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        lines = {label: value for label, value, _ in shown(app.screen)}
        assert (lines["当班值班员"], lines["带班领导"]) == ("陈夜", "李主任")
