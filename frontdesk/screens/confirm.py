"""A yes/no question before a change that matters."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter


class ConfirmDialog(FrontdeskModal[bool]):
    """Dismisses with True on Enter or y, False on Escape or n."""

    CSS_PATH = "confirm.tcss"
    TITLE_KEY = "tui.help.screen.confirm"

    BINDINGS = [
        Binding("enter,y", "answer(True)", "tui.key.confirm", id="confirm-yes"),
        Binding("escape,n", "answer(False)", "tui.key.cancel", id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(self._question), id="confirm-question")
        yield KeyFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
