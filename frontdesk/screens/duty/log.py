"""The duty log (值班记录) of the current shift: the night shift's main screen.

The table lists what happened or was logged since the shift began, filtered by
kind and importance, or every entry matching a search. Urgent entries nobody
has reported stand out in the table and in the line above it, and the
reminder clock (``urgent_reminder_minutes``, by the injected clock) repeats a
notice until a report is recorded; recording one is a single key (r).
Handover, notices, rosters and the 24-hour report open from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from frontdesk.i18n import t
from frontdesk.output.labels import stage_label
from frontdesk.screens.duty.done_note import DoneDialog
from frontdesk.screens.duty.duty_roster import DutyRosterDialog
from frontdesk.screens.duty.entry_detail import DutyDetailDialog
from frontdesk.screens.duty.entry_form import DutyEntryDialog
from frontdesk.screens.duty.follow_up import FollowUpDialog
from frontdesk.screens.duty.handover import HandoverDialog, item_lines
from frontdesk.screens.duty.notices import NoticesDialog
from frontdesk.screens.duty.report_preview import ReportPreviewDialog
from frontdesk.screens.duty.report_to import ReportToDialog
from frontdesk.screens.duty.rosters import RostersDialog
from frontdesk.store.duty.log import DutyEntry
from frontdesk.store.duty.rules import IMPORTANCE, KINDS
from frontdesk.store.duty.shifts import Handover, OpenItem
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.context import Desk
from frontdesk.tui.timing import after
from frontdesk.tui.widgets.controls import ChoiceSelect, TopBar
from frontdesk.tui.widgets.fitted_table import Column, FittedTable
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused

REMINDER_CHECK_SECONDS = 15

COLUMNS = (
    Column("tui.duty.col.at"), Column("tui.duty.col.number", drop=1), Column("tui.duty.col.kind", drop=3),
    Column("tui.duty.col.importance", drop=2), Column("tui.duty.col.summary", shrink=20),
    Column("tui.duty.col.state", shrink=12, state=True),
)
"""The log's columns: the report/follow-up state always in view."""


@dataclass(frozen=True)
class LogView:
    """What the log screen shows: the entries, and what stands out."""

    shift_start: str
    entries: list[DutyEntry]
    unreported: list[DutyEntry]
    handover_pending: bool
    taken_over: Handover | None = None
    """The handover this shift began with, once accepted."""
    carried: list[OpenItem] = field(default_factory=list)
    """What it passed on and is still open."""


