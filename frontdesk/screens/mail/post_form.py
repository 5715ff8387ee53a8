"""Signing in a registered item (挂号件): tracking number, sender, addressee,
when it came, who signed for it at the mail room."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from frontdesk.i18n import t
from frontdesk.store.mail.post import PostItem
from frontdesk.tui.record_dialog import RecordDialog, discard_key, save_and_cancel
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput

FIELDS = (("tracking_number", "tracking_number", 60), ("post_sender", "sender", 100),
          ("post_addressee", "addressee", 100), ("received_at", "received_at", 19),
          ("post_signed_by", "signed_by", 40))


class PostFormDialog(RecordDialog[PostItem | None]):
    """Answers the saved item, or None."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.post_form"

    BINDINGS = [*save_and_cancel("post"), discard_key("post")]

    DRAFT_FORM = "post"
    GENERAL_BOX = ".box-note"

    def compose(self) -> ComposeResult:
        now = self._store.now().strftime("%Y-%m-%d %H:%M")
        with Vertical(classes="mail-box -small"):
            yield Static(Text(t("tui.help.screen.post_form")), classes="box-title")
            for field, key, length in FIELDS:
                value = now if key == "received_at" else self._operator.label if key == "signed_by" else ""
                control = (TimeInput(value, field=field, clock=self._store.now, id=f"p-{key}")
                           if key == "received_at"
                           else TextInput(value, max_length=length, compact=True, id=f"p-{key}"))
                yield FieldRow(t(f"field.{field}"), control, name=field)
            yield Static("", classes="box-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.focus_start()
        self.remember_blank()
        self.offer_draft()

    def focus_start(self) -> None:
        self.query_one("#p-tracking_number", Input).focus()

    def values(self) -> dict:
        return {key: self.query_one(f"#p-{key}", Input).value for _f, key, _n in FIELDS}

    def form_data(self) -> dict:
        return self.values()

    async def load_draft(self, data: dict) -> None:
        for _f, key, _n in FIELDS:
            if isinstance(data.get(key), str):
                self.query_one(f"#p-{key}", Input).value = data[key]

    @on(Input.Changed)
    def form_changed(self) -> None:
        self.note_change()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        self.enter_moves_on(event)

    def action_save(self) -> None:
        self.start_save(self._store.post.register, self._operator, self.values())
