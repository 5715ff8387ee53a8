"""Returning an enclosure to the sender: which one, how, a note (the time is
now and the clerk is who did it)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from frontdesk.i18n import t
from frontdesk.output.mail_text import enclosure_text
from frontdesk.store.mail.letter_rules import RETURN_METHODS
from frontdesk.store.mail.letters import Enclosure
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.controls import ChoiceSelect
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput


class EnclosureReturnDialog(FrontdeskModal[tuple[int, str, str] | None]):
    """Answers (position from 1, how, note), or None."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.enclosure_return"

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.key.save", id="return-save", tooltip="tui.tip.save"),
        Binding("escape", "cancel", "tui.key.cancel", id="return-cancel", tooltip="tui.tip.cancel"),
    ]

    def __init__(self, held: tuple[Enclosure, ...]) -> None:
        super().__init__()
        self._held = held

    def compose(self) -> ComposeResult:
        with Vertical(classes="mail-box -small"):
            yield Static(Text(t("tui.letter.return_title")), classes="box-title")
            yield FieldRow(t("field.enclosure"),
                           ChoiceSelect([(enclosure_text(e), e.position + 1) for e in self._held],
                                  value=self._held[0].position + 1, allow_blank=False, compact=True,
                                  id="r-enclosure"), name="enclosure")
            yield FieldRow(t("field.returned_how"),
                           ChoiceSelect([(t(f"returned_how.{h}"), h) for h in RETURN_METHODS], value="registered",
                                  allow_blank=False, compact=True, id="r-how"), name="returned_how")
            yield FieldRow(t("field.return_note"), TextInput("", max_length=200, compact=True, id="r-note",
                                                             placeholder=t("tui.letter.note_hint")),
                           name="return_note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#r-enclosure", Select).focus()

    def action_save(self) -> None:
        enclosure = self.query_one("#r-enclosure", Select).value
        if not isinstance(enclosure, int):  # never blank (allow_blank=False)
            return
        self.dismiss((enclosure,
                      str(self.query_one("#r-how", Select).value),
                      self.query_one("#r-note", Input).value))

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)
