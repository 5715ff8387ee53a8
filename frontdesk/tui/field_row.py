"""One labelled field of a form: a label, a control, and under it the message
that refuses (or warns about) its value."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.css.query import NoMatches
from textual.widgets import Label, Static

from frontdesk.i18n import get_language

LABEL_WIDTH = {"zh": 10, "en": 17}


class FieldRow(Container):
    """A short label, a control, and under it the message that refuses its value.

    ``name`` is the store's field name (``visitors.0.phone``), so a refusal finds
    its place.
    """

    DEFAULT_CSS = """
    FieldRow {
        height: auto;
        width: 1fr;
        layout: grid;
        grid-size: 2;
        grid-columns: 10 1fr;
        grid-rows: auto;
        .row-label { color: $text-muted; padding: 0 1 0 0; }
        .row-error { column-span: 2; display: none; color: $text-error; padding: 0 0 0 10; }
        &.-invalid .row-error { display: block; }
        &.-warned .row-error { display: block; color: $text-warning; }
        /* a multi-line control: the grid row, not the control, sets the height */
        &.-tall { grid-rows: 4 auto; }
    }
    """

    def __init__(self, label: str, control, *, name: str) -> None:
        super().__init__(name=name)
        self._label = label
        self.control = control
        # English labels are longer than Chinese ones.
        width = LABEL_WIDTH[get_language()]
        self.styles.grid_columns = f"{width} 1fr"
        self._width = width

    def compose(self) -> ComposeResult:
        yield Label(Text(self._label), classes="row-label")
        yield self.control
        error = Static("", classes="row-error")
        error.styles.padding = (0, 0, 0, self._width)
        yield error

    def show_error(self, message: str, *, warning: bool = False) -> None:
        try:
            self.query_one(".row-error", Static).update(Text(message))
        except NoMatches:  # still being built; the next check shows it
            return
        self.set_class(not warning, "-invalid")
        self.set_class(warning, "-warned")

    def clear_error(self) -> None:
        if self.has_class("-invalid") or self.has_class("-warned"):
            self.query_one(".row-error", Static).update("")
            self.remove_class("-invalid", "-warned")
