"""First use of a brand-new database: the first administrator is created here."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Footer, Input, Static

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.store import Operator, Store, StoreError, ValidationError
from frontdesk.store.operators import MIN_PASSWORD
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.widgets import FormField, FormScroll, TopBar, focus_field_after, show_field_errors


class FirstRunScreen(FrontdeskScreen[None]):
    """Walks the first person through creating the administrator, then signs them in."""

    CSS_PATH = "first_run.tcss"
    TITLE_KEY = "tui.help.screen.first_run"
    AUTO_FOCUS = "#first-name"

    @dataclass
    class AdminCreated(Message):
        """The administrator exists and has signed in."""

        operator: Operator

    @dataclass
    class Refused(Message):
        """The store refused a value; ``field`` names it when it is one field's fault."""

        field: str | None
        message: str
        bubble = False

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
            yield FormField(t("tui.first.name"), Input(id="first-name", max_length=32), name="name")
            yield FormField(
                t("tui.first.display_name"), Input(id="first-display-name", max_length=40),
                name="display_name",
            )
            hint = t("tui.form.password_hint", min=MIN_PASSWORD)
            yield FormField(
                t("tui.first.password"),
                Input(id="first-password", password=True, placeholder=hint, max_length=256),
                name="password",
            )
            yield FormField(
                t("tui.first.password_again"),
                Input(id="first-password-again", password=True, max_length=256),
                name="password_again",
            )
            yield Static("", id="first-message")
            yield Static(t("tui.first.hint"), id="first-hint", markup=False)
        yield Footer()

    @property
    def _fields(self) -> list[FormField]:
        return list(self.query(FormField))

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
        self.create_admin(
            self._value("first-name"), self._value("first-display-name"), self._value("first-password")
        )

    @work(thread=True, exit_on_error=False, group="first-run")
    def create_admin(self, name: str, display_name: str, password: str) -> None:
        operators = self._store.operators
        try:
            created = operators.create_first_admin(name, password, display_name)
            operator = operators.authenticate(created.name, password)
        except ValidationError as error:
            self.post_message(self.Refused(error.field, error.message))
        except StoreError as error:
            self.post_message(self.Refused(None, error.message))
        else:
            self.post_message(self.AdminCreated(operator))

    @on(Refused)
    def show_refusal(self, event: Refused) -> None:
        self._saving = False
        message = self.query_one("#first-message", Static)
        if show_field_errors(self._fields, event.field, event.message):
            message.update("")
        else:
            message.update(Text(event.message))

    @on(AdminCreated)
    def stop_saving(self) -> None:
        # The app signs the administrator in (the message bubbles on to it).
        self._saving = False
