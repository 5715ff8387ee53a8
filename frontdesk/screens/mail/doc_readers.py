"""Adding readers to a document's reading list (传阅), on one line separated by
commas or 、; the handling opinion and the back-by date can be changed here too.
Enter moves on and saves in the last field; Ctrl+S saves, Esc does not."""

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


class DocReadersDialog(RecordDialog[Document | None]):
    """Dismisses with the document and its longer list, or None."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.doc_readers"

    BINDINGS = save_and_cancel("doc-readers")

    GENERAL_BOX = "#readers-message"

    def __init__(self, store: Store, operator: Operator, document: Document) -> None:
        super().__init__(store, operator)
        self._document = document

    def compose(self) -> ComposeResult:
        document = self._document
        listed = "、".join(r.reader for r in document.readers) or "-"
        with Vertical(classes="mail-box -small"):
            yield Static(Text(t("tui.doc.readers_title", number=document.number)), classes="box-title")
            yield Static(Text(f"{t('field.readers')}{t('sep.colon')}{listed}"), id="readers-listed")
            yield FieldRow(t("field.add_readers"), TextInput(max_length=500, compact=True, id="r-readers",
                                                             placeholder=t("tui.doc.readers_hint")), name="readers")
            yield FieldRow(t("field.opinion"), TextInput(document.opinion, max_length=2000, compact=True,
                                                         id="r-opinion"), name="opinion")
            yield FieldRow(t("field.return_by"), TextInput(document.return_by or "", max_length=10, compact=True,
                                                           id="r-return_by"), name="return_by")
            yield Static("", id="readers-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#r-readers", Input).focus()
        self.remember_blank()

    def form_data(self) -> dict:
        return {key: self.query_one(f"#r-{key}", Input).value for key in ("readers", "opinion", "return_by")}

    def on_input_changed(self) -> None:
        self.note_change()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        self.enter_moves_on(event)

    def action_save(self) -> None:
        data = self.form_data()
        document = self._document
        # Only what was changed is sent: an untouched opinion or date stays as it was.
        opinion = data["opinion"] if data["opinion"] != document.opinion else None
        return_by = data["return_by"] if data["return_by"] != (document.return_by or "") else None
        self.start_save(self._store.documents.circulate, self._operator, document.number, data["readers"],
                        opinion, return_by)
