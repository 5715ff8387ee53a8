"""Adding and taking off visitor cards by keys, in bursts with no pause: no key is
lost to a card still being built, and the cursor lands in the new card's name."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from frontdesk.screens.confirm import ConfirmDialog
from frontdesk.screens.visits.visit_form import VisitFormScreen
from frontdesk.screens.visits.visitor_card import VisitorCard

from .test_visit_form import open_form, type_into


def names(screen) -> list[str]:
    return [card.values()["name"] for card in screen.query(VisitorCard)]


def focused_card(app) -> int:
    """The place of the card holding the cursor in its name field."""
    focused = app.focused
    assert isinstance(focused, Input) and focused.has_class("v-name"), focused
    card = next(a for a in focused.ancestors if isinstance(a, VisitorCard))
    # The field with the cursor is in view: inside the screen's visible region.
    shown = focused.region
    assert shown.height > 0 and shown.intersection(app.screen.region) == shown, "out of view"
    return list(app.screen.query(VisitorCard)).index(card)


async def test_a_visitor_added_after_the_headcount_of_a_group(reception_desk):
    store, reception = reception_desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await type_into(pilot, screen.query_one("#f-headcount", Input), "12")
        await pilot.press("ctrl+n", *"王五")
        await pilot.pause()
        assert app._exception is None
        assert focused_card(app) == 1
        assert names(screen) == ["", "王五"]
        assert screen.query_one("#f-headcount", Input).value == "12"
    finally:
        await context.__aexit__(None, None, None)


@pytest.mark.parametrize("keys, expected", [
    (("ctrl+n", "ctrl+r", "ctrl+n"), 2),
    (("ctrl+n", "ctrl+n", "ctrl+n"), 4),
    (("ctrl+n", "ctrl+n", "ctrl+r", "ctrl+r", "ctrl+n"), 2),
])
async def test_visitors_added_and_taken_off_in_one_burst(reception_desk, keys, expected):
    store, reception = reception_desk
    app, pilot, context = await open_form(store, reception)
    try:
        await pilot.press(*keys, *"李四")
        await pilot.pause()
        assert app._exception is None
        screen = app.screen
        assert len(screen.query(VisitorCard)) == expected
        assert focused_card(app) == expected - 1
        assert names(screen)[-1] == "李四"
        assert [card.index for card in screen.query(VisitorCard)] == list(range(expected))
    finally:
        await context.__aexit__(None, None, None)


async def test_the_card_taken_off_is_the_one_with_the_cursor(reception_desk):
    store, reception = reception_desk
    app, pilot, context = await open_form(store, reception)
    try:
        await pilot.press(*"甲", "ctrl+n", *"乙", "ctrl+n", *"丙")
        await pilot.pause()
        screen = app.screen
        assert names(screen) == ["甲", "乙", "丙"]
        screen.query(VisitorCard)[1].focus_name()
        await pilot.press("ctrl+r", *"丁")
        await pilot.pause()
        assert names(screen) == ["甲", "丙丁"]
        assert focused_card(app) == 1
    finally:
        await context.__aexit__(None, None, None)


async def test_a_group_draft_restored_then_a_visitor_added(reception_desk):
    store, reception = reception_desk
    visitors = [{"name": f"王{i}", "representative": True} for i in range(3)]
    store.drafts.keep(reception, "visit", {"headcount": "12", "subject": "征地补偿", "visitors": visitors})
    app, pilot, context = await open_form(store, reception, expect=ConfirmDialog)
    try:
        await pilot.press("enter", "ctrl+n", *"赵六", "ctrl+n")
        await pilot.pause()
        assert app._exception is None
        screen = app.screen
        assert isinstance(screen, VisitFormScreen)
        assert names(screen) == ["王0", "王1", "王2", "赵六", ""]
        assert focused_card(app) == 4
        assert screen.query_one("#f-headcount", Input).value == "12"
        assert screen.query_one("#f-subject", Input).value == "征地补偿"
    finally:
        await context.__aexit__(None, None, None)
