"""Recording that the 24-hour report went out (报送): to whom, how and when.
The report's content is frozen as a version when it is recorded."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from frontdesk.i18n import t
from frontdesk.store import Operator, Store
from frontdesk.store.duty.report import DailyReport, ReportVersion
from frontdesk.tui.record_dialog import RecordDialog, save_and_cancel
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput

RECEIVERS = ("市委总值班室", "市政府总值班室", "区委总值班室")
WAYS = ("传真", "电子政务网", "电话", "专人送达")


class ReportSentDialog(RecordDialog[ReportVersion | None]):
    """Dismisses with the version recorded as sent, or None."""

    CSS_PATH = "duty_report_sent.tcss"
    TITLE_KEY = "tui.duty.sent.title"

    BINDINGS = save_and_cancel("duty-sent")

    GENERAL_BOX = "#duty-sent-message"

    def __init__(self, store: Store, operator: Operator, report: DailyReport) -> None:
        super().__init__(store, operator)
        self._report = report

    def compose(self) -> ComposeResult:
        with Vertical(id="duty-sent-box"):
            yield Static(Text(t("tui.duty.sent.title_of", version=self._report.version)), id="duty-sent-title")
            yield FieldRow(t("field.report_sent_to"), TextInput(max_length=60, compact=True, id="s-to",
                                                                suggester=SuggestFromList(RECEIVERS),
                                                                placeholder=t("tui.duty.sent.to_hint")),
                           name="report_sent_to")
            yield FieldRow(t("field.report_sent_how"), TextInput(max_length=30, compact=True, id="s-how",
                                                                 suggester=SuggestFromList(WAYS),
                                                                 placeholder=t("tui.duty.sent.how_hint")),
                           name="report_sent_how")
            yield FieldRow(t("field.report_sent_at"), TimeInput(self._store.now().strftime("%Y-%m-%d %H:%M"),
                                                                field="report_sent_at", clock=self._store.now,
                                                                id="s-at"),
                           name="report_sent_at")
            yield Static("", id="duty-sent-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#s-to", Input).focus()

    @on(Input.Submitted, "#s-to")
    def to_how(self) -> None:
        self.query_one("#s-how", Input).focus()

    @on(Input.Submitted, "#s-how")
    def to_time(self) -> None:
        self.query_one("#s-at", Input).focus()

    @on(Input.Submitted, "#s-at")
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.start_save(self._mark, self.query_one("#s-to", Input).value,
                        self.query_one("#s-how", Input).value, self.query_one("#s-at", Input).value)

    def _mark(self, to: str, how: str, at: str) -> ReportVersion:
        return self._store.reports.mark_sent(self._operator, self._report, to=to, how=how, at=at)
