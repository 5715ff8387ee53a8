"""Operators (操作员管理): who may sign in, in which role; admin only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from frontdesk.i18n import t
from frontdesk.output.labels import role_label
from frontdesk.screens.confirm import ConfirmDialog
from frontdesk.screens.system.operator_form import OperatorDialog
from frontdesk.store import Operator
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.commands import ScreenCommands
from frontdesk.tui.context import Desk
from frontdesk.tui.widgets.controls import TopBar
from frontdesk.tui.widgets.fitted_table import Column, FittedTable
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.workers import StoreDone, StoreRefused


@dataclass(frozen=True)
class OperatorRow:
    """One line of the table: the operator and, if locked out, until when."""

    operator: Operator
    locked_until: datetime | None

    @property
    def status(self) -> Text:
        if self.operator.disabled:
            return Text(t("tui.status.disabled"), style="italic")
        if self.locked_until is not None:
            return Text(t("tui.status.locked", until=f"{self.locked_until:%H:%M}"), style="bold")
        return Text(t("tui.status.active"))


# The status (locked, disabled) is always in view; at 80 columns the date made goes first.
COLUMNS = (
    Column("tui.operators.col.name"), Column("tui.operators.col.display_name", shrink=6),
    Column("tui.operators.col.role"), Column("tui.operators.col.status", state=True),
    Column("tui.operators.col.created", drop=1, shrink=10),
)

_NOTICES = {
    "disable": "tui.operators.disabled",
    "enable": "tui.operators.enabled",
    "unlock": "tui.operators.unlocked",
}


class OperatorsScreen(FrontdeskScreen[None]):
    """A table of every operator, with keys to add, disable or enable, set a
    password and lift a lock-out. The store checks the role on every change."""

    CSS_PATH = "operators.tcss"
    TITLE_KEY = "tui.screen.operators"
    JOB_KEY = "tui.job.system"
    COMMANDS = {ScreenCommands}
    AUTO_FOCUS = "#operators-table"

    BINDINGS = [
        Binding("a", "add", "tui.key.operator_add", id="operator-add", tooltip="tui.tip.operator_add"),
        Binding("d", "toggle_disabled", "tui.key.operator_toggle", id="operator-toggle",
                tooltip="tui.tip.operator_toggle"),
        Binding("p", "password", "tui.key.operator_password", id="operator-password",
                tooltip="tui.tip.operator_password"),
        Binding("u", "unlock", "tui.key.operator_unlock", id="operator-unlock",
                tooltip="tui.tip.operator_unlock", show=False),
        Binding("r", "refresh", "tui.key.refresh", id="operator-refresh", tooltip="tui.tip.refresh",
                show=False),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._store = desk.store
        self._operator = desk.operator
        self._rows: dict[str, OperatorRow] = {}
        self._select: str | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(self.title_text, "", self._operator)
        yield FittedTable(COLUMNS, id="operators-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    # reading -----------------------------------------------------------------

    def load(self, select: str | None = None) -> None:
        """Read the operators again; the cursor stays on its row, or goes to ``select``."""
        self._select = select
        self.run_store("load", self._read_rows, group="load", exclusive=True)

    def _read_rows(self) -> list[OperatorRow]:
        operators = self._store.operators
        return [OperatorRow(op, operators.locked_until(op.name)) for op in operators.list()]

    @on(StoreDone)
    def answered(self, event: StoreDone) -> None:
        if event.request == "load":
            self.fill_table(event.result)
        else:
            name = event.result
            self.notify(t(_NOTICES[event.request], name=name), markup=False)
            self.load(select=name)

    def fill_table(self, rows: list[OperatorRow]) -> None:
        table = self.query_one(FittedTable)
        keep = self._select or self._selected_name()
        self._rows = {row.operator.name: row for row in rows}
        table.show((row.operator.name, (
            Text(row.operator.name), Text(row.operator.display_name), Text(role_label(row.operator.role)),
            row.status, Text(row.operator.created_at),
        )) for row in rows)
        if keep in self._rows:
            table.move_cursor(row=table.get_row_index(keep))

    def _selected_name(self) -> str | None:
        table = self.query_one(FittedTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _selected(self) -> OperatorRow | None:
        name = self._selected_name()
        return self._rows.get(name) if name else None

    # changing ----------------------------------------------------------------

    def action_refresh(self) -> None:
        self.load()

    def action_add(self) -> None:
        def added(operator: Operator | None) -> None:
            if operator is not None:
                self.notify(t("tui.operators.added", name=operator.name), markup=False)
                self.load(select=operator.name)

        self.app.push_screen(OperatorDialog(self._store, self._operator), added)

    def action_password(self) -> None:
        row = self._selected()
        if row is None:
            return

        def saved(operator: Operator | None) -> None:
            if operator is not None:
                self.notify(t("tui.operators.password_set", name=operator.name), markup=False)

        self.app.push_screen(OperatorDialog(self._store, self._operator, password_for=row.operator), saved)

    def action_toggle_disabled(self) -> None:
        row = self._selected()
        if row is None:
            return
        name = row.operator.name
        if row.operator.disabled:
            self.change(name, "enable")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(name, "disable")

        self.app.push_screen(ConfirmDialog(t("tui.operators.confirm_disable", name=name)), answered)

    def action_unlock(self) -> None:
        row = self._selected()
        if row is None:
            return
        if row.locked_until is None:
            self.notify(t("tui.operators.not_locked", name=row.operator.name), markup=False)
            return
        self.change(row.operator.name, "unlock")

    def change(self, name: str, what: str) -> None:
        """``what`` names the store call (disable, enable, unlock), made as this operator."""
        self.run_store(what, self._change, what, name, group="save")

    def _change(self, what: str, name: str) -> str:
        getattr(self._store.operators, what)(self._operator, name)
        return name

    @on(StoreRefused)
    def show_refusal(self, event: StoreRefused) -> None:
        self.notify(event.error.message, severity="error", markup=False)
