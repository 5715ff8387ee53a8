"""An earlier record of the visitors, opened from the form's panel: read only.

A visit or a letter the operator's role reads is shown in full (ID numbers
masked); anything else (a duty-room call, a record the role may not read) as the
panel knows it: channel, number, date, subject, and what came of it.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.output.labels import sealed_text
from frontdesk.output.mail_text import letter_lines
from frontdesk.output.slips import visit_lines
from frontdesk.store import Operator, Store
from frontdesk.store.shared.people import PriorRecord
from frontdesk.store.shared.permissions import allowed
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.history_panel import outcome_words
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.workers import StoreDone, StoreRefused


def summary_lines(record: PriorRecord) -> list[str]:
    """The record as the panel knows it."""
    lines = [f"{t('channel.' + record.channel)} {record.number}  {record.at[:16]}"]
    if record.sealed:
        return [*lines, sealed_text(record.channel)]
    lines.append(f"{t('field.subject')}{t('sep.colon')}{record.subject}")
    outcome = outcome_words(record)
    if record.due_date:
        outcome += " " + t("tui.history.due", due=record.due_date)
    if record.overdue:
        outcome += " " + t("tui.history.overdue")
    return [*lines, outcome] if outcome else lines


class EarlierRecordDialog(FrontdeskModal[None]):
    """One earlier record, read only; Esc or Enter goes back to the form."""

    CSS_PATH = "earlier_record.tcss"
    TITLE_KEY = "tui.help.screen.earlier_record"

    BINDINGS = [
        Binding("escape,enter", "close", "tui.key.close", id="earlier-close", tooltip="tui.tip.close"),
    ]

    def __init__(self, store: Store, operator: Operator, record: PriorRecord) -> None:
        super().__init__()
        self._store = store
        self._operator = operator
        self._record = record

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box"):
            with VerticalScroll(id="detail-scroll"):
                yield Static(Text("\n".join(summary_lines(self._record))), id="detail-text")
            yield Static(Text(t("tui.earlier.read_only")), id="detail-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        record, role = self._record, self._operator.role
        if record.sealed:
            return
        if record.channel == "visit" and allowed(role, "visit.read"):
            self.run_store("load", self._store.visits.get, self._operator, record.number, group="earlier",
                           exclusive=True)
        elif record.channel == "letter" and allowed(role, "letter.read"):
            self.run_store("load", self._store.letters.get, self._operator, record.number, group="earlier",
                           exclusive=True)

    @on(StoreDone)
    def loaded(self, event: StoreDone) -> None:
        lines = visit_lines(event.result) if self._record.channel == "visit" else letter_lines(event.result)
        self.query_one("#detail-text", Static).update(Text("\n".join(lines)))

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        status = self.query_one("#detail-status", Static)
        status.update(Text(event.error.message))
        status.add_class("-error")

    def action_close(self) -> None:
        self.dismiss(None)
