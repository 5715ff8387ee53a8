"""Recording a leader's instruction on a document (批示): the leader, when it
was written (now unless changed) and its words. Enter moves on and saves in the
last field; Ctrl+S saves, Esc does not."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from frontdesk.i18n import t
from frontdesk.store import Operator, Store
from frontdesk.store.mail.documents import Document
from frontdesk.tui.record_dialog import RecordDialog, save_and_cancel
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput


class DocInstructDialog(RecordDialog[Document | None]):
    """Dismisses with the document as now instructed, or None."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.doc_instruct"

    BINDINGS = save_and_cancel("doc-instruct")

    GENERAL_BOX = "#instruct-message"

    def __init__(self, store: Store, operator: Operator, number: str) -> None:
        super().__init__(store, operator)
        self._number = number

    def compose(self) -> ComposeResult:
        with Vertical(classes="mail-box -small"):
            yield Static(Text(t("tui.doc.instruct_title", number=self._number)), classes="box-title")
            yield FieldRow(t("field.leader"), TextInput(max_length=40, compact=True, id="in-leader"), name="leader")
            yield FieldRow(t("field.instructed_at"),
                           TimeInput(self._store.now().strftime("%Y-%m-%d %H:%M"), field="instructed_at",
                                     clock=self._store.now, id="in-at"), name="instructed_at")
            yield FieldRow(t("field.instruction"), TextInput(max_length=2000, compact=True, id="in-text"),
                           name="instruction")
            yield Static("", id="instruct-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#in-leader", Input).focus()
        self.remember_blank()

    def form_data(self) -> dict:
        return {key: self.query_one(f"#in-{key}", Input).value for key in ("leader", "text")}

    def on_input_changed(self) -> None:
        self.note_change()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        self.enter_moves_on(event)

    def action_save(self) -> None:
        self.start_save(self._store.documents.instruct, self._operator, self._number,
                        self.query_one("#in-leader", Input).value, self.query_one("#in-text", Input).value,
                        self.query_one("#in-at", Input).value)
