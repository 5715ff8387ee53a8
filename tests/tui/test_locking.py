"""Locking: Ctrl+L at once, or after the idle minutes; nothing personal stays mounted."""

from __future__ import annotations

from textual.widgets import Input

from frontdesk.i18n import t
from frontdesk.screens.gate.lock import LockScreen
from frontdesk.screens.gate.login import LoginScreen
from frontdesk.screens.home import HomeScreen
from frontdesk.screens.system.operators import OperatorsScreen
from frontdesk.tui.app import LOCK_MODE

from .helpers import SIZE, fill, settle, sign_in, text_of


def mounted_screens(app) -> list:
    """Every screen in any mode's stack."""
    return [screen for stack in app._screen_stacks.values() for screen in stack]


async def unlock(pilot, password: str) -> None:
    await fill(pilot, {"lock-password": password}, submit="lock-password")


async def test_ctrl_l_locks_and_unmounts_every_work_screen(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        home = app.screen
        await pilot.press("f8")
        await pilot.pause()
        operators = app.screen
        assert isinstance(operators, OperatorsScreen)

        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.current_mode == LOCK_MODE
        assert set(app._screen_stacks) == {LOCK_MODE}
        assert [type(s) for s in mounted_screens(app)] == [LockScreen]
        assert not home.is_attached and not operators.is_attached
        assert not app.query(HomeScreen) and not app.query(OperatorsScreen)
        assert text_of(app.screen, "#lock-operator") == t("tui.lock.operator", name="管理员")
        # The app-wide keys of the work screens do nothing while locked.
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)


async def test_unlock_needs_the_password_and_returns_to_a_new_screen(app, admin, store):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("f8")
        await pilot.pause()
        before = app.screen
        await pilot.press("ctrl+l")
        await settle(pilot)

        await unlock(pilot, "wrong-password")
        assert isinstance(app.screen, LockScreen)
        assert text_of(app.screen, "#lock-message") == t("tui.lock.wrong")
        assert app.screen.query_one("#lock-password", Input).value == ""

        await unlock(pilot, "admin-pass-1")
        assert isinstance(app.screen, OperatorsScreen)
        assert app.screen is not before
        assert LOCK_MODE not in app._screen_stacks
        assert [e.action for e in store.audit.log(admin, limit=2)] == ["login", "login_failed"]


async def test_another_operator_may_sign_in_from_the_lock_screen(app, admin, add_operator):
    add_operator("clerk", "mail")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.operator is None
        assert LOCK_MODE not in app._screen_stacks
        await sign_in(pilot, "clerk", "operator-pass-1")
        assert isinstance(app.screen, HomeScreen)
        assert app.operator.name == "clerk"


async def test_idle_minutes_lock_the_screen(app, admin, clock, settings):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        clock.advance(minutes=settings.idle_lock_minutes - 1)
        assert not app.check_idle_lock()
        # A key is activity: the idle minutes count again from here.
        await pilot.press("tab")
        clock.advance(minutes=2)
        assert not app.check_idle_lock()
        assert isinstance(app.screen, HomeScreen)

        clock.advance(minutes=settings.idle_lock_minutes)
        assert app.check_idle_lock()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert set(app._screen_stacks) == {LOCK_MODE}


async def test_a_lock_closes_open_dialogs_and_notices(app, admin):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.notify("李四")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert [type(s) for s in mounted_screens(app)] == [LockScreen]
        assert not app._notifications


async def test_nobody_signed_in_means_no_idle_lock(app, admin, clock, settings):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(minutes=settings.idle_lock_minutes + 5)
        assert not app.check_idle_lock()
        assert isinstance(app.screen, LoginScreen)
