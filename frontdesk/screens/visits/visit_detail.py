"""One visit in full; supervisors and admins may reveal its ID numbers (audited)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.output.slips import visit_lines, visit_slip
from frontdesk.screens.visits.slip import export_slips
from frontdesk.store import Operator, Store
from frontdesk.store.shared.permissions import allowed
from frontdesk.store.visits.records import Visit
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.workers import StoreDone, StoreRefused


class VisitDetailDialog(FrontdeskModal[None]):
    """One visit in full; supervisors and admins may reveal its ID numbers (audited)."""

    CSS_PATH = "visit_detail.tcss"
    TITLE_KEY = "tui.help.screen.visit_detail"

    BINDINGS = [
        Binding("r", "reveal", "tui.key.reveal", id="detail-reveal", tooltip="tui.tip.reveal"),
        Binding("p", "reprint", "tui.key.reprint_slip", id="detail-reprint", tooltip="tui.tip.reprint_slip"),
        Binding("escape", "close", "tui.key.close", id="detail-close", tooltip="tui.tip.close"),
    ]

    def __init__(self, store: Store, operator: Operator, number: str) -> None:
        super().__init__()
        self._store = store
        self._operator = operator
        self._number = number
        self._visit: Visit | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box"):
            with VerticalScroll(id="detail-scroll"):
                yield Static("", id="detail-text")
            yield Static("", id="detail-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load(reveal=False)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "reveal":
            return allowed(self._operator.role, "visit.reveal")
        return True

    def load(self, reveal: bool) -> None:
        self.run_store("load", self._store.visits.get, self._operator, self._number, reveal=reveal,
                       group="visit-detail", exclusive=True)

    @on(StoreDone)
    def loaded(self, event: StoreDone) -> None:
        visit: Visit = event.result
        self._visit = visit
        self.query_one("#detail-text", Static).update(Text("\n".join(visit_lines(visit))))
        status = t("tui.detail.revealed") if visit.revealed else t("tui.detail.masked")
        self.query_one("#detail-status", Static).update(Text(status))

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        self.query_one("#detail-status", Static).update(Text(event.error.message))

    def action_reveal(self) -> None:
        self.load(reveal=True)

    def action_reprint(self) -> None:
        """The visitor's slip again: printed, or kept as a file when no printer is set."""
        if self._visit is None:
            return
        settings = self.app.settings
        text = visit_slip(self._visit, office_name=settings.office_name, inquiry_phone=settings.inquiry_phone)
        self._reprint(settings, self._visit, text)

    @work(thread=True, exit_on_error=False, group="detail-slip")
    def _reprint(self, settings, visit: Visit, text: str) -> None:
        message, error = export_slips(settings, [visit], [text], bool(settings.print_command), True)
        self.app.call_from_thread(self._status, message, error)

    def _status(self, message: str, error: bool) -> None:
        status = self.query_one("#detail-status", Static)
        status.update(Text(message))
        status.set_class(error, "-error")

    def action_close(self) -> None:
        self.dismiss(None)
