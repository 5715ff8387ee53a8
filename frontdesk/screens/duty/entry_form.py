"""Logging a duty entry (值班记录), as fast as typing it.

The time of the event defaults to now (the time it is logged is kept apart by
the store); the kind defaults to a call. Enter moves to the next field, Ctrl+S
saves from anywhere; refusals show under their fields and nothing is saved.
The follow-up and correction dialogs are this form with a little more.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Checkbox, Input, Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from frontdesk.i18n import t
from frontdesk.store import Operator, Store
from frontdesk.store.duty.log import DutyEntry
from frontdesk.store.duty.rules import IMPORTANCE, KINDS
from frontdesk.tui.bindings import Section
from frontdesk.tui.record_dialog import RecordDialog, discard_key, save_and_cancel
from frontdesk.tui.widgets.controls import ChoiceSelect, FormScroll
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput

TEXT_FIELDS = ("at", "source", "phone", "summary", "action", "assignee")


class DutyEntryDialog(RecordDialog[DutyEntry | None]):
    """A new entry; dismisses with the saved entry (None when cancelled)."""

    CSS_PATH = "duty_entry_form.tcss"
    TITLE_KEY = "tui.duty.form.title"

    BINDINGS = [*save_and_cancel("duty-form"), discard_key("duty-form")]

    DRAFT_FORM: ClassVar[str | None] = "duty"
    SECTIONS = (
        Section("tui.section.duty.time", "#d-at"),
        Section("tui.section.duty.caller", "#d-source"),
        Section("tui.section.duty.content", "#d-summary"),
        Section("tui.section.duty.handling", "#d-action"),
    )
    GENERAL_BOX = "#duty-form-message"
    MESSAGE_LINE = "#duty-form-message"

    def __init__(self, store: Store, operator: Operator, start: DutyEntry | None = None) -> None:
        super().__init__(store, operator)
        self._start = start

    # building --------------------------------------------------------------------

    def heading(self) -> str:
        return t("tui.duty.form.title")

    def extra_top(self) -> ComposeResult:
        """Rows above the fields (the event being followed up)."""
        yield from ()

    def extra_bottom(self) -> ComposeResult:
        """Rows under the fields (final report, reason for a correction)."""
        yield from ()

    def _value(self, key: str, default: str = "") -> str:
        if self._start is None:
            return default
        value = getattr(self._start, key)
        return value[:16] if key == "at" else value

    def compose(self) -> ComposeResult:
        now = self._store.now().strftime("%Y-%m-%d %H:%M")
        with FormScroll(id="duty-form-box"):
            yield Static(Text(self.heading()), id="duty-form-title")
            yield from self.extra_top()
            yield FieldRow(t("field.at"), TimeInput(self._value("at", now), field="at", clock=self._store.now,
                                                    id="d-at"), name="at")
            yield FieldRow(t("field.kind"), ChoiceSelect(
                [(t(f"duty.kind.{k}"), k) for k in KINDS], value=self._value("kind", "call"),
                allow_blank=False, compact=True, id="d-kind"), name="kind")
            yield FieldRow(t("tui.duty.form.source"), TextInput(self._value("source"), max_length=100,
                                                                compact=True, id="d-source"), name="source")
            yield FieldRow(t("field.phone"), TextInput(self._value("phone"), max_length=30, compact=True,
                                                       id="d-phone"), name="phone")
            yield FieldRow(t("field.summary"), TextInput(self._value("summary"), max_length=200, compact=True,
                                                         id="d-summary"), name="summary")
            details = FieldRow(t("field.details"), TextArea(self._value("details"), compact=True,
                                                            soft_wrap=True, id="d-details"), name="details")
            details.add_class("-tall")  # a grid row sized "auto" would keep the text area one line high
            yield details
            yield FieldRow(t("field.importance"), ChoiceSelect(
                [(t(f"duty.importance.{i}"), i) for i in IMPORTANCE], value=self._value("importance", "normal"),
                allow_blank=False, compact=True, id="d-importance"), name="importance")
            yield FieldRow(t("field.action"), TextInput(self._value("action"), max_length=2000, compact=True,
                                                        id="d-action"), name="action")
            yield FieldRow(t("field.assignee"), TextInput(self._value("assignee"), max_length=60, compact=True,
                                                          id="d-assignee"), name="assignee")
            yield from self.extra_bottom()
            yield Static("", id="duty-form-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.prepare()
        self.remember_blank()
        self.offer_draft()

    def prepare(self) -> None:
        """Put the cursor where typing starts (Textual runs every class's on_mount,
        so the dialogs built on this one change this instead)."""
        self.query_one("#d-at", Input).focus()

    # reading -----------------------------------------------------------------------

    def form_data(self) -> dict[str, Any]:
        """What is typed, under the store's key names."""
        data: dict[str, Any] = {key: self.query_one(f"#d-{key}", Input).value for key in TEXT_FIELDS}
        data["kind"] = self.query_one("#d-kind", ChoiceSelect).value
        data["importance"] = self.query_one("#d-importance", ChoiceSelect).value
        data["details"] = self.query_one("#d-details", TextArea).text
        return data

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def form_changed(self, _event: Message) -> None:
        self.note_change()

    # drafts ------------------------------------------------------------------------

    def focus_start(self) -> None:
        self.prepare()

    async def load_draft(self, data: dict) -> None:
        """Fill the fields from a draft (or from the form's data as it opened)."""
        for key in (*TEXT_FIELDS, "reason"):
            if isinstance(data.get(key), str):
                self.query_one(f"#d-{key}", Input).value = data[key]
        for key in ("kind", "importance"):
            if isinstance(data.get(key), str):
                try:
                    self.query_one(f"#d-{key}", ChoiceSelect).value = data[key]
                except InvalidSelectValueError:
                    pass  # a kind this version no longer has: the form's own stays
        if isinstance(data.get("details"), str):
            self.query_one("#d-details", TextArea).text = data["details"]
        if isinstance(data.get("final"), bool):
            self.query_one("#duty-form-final", Checkbox).value = data["final"]

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter moves on, as on paper; Ctrl+S saves."""
        self.focus_next()

    # saving --------------------------------------------------------------------------

    def action_save(self) -> None:
        self.start_save(self.store_save, self.form_data())

    def store_save(self, data: dict) -> DutyEntry:
        """The store call that saves this form (run in a worker)."""
        return self._store.duty.add(self._operator, data)
