"""Recording the next step of a matter: the step chosen first, then only the
fields that step takes (``store.matters.rules.step_keys``); Ctrl+S saves, and a
step out of order is refused with the rule it breaks."""

from __future__ import annotations

from datetime import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from frontdesk.i18n import t
from frontdesk.store import Operator, Store
from frontdesk.store.matters import rules
from frontdesk.store.matters.records import Matter
from frontdesk.tui.record_dialog import RecordDialog, save_and_cancel
from frontdesk.tui.widgets.controls import ChoiceSelect
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput

TEXT_KEYS = ("unit", "document_no", "to", "text", "reason", "days", "told_at", "summary")
FIELD_LABELS = {"to": "field.to", "text": "field.text", "summary": "field.summary", "unit": "field.unit"}


def next_step(matter: Matter) -> str:
    """The step an operator most likely records next, offered first."""
    return {
        "registered": "transfer", "returned": "transfer", "submitted": "instruction",
        "transferred": "accept", "assigned": "accept", "accepted": "answer",
        "review_requested": "review_answer", "recheck_requested": "recheck_answer",
        "declined": "review_request", "reviewed": "close",
    }.get(matter.status, "report" if matter.state.report_owed else "close")


class StepDialog(RecordDialog[Matter | None]):
    """Dismisses with the matter after the step, or None."""

    CSS_PATH = "matter_step.tcss"
    TITLE_KEY = "tui.matter.step_title"
    BINDINGS = save_and_cancel("matter-step")
    GENERAL_BOX = "#step-message"

    def __init__(self, store: Store, operator: Operator, matter: Matter, *, units: tuple[str, ...] = ()) -> None:
        """``units``: the office's units, offered as the unit is typed (→ takes the
        one shown)."""
        super().__init__(store, operator)
        self._matter = matter
        self._units = units

    def compose(self) -> ComposeResult:
        matter = self._matter
        with Vertical(id="step-box"):
            yield Static(Text(t("tui.matter.step_of", number=matter.number,
                                status=t(f"matter.status.{matter.status}"))), id="step-title")
            yield FieldRow(t("field.step"), ChoiceSelect(
                [(t(f"matter.step.{name}"), name) for name in rules.STEPS], value=next_step(matter),
                allow_blank=False, id="step-name"), name="step", wide=True)
            for key in TEXT_KEYS:
                label = t(FIELD_LABELS.get(key, f"field.{key}"))
                control: Input
                if key == "told_at":
                    control = TimeInput(field="told_at", clock=self._store.now, id="step-told_at")
                else:
                    units = SuggestFromList(self._units) if key == "unit" and self._units else None
                    control = TextInput(compact=True, max_length=2000 if key in ("summary", "reason", "text") else 60,
                                        id=f"step-{key}", suggester=units)
                yield FieldRow(label, control, name=key, wide=True).add_class("-flat")
            yield FieldRow(t("field.how"), ChoiceSelect(
                [(t(f"matter.how.{how}"), how) for how in rules.CHASE_HOW], value="phone", allow_blank=False,
                id="step-how"), name="how", wide=True)
            # A day alone is the day's start, as the store reads it.
            yield FieldRow(t("tui.matter.step_at"), TimeInput(field="at", clock=self._store.now, id="step-at",
                                                              default_time=time(0, 0),
                                                              placeholder=t("tui.matter.step_at_hint")),
                           name="at", wide=True).add_class("-flat")
            yield Static("", id="step-message")

    def on_mount(self) -> None:
        self._show_fields(next_step(self._matter))
        self.query_one("#step-name", ChoiceSelect).focus()

    @on(ChoiceSelect.Changed, "#step-name")
    def step_chosen(self, event: ChoiceSelect.Changed) -> None:
        if isinstance(event.value, str):
            self._show_fields(event.value)

    def _show_fields(self, step: str) -> None:
        wanted = set(rules.step_keys(step))
        for row in self.query(FieldRow):
            if row.name not in ("step", "at"):
                row.display = row.name in wanted

    def form_data(self) -> dict:
        step = self.query_one("#step-name", ChoiceSelect).value
        data: dict = {"step": step}
        if not isinstance(step, str):
            return data
        for key in rules.step_keys(step):
            if key == "how":
                data["how"] = self.query_one("#step-how", ChoiceSelect).value
            else:
                value = self.query_one(f"#step-{key}", Input).value.strip()
                if value:
                    data[key] = value
        at = self.query_one("#step-at", Input).value.strip()
        if at:
            data["at"] = at
        return data

    def action_save(self) -> None:
        self.start_save(self._store.matters.step, self._operator, self._matter.number, self.form_data())
