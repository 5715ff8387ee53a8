"""A follow-up report (续报) of an event, or its final report (终报): a log entry
of its own, linked to the first report (初报); the event's reports so far are
shown above the form."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Checkbox, Static

from frontdesk.i18n import t
from frontdesk.output.labels import stage_label
from frontdesk.screens.duty.entry_form import DutyEntryDialog
from frontdesk.store import Operator, Store
from frontdesk.store.duty.log import DutyEntry
from frontdesk.tui.widgets.controls import ChoiceSelect


class FollowUpDialog(DutyEntryDialog):
    """A follow-up of ``event`` (any entry of its chain); dismisses with the saved entry."""

    TITLE_KEY = "tui.duty.follow.title"
    DRAFT_FORM = None
    """No draft: it belongs to one entry and is opened from it; Esc asks before
    losing what is typed."""

    def __init__(self, store: Store, operator: Operator, chain: list[DutyEntry]) -> None:
        super().__init__(store, operator)
        self._chain = chain

    def heading(self) -> str:
        return t("tui.duty.follow.title_of", number=self._chain[0].number)

    def extra_top(self) -> ComposeResult:
        lines = [f"{stage_label(e) or t('duty.stage.initial')}  {e.at[:16]}  {e.summary}" for e in self._chain]
        yield Static(Text("\n".join(lines)), id="duty-form-event")

    def extra_bottom(self) -> ComposeResult:
        yield Checkbox(t("tui.duty.follow.final"), compact=True, id="duty-form-final")

    def prepare(self) -> None:
        # The kind and the caller carry over from the first report; the news is what is typed.
        root = self._chain[0]
        self.query_one("#d-kind", ChoiceSelect).value = root.kind
        self.query_one("#d-importance", ChoiceSelect).value = root.importance
        self.query_one("#d-summary").focus()

    def form_data(self) -> dict:
        return super().form_data() | {"follow_up_of": self._chain[0].number,
                                      "final": self.query_one("#duty-form-final", Checkbox).value}