class DutyLogScreen(FrontdeskScreen[None]):
    """The log of the current shift, with the keys of the duty room."""

    CSS_PATH = "duty_log.tcss"
    TITLE_KEY = "tui.screen.duty"

    BINDINGS = [
        Binding("ctrl+n", "new_entry", "tui.duty.key.new", id="duty-new", tooltip="tui.duty.tip.new"),
        Binding("r", "report_to", "tui.duty.key.report", id="duty-report", tooltip="tui.duty.tip.report"),
        Binding("g", "follow_up", "tui.duty.key.follow", id="duty-follow", tooltip="tui.duty.tip.follow"),
        Binding("o", "open_entry", "tui.duty.key.open", id="duty-open", tooltip="tui.duty.tip.open", show=False),
        Binding("d", "done", "tui.duty.key.done", id="duty-done", tooltip="tui.duty.tip.done", show=False),
        Binding("h", "handover", "tui.duty.key.handover", id="duty-handover", tooltip="tui.duty.tip.handover"),
        Binding("m", "notices", "tui.duty.key.notices", id="duty-notices", tooltip="tui.duty.tip.notices",
                show=False),
        Binding("b", "rosters", "tui.duty.key.rosters", id="duty-rosters", tooltip="tui.duty.tip.rosters",
                show=False),
        Binding("w", "duty_roster", "tui.duty.key.duty_roster", id="duty-roster",
                tooltip="tui.duty.tip.duty_roster"),
        Binding("p", "preview", "tui.duty.key.preview", id="duty-preview", tooltip="tui.duty.tip.preview"),
        Binding("ctrl+f", "search", "tui.duty.key.search", id="duty-search", tooltip="tui.duty.tip.search",
                show=False),
        Binding("escape", "back_to_log", "tui.duty.key.back", id="duty-back", show=False),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._store = desk.store
        self._settings = desk.settings
        self._operator = desk.operator
        self._entries: dict[str, DutyEntry] = {}
        self._query = ""
        self._reminded: dict[str, datetime] = {}
        self._made: str | None = None
        """The entry the last action saved: selected when the log is shown again."""

    def compose(self) -> ComposeResult:
        yield TopBar(self.title_text, self._settings.office_name, self._operator)
        yield Static("", id="duty-carried")
        with Horizontal(id="duty-filters"):
            yield ChoiceSelect([(t(f"duty.kind.{k}"), k) for k in KINDS], prompt=t("tui.duty.all_kinds"),
                               compact=True, id="duty-kind")
            yield ChoiceSelect([(t(f"duty.importance.{i}"), i) for i in IMPORTANCE],
                               prompt=t("tui.duty.all_importance"), compact=True, id="duty-importance")
            yield TextInput(placeholder=t("tui.duty.search_hint"), compact=True, id="duty-query")
        yield FittedTable(COLUMNS, id="duty-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="duty-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.set_interval(REMINDER_CHECK_SECONDS, self.check_reminders)

    def on_screen_resume(self) -> None:
        self.reload()

    # loading ------------------------------------------------------------------------------

    def _filters(self) -> tuple[str | None, str | None]:
        kind = self.query_one("#duty-kind", ChoiceSelect).value
        importance = self.query_one("#duty-importance", ChoiceSelect).value
        # The choices are strings; anything else is the blank choice (every kind).
        return (kind if isinstance(kind, str) else None), (importance if isinstance(importance, str) else None)

    def reload(self) -> None:
        kind, importance = self._filters()
        self.run_store("load", self._read, self._query, kind, importance, group="load", exclusive=True)

    def _read(self, query: str, kind: str | None, importance: str | None) -> tuple[str, LogView]:
        """The entries of this shift (or matching ``query``), tagged with the query."""
        store = self._store
        start = store.shifts.log_start()
        entries = store.duty.since(self._operator, start, kind=kind, importance=importance, query=query)
        unreported = store.duty.unreported(self._operator)
        taken_over, carried = store.shifts.carried(self._operator)
        return query, LogView(start, entries, unreported, store.shifts.pending() is not None, taken_over, carried)

    @on(StoreDone)
    def answered(self, event: StoreDone) -> None:
        if event.request == "load":
            self.show_log(*event.result)
        elif event.request == "overdue":
            self.remind(event.result)
        elif event.request == "chain":
            self.follow_up(event.result)

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        if event.request == "overdue":
            return  # the next check tries again; the log shows the refusal
        self.query_one("#duty-status", Static).update(Text(event.error.message))

    def _state(self, entry: DutyEntry) -> Text:
        if entry.unreported_urgent:
            return Text(t("tui.duty.state.unreported"), style=f"bold {self.app.current_theme.error}")
        parts = []
        if entry.reports:
            parts.append(t("tui.duty.state.reported", to=entry.reports[-1].to))
        if entry.open_follow_up:
            parts.append(t("tui.duty.state.assigned", who=entry.assignee))
        elif entry.done_at:
            parts.append(t("tui.duty.state.done"))
        if entry.open_event:
            parts.append(t("tui.duty.state.open_event"))
        return Text(t("sep.list").join(parts))

    def show_log(self, query: str, view: LogView) -> None:
        if query != self._query:
            return  # an older search; a newer one is on its way
        table = self.query_one(FittedTable)
        keep = table.cursor_row
        self._entries = {e.number: e for e in view.entries}
        error_style = f"bold {self.app.current_theme.error}"
        rows = []
        for entry in view.entries:
            summary = (f"{stage_label(entry)} " if entry.stage else "") + entry.summary
            style = error_style if entry.unreported_urgent else ("bold" if entry.importance == "urgent" else "")
            rows.append((entry.number, [
                Text(entry.at[5:16]), Text(entry.number), Text(t(f"duty.kind.{entry.kind}")),
                Text(t(f"duty.importance.{entry.importance}"), style=style),
                Text(summary[:60], style=style), self._state(entry),
            ]))
        table.show(rows)
        shown = [e.number for e in view.entries]
        made, self._made = self._made, None
        if made in shown:
            table.move_cursor(row=shown.index(made))
        elif view.entries:
            table.move_cursor(row=min(keep, len(view.entries) - 1) if keep >= 0 else len(view.entries) - 1)
        self.app.urgent_entries(view.unreported)  # the bar on every screen, as read just now
        self._show_carried(view)
        key = "tui.duty.found" if query else "tui.duty.shift_since"
        status = t(key, count=len(view.entries), start=view.shift_start[:16])
        if view.handover_pending:
            status += "　" + t("tui.duty.handover_waiting")
        self.query_one("#duty-status", Static).update(Text(status))

    def _show_carried(self, view: LogView) -> None:
        """At the top of a shift's log: what it took over and is still open, with
        the note handed over in full."""
        panel = self.query_one("#duty-carried", Static)
        handover = view.taken_over
        panel.display = handover is not None and bool(view.carried)
        if handover is None or not view.carried:
            return
        lines = [t("tui.duty.carried.title", name=handover.from_name, at=handover.closed_at[:16],
                   count=len(view.carried))]
        lines.append(t("tui.duty.handover.note_line", note=handover.note))
        lines += item_lines(view.carried)
        panel.update(Text("\n".join(lines)))

    @on(ChoiceSelect.Changed)
    def filter_changed(self) -> None:
        self.reload()

    @on(Input.Changed, "#duty-query")
    def query_changed(self, event: Input.Changed) -> None:
        self._query = event.value.strip()
        timer = getattr(self, "_search_timer", None)
        if timer is not None:
            timer.stop()
        self._search_timer = after(self, self.app.timing.search, self.reload)

    @on(Input.Submitted, "#duty-query")
    def to_table(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#duty-query", Input).focus()

    def action_back_to_log(self) -> None:
        search = self.query_one("#duty-query", Input)
        if search.value:
            search.value = ""
        self.query_one(DataTable).focus()

    # the reminder clock --------------------------------------------------------------------

    def check_reminders(self) -> None:
        """Ask the store which urgent entries ran out of time (runs every few seconds)."""
        self.run_store("overdue", self._store.duty.overdue, self._operator,
                       self._settings.urgent_reminder_minutes, group="reminder", exclusive=True)

    def remind(self, overdue: list[DutyEntry]) -> None:
        now = self._store.now()
        every = timedelta(minutes=max(1, self._settings.urgent_reminder_minutes))
        for entry in overdue:
            last = self._reminded.get(entry.number)
            if last is None or now - last >= every:
                self._reminded[entry.number] = now
                self.notify(t("tui.duty.reminder", number=entry.number, summary=entry.summary[:40]),
                            title=t("tui.duty.reminder_title"), severity="error", timeout=15, markup=False)

    # the keys ---------------------------------------------------------------------------------

    def current(self) -> DutyEntry | None:
        table = self.query_one(DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._entries.get(key) if key is not None else None

    def _need_entry(self) -> DutyEntry | None:
        entry = self.current()
        if entry is None:
            self.notify(t("tui.duty.choose_entry"), severity="warning", markup=False)
        return entry

    def _after(self, result: object) -> None:
        if isinstance(result, DutyEntry):
            self.notify(t("tui.duty.saved", number=result.number), markup=False)
            self._made = result.number
        if result:
            self.reload()

    def action_new_entry(self) -> None:
        self.app.push_screen(DutyEntryDialog(self._store, self._operator), self._after)

    def action_report_to(self) -> None:
        entry = self._need_entry()
        if entry is not None:
            self.app.push_screen(ReportToDialog(self._store, self._operator, entry), self._after)

    def action_follow_up(self) -> None:
        entry = self._need_entry()
        if entry is not None:
            self.run_store("chain", self._store.duty.chain, self._operator, entry.number, group="chain")

    def follow_up(self, chain: list[DutyEntry]) -> None:
        if any(e.final for e in chain):
            self.notify(t("err.duty_event_closed", number=chain[0].number), severity="warning", markup=False)
            return
        self.app.push_screen(FollowUpDialog(self._store, self._operator, chain), self._after)

    @on(DataTable.RowSelected)
    def row_chosen(self) -> None:
        self.action_open_entry()

    def action_open_entry(self) -> None:
        entry = self._need_entry()
        if entry is not None:
            self.app.push_screen(DutyDetailDialog(self._store, self._operator, entry.number), self._after)

    def action_done(self) -> None:
        entry = self._need_entry()
        if entry is not None:
            if not entry.assignee:
                self.notify(t("err.duty_no_assignee", number=entry.number), severity="warning", markup=False)
            elif entry.done_at:
                self.notify(t("err.duty_already_done", number=entry.number, at=entry.done_at[:16]),
                            severity="warning", markup=False)
            else:
                self.app.push_screen(DoneDialog(self._store, self._operator, entry), self._after_done)

    def _after_done(self, result: DutyEntry | None) -> None:
        if result is not None:
            self.notify(t("tui.duty.done", number=result.number), markup=False)
            self._made = result.number
            self.reload()

    def action_handover(self) -> None:
        self.app.push_screen(HandoverDialog(self._store, self._operator), self._after)

    def action_notices(self) -> None:
        self.app.push_screen(NoticesDialog(self._store, self._operator), self._after)

    def action_rosters(self) -> None:
        self.app.push_screen(RostersDialog(self._store, self._settings, self._operator))

    def action_duty_roster(self) -> None:
        self.app.push_screen(DutyRosterDialog(self._store, self._operator, self._store.now().date()),
                             lambda _result: self.reload())

    def action_preview(self) -> None:
        self.app.push_screen(ReportPreviewDialog(self._store, self._settings, self._operator))
