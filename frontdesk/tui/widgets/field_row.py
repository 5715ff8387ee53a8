"""One labelled field of a form: a label, a control, and under it the message
that refuses (or warns about) its value. Every form builds its fields from it."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widgets import Label, Static

from frontdesk.i18n import get_language
from frontdesk.tui.widgets.wrapping import bind_numbers

LABEL_WIDTH = {"zh": 10, "en": 17}
"""The narrowest label column; a screen whose longest label needs more widens
every compact row it holds, so labels never wrap and controls stay aligned."""


class FieldRow(Container):
    """A short label, a control, and under it the message that refuses its value.

    ``name`` is the store's field name (``visitors.0.phone``), so a refusal finds
    its place. Record forms pack compact rows; ``wide`` rows (sign-in, operator
    dialogs) take full-height controls under a wider, padded label.
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
        .row-hint { column-span: 2; }
        &.-invalid .row-error { display: block; }
        /* the form's refusal stands for the time field's own hint */
        &.-invalid .row-hint { display: none; }
        &.-warned .row-error { display: block; color: $text-warning; }
        /* a multi-line control: the grid row, not the control, sets the height */
        &.-tall { grid-rows: 4 auto; }
        &.-wide {
            grid-columns: 16 1fr;
            .row-label { padding: 1 1 0 1; }
            .row-control { width: 1fr; }
            .row-error { margin: 0 0 0 16; padding: 0 1; }
        }
    }
    """

    def __init__(self, label: str, control, *, name: str, wide: bool = False) -> None:
        super().__init__(name=name, classes="-wide" if wide else None)
        self._field = name
        self._label = label
        self.control = control
        self._width: int | None = None
        if wide:
            control.add_class("row-control")
        else:
            # English labels are longer than Chinese ones.
            self._width = max(LABEL_WIDTH[get_language()], self.label_need)
            self.styles.grid_columns = f"{self._width} 1fr"

    @property
    def name(self) -> str:
        """The store's field name (every row is built with one)."""
        return self._field

    @property
    def label_need(self) -> int:
        """The cells the label takes on one line, with the space after it."""
        return cell_len(self._label) + 1

    def on_mount(self) -> None:
        self._tell_screen()
        if self._width is None:
            return
        rows = [row for row in self.screen.query(FieldRow) if row._width is not None]
        width = max(row._width or 0 for row in rows)
        for row in rows:
            row.set_label_width(width)

    def on_unmount(self) -> None:
        self._tell_screen()

    def _tell_screen(self) -> None:
        """A row came or went: the screen's list of its rows is out of date."""
        try:
            forget = getattr(self.screen, "forget_field_rows", None)
        except NoScreen:
            return
        if forget is not None:
            forget()

    def set_label_width(self, width: int) -> None:
        """Give the label column ``width`` cells (and the lines under the control the same indent)."""
        if self._width == width:
            return
        self._width = width
        self.styles.grid_columns = f"{width} 1fr"
        for line in self.query(".row-error, .row-hint"):
            if line.parent is self:
                line.styles.padding = (0, 0, 0, width)

    def compose(self) -> ComposeResult:
        yield Label(Text(self._label), classes="row-label")
        yield self.control
        # A control with a line of its own under it (a time field's hint).
        hint = getattr(self.control, "hint", None)
        if isinstance(hint, Static):
            if self._width is not None:
                hint.styles.padding = (0, 0, 0, self._width)
            yield hint
        error = Static("", classes="row-error")
        if self._width is not None:
            error.styles.padding = (0, 0, 0, self._width)
        yield error

    def show_error(self, message: str, *, warning: bool = False) -> None:
        try:
            self.query_one(".row-error", Static).update(Text(bind_numbers(message)))
        except NoMatches:  # still being built; the next check shows it
            return
        self.set_class(not warning, "-invalid")
        self.set_class(warning, "-warned")

    def clear_error(self) -> None:
        if self.has_class("-invalid") or self.has_class("-warned"):
            self.query_one(".row-error", Static).update("")
            self.remove_class("-invalid", "-warned")
