"""The quick lookup (快速查询): one search line over every channel the role may read.

The search starts after a short pause in typing, runs off the UI thread, and a
newer query cancels an older one; results that no longer match the line are
dropped. Enter opens the record. A matter's number or a visitor's query code
lists the matter first (Enter opens its timeline), then its contacts.
"""

from __future__ import annotations

from time import perf_counter

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from frontdesk.i18n import t
from frontdesk.output.labels import people_label
from frontdesk.store import Operator, Store
from frontdesk.store.lookup.api import LONG_CATCH_UP
from frontdesk.store.lookup.index import Hit
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.context import Desk
from frontdesk.tui.timing import after
from frontdesk.tui.widgets.controls import TopBar
from frontdesk.tui.widgets.fitted_table import Column, FittedTable
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreProgress, StoreRefused

COLUMNS = (
    Column("tui.lookup.col.channel"), Column("field.number", drop=1), Column("tui.list.at", shrink=10),
    Column("tui.list.name", shrink=6), Column("field.id_number", drop=2), Column("field.subject", shrink=8),
    Column("tui.lookup.col.matched", state=True),
)
"""The answer's columns: the subject and what matched always in view."""

Query = tuple[str, str | None, str, str]
"""What is asked: the search line, the channel (None: every one), from and to."""


