"""The audit log (审计日志): newest entries, and a check of the whole chain."""

from __future__ import annotations

import json

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from frontdesk.i18n import has, t
from frontdesk.output.audit_text import problem_message
from frontdesk.store import AuditEntry, VerifyResult
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.commands import ScreenCommands
from frontdesk.tui.context import Desk
from frontdesk.tui.widgets.controls import TopBar
from frontdesk.tui.widgets.fitted_table import Column, FittedTable
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.workers import StoreDone, StoreRefused

PAGE = 100
# At 80 columns the detail is cut short (the whole of it is in `frontdesk audit log`).
COLUMNS = (
    Column("tui.audit.col.id"), Column("tui.audit.col.at", shrink=16), Column("tui.audit.col.operator", shrink=6),
    Column("tui.audit.col.action", shrink=8), Column("tui.audit.col.record", drop=1, shrink=8),
    Column("tui.audit.col.detail", shrink=10),
)


def action_label(action: str) -> str:
    return t(f"action.{action}") if has(f"action.{action}") else action


def record_label(entry: AuditEntry) -> str:
    if entry.record_table is None:
        return ""
    table_key = f"tui.audit.table.{entry.record_table}"
    table = t(table_key) if has(table_key) else entry.record_table
    return f"{table}#{entry.record_id}"


def detail_text(entry: AuditEntry) -> str:
    """The entry's detail as compact ``name=value`` pairs: names in the operator's language,
    codes (a role, a matter's step, yes or no) by their labels, other values as stored
    (they are data)."""
    if not entry.detail:
        return ""
    return " ".join(f"{_detail_name(key)}={_detail_value(key, value)}" for key, value in entry.detail.items())


def _detail_value(key: str, value: object) -> str:
    if isinstance(value, bool):
        return t("tui.audit.yes" if value else "tui.audit.no")
    if isinstance(value, str):
        # Detail values that are codes, by the detail's name: their labels.
        coded = {"step": f"matter.step.{value}", "role": f"role.{value}", "reason": f"tui.audit.reason.{value}"}
        label = coded.get(key)
        return t(label) if label is not None and has(label) else value
    return json.dumps(value, ensure_ascii=False)


def _detail_name(key: str) -> str:
    name_key = f"tui.audit.detail.{key}"
    return t(name_key) if has(name_key) else key


class AuditLogScreen(FrontdeskScreen[None]):
    """Supervisors and admins read the trail; the store refuses anyone else."""

    CSS_PATH = "audit_log.tcss"
    TITLE_KEY = "tui.screen.audit"
    JOB_KEY = "tui.job.system"
    COMMANDS = {ScreenCommands}
    AUTO_FOCUS = "#audit-table"

    BINDINGS = [
        Binding("v", "verify", "tui.key.audit_verify", id="audit-verify", tooltip="tui.tip.audit_verify"),
        Binding("m", "older", "tui.key.audit_older", id="audit-older", tooltip="tui.tip.audit_older"),
        Binding("r", "refresh", "tui.key.refresh", id="audit-refresh", tooltip="tui.tip.refresh"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._store = desk.store
        self._operator = desk.operator
        self._exports = desk.settings.exports_path
        self._oldest_id: int | None = None
        self._verifying = False

    def compose(self) -> ComposeResult:
        yield TopBar(self.title_text, "", self._operator)
        yield FittedTable(COLUMNS, id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self, before_id: int | None = None) -> None:
        """The newest page, or (``before_id``) the page older than the rows shown."""
        self.run_store("load" if before_id is None else "older", self._store.audit.log, self._operator,
                       limit=PAGE, before_id=before_id, group="load", exclusive=True)

    @on(StoreDone)
    def answered(self, event: StoreDone) -> None:
        if event.request == "verify":
            self.show_verification(event.result)
        else:
            self.fill_table(event.result, append=event.request == "older")

    def fill_table(self, entries: list[AuditEntry], *, append: bool) -> None:
        table = self.query_one(FittedTable)
        if append and not entries:
            self.notify(t("tui.audit.no_older"), markup=False)
            return
        rows = [(str(entry.id), (
            Text(str(entry.id), justify="right"),
            Text(entry.at),
            Text(entry.operator) if entry.operator else Text(t("tui.audit.nobody"), style="italic"),
            Text(action_label(entry.action)),
            Text(record_label(entry)),
            Text(detail_text(entry)),
        )) for entry in entries]
        table.show([*table.rows_shown, *rows] if append else rows)
        if entries:
            self._oldest_id = entries[-1].id
        self._show_status(Text(t("tui.audit.shown", count=table.row_count)))

    def action_refresh(self) -> None:
        self._oldest_id = None
        self.load()

    def action_older(self) -> None:
        if self._oldest_id is not None:
            self.load(before_id=self._oldest_id)

    def action_verify(self) -> None:
        if self._verifying:
            return
        self._verifying = True
        self._show_status(Text(t("tui.audit.verifying")))
        from frontdesk.store.shared.audit import HEADS_FILE_NAME

        # Against the heads the report exports wrote beside the exports, too.
        self.run_store("verify", self._store.audit.verify, (), self._exports / HEADS_FILE_NAME, group="verify")

    def show_verification(self, result: VerifyResult) -> None:
        self._verifying = False
        if result.problem is None:
            message = t("audit.ok", entries=result.entries, records=result.records)
        else:
            message = problem_message(result.problem)
        self._show_status(Text(message), state="-ok" if result.ok else "-broken")
        self.notify(message, severity="information" if result.ok else "error", markup=False)

    @on(StoreRefused)
    def show_refusal(self, event: StoreRefused) -> None:
        if event.request == "verify":
            self._verifying = False
        self._show_status(Text(event.error.message), state="-broken")
        self.notify(event.error.message, severity="error", markup=False)

    def _show_status(self, text: Text, state: str = "") -> None:
        status = self.query_one("#audit-status", Static)
        status.update(text)
        status.set_class(state == "-ok", "-ok")
        status.set_class(state == "-broken", "-broken")
