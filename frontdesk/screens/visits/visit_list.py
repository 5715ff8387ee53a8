"""Today's visits and a search over past ones; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from frontdesk.i18n import t
from frontdesk.output.labels import sealed_text
from frontdesk.screens.visits.visit_detail import VisitDetailDialog
from frontdesk.store import Operator, Store
from frontdesk.store.visits.records import Visit
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.timing import after
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused


class VisitListDialog(FrontdeskModal[None]):
    """A list of visits: today's at first, then what the search line finds."""

    CSS_PATH = "visit_list.tcss"
    TITLE_KEY = "tui.help.screen.visit_list"

    BINDINGS = [
        Binding("escape", "close", "tui.key.close", id="list-close", tooltip="tui.tip.close"),
        Binding("down", "to_table", "tui.key.to_results", id="list-to-table", show=False),
    ]

    def __init__(self, store: Store, operator: Operator) -> None:
        super().__init__()
        self._store = store
        self._operator = operator
        self._visits: list[Visit] = []
        self._query = ""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="list-box"):
            yield TextInput(placeholder=t("tui.list.search_hint"), id="list-search", compact=True)
            yield Static("", id="list-summary")
            yield DataTable(id="list-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("field.number", "tui.list.at", "tui.list.kind", "tui.list.heads",
                    "tui.list.name", "field.subject"):
            table.add_column(t(key))
        self.load("")

    @on(Input.Changed, "#list-search")
    def query_changed(self, event: Input.Changed) -> None:
        self._query = event.value.strip()
        if self._timer is not None:
            self._timer.stop()
        self._timer = after(self, self.app.timing.search, lambda: self.load(self._query))

    @on(Input.Submitted, "#list-search")
    def to_results(self) -> None:
        self.action_to_table()

    def action_to_table(self) -> None:
        self.query_one(DataTable).focus()

    def load(self, query: str) -> None:
        self.run_store("load", self._listing, query, group="visit-list", exclusive=True)

    def _listing(self, query: str) -> tuple[str, list[Visit]]:
        """In the worker: the visits, with the query they answer."""
        return query, self._store.visits.listing(self._operator, query=query)

    @on(StoreDone)
    def found(self, event: StoreDone) -> None:
        query, visits = event.result
        if query != self._query:
            return  # an older query; a newer one is on its way
        self._visits = visits
        table = self.query_one(DataTable)
        table.clear()
        for visit in visits:
            if visit.sealed:
                table.add_row(Text(visit.number), Text(visit.visited_at[:16]), Text(""), Text(""), Text(""),
                              Text(sealed_text("visit")), key=visit.number)
                continue
            table.add_row(
                Text(visit.number), Text(visit.visited_at[:16]), Text(t(f"kind.{visit.kind}")),
                Text(str(visit.headcount)), Text(visit.first_name), Text(visit.subject[:40]),
                key=visit.number,
            )
        key = "tui.list.found" if query else "tui.list.today"
        self.query_one("#list-summary", Static).update(Text(t(key, count=len(visits))))

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        self.query_one("#list-summary", Static).update(Text(event.error.message))

    @on(DataTable.RowSelected)
    def open_visit(self, event: DataTable.RowSelected) -> None:
        number = event.row_key.value
        if number is None:  # every row is keyed by its number
            return
        self.app.push_screen(VisitDetailDialog(self._store, self._operator, number))

    def action_close(self) -> None:
        self.dismiss(None)