class LookupScreen(FrontdeskScreen[None]):
    """Type; the answer appears while typing."""

    CSS_PATH = "lookup.tcss"
    TITLE_KEY = "tui.screen.lookup"

    BINDINGS = [
        Binding("ctrl+b", "next_channel", "tui.key.lookup_channel", id="lookup-channel",
                tooltip="tui.tip.lookup_channel"),
        Binding("ctrl+o", "dates", "tui.key.lookup_dates", id="lookup-dates", tooltip="tui.tip.lookup_dates"),
        Binding("down", "to_results", "tui.key.to_results", id="lookup-results", show=False),
        Binding("escape", "to_search", "tui.key.lookup_search", id="lookup-search", show=False),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._store = desk.store
        self._settings = desk.settings
        self._operator = desk.operator
        self._channels = self._store.lookup.channels_for(self._operator)
        self._channel: str | None = None  # None: every channel the role may read
        self._asked: Query | None = None
        self._hits: list[Hit] = []
        self._timer: Timer | None = None
        self._catching_up = True
        self.shown: Query | None = None
        """The query whose answer the table shows."""
        self.typed_at = self.painted_at = 0.0
        """When the line last changed, and when an answer was last painted (for measuring)."""

    def compose(self) -> ComposeResult:
        yield TopBar(self.title_text, self._settings.office_name, self._operator)
        yield TextInput(placeholder=t("tui.lookup.hint"), id="lookup-query")
        with Horizontal(id="lookup-filters"):
            yield Static("", id="lookup-channel-label")
            yield TextInput(placeholder=t("tui.lookup.from"), id="lookup-from", max_length=10, compact=True)
            yield TextInput(placeholder=t("tui.lookup.to"), id="lookup-to", max_length=10, compact=True)
        yield Static("", id="lookup-summary")
        yield FittedTable(COLUMNS, id="lookup-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_channel()
        self.query_one("#lookup-query", Input).focus()
        self.catch_up()

    def catch_up(self) -> None:
        """Bring the index up to date before the first search, showing how far it
        got when that takes a while; typing meanwhile is asked when it is done."""
        self.run_store("catch-up", self._catch_up, group="lookup-catch-up", exclusive=True)

    def _catch_up(self) -> None:
        """In the worker: the refresh, reporting its progress when it is long."""
        total = self._store.lookup.pending()
        if total < LONG_CATCH_UP:
            return
        done = 0
        self.post_message(StoreProgress("catch-up", done, total))

        def progress(count: int) -> None:
            nonlocal done
            done = min(total, done + count)
            self.post_message(StoreProgress("catch-up", done, total))

        self._store.lookup.refresh(progress=progress)

    @on(StoreProgress)
    def show_progress(self, event: StoreProgress) -> None:
        self.query_one("#lookup-summary", Static).update(
            Text(t("tui.lookup.indexing", done=event.done, total=event.total,
                   percent=event.done * 100 // max(1, event.total))))

    @on(Worker.StateChanged)
    def catch_up_failed(self, event: Worker.StateChanged) -> None:
        """A fault in the catch-up is told like any (tui/base.py); searching starts
        all the same."""
        if event.worker.name == "catch-up" and event.state is WorkerState.ERROR:
            self.caught_up()

    def caught_up(self) -> None:
        self._catching_up = False
        self.ask()

    # asking -------------------------------------------------------------------------

    def _query(self) -> Query:
        day_from = self.query_one("#lookup-from", Input).value.strip()
        day_to = self.query_one("#lookup-to", Input).value.strip()
        return (self.query_one("#lookup-query", Input).value, self._channel, day_from, day_to)

    @on(Input.Changed)
    def typed(self) -> None:
        self.typed_at = perf_counter()
        if self._timer is not None:
            self._timer.stop()
        self._timer = after(self, self.app.timing.quick_lookup, self.ask)

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_to_results()

    def ask(self) -> None:
        if self._catching_up:
            return  # asked when the index has caught up
        query = self._query()
        if query == self._asked:
            return
        self._asked = query
        self.search(query)

    def search(self, query: Query) -> None:
        self.run_store("search", self._search, query, group="lookup", exclusive=True)

    def _search(self, query: Query) -> tuple[Query, list[Hit]]:
        """In the worker: the hits, with the query they answer."""
        text, channel, day_from, day_to = query
        window = self._store.lookup.window(day_from, day_to)
        hits = self._store.lookup.search(
            self._operator, text, channels=[channel] if channel else None, limit=100, **window)
        return query, hits

    @on(StoreDone)
    def answered(self, event: StoreDone) -> None:
        if event.request == "catch-up":
            self.caught_up()
        else:
            self.show_hits(*event.result)

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        self.query_one("#lookup-summary", Static).update(Text(event.error.message))
        if event.request == "catch-up":
            self.caught_up()

    def show_hits(self, query: Query, hits: list[Hit]) -> None:
        if query != self._query():
            return  # typing went on; a newer answer is coming
        self._hits = hits
        self.query_one(FittedTable).show(
            (f"{hit.channel}:{hit.number}", [
                Text(t(f"channel.{hit.channel}")), Text(hit.number), Text(hit.at[:16]),
                Text(people_label(hit.name)), Text(hit.id_masked), Text(hit.subject[:40]),
                Text(t(f"matched.{hit.matched}")),
            ]) for hit in hits)
        text = query[0].strip()
        if not text:
            summary = t("tui.lookup.waiting")
        elif hits:
            summary = t("tui.lookup.found", count=len(hits))
        else:
            summary = t("tui.lookup.none")
        self.query_one("#lookup-summary", Static).update(Text(summary))
        self.shown = query
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.painted_at = perf_counter()

    # filters ----------------------------------------------------------------------------

    def action_next_channel(self) -> None:
        order = [None, *self._channels]
        self._channel = order[(order.index(self._channel) + 1) % len(order)]
        self._show_channel()
        self.ask()

    def _show_channel(self) -> None:
        label = t(f"channel.{self._channel}") if self._channel else t("tui.lookup.all_channels")
        self.query_one("#lookup-channel-label", Static).update(Text(t("tui.lookup.channel", name=label)))

    def action_dates(self) -> None:
        self.query_one("#lookup-from", Input).focus()

    def action_to_results(self) -> None:
        self.query_one(DataTable).focus()

    def action_to_search(self) -> None:
        self.query_one("#lookup-query", Input).focus()

    # opening ----------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def open_record(self, event: DataTable.RowSelected) -> None:
        channel, number = str(event.row_key.value).split(":", 1)
        opener = RECORD_OPENERS.get(channel)
        if opener is not None:
            self.app.push_screen(opener(self._store, self._operator, number))


def _open_visit(store: Store, operator: Operator, number: str):
    from frontdesk.screens.visits.visit_detail import VisitDetailDialog

    return VisitDetailDialog(store, operator, number)


def _open_duty(store: Store, operator: Operator, number: str):
    from frontdesk.screens.duty.entry_detail import DutyDetailDialog

    return DutyDetailDialog(store, operator, number)


def _open_letter(store: Store, operator: Operator, number: str):
    from frontdesk.screens.mail.letter_detail import LetterDetailDialog

    return LetterDetailDialog(store, operator, number)


def _open_matter(store: Store, operator: Operator, number: str):
    from frontdesk.screens.matters.timeline import MatterTimelineScreen

    return MatterTimelineScreen(store, operator, store.matters.get(operator, number))


def _open_document(store: Store, operator: Operator, number: str):
    from frontdesk.screens.mail.doc_detail import DocDetailDialog

    return DocDetailDialog(store, operator, number)


# channel -> the dialog that shows one of its records (registered post is one
# line, shown in full in the list)
RECORD_OPENERS = {"visit": _open_visit, "duty": _open_duty, "letter": _open_letter, "doc": _open_document,
                  "matter": _open_matter}
