"""A correction of a duty entry: a new version of its content, with a reason."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from frontdesk.i18n import t
from frontdesk.screens.duty.entry_form import DutyEntryDialog
from frontdesk.store import Operator, Store
from frontdesk.store.duty.log import DutyEntry
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.text_input import TextInput


class CorrectionDialog(DutyEntryDialog):
    """The entry's fields as they stand, and the reason for the correction."""

    TITLE_KEY = "tui.duty.correct.title"
    DRAFT_FORM = None
    """No draft: it belongs to one entry and is opened from it; Esc asks before
    losing what is typed."""

    def __init__(self, store: Store, operator: Operator, start: DutyEntry) -> None:
        super().__init__(store, operator, start)
        self._original = start  # always given: the entry as it stands

    def heading(self) -> str:
        return t("tui.duty.correct.title_of", number=self._original.number, version=self._original.version + 1)

    def extra_bottom(self) -> ComposeResult:
        yield FieldRow(t("tui.duty.correct.reason"), TextInput(max_length=200, compact=True, id="d-reason"),
                       name="correction_reason")

    def prepare(self) -> None:
        self.query_one("#d-summary", Input).focus()

    def form_data(self) -> dict:
        return super().form_data() | {"reason": self.query_one("#d-reason", Input).value}

    def store_save(self, data: dict) -> DutyEntry:
        return self._store.duty.correct(self._operator, self._original.number, data)
