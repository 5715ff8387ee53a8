"""An error nobody expected: the draft is kept first, the error is logged with its
traceback in the crash log, the operator is told in one line, and the app goes on
where it safely can."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Input

from frontdesk.screens.visits.visit_form import VisitFormScreen
from frontdesk.screens.visits.visitor_card import VisitorCard

from .helpers import until
from .test_visit_form import NOW, open_form


@pytest.fixture
def crash_log(tmp_path, monkeypatch):
    path = tmp_path / "data" / "crash.log"
    monkeypatch.setenv("FRONTDESK_CRASH_LOG", str(path))
    return path


ID_NUMBER = "440304197008251070"


def failing(*args, **kwargs):
    raise RuntimeError(f"身份证号 {ID_NUMBER}")


async def test_a_failing_key_is_logged_and_the_form_goes_on(reception_desk, crash_log, monkeypatch):
    store, reception = reception_desk
    monkeypatch.setattr(VisitFormScreen, "action_find", failing)
    app, pilot, context = await open_form(store, reception)
    try:
        await pilot.press(*"张伟", "ctrl+f", *"明")
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.write_behind.wait()
        screen = app.screen
        assert isinstance(screen, VisitFormScreen) and app.is_running
        assert screen.query_one(VisitorCard).values()["name"] == "张伟明"  # keys after it still land
        assert app.unexpected_errors == 1
        assert [n.message for n in app._notifications] == ["出错了，已记入错误日志，草稿已保存；可以继续操作"]
        assert store.drafts.get(reception, "visit").data["visitors"][0]["name"].startswith("张伟")
        log = crash_log.read_text(encoding="utf-8")
        assert f"=== {NOW:%Y-%m-%d %H:%M:%S} VisitFormScreen: went on" in log
        assert "_dispatch_action" in log and "in failing" in log and "builtins.RuntimeError" in log
        assert ID_NUMBER not in log  # what the error says may quote what was typed
    finally:
        await context.__aexit__(None, None, None)
    assert app._exception is None and not app.return_code


async def test_a_failing_timer_is_logged_and_the_app_goes_on(reception_desk, crash_log):
    store, reception = reception_desk
    app, pilot, context = await open_form(store, reception)
    try:
        app.set_timer(0.01, failing)
        await pilot.pause(0.05)
        await pilot.press(*"李")
        await pilot.pause()
        assert app.is_running and app.unexpected_errors == 1
        assert app.screen.query_one(VisitorCard).values()["name"] == "李"
        assert "went on" in crash_log.read_text(encoding="utf-8")
    finally:
        await context.__aexit__(None, None, None)


async def test_a_failing_handler_of_the_screen_is_logged_and_the_form_goes_on(reception_desk, crash_log, monkeypatch):
    store, reception = reception_desk
    app, pilot, context = await open_form(store, reception)
    try:
        await pilot.press(*"王芳")
        await pilot.pause()
        # The screen's handling of a changed field fails: that change did nothing,
        # the screen still handles what comes next.
        monkeypatch.setattr(VisitFormScreen, "_update_kind", failing)
        app.screen.query_one("#f-headcount", Input).focus()
        await pilot.press("2", "shift+tab")
        await pilot.pause()
        app.write_behind.wait()
        assert app.is_running and app.unexpected_errors >= 1
        assert isinstance(app.screen, VisitFormScreen)
        assert store.drafts.get(reception, "visit").data["visitors"][0]["name"] == "王芳"
        log = crash_log.read_text(encoding="utf-8")
        assert "VisitFormScreen: went on" in log and "_update_kind" in log
        assert ID_NUMBER not in log
        monkeypatch.undo()
        await pilot.press("ctrl+f")  # the screen still answers keys
        await pilot.pause()
    finally:
        await context.__aexit__(None, None, None)
    assert app._exception is None and not app.return_code


async def test_a_failing_store_call_is_logged_not_quoted(reception_desk, crash_log, monkeypatch):
    store, reception = reception_desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        screen.run_store("probe", failing, group="probe")
        await until(pilot, lambda: app.unexpected_errors == 1)
        assert app.is_running and app.unexpected_errors == 1
        assert [n.message for n in app._notifications] == ["出错了，已记入错误日志，草稿已保存；可以继续操作"]
        log = crash_log.read_text(encoding="utf-8")
        assert "VisitFormScreen: went on" in log and "in failing" in log
        assert ID_NUMBER not in log
    finally:
        await context.__aexit__(None, None, None)


async def test_a_screen_that_cannot_be_built_ends_the_app_cleanly_with_the_draft_kept(
        reception_desk, crash_log, monkeypatch):
    from frontdesk.tui.base import FrontdeskScreen

    class Broken(FrontdeskScreen):
        def compose(self):
            failing()
            yield Input()

    store, reception = reception_desk
    app, pilot, context = await open_form(store, reception)
    app.error_console = Console(file=(terminal := io.StringIO()), width=300)
    with pytest.raises(RuntimeError):
        try:
            await pilot.press(*"王芳")
            await pilot.pause()
            # A screen whose building fails cannot go on: the app ends cleanly.
            app.push_screen(Broken())
            await pilot.pause()
        finally:
            await context.__aexit__(None, None, None)
    assert app.return_code == 1
    assert terminal.getvalue().strip() == f"程序出错已退出，草稿已保存，重新打开即可继续；错误日志：{crash_log}"
    assert store.drafts.get(reception, "visit").data["visitors"][0]["name"] == "王芳"
    log = crash_log.read_text(encoding="utf-8")
    assert ": stopped" in log
    assert ID_NUMBER not in log


async def test_a_screen_whose_building_fails_as_the_desk_closes_is_no_crash(reception_desk, crash_log):
    """A screen built ahead (tui/warmup.py) may be taken apart by a hang-up or a quit
    while it is built, and then find its widgets gone: nobody will see it, so the app
    ends as asked, with nothing in the crash log."""
    from frontdesk.tui.base import FrontdeskScreen

    mounted: list[bool] = []

    class TakenApart(FrontdeskScreen):
        def on_mount(self):
            mounted.append(True)
            self.query_one("#gone", Input)

    store, reception = reception_desk
    app, pilot, context = await open_form(store, reception)
    try:
        app.exit()
        app.push_screen(TakenApart())
        await pilot.pause()
    finally:
        await context.__aexit__(None, None, None)
    assert mounted, "the screen was not built"
    assert app.return_code == 0
    assert not crash_log.exists()
