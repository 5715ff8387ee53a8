"""The operator dialog: a new operator, or a new password for one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Select, Static

from frontdesk.i18n import t
from frontdesk.output.labels import role_label
from frontdesk.store import Operator, Role, Store
from frontdesk.store.shared.operators import MIN_PASSWORD
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.controls import ChoiceSelect, FormScroll, focus_field_after, show_field_errors
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused


class OperatorDialog(FrontdeskModal[Operator | None]):
    """Without ``password_for``: a new operator (login name, full name, role,
    password twice). With it: a new password for that operator.

    Enter moves to the next field and saves from the last; Ctrl+S saves from
    anywhere. The save runs in a thread; a refusal shows under its field and
    the dialog stays open; a save dismisses with the operator as saved.
    """

    CSS_PATH = "operator_form.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.key.save", id="form-save", tooltip="tui.tip.save"),
        Binding("escape", "cancel", "tui.key.cancel", id="form-cancel", tooltip="tui.tip.cancel"),
    ]

    def __init__(self, store: Store, actor: Operator, password_for: Operator | None = None) -> None:
        super().__init__()
        self._store = store
        self._actor = actor
        self._password_for = password_for
        self._saving = False

    def compose(self) -> ComposeResult:
        target = self._password_for
        heading = (
            t("tui.form.add_title") if target is None
            else t("tui.form.password_title", name=target.label)
        )
        with FormScroll(id="form-box"):
            yield Static(Text(heading), id="form-title")
            if target is None:
                yield FieldRow(t("tui.form.name"), TextInput(id="form-name", max_length=32), name="name", wide=True)
                yield FieldRow(
                    t("tui.form.display_name"), TextInput(id="form-display-name", max_length=40),
                    name="display_name", wide=True,
                )
                roles = ChoiceSelect(
                    [(role_label(role), role.value) for role in Role], value=Role.RECEPTION.value,
                    allow_blank=False, id="form-role",
                )
                yield FieldRow(t("tui.form.role"), roles, name="role", wide=True)
            yield FieldRow(
                t("tui.form.password"),
                TextInput(id="form-password", password=True, max_length=256,
                          placeholder=t("tui.form.password_hint", min=MIN_PASSWORD)),
                name="password", wide=True,
            )
            yield FieldRow(
                t("tui.form.password_again"),
                TextInput(id="form-password-again", password=True, max_length=256),
                name="password_again", wide=True,
            )
            yield Static("", id="form-message")
        yield KeyFooter()

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    @on(Input.Submitted)
    def next_or_save(self, event: Input.Submitted) -> None:
        if not focus_field_after(self, event.input):
            self.action_save()

    @on(Select.Changed)
    def role_chosen(self, event: Select.Changed) -> None:
        # A role picked from the list moves on, as Enter does in a text field.
        if event.select.has_focus_within:
            # After the Select has taken the focus back from its list.
            self.call_after_refresh(focus_field_after, self, event.select)

    def action_save(self) -> None:
        if self._saving:
            return
        fields = list(self.query(FieldRow))
        for form_field in fields:
            form_field.clear_error()
        password = self._value("form-password")
        if password != self._value("form-password-again"):
            show_field_errors(fields, "password_again", t("err.password_mismatch"))
            return
        self._saving = True
        self.query_one("#form-message", Static).update(t("tui.form.saving"))
        # Both store calls answer the operator.
        if self._password_for is None:
            self.run_store("save", self._store.operators.add, self._actor, self._value("form-name"),
                           str(self.query_one("#form-role", Select).value), password,
                           self._value("form-display-name"), group="save")
        else:
            self.run_store("save", self._store.operators.set_password, self._actor, self._password_for.name,
                           password, group="save")

    @on(StoreRefused)
    def show_refusal(self, event: StoreRefused) -> None:
        self._saving = False
        message = self.query_one("#form-message", Static)
        field = getattr(event.error, "field", None)
        if show_field_errors(list(self.query(FieldRow)), field, event.error.message):
            message.update("")
        else:
            message.update(Text(event.error.message))

    @on(StoreDone)
    def close_saved(self, event: StoreDone) -> None:
        self.dismiss(event.result)

    def action_cancel(self) -> None:
        if not self._saving:
            self.dismiss(None)
