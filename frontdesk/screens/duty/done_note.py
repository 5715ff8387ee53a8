"""Recording that an entry's follow-up is done (落实): what was done, one line at
least; Enter saves, Esc leaves the entry open."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from frontdesk.i18n import t
from frontdesk.store import Operator, Store
from frontdesk.store.duty.log import DutyEntry
from frontdesk.tui.record_dialog import RecordDialog, save_and_cancel
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput


class DoneDialog(RecordDialog[DutyEntry | None]):
    """Dismisses with the entry as saved, or None."""

    CSS_PATH = "duty_done.tcss"
    TITLE_KEY = "tui.duty.done_dialog.title"

    BINDINGS = save_and_cancel("duty-done-note")

    GENERAL_BOX = "#duty-done-message"

    def __init__(self, store: Store, operator: Operator, entry: DutyEntry) -> None:
        super().__init__(store, operator)
        self._entry = entry

    def compose(self) -> ComposeResult:
        entry = self._entry
        with Vertical(id="duty-done-box"):
            yield Static(Text(t("tui.duty.done_dialog.title_of", number=entry.number)), id="duty-done-title")
            yield Static(Text(f"{entry.at[:16]}  {entry.summary}"), id="duty-done-entry")
            if entry.assignee:
                yield Static(Text(t("tui.duty.done_dialog.assignee", name=entry.assignee)), id="duty-done-assignee")
            yield FieldRow(t("field.done_note"), TextInput(max_length=500, compact=True, id="n-note",
                                                           placeholder=t("tui.duty.done_dialog.hint")),
                           name="done_note")
            yield Static("", id="duty-done-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#n-note", Input).focus()

    @on(Input.Submitted, "#n-note")
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.start_save(self._store.duty.mark_done, self._operator, self._entry.number,
                        self.query_one("#n-note", Input).value)
