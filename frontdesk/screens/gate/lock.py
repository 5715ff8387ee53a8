"""The locked screen: nothing personal is mounted, only who may unlock it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.screens.gate.unencrypted import UnencryptedWarning, served_unencrypted
from frontdesk.store import Operator, Store
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused


class LockScreen(FrontdeskScreen[None]):
    """Shows the office, the locked operator's name and a password field."""

    CSS_PATH = "lock.tcss"
    TITLE_KEY = "tui.help.screen.lock"
    AUTO_FOCUS = "#lock-password"

    BINDINGS = [
        Binding(
            "ctrl+o", "switch_operator", "tui.key.switch_operator",
            id="switch-operator", tooltip="tui.tip.switch_operator",
        ),
    ]

    @dataclass
    class Unlocked(Message):
        """The locked operator typed their password."""

        operator: Operator

    class OperatorSwitchRequested(Message):
        """Someone else wants to sign in instead."""

    def __init__(self, store: Store, settings: Settings, operator: Operator) -> None:
        super().__init__()
        self._store = store
        self._settings = settings
        self._operator = operator
        self._checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Static(t("tui.lock.title"), id="lock-title", markup=False)
            yield Static(Text(self._settings.office_name), id="lock-office")
            yield Static(Text(t("tui.lock.operator", name=self._operator.label)), id="lock-operator")
            yield FieldRow(
                t("tui.login.password"),
                TextInput(id="lock-password", password=True, max_length=256),
                name="password", wide=True,
            )
            yield Static(t("tui.lock.prompt"), id="lock-message", markup=False)
            if served_unencrypted():  # frontdesk serve --insecure-http
                yield UnencryptedWarning(id="lock-insecure")
        yield KeyFooter()

    @on(Input.Submitted, "#lock-password")
    def submit(self, event: Input.Submitted) -> None:
        if self._checking:
            return
        self._checking = True
        self.run_store("unlock", self._refusal, event.value, group="unlock")

    def _refusal(self, password: str) -> str | None:
        """None when ``password`` is right, else why the screen stays locked (in the worker)."""
        operators = self._store.operators
        if operators.check_password(self._operator, password):
            return None
        # check_password answers only yes or no; say why when it is not the password.
        current = operators.get(self._operator.name)
        until = operators.locked_until(self._operator.name)
        if current is None or current.disabled:
            return t("err.operator_disabled", name=self._operator.name)
        if until is not None:
            return t("err.locked_out", until=until.strftime("%H:%M"))
        return t("tui.lock.wrong")

    @on(StoreDone)
    def checked(self, event: StoreDone) -> None:
        if event.result is None:
            self.post_message(self.Unlocked(self._operator))
        else:
            self.show_refusal(event.result)

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        self.show_refusal(event.error.message)

    def show_refusal(self, message: str) -> None:
        self._checking = False
        line = self.query_one("#lock-message", Static)
        line.update(Text(message))
        line.add_class("-error")
        password = self.query_one("#lock-password", Input)
        password.clear()
        password.focus()

    @on(Unlocked)
    def stop_checking(self) -> None:
        self._checking = False

    def action_switch_operator(self) -> None:
        self.post_message(self.OperatorSwitchRequested())
