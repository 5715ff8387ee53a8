"""First use of a brand-new database: the first administrator is created here."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Static

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.screens.gate.unencrypted import UnencryptedWarning, served_unencrypted
from frontdesk.store import Operator, Store
from frontdesk.store.shared.operators import MIN_PASSWORD
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.widgets.controls import FormScroll, TopBar, focus_field_after, show_field_errors
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused


class FirstRunScreen(FrontdeskScreen[None]):
    """Walks the first person through creating the administrator, then signs them in."""

    CSS_PATH = "first_run.tcss"
    TITLE_KEY = "tui.help.screen.first_run"
    AUTO_FOCUS = "#first-name"

    @dataclass
    class AdminCreated(Message):
        """The administrator exists and has signed in."""

        operator: Operator

    def __init__(self, store: Store, settings: Settings) -> None:
        super().__init__()
        self._store = store
        self._settings = settings
        self._saving = False

    def compose(self) -> ComposeResult:
        yield TopBar(self.title_text, self._settings.office_name)
        with FormScroll(id="first-box"):
            yield Static(t("tui.first.title"), id="first-title", markup=False)
            yield Static(t("tui.first.intro"), id="first-intro", markup=False)
            yield Static(Text(t("tui.first.database", path=str(self._store.path))), id="first-database")
            yield FieldRow(t("tui.first.name"), TextInput(id="first-name", max_length=32), name="name", wide=True)
            yield FieldRow(
                t("tui.first.display_name"), TextInput(id="first-display-name", max_length=40),
                name="display_name", wide=True,
            )
            hint = t("tui.form.password_hint", min=MIN_PASSWORD)
            yield FieldRow(
                t("tui.first.password"),
                TextInput(id="first-password", password=True, placeholder=hint, max_length=256),
                name="password", wide=True,
            )
            yield FieldRow(
                t("tui.first.password_again"),
                TextInput(id="first-password-again", password=True, max_length=256),
                name="password_again", wide=True,
            )
            yield Static("", id="first-message")
            yield Static(t("tui.first.hint"), id="first-hint", markup=False)
            if served_unencrypted():  # frontdesk serve --insecure-http
                yield UnencryptedWarning(id="first-insecure")
        yield KeyFooter()

    @property
    def _fields(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    @on(Input.Submitted)
    def next_or_submit(self, event: Input.Submitted) -> None:
        if not focus_field_after(self, event.input):
            self.submit()

    def submit(self) -> None:
        if self._saving:
            return
        for form_field in self._fields:
            form_field.clear_error()
        if self._value("first-password") != self._value("first-password-again"):
            show_field_errors(self._fields, "password_again", t("err.password_mismatch"))
            return
        self._saving = True
        self.query_one("#first-message", Static).update(t("tui.first.creating"))
        self.run_store(
            "create", self._create_admin,
            self._value("first-name"), self._value("first-display-name"), self._value("first-password"),
            group="save",
        )

    def _create_admin(self, name: str, display_name: str, password: str) -> Operator:
        """The administrator, created and signed in (in the worker)."""
        operators = self._store.operators
        created = operators.create_first_admin(name, password, display_name)
        return operators.authenticate(created.name, password)

    @on(StoreDone)
    def created(self, event: StoreDone) -> None:
        self.post_message(self.AdminCreated(event.result))

    @on(StoreRefused)
    def show_refusal(self, event: StoreRefused) -> None:
        self._saving = False
        message = self.query_one("#first-message", Static)
        field = getattr(event.error, "field", None)
        if show_field_errors(self._fields, field, event.error.message):
            message.update("")
        else:
            message.update(Text(event.error.message))

    @on(AdminCreated)
    def stop_saving(self) -> None:
        # The app signs the administrator in (the message bubbles on to it).
        self._saving = False
