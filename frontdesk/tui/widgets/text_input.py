"""The one-line text field every screen uses: Textual's ``Input`` without a
layout of the whole screen on every key.

Textual's ``Input`` sets its virtual size to the width of its text whenever
the value changes, and a virtual size is a layout property: each key typed
into any field re-arranged every widget of the screen (on the visit form,
half the time a key took). A field whose size comes from the stylesheet (all
of ours: ``1fr``, a fixed width, a grid cell) does not change size with its
text, so the new virtual size is stored without a layout; the field is
repainted as before (its value is a repainting property), and it scrolls its
text by that virtual size as before. A field sized by its text
(``width: auto``) keeps Textual's layout.

In a browser tab (``frontdesk serve``) the cursor does not blink: each blink
is a frame drawn, sent through the server and drawn again by the browser,
twice a second in every tab whose operator is away from the keyboard.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input

from frontdesk.tui.bindings import served_in_browser


class TextInput(Input):
    """Textual's ``Input``; a key changes the field, not the screen's layout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if served_in_browser():
            self.set_reactive(Input.cursor_blink, False)

    def _watch_value(self, value: str) -> None:
        if not self.styles.auto_dimensions:
            # Stored ahead of Input's own watcher, which then finds it unchanged.
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
