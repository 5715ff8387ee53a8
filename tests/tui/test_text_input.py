"""The text fields (TextInput): a key repaints the field, never the screen's layout,
a text longer than the field still scrolls to the cursor, and in a browser tab
the cursor does not blink (each blink is a frame sent to the browser)."""

from __future__ import annotations

import pytest
from textual.widget import Widget
from textual.widgets import Input

from frontdesk.serve import SERVED_VARIABLE

from .helpers import settle

SIZE = (120, 40)


async def test_a_key_in_a_text_field_lays_out_nothing(app, add_operator, monkeypatch):
    reception = add_operator("jiedai", "reception")
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(reception, "visit")
        await settle(pilot)
        laid_out: list[Widget] = []
        refresh = Widget.refresh

        def noted(widget, *regions, **options):
            if options.get("layout"):
                laid_out.append(widget)
            return refresh(widget, *regions, **options)

        monkeypatch.setattr(Widget, "refresh", noted)
        await pilot.press(*"wang")
        await settle(pilot)
        assert app.screen.query_one(".v-name", Input).value == "wang"
        assert not [widget for widget in laid_out if isinstance(widget, Input)], laid_out


async def test_a_long_text_scrolls_to_the_cursor(app, add_operator):
    reception = add_operator("jiedai", "reception")
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(reception, "visit")
        await settle(pilot)
        subject = app.screen.query_one("#f-subject", Input)
        subject.focus()
        await pilot.pause()
        typed = "".join(chr(ord("a") + i % 26) for i in range(70))
        await pilot.press(*typed)
        await settle(pilot)
        assert subject.value == typed
        assert subject.scroll_x > 0
        shown = "".join(segment.text for segment in subject.render_line(0))
        assert typed[-20:] in shown


@pytest.mark.parametrize(("served", "blinks"), [("tls", False), ("", True)])
async def test_in_a_browser_the_cursor_does_not_blink(app, admin, monkeypatch, served, blinks):
    monkeypatch.setenv(SERVED_VARIABLE, served)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#login-name", Input).cursor_blink is blinks
