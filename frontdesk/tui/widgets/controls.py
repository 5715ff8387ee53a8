"""Small widgets every screen shares: the top bar, a form's frame and its field helpers."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Select, Static
from textual.widgets._select import SelectOverlay

from frontdesk.i18n import t
from frontdesk.output.labels import role_label
from frontdesk.store import Operator
from frontdesk.tui.widgets.field_row import FieldRow


def operator_text(operator: Operator) -> Text:
    """The operator's name and role, as typed (never read as markup)."""
    return Text(t("tui.bar.operator", name=operator.label, role=role_label(operator.role)))


class TopBar(Horizontal):
    """One line over a screen: where the operator is, the office, who is signed in."""

    DEFAULT_CSS = """
    TopBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        #bar-title { width: auto; padding: 0 1; text-style: bold; color: $text-primary; }
        #bar-office { width: 1fr; content-align: center middle; color: $text-muted; }
        #bar-operator { width: auto; padding: 0 1; }
    }
    """

    def __init__(self, title: str, office: str, operator: Operator | None = None) -> None:
        super().__init__()
        self._title = title
        self._office = office
        self._operator = operator

    def compose(self) -> ComposeResult:
        yield Static(Text(self._title), id="bar-title")
        yield Static(Text(self._office), id="bar-office")
        if self._operator is not None:
            yield Static(operator_text(self._operator), id="bar-operator")


class ChoiceSelect(Select):
    """Textual's Select, with the one key its open list shows in the footer
    (Esc) described in the operator's language: the list widget is built
    inside Select and its English binding cannot be set from outside."""

    def on_mount(self) -> None:
        overlay = self.query_one(SelectOverlay)
        overlay._bindings = BindingsMap.from_keys(
            {
                key: [
                    replace(binding, description=t("tui.key.close"), id="select-close")
                    if binding.action == "dismiss" else binding
                    for binding in bindings
                ]
                for key, bindings in overlay._bindings.key_to_bindings.items()
            }
        )


class FormScroll(VerticalScroll, can_focus=False):
    """A form's frame: scrolls to the focused field on small terminals, and is
    itself never a stop on the Tab round."""


def focus_field_after(screen: Screen, control: Widget) -> bool:
    """Focus the form field after ``control``; False if it is the last."""
    controls = [row.control for row in screen.query(FieldRow)]
    position = controls.index(control) if control in controls else len(controls)
    if position + 1 >= len(controls):
        return False
    controls[position + 1].focus()
    return True


def show_field_errors(fields: list[FieldRow], field: str | None, message: str) -> bool:
    """Put ``message`` under the field named ``field``; False if no field has that name."""
    for form_field in fields:
        if form_field.name == field:
            form_field.show_error(message)
            form_field.control.focus()
            return True
    return False
