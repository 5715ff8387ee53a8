"""Every key of the screen the operator is on, with what it does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter


class HelpDialog(FrontdeskModal[None]):
    """Lists (key, description) pairs the app gathered from the active bindings."""

    CSS_PATH = "help.tcss"
    TITLE_KEY = "tui.key.help"

    BINDINGS = [
        Binding("escape,f1,q", "close", "tui.key.close", id="help-close"),
    ]

    def __init__(self, screen_title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self._screen_title = screen_title
        self._keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text(t("tui.help.title", screen=self._screen_title)), id="help-title")
            yield Static(self._table(), id="help-keys")
        yield KeyFooter()

    def _table(self) -> Table:
        table = Table(box=None, padding=(0, 2), show_edge=False, header_style="bold")
        table.add_column(t("tui.help.col.key"), no_wrap=True)
        table.add_column(t("tui.help.col.action"))
        for key, description in self._keys:
            table.add_row(Text(key, style="bold"), Text(description))
        return table

    def action_close(self) -> None:
        self.dismiss(None)
