"""Recording that an entry was reported to a leader (报告): to whom and when.
The usual names complete as they are typed; Enter on the last field saves."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from frontdesk.i18n import t
from frontdesk.store import Operator, Store
from frontdesk.store.duty.log import DutyEntry
from frontdesk.tui.record_dialog import RecordDialog, save_and_cancel
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput

LEADERS = ("值班组长", "组长", "主任", "带班领导", "办领导", "区领导")


class ReportToDialog(RecordDialog[DutyEntry | None]):
    """Dismisses with the entry as saved, or None."""

    CSS_PATH = "duty_report_to.tcss"
    TITLE_KEY = "tui.duty.report.title"

    BINDINGS = save_and_cancel("duty-report")

    GENERAL_BOX = "#duty-report-message"

    def __init__(self, store: Store, operator: Operator, entry: DutyEntry) -> None:
        super().__init__(store, operator)
        self._entry = entry

    def compose(self) -> ComposeResult:
        entry = self._entry
        with Vertical(id="duty-report-box"):
            yield Static(Text(t("tui.duty.report.title_of", number=entry.number)), id="duty-report-title")
            yield Static(Text(f"{entry.at[:16]}  {entry.summary}"), id="duty-report-entry")
            if entry.reports:
                yield Static(Text(t("tui.duty.report.before", reports=t("report.sep").join(
                    f"{r.to} {r.at[11:16]}" for r in entry.reports))), id="duty-report-before")
            yield FieldRow(t("field.to"), TextInput(max_length=60, compact=True, id="r-to",
                                                    suggester=SuggestFromList(LEADERS),
                                                    placeholder=t("tui.duty.report.to_hint")), name="to")
            yield FieldRow(t("field.report_at"), TimeInput(self._store.now().strftime("%Y-%m-%d %H:%M"),
                                                           field="report_at", clock=self._store.now, id="r-at"),
                           name="report_at")
            yield Static("", id="duty-report-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#r-to", Input).focus()

    @on(Input.Submitted, "#r-to")
    def to_time(self) -> None:
        self.query_one("#r-at", Input).focus()

    @on(Input.Submitted, "#r-at")
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.start_save(self._store.duty.report_to, self._operator, self._entry.number,
                        self.query_one("#r-to", Input).value, self.query_one("#r-at", Input).value)
