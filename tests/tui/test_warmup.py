"""The desk prepared after sign-in: a key shows a screen already built, which
still shows what is current when it is first shown (tui/warmup.py)."""

from __future__ import annotations

import asyncio
import gc
from dataclasses import replace

import pytest
from textual.widgets import DataTable, Input

from frontdesk.screens.confirm import ConfirmDialog
from frontdesk.screens.home import HomeScreen
from frontdesk.screens.system.audit_log import AuditLogScreen
from frontdesk.screens.visits.visit_form import VisitFormScreen
from frontdesk.tui.app import LOCK_MODE, make_app
from frontdesk.tui.timing import Timing
from frontdesk.tui.warmup import Collector, screen_styles

from .helpers import SIZE, fill, settle, sign_in


@pytest.fixture
def app(store, settings, clock):
    """The app as an operator meets it: the desk built ahead (no delays, as in every test)."""
    return make_app(store, settings, clock, replace(Timing.instant(), build_ahead=True))


async def prepared(app) -> None:
    await asyncio.wait_for(app.desk_prepared.wait(), 60)


async def test_every_main_screen_is_built_after_sign_in_and_its_key_shows_that_one(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await prepared(app)
        built = {mode: stack[0] for mode, stack in app._screen_stacks.items()}
        assert set(built) == {spec.id for spec in app.main_screens}
        assert all(screen.is_mounted for screen in built.values())
        assert isinstance(app.screen, HomeScreen)  # nothing built ahead was shown
        # Every screen's rules were read once; showing a screen parses nothing again.
        assert all(app.stylesheet.has_source(str(path)) for path in screen_styles())
        for key, mode in (("f3", "visit"), ("f9", "audit"), ("f3", "visit")):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is built[mode]
            assert built[mode]._css_update_count == app._css_update_count


async def test_a_kept_draft_is_offered_when_its_form_is_opened_not_over_the_home_screen(app, admin, store):
    store.drafts.keep(admin, "visit", {"subject": "噪音扰民"})
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await prepared(app)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # yes, continue with it
        await settle(pilot)
        assert isinstance(app.screen, VisitFormScreen)
        assert app.screen.query_one("#f-subject", Input).value == "噪音扰民"


async def test_a_list_built_ahead_shows_what_happened_after_sign_in(app, admin, store, add_operator):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await prepared(app)
        add_operator("later", "reception")  # written after the audit log was built
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditLogScreen)
        table = screen.query_one(DataTable)
        newest = max(entry.id for entry in store.audit.log(admin, limit=10))
        rows = [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]
        assert newest == 3 and rows[0][0] == "3", rows  # the new operator's entry is on top


async def test_without_building_ahead_a_screen_is_built_when_first_opened(store, settings, clock, admin):
    app = make_app(store, settings, clock, Timing.instant())
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await prepared(app)
        assert set(app._screen_stacks) == {"home"}


async def test_a_lock_drops_the_built_screens_and_unlocking_builds_them_again(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await prepared(app)
        visit = app._screen_stacks["visit"][0]
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert set(app._screen_stacks) == {LOCK_MODE}
        assert not visit.is_attached
        await fill(pilot, {"lock-password": "admin-pass-1"}, submit="lock-password")
        await prepared(app)
        await settle(pilot)
        assert app._screen_stacks["visit"][0] is not visit
        assert set(app._screen_stacks) == {spec.id for spec in app.main_screens}


def test_the_collector_sets_aside_only_when_the_program_held_it_back():
    collector = Collector()
    assert gc.isenabled()
    collector.started()  # as under the tests: collecting as usual, nothing set aside
    assert not collector.holding
    frozen = gc.get_freeze_count()
    collector.desk_ready()
    assert gc.get_freeze_count() == frozen
    gc.disable()  # as the frontdesk command starts
    try:
        collector.started()
        assert collector.holding and gc.isenabled()
        assert gc.get_freeze_count() > 0
        collector.desk_closed()
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.enable()
