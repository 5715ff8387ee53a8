"""The matters screen (办理跟踪): matters by view (open, overdue in red, due this
week, final, all) or by unit; a number or query code typed in the find box
opens the matter's timeline, except a visitor's query code, which shows only
its state for the petitioner on the phone (no personal data)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from frontdesk.i18n import t
from frontdesk.output.labels import sealed_text
from frontdesk.store.matters import rules
from frontdesk.store.matters.records import Matter
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.commands import ScreenCommands
from frontdesk.tui.context import Desk
from frontdesk.tui.widgets.controls import TopBar
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused

VIEWS = ("open", "overdue", "week", "final", "all")
LIMIT = 1000
"""Rows a list shows at most (the most pressing first)."""
QUERY_CODE_LENGTH = 6


class MatterTrackingScreen(FrontdeskScreen[None]):
    """Reception supervisors and the mail room follow their matters here."""

    CSS_PATH = "matter_tracking.tcss"
    TITLE_KEY = "tui.screen.matters"
    JOB_KEY = "tui.job.matters"
    COMMANDS = {ScreenCommands}
    AUTO_FOCUS = "#matter-table"

    BINDINGS = [
        Binding("v", "next_view", "tui.key.matter_view", id="matter-view", tooltip="tui.tip.matter_view"),
        Binding("ctrl+f", "find", "tui.key.matter_find", id="matter-find", tooltip="tui.tip.matter_find"),
        Binding("r", "refresh", "tui.key.refresh", id="matter-refresh", tooltip="tui.tip.refresh"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._store = desk.store
        self._operator = desk.operator
        self._view = "open"
        self._unit: str | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(self.title_text, "", self._operator)
        yield TextInput(id="matter-find-box", compact=True, placeholder=t("tui.matter.find_hint"))
        yield Static("", id="matter-view-line")
        table: DataTable[Text] = DataTable(id="matter-table", cursor_type="row", zebra_stripes=True)
        for key in ("number", "status", "unit", "due", "subject"):
            table.add_column(t(f"tui.matter.col.{key}"), key=key)
        yield table
        yield Static("", id="matter-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    # the list ------------------------------------------------------------------------

    def load(self) -> None:
        self.query_one("#matter-view-line", Static).update(Text(
            t("tui.matter.unit_view", unit=self._unit) if self._unit else t(f"tui.matter.view.{self._view}")))
        self.run_store("load", self._listing, group="load", exclusive=True)

    def _listing(self) -> list[Matter]:
        matters = self._store.matters
        if self._unit:
            return matters.listing(self._operator, unit=self._unit, limit=LIMIT)
        view = self._view
        if view == "overdue":
            return matters.listing(self._operator, overdue=True, limit=LIMIT)
        if view == "week":
            return matters.listing(self._operator, due_within=7, limit=LIMIT)
        if view == "final":
            return matters.listing(self._operator, status="final", limit=LIMIT)
        return matters.listing(self._operator, open_only=view == "open", limit=LIMIT)

    def fill_table(self, found: list[Matter]) -> None:
        table = self.query_one("#matter-table", DataTable)
        table.clear()
        for matter in found:
            late = "bold red" if matter.state.overdue else ""
            table.add_row(
                Text(matter.number),
                Text(t(f"matter.status.{matter.status}")),
                Text(matter.state.unit or ""),
                Text(due_cell(matter), style=late),
                Text(sealed_text("matter") if matter.sealed else matter.subject),
                key=matter.number,
            )
        self._status(Text(t("tui.matter.shown", count=len(found))))

    def action_next_view(self) -> None:
        self._unit = None
        self._view = VIEWS[(VIEWS.index(self._view) + 1) % len(VIEWS)]
        self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_find(self) -> None:
        self.query_one("#matter-find-box", Input).focus()

    # finding ---------------------------------------------------------------------------

    @on(Input.Submitted, "#matter-find-box")
    def find(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.run_store("find", self._store.matters.get, self._operator, text, group="find", exclusive=True)

    @on(DataTable.RowSelected, "#matter-table")
    def open_row(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.run_store("open", self._store.matters.get, self._operator, event.row_key.value,
                           group="find", exclusive=True)

    @on(StoreDone)
    def answered(self, event: StoreDone) -> None:
        if event.request == "load":
            self.fill_table(event.result)
        elif event.request == "unit":
            self._unit = event.result[0]
            self.load()
        elif event.request == "find" and self._is_query_code():
            self._status(Text(phone_status(event.result)))
        elif event.request in ("find", "open"):
            self.open_timeline(event.result)

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        text = self.query_one("#matter-find-box", Input).value.strip()
        if event.request == "find" and text:
            # Not a matter: perhaps a unit, whose matters are listed.
            self.run_store("unit", self._unit_matters, text, group="find", exclusive=True)
            return
        self._status(Text(event.error.message), error=True)

    def _unit_matters(self, unit: str) -> tuple[str, int]:
        found = self._store.matters.listing(self._operator, unit=unit)
        if not found:
            from frontdesk.store.core.errors import ValidationError

            raise ValidationError("number", "err.matter_unknown", number=unit)
        return unit, len(found)

    def _is_query_code(self) -> bool:
        text = self.query_one("#matter-find-box", Input).value.strip()
        return len(text) == QUERY_CODE_LENGTH and "-" not in text

    def open_timeline(self, matter: Matter) -> None:
        from frontdesk.screens.matters.timeline import MatterTimelineScreen

        self.app.push_screen(MatterTimelineScreen(self._store, self._operator, matter),
                             lambda _result: self.load())

    def _status(self, text: Text, *, error: bool = False) -> None:
        status = self.query_one("#matter-status", Static)
        status.update(text)
        status.set_class(error, "-error")


def phone_status(matter: Matter) -> str:
    """What the desk tells a petitioner who phones with the query code: the
    matter's number, state and date it is due, nothing personal."""
    state = matter.state
    due = state.due.isoformat() if state.due is not None and state.clock else ""
    extra = t("tui.matter.phone_due", clock=t(f"matter.clock.{state.clock}"), due=due) if due else ""
    return t("tui.matter.phone_status", number=matter.number, status=t(f"matter.status.{state.status}"),
             due=extra)


def due_cell(matter: Matter) -> str:
    """The list's due column: the earliest date the office owes, and 超期 when passed."""
    state = matter.state
    dues = [d for d in (state.due if state.clock not in rules.WINDOWS else None, state.supervision_due) if d]
    if not dues:
        return ""
    text = min(dues).isoformat()
    return f"{text} {t('tui.matter.overdue_mark')}" if state.overdue else text
