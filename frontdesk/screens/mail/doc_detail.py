"""One incoming document and its reading list: Enter ticks the highlighted
reader off as back, now; t asks for the time it came back, a adds readers, i
records a leader's instruction (批示), u logs a chase (催办)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from frontdesk.i18n import t
from frontdesk.output.mail_text import document_lines, document_state
from frontdesk.screens.mail.doc_chase import DocChaseDialog
from frontdesk.screens.mail.doc_instruct import DocInstructDialog
from frontdesk.screens.mail.doc_readers import DocReadersDialog
from frontdesk.screens.mail.doc_tick import DocTickDialog
from frontdesk.store import Operator, Store
from frontdesk.store.mail.documents import Document
from frontdesk.store.shared.permissions import allowed
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.workers import StoreDone, StoreRefused


class DocDetailDialog(FrontdeskModal[None]):
    """A document; its readers, each ticked off with the time."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.doc_detail"

    BINDINGS = [
        Binding("t", "tick_at", "tui.key.doc_tick_at", id="doc-detail-tick-at", tooltip="tui.tip.doc_tick_at"),
        Binding("a", "add_readers", "tui.key.doc_add_readers", id="doc-detail-readers",
                tooltip="tui.tip.doc_add_readers"),
        Binding("i", "instruct", "tui.key.doc_instruct", id="doc-detail-instruct", tooltip="tui.tip.doc_instruct"),
        Binding("u", "chase", "tui.key.doc_chase", id="doc-detail-chase", tooltip="tui.tip.doc_chase"),
        Binding("escape", "close", "tui.key.close", id="doc-detail-close", tooltip="tui.tip.close"),
    ]

    def __init__(self, store: Store, operator: Operator, number: str) -> None:
        super().__init__()
        self._store = store
        self._operator = operator
        self._number = number
        self.document: Document | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="mail-box"):
            yield Static("", id="doc-text")
            yield Static(Text(t("tui.doc.tick_hint")), classes="box-note")
            yield OptionList(id="doc-readers")
            yield Static("", id="detail-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.run_store("load", self._store.documents.get, self._operator, self._number,
                       group="load", exclusive=True)

    @on(StoreDone)
    def show_document(self, event: StoreDone) -> None:
        self._show(event.result, event.request)

    def _show(self, document: Document, request: str) -> None:
        self.document = document
        lines = [line for line in document_lines(document) if not line.startswith("  ")]
        self.query_one("#doc-text", Static).update(Text("\n".join(lines)))
        readers = self.query_one("#doc-readers", OptionList)
        highlighted = readers.highlighted
        readers.clear_options()
        for reader in document.readers:
            mark = (t("mail.doc.read_at", at=reader.read_at[:16]) if reader.read_at
                    else t("mail.doc.unread"))
            readers.add_option(Option(Text(f"{'✓' if reader.read_at else '·'} {reader.reader}  {mark}"),
                                      id=str(reader.position + 1)))
        readers.display = bool(document.readers)
        self.query_one(".box-note").display = document.circulating
        if document.readers:
            readers.highlighted = min(highlighted or 0, len(document.readers) - 1)
            readers.focus()
        self.refresh_bindings()
        status = self.query_one("#detail-status", Static)
        notice = {"tick": t("tui.doc.ticked"), "chase": t("tui.doc.chased"), "readers": t("tui.doc.readers_added"),
                  "instruct": t("tui.doc.instructed")}.get(request, "")
        status.update(Text(notice or document_state(document)))
        status.set_class(document.overdue, "-error")

    @on(StoreRefused)
    def show_failure(self, event: StoreRefused) -> None:
        status = self.query_one("#detail-status", Static)
        status.update(Text(event.error.message))
        status.set_class(True, "-error")

    @on(OptionList.OptionSelected, "#doc-readers")
    def tick(self, event: OptionList.OptionSelected) -> None:
        position = event.option.id
        self.run_store("tick", self._store.documents.tick, self._operator, self._number, position,
                       group="save")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("chase", "tick_at", "add_readers", "instruct"):
            # A classified stub's circulation is kept on paper.
            document = self.document
            return (allowed(self._operator.role, "doc.register")
                    and not (document is not None and document.classified))
        return True

    def action_tick_at(self) -> None:
        """Tick the highlighted reader off at a time to give (now unless changed)."""
        document = self.document
        highlighted = self.query_one("#doc-readers", OptionList).highlighted
        if document is None or highlighted is None or not document.readers:
            return
        reader = document.readers[highlighted]
        if reader.read_at:
            self.query_one("#detail-status", Static).update(
                Text(t("tui.doc.already_read", reader=reader.reader, at=reader.read_at[:16])))
            return
        self.app.push_screen(DocTickDialog(self._store, self._operator, document.number, reader.reader),
                             lambda saved: self._after(saved, "tick"))

    def action_add_readers(self) -> None:
        if self.document is not None:
            self.app.push_screen(DocReadersDialog(self._store, self._operator, self.document),
                                 lambda saved: self._after(saved, "readers"))

    def action_instruct(self) -> None:
        if self.document is not None:
            self.app.push_screen(DocInstructDialog(self._store, self._operator, self.document.number),
                                 lambda saved: self._after(saved, "instruct"))

    def _after(self, document: Document | None, request: str) -> None:
        if document is not None:
            self._show(document, request)

    def action_chase(self) -> None:
        """Chase the highlighted reader if still out, else the first one out."""
        document = self.document
        if document is None:
            return
        if not document.unread:
            self.query_one("#detail-status", Static).update(Text(t("tui.doc.nothing_out")))
            return
        highlighted = self.query_one("#doc-readers", OptionList).highlighted
        reader = document.readers[highlighted] if highlighted is not None else document.unread[0]
        if reader.read_at:
            reader = document.unread[0]
        self.app.push_screen(DocChaseDialog(self._store, self._operator, document.number, reader.reader),
                             lambda saved: self._after(saved, "chase"))

    def action_close(self) -> None:
        self.dismiss(None)
