"""A yes/no question before a change that matters; the question before quitting
with typing in a form."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from frontdesk.i18n import t
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


class QuitDialog(FrontdeskModal[str]):
    """Quitting with typing in a form: dismisses with "keep" (keep the drafts and
    quit: Enter, k, or Ctrl+Q again), "discard" (throw them away and quit: d) or
    "stay" (Esc)."""

    CSS_PATH = "confirm.tcss"
    TITLE_KEY = "tui.help.screen.quit"

    BINDINGS = [
        Binding("enter,k,ctrl+q", "answer('keep')", "tui.key.quit_keep", id="quit-keep", priority=True),
        Binding("d", "answer('discard')", "tui.key.quit_discard", id="quit-discard"),
        Binding("escape,s", "answer('stay')", "tui.key.quit_stay", id="quit-stay"),
    ]

    def __init__(self, forms: list[str]) -> None:
        super().__init__()
        self._forms = forms

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(t("tui.quit.question", forms=t("tui.quit.sep").join(self._forms))),
                         id="confirm-question")
        yield KeyFooter()

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
