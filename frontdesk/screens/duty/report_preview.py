"""The 24-hour report (每日值班信息报告) previewed as the plain text that goes
out by fax, for any end time (today's cut-off by default); exported as text,
Markdown or Word into the exports folder, named by date."""

from __future__ import annotations

from datetime import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.store import Operator, Store
from frontdesk.store.duty.report import DailyReport, ReportVersion
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.time_input import TimeInput
from frontdesk.tui.workers import StoreDone, StoreRefused


class ReportPreviewDialog(FrontdeskModal[None]):
    """Enter in the end field builds the report again; t, m, w export it."""

    CSS_PATH = "duty_report_preview.tcss"
    TITLE_KEY = "tui.duty.preview.title"

    BINDINGS = [
        Binding("e", "edit_end", "tui.duty.key.end", id="preview-end", tooltip="tui.duty.tip.end"),
        Binding("t", "export('txt')", "tui.duty.key.export_txt", id="preview-txt", tooltip="tui.duty.tip.export_txt"),
        Binding("m", "export('md')", "tui.duty.key.export_md", id="preview-md", tooltip="tui.duty.tip.export_md"),
        Binding("w", "export('docx')", "tui.duty.key.export_docx", id="preview-docx",
                tooltip="tui.duty.tip.export_docx"),
        Binding("s", "mark_sent", "tui.duty.key.sent", id="preview-sent", tooltip="tui.duty.tip.sent"),
        Binding("escape", "close", "tui.key.close", id="preview-close", tooltip="tui.tip.close"),
    ]

    def __init__(self, store: Store, settings: Settings, operator: Operator) -> None:
        super().__init__()
        self._store = store
        self._settings = settings
        self._operator = operator
        self._report: DailyReport | None = None

    def compose(self) -> ComposeResult:
        from frontdesk.store.duty.report import window_end

        end = window_end(None, now=self._store.now(), cutoff=self._settings.report_cutoff)
        with Vertical(id="preview-box"):
            with Horizontal(id="preview-bar"):
                yield Label(t("field.report_end"), id="preview-end-label")
                hour, minute = (int(part) for part in self._settings.report_cutoff.split(":"))
                end_input = TimeInput(end.strftime("%Y-%m-%d %H:%M"), field="report_end", clock=self._store.now,
                                      default_time=time(hour, minute), id="preview-end-input")
                yield end_input
                yield end_input.hint
            with VerticalScroll(id="preview-scroll"):
                yield Static(Text(t("tui.home.loading")), id="preview-text")
            yield Static("", id="preview-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#preview-scroll").focus()
        self.build(self.query_one("#preview-end-input", Input).value)

    def action_edit_end(self) -> None:
        self.query_one("#preview-end-input", Input).focus()

    @on(Input.Submitted, "#preview-end-input")
    def end_chosen(self, event: Input.Submitted) -> None:
        self.query_one("#preview-scroll").focus()
        self.build(event.value)

    def build(self, end: str) -> None:
        self.run_store("build", self._build, end, group="duty-preview", exclusive=True)

    def _build(self, end: str) -> tuple[DailyReport, str]:
        """In the worker: the report, and its text as it goes out."""
        from frontdesk.output.report_render import render_txt

        report = self._store.reports.daily(self._operator, end=end, cutoff=self._settings.report_cutoff,
                                           office=self._settings.office_name,
                                           duty_phone=self._settings.duty_phone)
        return report, render_txt(report)

    @on(StoreDone)
    def answered(self, event: StoreDone) -> None:
        if event.request == "build":
            self.show(*event.result)
        else:
            message, failed = event.result
            self.exported(message, error=failed)

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        if event.request == "build":
            status = self.query_one("#preview-status", Static)
            status.update(Text(event.error.message))
            status.add_class("-error")
        else:
            self.exported(event.error.message, error=True)

    def show(self, report: DailyReport, text: str) -> None:
        self._report = report
        status = self.query_one("#preview-status", Static)
        status.remove_class("-error")
        status.update(Text(t("tui.duty.preview.hint")))
        self.query_one("#preview-text", Static).update(Text(text))

    def action_export(self, fmt: str) -> None:
        if self._report is not None:
            self.run_store("export", self._export, self._report, fmt, group="duty-preview-export")

    def _export(self, report: DailyReport, fmt: str) -> tuple[str, bool]:
        """In the worker: the file written and the export recorded; what to tell,
        and whether it failed (a file that cannot be written is told, not a fault)."""
        from frontdesk.output.report_render import change_text, default_path, write
        from frontdesk.store.shared.audit import HEADS_FILE_NAME

        path = default_path(report, fmt, self._settings.exports_path)
        try:
            if path.exists():  # this version in this format is saved already: never overwritten
                return t("tui.duty.export_exists", path=str(path)), False
            write(report, fmt, path)
            self._store.reports.record_export(self._operator, report, fmt, str(path),
                                              self._settings.exports_path / HEADS_FILE_NAME)
        except OSError as error:
            return t("tui.duty.export_failed", detail=str(error)), True
        if report.previous is not None:  # a new version: what changed since the one before
            return t("tui.duty.exported", path=str(path)) + "　" + change_text(report), False
        return t("tui.duty.exported", path=str(path)), False

    def action_mark_sent(self) -> None:
        """Record the report as shown as sent (to whom, how, when)."""
        from frontdesk.screens.duty.report_sent import ReportSentDialog

        if self._report is not None:
            self.app.push_screen(ReportSentDialog(self._store, self._operator, self._report), self._sent)

    def _sent(self, version: ReportVersion | None) -> None:
        if version is None:
            return
        message = t("cli.report.sent", version=version.version, to=version.sent_to, how=version.sent_how,
                    at=(version.sent_at or "")[:16])
        self.exported(message, error=False)

    def exported(self, message: str, *, error: bool) -> None:
        status = self.query_one("#preview-status", Static)
        status.update(Text(message))
        status.set_class(error, "-error")
        self.notify(message, severity="error" if error else "information", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
