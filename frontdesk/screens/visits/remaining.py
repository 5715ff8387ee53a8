"""Before visitors are received one by one (按个访): what of the heads not listed.

Every head that came is either listed on the form (one visit each) or recorded as
having left; none is dropped silently.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter


class RemainingHeadsDialog(FrontdeskModal[str]):
    """Dismisses with "add" (a card for each remaining head: a), "left" (they
    left: l) or "stay" (Esc)."""

    TITLE_KEY = "tui.help.screen.remaining"

    DEFAULT_CSS = """
    RemainingHeadsDialog {
        align: center middle;
        #remaining-box {
            width: 60;
            max-width: 100%;
            height: auto;
            padding: 1 2;
            border: round $warning;
            background: $surface;
        }
    }
    """

    BINDINGS = [
        Binding("a", "answer('add')", "tui.key.remaining_add", id="remaining-add"),
        Binding("l", "answer('left')", "tui.key.remaining_left", id="remaining-left"),
        Binding("escape", "answer('stay')", "tui.key.cancel", id="remaining-stay"),
    ]

    def __init__(self, headcount: int, listed: int) -> None:
        super().__init__()
        self._headcount = headcount
        self._listed = listed

    def compose(self) -> ComposeResult:
        with Vertical(id="remaining-box"):
            yield Static(Text(t("tui.visit.remaining_question", headcount=self._headcount,
                                listed=self._listed, rest=self._headcount - self._listed)),
                         id="remaining-question")
        yield KeyFooter()

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
