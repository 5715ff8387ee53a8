"""Notices to relay (会议通知): each unit or person to reach is a row; those not
yet reached stand out. ``t`` ticks the highlighted one off with the person
reached; Ctrl+N opens the form of a new notice."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from frontdesk.i18n import t
from frontdesk.store import Operator, Store, ValidationError
from frontdesk.store.duty.notices import Notice
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.fitted_table import Column, FittedTable
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput
from frontdesk.tui.workers import StoreDone, StoreRefused

SHOWN = 30


NOTICE_COLUMNS = (
    Column("tui.duty.notices.col.notice", shrink=10), Column("tui.duty.notices.col.deadline", drop=1),
    Column("tui.duty.notices.col.target", shrink=8), Column("tui.duty.notices.col.state", shrink=12, state=True),
)
"""Each notice's targets; whether each was reached always in view."""

class NoticesDialog(FrontdeskModal[bool]):
    """Dismisses with True when something was saved."""

    CSS_PATH = "duty_notices.tcss"
    TITLE_KEY = "tui.duty.notices.title"

    BINDINGS = [
        Binding("t", "tick", "tui.duty.key.tick", id="notice-tick", tooltip="tui.duty.tip.tick"),
        Binding("ctrl+n", "new_notice", "tui.duty.key.new_notice", id="notice-new", tooltip="tui.duty.tip.new_notice"),
        Binding("ctrl+s", "save", "tui.key.save", id="notice-save", tooltip="tui.tip.save", show=False),
        Binding("escape", "close", "tui.key.close", id="notice-close", tooltip="tui.tip.close"),
    ]

    def __init__(self, store: Store, operator: Operator) -> None:
        super().__init__()
        self._store = store
        self._operator = operator
        self._rows: dict[str, tuple[int, str]] = {}
        self._changed = False
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="notices-box"):
            yield Static(Text(t("tui.duty.notices.title")), id="notices-title")
            yield FittedTable(NOTICE_COLUMNS, id="notices-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="notices-tick"):
                yield FieldRow(t("field.reached_person"), TextInput(max_length=60, compact=True, id="tick-person",
                                                                    placeholder=t("tui.duty.notices.person_hint")),
                               name="reached_person")
            with Vertical(id="notices-form"):
                yield FieldRow(t("field.notice_title"), TextInput(max_length=200, compact=True, id="n-title"),
                               name="notice_title")
                yield FieldRow(t("field.notice_deadline"), TimeInput(field="notice_deadline", future_slack=None,
                                                                     clock=self._store.now, id="n-deadline",
                                                                     placeholder="YYYY-MM-DD HH:MM"),
                               name="notice_deadline")
                yield FieldRow(t("field.notice_targets"), TextInput(max_length=2000, compact=True, id="n-targets",
                                                                    placeholder=t("tui.duty.notices.targets_hint")),
                               name="notice_targets")
            yield Static("", id="notices-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.query_one("#notices-form").display = False
        table.focus()
        self.load()

    def load(self) -> None:
        self.run_store("load", self._read, group="load", exclusive=True)

    def _read(self) -> tuple[list[Notice], str]:
        return self._store.notices.list(self._operator, SHOWN), self._store.now_text()

    def show(self, notices: list[Notice], now: str) -> None:
        table = self.query_one(FittedTable)
        rows = []
        self._rows = {}
        error = f"bold {self.app.current_theme.error}"
        for notice in notices:
            late = notice.overdue(now)
            for target in notice.targets:
                key = f"{notice.id}:{target.position}"
                self._rows[key] = (notice.id, target.target)
                state = (Text(t("tui.duty.notices.reached", person=target.reached_person,
                                at=target.reached_at[5:16])) if target.reached_at is not None
                         else Text(t("tui.duty.notices.missing"), style=error))
                rows.append((key, [Text(f"#{notice.id} {notice.title}"[:30]),
                                   Text((notice.deadline or "—")[5:16] if notice.deadline else "—",
                                        style=error if late else ""),
                                   Text(target.target), state]))
        table.show(rows)
        if not notices:
            self.query_one("#notices-message", Static).update(Text(t("tui.duty.notices.none")))

    def action_tick(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self.query_one("#tick-person", Input).focus()

    @on(Input.Submitted, "#tick-person")
    def tick_submitted(self, event: Input.Submitted) -> None:
        table = self.query_one(DataTable)
        if not table.row_count or self._busy:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is None:  # every row is keyed
            return
        notice_id, target = self._rows[key]
        self._busy = True
        self.run_store("tick", self._tick, notice_id, target, event.value, group="save")

    def _tick(self, notice_id: int, target: str, person: str) -> str:
        self._store.notices.tick(self._operator, notice_id, target, person=person)
        return target

    def action_new_notice(self) -> None:
        form = self.query_one("#notices-form")
        form.display = True
        self.query_one("#n-title", Input).focus()
        self.query_one("#notices-message", Static).update(Text(t("tui.duty.notices.form_hint")))

    @on(Input.Submitted, "#n-title, #n-deadline")
    def next_field(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#n-targets")
    def targets_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if not self.query_one("#notices-form").display or self._busy:
            return
        self._busy = True
        self.run_store("add", self._store.notices.add, self._operator,
                       {"title": self.query_one("#n-title", Input).value,
                        "deadline": self.query_one("#n-deadline", Input).value,
                        "targets": self.query_one("#n-targets", Input).value}, group="save")

    def _clear_errors(self) -> dict[str, FieldRow]:
        rows = {row.name: row for row in self.query(FieldRow)}
        for row in rows.values():
            row.clear_error()
        return rows

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        self._busy = False
        rows = self._clear_errors()
        general = []
        for error in event.errors:
            name = getattr(error, "field", "").split(".")[0]
            if isinstance(error, ValidationError) and name in rows:
                rows[name].show_error(error.message)
            else:
                general.append(error.message)
        self.query_one("#notices-message", Static).update(Text("\n".join(general)))

    @on(StoreDone)
    def done(self, event: StoreDone) -> None:
        if event.request == "load":
            self.show(*event.result)
            return
        self._busy = False
        self._clear_errors()
        message = self.query_one("#notices-message", Static)
        self._changed = True
        if event.request == "tick":
            message.update(Text(t("tui.duty.notices.ticked", target=event.result)))
        else:
            message.update(Text(t("tui.duty.notices.saved", id=event.result.id)))
        for field in ("#n-title", "#n-deadline", "#n-targets", "#tick-person"):
            self.query_one(field, Input).value = ""
        self.query_one("#notices-form").display = False
        self.query_one(DataTable).focus()
        self.load()

    def action_close(self) -> None:
        self.dismiss(self._changed)
