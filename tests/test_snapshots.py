"""Snapshots of every screen in each of its states: fixed terminal size, fixed
clock, steady cursors, workers finished before the picture is taken.

Update with ``pytest tests/test_snapshots.py --snapshot-update`` and look at
the new pictures (``snapshot_report.html`` shows the differences) before
committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from frontdesk.config import Settings
from frontdesk.i18n import set_language
from frontdesk.tui.app import FrontdeskApp, make_app

SIZE = (100, 30)
SMALL = (80, 24)


async def steady(pilot: Pilot) -> None:
    """Wait for the workers, then stop the cursors blinking."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def fill_and_enter(pilot: Pilot, values: dict[str, str], submit: str) -> None:
    for input_id, value in values.items():
        pilot.app.screen.query_one(f"#{input_id}", Input).value = value
    pilot.app.screen.query_one(f"#{submit}", Input).focus()
    await pilot.pause()
    await pilot.press("enter")
    await steady(pilot)


async def signed_in(pilot: Pilot) -> None:
    await fill_and_enter(
        pilot, {"login-name": "admin", "login-password": "admin-pass-1"}, submit="login-password"
    )


@pytest.fixture
def app(store, clock) -> FrontdeskApp:
    return make_app(store, Settings(), clock)


@pytest.fixture
def english(store, clock) -> FrontdeskApp:
    set_language("en")
    return make_app(store, Settings(language="en"), clock)


class TestLoginScreen:
    def test_empty(self, snap_compare, app, admin):
        assert snap_compare(app, terminal_size=SIZE, run_before=steady)

    def test_empty_in_english(self, snap_compare, english, admin):
        assert snap_compare(english, terminal_size=SIZE, run_before=steady)

    def test_small_terminal(self, snap_compare, app, admin):
        assert snap_compare(app, terminal_size=SMALL, run_before=steady)

    def test_wrong_password(self, snap_compare, app, admin):
        async def refused(pilot: Pilot) -> None:
            await fill_and_enter(
                pilot, {"login-name": "admin", "login-password": "wrong-password"},
                submit="login-password",
            )

        assert snap_compare(app, terminal_size=SIZE, run_before=refused)


class TestFirstRunScreen:
    @pytest.fixture(autouse=True)
    def fixed_path(self, store) -> None:
        # The path is only shown; a fixed one keeps the picture the same on every machine.
        store.path = Path("/srv/frontdesk/frontdesk.db")

    def test_empty(self, snap_compare, app):
        assert snap_compare(app, terminal_size=SIZE, run_before=steady)

    def test_small_terminal(self, snap_compare, app):
        assert snap_compare(app, terminal_size=SMALL, run_before=steady)

    def test_refusals_under_their_fields(self, snap_compare, app):
        async def refused(pilot: Pilot) -> None:
            await fill_and_enter(
                pilot, {"first-name": "admin", "first-password": "short",
                        "first-password-again": "short"},
                submit="first-password-again",
            )

        assert snap_compare(app, terminal_size=SIZE, run_before=refused)


class TestHomeScreen:
    def test_admin(self, snap_compare, app, admin):
        assert snap_compare(app, terminal_size=SIZE, run_before=signed_in)

    def test_admin_in_english(self, snap_compare, english, admin):
        assert snap_compare(english, terminal_size=SIZE, run_before=signed_in)

    def test_small_terminal(self, snap_compare, app, admin):
        assert snap_compare(app, terminal_size=SMALL, run_before=signed_in)

    def test_light_theme(self, snap_compare, store, clock, admin):
        light = make_app(store, Settings(theme="light"), clock)
        assert snap_compare(light, terminal_size=SIZE, run_before=signed_in)


class TestLockScreen:
    def test_locked(self, snap_compare, app, admin):
        async def locked(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("ctrl+l")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=locked)

    def test_wrong_password(self, snap_compare, app, admin):
        async def refused(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("ctrl+l")
            await steady(pilot)
            await fill_and_enter(pilot, {"lock-password": "wrong"}, submit="lock-password")

        assert snap_compare(app, terminal_size=SMALL, run_before=refused)


class TestOperatorsScreen:
    def test_table(self, snap_compare, app, admin, store):
        store.operators.add(admin, "chen", "reception", "desk-pass-1", "陈晓东")
        store.operators.add(admin, "odd", "mail", "mail-pass-1", "[b]标记[/b]")
        store.operators.disable(admin, "odd")

        async def opened(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("f8")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=opened)

    def test_add_form(self, snap_compare, app, admin):
        async def form(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("f8")
            await steady(pilot)
            await pilot.press("a")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SMALL, run_before=form)


class TestAuditLogScreen:
    def test_after_verify(self, snap_compare, app, admin):
        async def verified(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("f9")
            await steady(pilot)
            await pilot.press("v")
            await steady(pilot)
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(app, terminal_size=SIZE, run_before=verified)


class TestHelpScreen:
    def test_home_keys(self, snap_compare, app, admin):
        async def helped(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("f1")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=helped)
