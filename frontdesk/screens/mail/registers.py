"""The mail room's registers, one tab each: letters (today's, without handling,
enclosures not returned, overdue), registered post (what waits to be passed on
stands out) and incoming documents (what is not back in time stands out for
chasing). Type in the line above a table to search it. What another terminal
saves shows by itself: a timer asks SQLite's data_version, and only when it
moved are the registers read again, the cursor kept on the same record."""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane

from frontdesk.i18n import t
from frontdesk.output.labels import sealed_text
from frontdesk.output.mail_text import document_state, enclosures_state, handling_text, post_state
from frontdesk.screens.mail.doc_detail import DocDetailDialog
from frontdesk.screens.mail.doc_form import DocFormDialog
from frontdesk.screens.mail.letter_detail import LetterDetailDialog
from frontdesk.screens.mail.post_form import PostFormDialog
from frontdesk.screens.mail.post_pass import PostPassDialog
from frontdesk.store.mail.documents import VIEWS as DOC_VIEWS
from frontdesk.store.mail.letters import VIEWS as LETTER_VIEWS
from frontdesk.store.mail.post import VIEWS as POST_VIEWS
from frontdesk.store.shared.permissions import allowed
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.context import Desk
from frontdesk.tui.timing import after
from frontdesk.tui.widgets.controls import TopBar
from frontdesk.tui.widgets.fitted_table import Column, FittedTable
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused

TABS = {"letters": LETTER_VIEWS, "post": POST_VIEWS, "docs": DOC_VIEWS}
READ_ACTIONS = {"letters": "letter.read", "post": "post.read", "docs": "doc.read"}
COLUMNS = {
    "letters": (Column("field.number"), Column("tui.list.at", drop=2, shrink=11),
                Column("field.letter_kind", drop=3), Column("field.sender", shrink=6),
                Column("field.proposal", shrink=10, state=True), Column("tui.mail.col.enclosures", state=True),
                Column("field.subject", shrink=8)),
    "post": (Column("field.number"), Column("field.tracking_number", drop=1), Column("tui.list.at", shrink=11),
             Column("field.post_addressee", shrink=6), Column("mail.col.state", shrink=10, state=True)),
    "docs": (Column("field.number"), Column("tui.list.at", shrink=11), Column("field.secrecy", drop=2),
             Column("mail.col.state", shrink=10, state=True), Column("field.issuer", drop=1, shrink=6),
             Column("field.doc_title", shrink=8)),
}
"""Each register's columns; the state (the handling proposal of a letter) always in view."""


class Listing(NamedTuple):
    """One register's rows, and the search and view they answer."""

    tab: str
    query: str
    view: str
    records: list[Any]


