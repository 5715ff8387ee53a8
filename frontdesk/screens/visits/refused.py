"""At saving a visit of several people where not everyone signed (签名认可): the
refusal is recorded, or the visitors are received one by one (按个访接待), as the
rules say of those who will not sign."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter


class RefusedSignaturesDialog(FrontdeskModal[str]):
    """Dismisses with "save" (save, the refusal recorded: s), "individually"
    (按个访: Ctrl+G or g) or "stay" (Esc)."""

    TITLE_KEY = "tui.help.screen.refused"

    DEFAULT_CSS = """
    RefusedSignaturesDialog {
        align: center middle;
        #refused-box {
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
        Binding("s", "answer('save')", "tui.key.refused_save", id="refused-save"),
        Binding("ctrl+g,g", "answer('individually')", "tui.key.individually", id="refused-individually"),
        Binding("escape", "answer('stay')", "tui.key.cancel", id="refused-stay"),
    ]

    def __init__(self, expected: int, refused: int) -> None:
        super().__init__()
        self._expected = expected
        self._refused = refused

    def compose(self) -> ComposeResult:
        with Vertical(id="refused-box"):
            yield Static(Text(t("tui.visit.refused_question", expected=self._expected, refused=self._refused,
                                signed=self._expected - self._refused)), id="refused-question")
        yield KeyFooter()

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
