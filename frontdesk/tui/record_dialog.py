"""Record forms in a dialog (a duty entry, a post item, a document, a step of a
matter …), and the keys every form shares: Ctrl+S saves, Esc cancels, Ctrl+D
discards (tui/record_form.py holds what every record form shares)."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from frontdesk.i18n import t
from frontdesk.screens.confirm import ConfirmDialog
from frontdesk.store import Operator, Store
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.record_form import RecordForm

DialogResult = TypeVar("DialogResult")


def discard_key(prefix: str) -> BindingType:
    """The discard key of a form that keeps a draft, the same on every form (id
    ``PREFIX-discard``). Priority: a text field's own Ctrl+D (delete right) gives way."""
    return Binding("ctrl+d", "discard", "tui.key.discard", id=f"{prefix}-discard",
                   tooltip="tui.tip.discard", priority=True)


def save_and_cancel(prefix: str) -> list[BindingType]:
    """A form dialog's two keys: Ctrl+S saves, Esc cancels (ids ``PREFIX-save`` and
    ``PREFIX-cancel``, as the help screen lists them)."""
    return [
        Binding("ctrl+s", "save", "tui.key.save", id=f"{prefix}-save", tooltip="tui.tip.save"),
        Binding("escape", "cancel", "tui.key.cancel", id=f"{prefix}-cancel", tooltip="tui.tip.cancel"),
    ]


class RecordDialog(RecordForm, FrontdeskModal[DialogResult]):
    """A record form in a dialog over a screen: it dismisses with the saved record, or
    None when cancelled. Refusals without a field of their own stay in the general box."""

    HIDE_EMPTY_GENERAL = False

    def __init__(self, store: Store, operator: Operator) -> None:
        super().__init__()
        self._store = store
        self._operator = operator
        self.init_record_form()

    def saved(self, result: Any) -> None:
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Esc closes the dialog. What is typed is never lost silently: a form with a
        draft keeps it (and says so), one without asks first."""
        if not self.dirty:
            self.dismiss(None)
        elif self.DRAFT_FORM is not None:
            self.notify(t("tui.draft.kept", form=self.form_name), markup=False)
            self.dismiss(None)
        else:
            self.app.push_screen(ConfirmDialog(t("tui.draft.leave_question", form=self.form_name)),
                                 self._leave_answered)

    def _leave_answered(self, yes: bool | None) -> None:
        if yes:
            self._typed = None
            self.dismiss(None)

    def enter_moves_on(self, event: Input.Submitted) -> None:
        """Enter moves to the next field, as on paper; in the last one it saves."""
        inputs = list(self.query(Input))
        position = inputs.index(event.input)
        if position + 1 < len(inputs):
            inputs[position + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        """Each dialog saves through its own store call (``start_save``)."""
        raise NotImplementedError