class MailRegistersScreen(FrontdeskScreen[None]):
    """Letters, registered post and incoming documents, as registers."""

    CSS_PATH = "mail_registers.tcss"
    TITLE_KEY = "tui.screen.mail"

    BINDINGS = [
        *(Binding(key, f"show_tab('{tab}')", f"tui.key.mail_tab_{tab}", id=f"mail-tab-{tab}",
                  tooltip=f"tui.tip.mail_tab_{tab}") for key, tab in (("1", "letters"), ("2", "post"), ("3", "docs"))),
        Binding("v", "next_view", "tui.key.mail_view", id="mail-view", tooltip="tui.tip.mail_view"),
        Binding("n", "new", "tui.key.mail_new", id="mail-new", tooltip="tui.tip.mail_new"),
        Binding("p", "pass_on", "tui.key.post_pass", id="mail-pass", tooltip="tui.tip.post_pass"),
        Binding("ctrl+f", "search", "tui.key.mail_search", id="mail-search", tooltip="tui.tip.mail_search"),
        Binding("ctrl+r", "reload", "tui.key.mail_reload", id="mail-reload", tooltip="tui.tip.mail_reload"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._store = desk.store
        self._settings = desk.settings
        self._operator = desk.operator
        self._views = {tab: views[0] for tab, views in TABS.items()}
        self._queries = {tab: "" for tab in TABS}
        self._records: dict[str, dict[str, Any]] = {tab: {} for tab in TABS}
        self._timer: Timer | None = None
        self._data_version: int | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(self.title_text, self._settings.office_name, self._operator)
        with TabbedContent(id="mail-tabs"):
            for tab in self.tabs:
                with TabPane(t(f"tui.mail.tab.{tab}"), id=f"tab-{tab}"):
                    with Vertical():
                        yield TextInput(placeholder=t(f"tui.mail.search.{tab}"), id=f"search-{tab}",
                                        compact=True)
                        yield Static("", id=f"summary-{tab}", classes="mail-summary")
                        yield FittedTable(COLUMNS[tab], id=f"table-{tab}", cursor_type="row",
                                          zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._data_version = self._store.data_version()
        for tab in self.tabs:
            self.load(tab, "", self._views[tab])
        self.query_one("#table-letters", DataTable).focus()
        self.set_interval(self.app.timing.watch, self.watch_saves, name="mail-watch")

    def watch_saves(self) -> None:
        """Read the registers again once another connection has committed."""
        version = self._store.data_version()
        if version != self._data_version:
            self._data_version = version
            for tab in self.tabs:
                self.reload(tab)

    # which tab ------------------------------------------------------------------

    @property
    def tabs(self) -> tuple[str, ...]:
        """The registers this operator's role may read."""
        return tuple(tab for tab, action in READ_ACTIONS.items() if allowed(self._operator.role, action))

    @property
    def tab(self) -> str:
        active = self.query_one(TabbedContent).active or "tab-letters"
        return active.removeprefix("tab-")

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self.refresh_bindings()
        self.query_one(f"#table-{self.tab}", DataTable).focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "show_tab":
            return bool(parameters) and parameters[0] in self.tabs
        if action == "pass_on":
            return self.tab == "post"
        if action == "new":
            needed = {"letters": "letter.register", "post": "post.register", "docs": "doc.register"}
            return allowed(self._operator.role, needed[self.tab])
        return True

    # loading ---------------------------------------------------------------------

    def load(self, tab: str, query: str, view: str) -> None:
        # Not exclusive: the registers load side by side, and a stale answer is
        # dropped when it comes (show_records).
        self.run_store("load", self._listing, tab, query, view, group="mail-registers")

    def _listing(self, tab: str, query: str, view: str) -> Listing:
        """In the worker: one register's rows, with what they answer."""
        register = (self._store.letters if tab == "letters" else self._store.post if tab == "post"
                    else self._store.documents)
        return Listing(tab, query, view, register.listing(self._operator, view, query=query))

    def _style(self, level: str | None) -> Style:
        theme = self.app.current_theme
        if level == "error":
            return Style(color=theme.error, bold=True)
        if level == "warning":
            return Style(color=theme.warning)
        return Style()

    def _row(self, tab: str, record) -> tuple[list[Text], str]:
        if tab == "letters":
            level = "error" if record.overdue else "warning" if record.held_enclosures else None
            cells = [record.number, record.received_at[:16], "", "", "", "", sealed_text("letter")] \
                if record.sealed else [
                    record.number, record.received_at[:16], t(f"letter_kind.{record.kind}"),
                    record.sender_name or t("mail.no_sender"), handling_text(record), enclosures_state(record),
                    record.subject[:30]]
        elif tab == "post":
            level = "error" if record.late else "warning" if record.waiting else None
            cells = [record.number, record.tracking_number, record.received_at[:16], record.addressee,
                     post_state(record)]
        else:
            level = "error" if record.overdue else "warning" if record.circulating else None
            cells = [record.number, record.received_at[:16], t(f"secrecy.{record.secrecy}"),
                     document_state(record), record.issuer, record.title[:30]]
        style = self._style(level)
        return [Text(cell, style=style) for cell in cells], record.number

    @on(StoreDone)
    def answered(self, event: StoreDone) -> None:
        if event.request == "load":
            self.show_records(event.result)
        elif event.request == "pass":
            item = event.result
            self.notify(f"{item.number}  {post_state(item)}", markup=False)
            self.reload("post")

    def show_records(self, listing: Listing) -> None:
        if listing.query != self._queries[listing.tab] or listing.view != self._views[listing.tab]:
            return  # an older request; a newer one is on its way
        table = self.query_one(f"#table-{listing.tab}", FittedTable)
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key \
            if table.row_count else None
        self._records[listing.tab] = {record.number: record for record in listing.records}
        table.show((number, cells) for cells, number in (self._row(listing.tab, r) for r in listing.records))
        if row_key is not None and row_key.value in self._records[listing.tab]:
            table.move_cursor(row=table.get_row_index(row_key))
        summary = (t("tui.list.found", count=len(listing.records)) if listing.query else
                   t(f"tui.mail.view.{listing.tab}.{listing.view}", count=len(listing.records)))
        self.query_one(f"#summary-{listing.tab}", Static).update(Text(summary + "  " + t("tui.mail.view_hint")))

    @on(StoreRefused)
    def show_failure(self, event: StoreRefused) -> None:
        self.notify(event.error.message, severity="error", markup=False)

    def reload(self, tab: str | None = None) -> None:
        tab = tab or self.tab
        self.load(tab, self._queries[tab], self._views[tab])

    # keys ------------------------------------------------------------------------

    @on(Input.Changed)
    def query_changed(self, event: Input.Changed) -> None:
        tab = (event.input.id or "").removeprefix("search-")
        self._queries[tab] = event.value.strip()
        if self._timer is not None:
            self._timer.stop()
        self._timer = after(self, self.app.timing.search, lambda: self.reload(tab))

    @on(Input.Submitted)
    def to_table(self) -> None:
        self.query_one(f"#table-{self.tab}", DataTable).focus()

    def action_search(self) -> None:
        # At once, not after the queue: keys typed right behind Ctrl+F are the search's.
        self.set_focus(self.query_one(f"#search-{self.tab}", Input))

    def action_show_tab(self, tab: str) -> None:
        if tab in self.tabs:
            self.query_one(TabbedContent).active = f"tab-{tab}"

    def action_reload(self) -> None:
        self.reload()

    def action_next_view(self) -> None:
        tab = self.tab
        views = TABS[tab]
        self._views[tab] = views[(views.index(self._views[tab]) + 1) % len(views)]
        self.reload(tab)

    def action_new(self) -> None:
        tab = self.tab
        if tab == "letters":
            self.app.open_main_screen("letter")
        elif tab == "post":
            self.app.push_screen(PostFormDialog(self._store, self._operator), self._after_new)
        else:
            self.app.push_screen(DocFormDialog(self._store, self._operator), self._after_new)

    def _after_new(self, record) -> None:
        if record is not None:
            key = "tui.doc.stub_saved" if getattr(record, "classified", False) else "tui.mail.saved"
            self.notify(t(key, number=record.number), markup=False)
            self.reload()

    def _highlighted(self):
        table = self.query_one(f"#table-{self.tab}", DataTable)
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self._records[self.tab].get(row_key.value)

    @on(DataTable.RowSelected)
    def open_record(self, event: DataTable.RowSelected) -> None:
        tab = (event.data_table.id or "").removeprefix("table-")
        number = event.row_key.value
        if number is None:  # every row is keyed by its number
            return
        if tab == "letters":
            self.app.push_screen(LetterDetailDialog(self._store, self._operator, number,
                                                    units=self._settings.units),
                                 lambda _: self.reload("letters"))
        elif tab == "docs":
            self.app.push_screen(DocDetailDialog(self._store, self._operator, number),
                                 lambda _: self.reload("docs"))
        else:
            self.action_pass_on()

    def action_pass_on(self) -> None:
        item = self._highlighted()
        if item is None:
            return
        if not item.waiting:
            self.notify(post_state(item), markup=False)
            return
        now = self._store.now().strftime("%Y-%m-%d %H:%M")
        self.app.push_screen(PostPassDialog(item, now), lambda answer: self._passed(item.number, answer))

    def _passed(self, number: str, answer: tuple[str, str, str] | None) -> None:
        if answer:
            self.pass_on(number, *answer)

    def pass_on(self, number: str, to: str, signed_by: str, at: str) -> None:
        self.run_store("pass", self._store.post.pass_on, self._operator, number, to, signed_by, at,
                       group="mail-pass")
