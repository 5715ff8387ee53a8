"""Chasing a reader who has not sent a document back (催办): how, and what they
answered; the time is now. Enter in the answer or Ctrl+S logs it, Esc does not."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from frontdesk.i18n import t
from frontdesk.store import Operator, Store
from frontdesk.store.mail.documents import CHASE_METHODS, Document
from frontdesk.tui.record_dialog import RecordDialog, save_and_cancel
from frontdesk.tui.widgets.controls import ChoiceSelect
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput


class DocChaseDialog(RecordDialog[Document | None]):
    """Dismisses with the document as now logged, or None."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.doc_chase"

    BINDINGS = save_and_cancel("doc-chase")

    GENERAL_BOX = "#chase-message"

    def __init__(self, store: Store, operator: Operator, number: str, reader: str) -> None:
        super().__init__(store, operator)
        self._number = number
        self._reader = reader

    def compose(self) -> ComposeResult:
        with Vertical(classes="mail-box -small"):
            yield Static(Text(t("tui.doc.chase_title", number=self._number, reader=self._reader)),
                         classes="box-title")
            yield FieldRow(t("field.how"), ChoiceSelect([(t(f"chase_how.{h}"), h) for h in CHASE_METHODS],
                                                        value="phone", allow_blank=False, compact=True,
                                                        id="ch-how"), name="how")
            yield FieldRow(t("field.answer"), TextInput(max_length=200, compact=True, id="ch-answer"),
                           name="answer")
            yield Static("", id="chase-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#ch-answer", Input).focus()

    @on(Input.Submitted, "#ch-answer")
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.start_save(self._store.documents.chase, self._operator, self._number, self._reader,
                        str(self.query_one("#ch-how", Select).value), self.query_one("#ch-answer", Input).value)
