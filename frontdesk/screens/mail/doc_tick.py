"""Ticking a reader off as back at a time the clerk gives (the time the
document came back, not the time it is entered): the time field starts at now,
Enter or Ctrl+S ticks, Esc does not."""

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
from frontdesk.tui.widgets.time_input import TimeInput


class DocTickDialog(RecordDialog[Document | None]):
    """Dismisses with the document as now ticked, or None."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.doc_tick"

    BINDINGS = save_and_cancel("doc-tick")

    GENERAL_BOX = "#tick-message"

    def __init__(self, store: Store, operator: Operator, number: str, reader: str) -> None:
        super().__init__(store, operator)
        self._number = number
        self._reader = reader

    def compose(self) -> ComposeResult:
        with Vertical(classes="mail-box -small"):
            yield Static(Text(t("tui.doc.tick_title", number=self._number, reader=self._reader)),
                         classes="box-title")
            yield FieldRow(t("field.read_at"), TimeInput(self._store.now().strftime("%Y-%m-%d %H:%M"),
                                                         field="read_at", clock=self._store.now, id="tk-at"),
                           name="read_at")
            yield Static("", id="tick-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#tk-at", Input).focus()

    @on(Input.Submitted, "#tk-at")
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.start_save(self._store.documents.tick, self._operator, self._number, self._reader,
                        self.query_one("#tk-at", Input).value)
