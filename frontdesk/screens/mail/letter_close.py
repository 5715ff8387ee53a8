"""Closing a letter (办结): what came of it, one line at least, and a plain
confirmation; Enter or Ctrl+S closes, Esc leaves the letter open."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from frontdesk.i18n import t
from frontdesk.output.mail_text import handling_text
from frontdesk.store import Operator, Store
from frontdesk.store.mail.letters import Letter
from frontdesk.tui.record_dialog import RecordDialog, save_and_cancel
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput


class LetterCloseDialog(RecordDialog[Letter | None]):
    """Dismisses with the letter as closed, or None."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.letter_close"

    BINDINGS = save_and_cancel("letter-close")

    GENERAL_BOX = "#close-message"

    def __init__(self, store: Store, operator: Operator, letter: Letter) -> None:
        super().__init__(store, operator)
        self._letter = letter

    def compose(self) -> ComposeResult:
        letter = self._letter
        with Vertical(classes="mail-box -small"):
            yield Static(Text(t("tui.letter.close_title", number=letter.number)), classes="box-title")
            yield Static(Text(f"{letter.subject}  {handling_text(letter)}"), id="close-letter")
            yield FieldRow(t("field.outcome"), TextInput(max_length=500, compact=True, id="c-outcome",
                                                         placeholder=t("tui.letter.close_hint")),
                           name="outcome")
            yield Static(Text(t("tui.letter.close_confirm")), classes="box-note")
            yield Static("", id="close-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#c-outcome", Input).focus()

    @on(Input.Submitted, "#c-outcome")
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.start_save(self._store.letters.close, self._operator, self._letter.number,
                        self.query_one("#c-outcome", Input).value)
