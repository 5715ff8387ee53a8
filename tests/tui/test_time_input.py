"""A time field says under itself what it understood, or why it cannot take the
time, as the store would read it; the record keeps the time it said."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from textual.widgets import Input

from frontdesk.config import Settings
from frontdesk.screens.duty.entry_form import DutyEntryDialog
from frontdesk.screens.duty.log import DutyLogScreen
from frontdesk.tui.app import make_app
from frontdesk.tui.widgets.time_input import TimeHint, understood

from .helpers import SIZE, settle

NOW = datetime(2026, 3, 2, 9, 15)


@pytest.mark.parametrize(("typed", "shown"), [
    ("", None),
    ("2026-03-02 09:10", None),  # already the time in full: nothing to add
    ("2026-03-02 09:10:00", None),
    ("9:10", ("→ 2026-03-02 09:10", True)),
    ("３月１日２３点５分", ("→ 2026-03-01 23:05", True)),
    ("现在", ("→ 2026-03-02 09:15", True)),
    ("03-01 23:50:30", ("→ 2026-03-01 23:50:30", True)),
])
def test_what_a_time_field_understood(typed, shown):
    assert understood(typed, NOW, field="at") == shown


def test_a_time_field_that_cannot_be_read_says_why_in_the_fields_words():
    message, ok = understood("03/01 10:00", NOW, field="at")
    assert not ok and "12-01" in message
    assert understood("02-30 10:00", NOW, field="at") == ("事件时间没有这一天或这一时刻", False)
    assert understood("10:00", NOW, field="at")[1] is False  # today, still ahead
    assert understood("18:00", NOW, field="notice_deadline", future_slack=None) == ("→ 2026-03-02 18:00", True)
    assert understood("03-05", NOW, field="report_end", default_time=time(8)) == ("→ 2026-03-05 08:00", True)


@pytest.fixture
def officer(add_operator):
    return add_operator("zhiban", "duty", "duty-pass-1", "王立新")


async def test_a_spoken_time_is_shown_as_understood_and_saved_as_shown(store, clock, officer, tmp_path):
    app = make_app(store, Settings(exports_dir=str(tmp_path / "exports")), clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(officer, "duty")
        await settle(pilot)
        assert isinstance(app.screen, DutyLogScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DutyEntryDialog)
        hint = form.query_one(TimeHint)
        assert not hint.display  # the time as the form fills it in: nothing to add

        field = form.query_one("#d-at", Input)
        field.value = ""
        field.focus()
        await pilot.press(*"12/01")
        await settle(pilot)
        assert hint.display and hint.has_class("-refused") and "12-01" in str(hint.content)

        field.value = ""
        await pilot.press(*"8点5分")
        await settle(pilot)
        assert hint.display and not hint.has_class("-refused")
        assert str(hint.content) == "→ 2026-03-02 08:05"

        form.query_one("#d-summary", Input).value = "小区停电"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DutyLogScreen)
        assert store.duty.get(officer, "D2026-000001").at == "2026-03-02 08:05:00"
