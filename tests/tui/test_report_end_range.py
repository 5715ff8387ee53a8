"""The report preview's end field: a time before 2000 or at the calendar's end is
refused in one line under the report, never a crash; the exports it writes are
the owner's alone."""

from __future__ import annotations

import os
import stat
from datetime import time

import pytest
from textual.widgets import Input, Static

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.screens.duty.report_preview import ReportPreviewDialog
from frontdesk.tui.app import make_app
from frontdesk.tui.widgets.time_input import understood

from .helpers import SIZE, settle


def test_the_time_hint_refuses_a_time_off_the_calendar(clock):
    for typed in ("0001-01-01 00:00", "1999-12-31 23:59", "9999-12-31 23:59"):
        message, ok = understood(typed, clock(), field="report_end", default_time=time(8, 0))
        assert not ok and message.startswith(t("field.report_end")), typed
    assert understood("9999-12-31 23:59", clock(), field="notice_deadline", future_slack=None)[1] is False


@pytest.fixture
def open_umask():
    """The usual umask of a login shell: the writers close their files themselves."""
    before = os.umask(0o022)
    yield
    os.umask(before)


async def test_an_end_off_the_calendar_is_refused_and_the_exports_are_closed(store, admin, clock, tmp_path,
                                                                              open_umask):
    officer = store.operators.add(admin, "zhiban", "duty", "duty-pass-12345", "王立新")
    store.duty.add(officer, {"at": "2026-03-02 07:30", "summary": "重要来电", "importance": "important"})
    app = make_app(store, Settings(exports_dir=str(tmp_path / "exports")), clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(officer, "duty")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, ReportPreviewDialog)
        for typed, words in (("0001-01-01 00:00", "不能早于 2000"), ("9999-12-31 23:59", "不能晚于 9999-12-30")):
            field = preview.query_one("#preview-end-input", Input)
            field.value = typed
            field.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert app.is_running and app.screen is preview
            assert words in str(preview.query_one("#preview-status", Static).content)
        field.value = "2026-03-02 08:00"
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
    folder = tmp_path / "exports" / "reports"
    assert [p.name for p in folder.iterdir()] == ["daily-report-2026-03-02-0800-v1.txt"]
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(tmp_path / "exports").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder / "daily-report-2026-03-02-0800-v1.txt").st_mode) == 0o600
