"""The duty room's own roster (值班表): a week of shifts (白班, 夜班), each with
its duty officer and 带班领导. Enter changes the shift under the cursor:
the officer by login or full name, the leader as typed; [ and ] go a week
back and on."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from frontdesk.i18n import t
from frontdesk.store import Operator, Store
from frontdesk.store.duty.shift_roster import RosterShift
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused

DAYS = 7


class DutyRosterDialog(FrontdeskModal[None]):
    """A week of the roster from the day the dialog opens on."""

    CSS_PATH = "duty_roster.tcss"
    TITLE_KEY = "tui.duty.roster.title"

    BINDINGS = [
        Binding("enter", "edit", "tui.duty.key.roster_edit", id="duty-roster-edit",
                tooltip="tui.duty.tip.roster_edit"),
        Binding("ctrl+s", "save", "tui.key.save", id="duty-roster-save", tooltip="tui.duty.tip.roster_save"),
        Binding("left_square_bracket", "week(-1)", "tui.duty.key.roster_back", id="duty-roster-back",
                tooltip="tui.duty.tip.roster_back", key_display="["),
        Binding("right_square_bracket", "week(1)", "tui.duty.key.roster_on", id="duty-roster-on",
                tooltip="tui.duty.tip.roster_on", key_display="]"),
        Binding("escape", "close", "tui.key.close", id="duty-roster-close", tooltip="tui.tip.close"),
    ]

    def __init__(self, store: Store, operator: Operator, first: date) -> None:
        super().__init__()
        self._store = store
        self._operator = operator
        self._first = first
        self._shifts: list[RosterShift] = []
        self._editing: RosterShift | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="roster-box"):
            yield Static(Text(t("tui.duty.roster.title")), id="roster-title")
            yield DataTable(id="roster-table", zebra_stripes=True, cursor_type="row")
            with Vertical(id="roster-edit"):
                yield Static("", id="roster-editing")
                yield FieldRow(t("field.roster_officer"),
                               TextInput(max_length=40, compact=True, id="roster-officer",
                                         placeholder=t("tui.duty.roster.officer_hint")), name="roster_officer")
                yield FieldRow(t("field.leader_name"), TextInput(max_length=30, compact=True, id="roster-leader"),
                               name="leader_name")
            yield Static(Text(t("tui.duty.roster.hint")), id="roster-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("roster.col.day", "roster.col.shift", "roster.col.officer", "field.leader_name"):
            table.add_column(t(key))
        self.query_one("#roster-edit").display = False
        self.load()

    def load(self) -> None:
        self.run_store("load", self._store.duty_roster.days, self._operator, self._first.isoformat(), DAYS,
                       group="load", exclusive=True)

    def show(self, shifts: list[RosterShift]) -> None:
        self._shifts = shifts
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for shift in shifts:
            when = t("tui.duty.roster.day", month=int(shift.day[5:7]), day=int(shift.day[8:10]),
                     weekday=t(f"tui.weekday.{date.fromisoformat(shift.day).weekday()}"))
            table.add_row(Text(when), Text(t(f"roster.shift.{shift.shift}")),
                          Text(shift.officer_name or "—"), Text(shift.leader or "—"))
        if shifts:
            table.move_cursor(row=min(max(keep, 0), len(shifts) - 1))
        if self._editing is None:
            table.focus()

    def _message(self, text: str, error: bool = False) -> None:
        message = self.query_one("#roster-message", Static)
        message.update(Text(text))
        message.set_class(error, "-error")

    def action_week(self, step: int) -> None:
        if self._editing is not None:
            return
        self._first += timedelta(days=DAYS * step)
        self.load()

    def action_edit(self) -> None:
        table = self.query_one(DataTable)
        if self._editing is not None or not self._shifts or not table.has_focus:
            return
        shift = self._shifts[min(table.cursor_row, len(self._shifts) - 1)]
        self._editing = shift
        self.query_one("#roster-editing", Static).update(Text(t(
            "tui.duty.roster.editing", day=shift.day, shift=t(f"roster.shift.{shift.shift}"))))
        self.query_one("#roster-officer", Input).value = shift.officer_name
        self.query_one("#roster-leader", Input).value = shift.leader
        self.query_one("#roster-edit").display = True
        self.query_one("#roster-officer", Input).focus()
        self._message(t("tui.duty.roster.edit_hint"))

    @on(DataTable.RowSelected, "#roster-table")
    def row_chosen(self) -> None:
        self.action_edit()

    @on(Input.Submitted, "#roster-officer")
    def to_leader(self) -> None:
        self.query_one("#roster-leader", Input).focus()

    @on(Input.Submitted, "#roster-leader")
    def leader_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        shift = self._editing
        if shift is None or self._busy:
            return
        self._busy = True
        officer = self.query_one("#roster-officer", Input).value.strip()
        # The officer's full name as shown stands for the one rostered: unchanged.
        if officer == shift.officer_name:
            officer = shift.officer
        self.run_store("save", self._store.duty_roster.set, self._operator, shift.day, shift.shift,
                       officer=officer, leader=self.query_one("#roster-leader", Input).value, group="save")

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        self._busy = False
        self._message(event.error.message, True)

    @on(StoreDone)
    def done(self, event: StoreDone) -> None:
        if event.request == "load":
            self.show(event.result)
            return
        self._busy = False
        (saved,) = event.result
        self._end_editing()
        self._message(t("tui.duty.roster.saved", day=saved.day, shift=t(f"roster.shift.{saved.shift}"),
                        officer=saved.officer_name or "—", leader=saved.leader or "—"))
        self.load()

    def _end_editing(self) -> None:
        self._editing = None
        self.query_one("#roster-edit").display = False
        self.query_one(DataTable).focus()

    def action_close(self) -> None:
        if self._editing is not None:
            self._end_editing()
            self._message(t("tui.duty.roster.hint"))
            return
        self.dismiss(None)
