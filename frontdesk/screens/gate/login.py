"""The sign-in screen: the office's banner, a login name and a password."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.screens.gate.unencrypted import UnencryptedWarning, served_unencrypted
from frontdesk.store import Operator, Store
from frontdesk.tui.banner import banner
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused


class LoginScreen(FrontdeskScreen[None]):
    """An operator signs in; every attempt is audited by the store."""

    CSS_PATH = "login.tcss"
    TITLE_KEY = "tui.help.screen.login"
    AUTO_FOCUS = "#login-name"

    @dataclass
    class SignedIn(Message):
        """The name and password were right."""

        operator: Operator

    def __init__(self, store: Store, settings: Settings) -> None:
        super().__init__()
        self._store = store
        self._settings = settings
        self._checking = False

    def compose(self) -> ComposeResult:
        # Few widgets: this is the first screen, and each one delays it. The
        # banner's lines are padded to one width so centring keeps its shape.
        drawn = banner("frontdesk").splitlines()
        width = max(map(len, drawn), default=0)
        with Vertical(id="login-box"):
            yield Static(Text("\n".join(line.ljust(width) for line in drawn)), id="login-banner")
            yield Static(Text(self._settings.office_name), id="login-office")
            yield Static(t("tui.login.title"), id="login-title", markup=False)
            with Horizontal(classes="login-row"):
                yield Label(Text(t("tui.login.name")))
                yield TextInput(id="login-name", max_length=64)
            with Horizontal(classes="login-row"):
                yield Label(Text(t("tui.login.password")))
                yield TextInput(id="login-password", password=True, max_length=256)
            yield Static("", id="login-message")
            yield Static(t("tui.login.hint"), id="login-hint", markup=False)
            if served_unencrypted():  # frontdesk serve --insecure-http
                yield UnencryptedWarning(id="login-insecure")
        yield KeyFooter()

    @on(Input.Submitted, "#login-name")
    def name_entered(self) -> None:
        if self.query_one("#login-password", Input).value:
            self.submit()
        else:
            self.query_one("#login-password", Input).focus()

    @on(Input.Submitted, "#login-password")
    def submit(self) -> None:
        """Check the name and password (in a thread: a busy database may wait)."""
        if self._checking:
            return
        self._checking = True
        self._show_message(t("tui.login.checking"), error=False)
        self.run_store(
            "sign-in", self._store.operators.authenticate,
            self.query_one("#login-name", Input).value,
            self.query_one("#login-password", Input).value,
            group="login",
        )

    @on(StoreDone)
    def signed_in(self, event: StoreDone) -> None:
        self.post_message(self.SignedIn(event.result))

    @on(StoreRefused)
    def show_refusal(self, event: StoreRefused) -> None:
        self._checking = False
        self._show_message(event.error.message, error=True)
        password = self.query_one("#login-password", Input)
        password.clear()
        password.focus()

    @on(SignedIn)
    def stop_checking(self) -> None:
        # The app takes it from here (the message bubbles on to it); the password
        # is not kept on a screen that is about to go.
        self._checking = False
        self.query_one("#login-password", Input).clear()

    def _show_message(self, message: str, *, error: bool) -> None:
        line = self.query_one("#login-message", Static)
        line.update(Text(message))
        line.set_class(error, "-error")
