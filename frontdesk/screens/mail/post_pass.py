"""Passing a registered item on: to whom, who signed for it, when."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from frontdesk.i18n import t
from frontdesk.store.mail.post import PostItem
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput


class PostPassDialog(FrontdeskModal[tuple[str, str, str] | None]):
    """Answers (to, signed by, at), or None; the store checks them."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.post_pass"

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.key.save", id="pass-save", tooltip="tui.tip.save"),
        Binding("escape", "cancel", "tui.key.cancel", id="pass-cancel", tooltip="tui.tip.cancel"),
    ]

    def __init__(self, item: PostItem, now: str) -> None:
        super().__init__()
        self._item = item
        self._now = now

    def compose(self) -> ComposeResult:
        item = self._item
        with Vertical(classes="mail-box -small"):
            yield Static(Text(t("tui.post.pass_title", number=item.number, tracking=item.tracking_number,
                                addressee=item.addressee)), classes="box-title")
            yield FieldRow(t("field.passed_to"), TextInput(item.addressee, max_length=100, compact=True,
                                                           id="pp-to"), name="passed_to")
            yield FieldRow(t("field.passed_signed_by"), TextInput("", max_length=40, compact=True,
                                                                  id="pp-signed_by"), name="passed_signed_by")
            yield FieldRow(t("field.passed_at"), TimeInput(self._now, field="passed_at", id="pp-at"),
                           name="passed_at")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#pp-signed_by", Input).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        position = inputs.index(event.input)
        if position + 1 < len(inputs):
            inputs[position + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.dismiss((self.query_one("#pp-to", Input).value, self.query_one("#pp-signed_by", Input).value,
                      self.query_one("#pp-at", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
