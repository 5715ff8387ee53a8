"""A matter's timeline: every contact and step with its time, who recorded it
and its own keys, late steps marked, the running clock's due date (red when
overdue). N records the next step in its form."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.output.matters_text import matter_lines
from frontdesk.store import Operator, Store
from frontdesk.store.matters.records import Matter
from frontdesk.store.matters.rules import LEGAL_CATEGORY
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.workers import StoreDone


class MatterTimelineScreen(FrontdeskModal[None]):
    """Dismisses with None; the list behind it reads again."""

    CSS_PATH = "matter_timeline.tcss"
    TITLE_KEY = "tui.matter.timeline_title"

    BINDINGS = [
        Binding("n", "new_step", "tui.key.matter_step", id="matter-step", tooltip="tui.tip.matter_step"),
        Binding("escape", "close", "tui.key.close", id="matter-close", tooltip="tui.tip.close"),
    ]

    def __init__(self, store: Store, operator: Operator, matter: Matter) -> None:
        super().__init__()
        self._store = store
        self._operator = operator
        self._matter = matter

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="matter-timeline-box"):
            yield Static(self._text(), id="matter-timeline")
        yield KeyFooter()

    def _text(self) -> Text:
        text = Text()
        for line in matter_lines(self._matter):
            overdue = self._matter.state.overdue and line.endswith(t("matter.overdue"))
            late = line.rstrip().endswith(t("matter.late")) or f"  {t('matter.late')}  " in line
            text.append(line + "\n", style="bold red" if overdue else "yellow" if late else "")
        return text

    def action_close(self) -> None:
        self.dismiss(None)

    def action_new_step(self) -> None:
        from frontdesk.screens.matters.step_form import StepDialog

        settings = getattr(self.app, "settings", None)
        units: tuple[str, ...] = ()
        if settings is not None:
            # An accusation may go only to the discipline organs, a 涉法涉诉 matter only to
            # the political-legal ones (store.matters.rules): those alone are offered.
            if self._matter.kind == "accusation":
                units = tuple(settings.discipline_units)
            elif self._matter.category == LEGAL_CATEGORY:
                units = tuple(settings.political_legal_units)
            else:
                units = tuple(settings.units)
        self.app.push_screen(StepDialog(self._store, self._operator, self._matter, units=units), self._stepped)

    def _stepped(self, matter: Matter | None) -> None:
        if matter is not None:
            self.run_store("reload", self._store.matters.get, self._operator, matter.number, group="reload")

    @on(StoreDone)
    def reloaded(self, event: StoreDone) -> None:
        if event.request == "reload":
            self._matter = event.result
            self.query_one("#matter-timeline", Static).update(self._text())
