"""In a browser tab (``frontdesk serve``): keys the browser keeps for itself
have an alternative the footer shows, and an unencrypted server is said on
every screen where a password is typed (first run, sign-in, lock)."""

from __future__ import annotations

import pytest

from frontdesk.i18n import set_language
from frontdesk.screens.gate.lock import LockScreen
from frontdesk.screens.visits.visitor_card import VisitorCard
from frontdesk.serve import SERVED_VARIABLE
from frontdesk.tui.widgets.key_footer import KeyFooter

from .helpers import settle, sign_in, text_of

SIZE = (150, 40)


def footer_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


async def open_visit_form(app, add_operator):
    reception = add_operator("jiedai", "reception")
    context = app.run_test(size=SIZE)
    pilot = await context.__aenter__()
    app.open_desk(reception, "visit")
    await settle(pilot)
    app.screen.query_one(KeyFooter)
    return pilot, context


async def test_served_the_form_adds_a_visitor_with_alt_n_and_says_so(app, add_operator, monkeypatch):
    monkeypatch.setenv(SERVED_VARIABLE, "tls")
    pilot, context = await open_visit_form(app, add_operator)
    try:
        line = footer_line(app)
        assert "Alt+N" in line and "Ctrl+N" not in line, line
        await pilot.press("alt+n")
        await settle(pilot)
        assert len(app.screen.query(VisitorCard)) == 2
        await pilot.press("ctrl+n")  # where the browser lets it through, the usual key works too
        await settle(pilot)
        assert len(app.screen.query(VisitorCard)) == 3
    finally:
        await context.__aexit__(None, None, None)


async def test_in_a_terminal_the_footer_keeps_ctrl_n(app, add_operator, monkeypatch):
    monkeypatch.delenv(SERVED_VARIABLE, raising=False)
    pilot, context = await open_visit_form(app, add_operator)
    try:
        line = footer_line(app)
        assert "Ctrl+N" in line and "Alt+N" not in line, line
        await pilot.press("alt+n")
        await settle(pilot)
        assert len(app.screen.query(VisitorCard)) == 1
    finally:
        await context.__aexit__(None, None, None)


@pytest.mark.parametrize(("served", "warned"), [("insecure", True), ("tls", False), ("loopback", False), ("", False)])
async def test_the_sign_in_screen_warns_only_when_not_encrypted(app, admin, monkeypatch, served, warned):
    monkeypatch.setenv(SERVED_VARIABLE, served)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.screen.query("#login-insecure")) == int(warned)
        if warned:
            assert "未加密" in str(app.screen.query_one("#login-insecure").render())


@pytest.mark.parametrize(("served", "warned"), [("insecure", True), ("tls", False), ("loopback", False), ("", False)])
@pytest.mark.parametrize(("language", "words"), [("zh", "未加密"), ("en", "not encrypted")])
async def test_the_lock_screen_warns_only_when_not_encrypted(app, admin, monkeypatch, served, warned, language, words):
    set_language(language)
    monkeypatch.setenv(SERVED_VARIABLE, served)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert len(app.screen.query("#lock-insecure")) == int(warned)
        if warned:
            assert words in text_of(app.screen, "#lock-insecure")
        # The warning takes no key: the password still unlocks.
        await pilot.press(*"admin-pass-1", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, LockScreen)


@pytest.mark.parametrize("served", ["insecure", "tls"])
async def test_the_first_run_screen_warns_only_when_not_encrypted(app, monkeypatch, served):
    monkeypatch.setenv(SERVED_VARIABLE, served)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query("#first-name")
        assert len(app.screen.query("#first-insecure")) == int(served == "insecure")
