"""The proposed handling of a letter (拟办意见), given after registration."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from frontdesk.i18n import t
from frontdesk.screens.mail.letter_parts import blank_to_none
from frontdesk.store.mail.letter_rules import NO_TRANSFER_REASONS, PROPOSALS
from frontdesk.store.mail.letters import Letter
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.controls import ChoiceSelect
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput


class LetterHandlingDialog(FrontdeskModal[dict | None]):
    """Answers the handling as the store's keys, or None."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.letter_handling"

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.key.save", id="handling-save", tooltip="tui.tip.save"),
        Binding("escape", "cancel", "tui.key.cancel", id="handling-cancel", tooltip="tui.tip.cancel"),
    ]

    def __init__(self, letter: Letter, units: tuple[str, ...]) -> None:
        super().__init__()
        self._letter = letter
        self._units = units

    def compose(self) -> ComposeResult:
        letter = self._letter
        with Vertical(classes="mail-box -small"):
            yield Static(Text(t("tui.letter.handling_for", number=letter.number, subject=letter.subject,
                                due=letter.due_date)), classes="box-title")
            yield FieldRow(t("field.proposal"),
                           ChoiceSelect([(t(f"proposal.{p}"), p) for p in PROPOSALS], compact=True,
                                  value=letter.proposal or Select.NULL,
                                  prompt=t("tui.visit.choose"), id="h-proposal"), name="proposal")
            yield FieldRow(t("field.transfer_to"),
                           ChoiceSelect([(u, u) for u in self._units], compact=True,
                                  prompt=t("tui.visit.choose"), id="h-transfer_to"), name="transfer_to")
            yield FieldRow(t("field.no_transfer_reason"),
                           ChoiceSelect([(t(f"no_transfer.{r}"), r) for r in NO_TRANSFER_REASONS], compact=True,
                                  prompt=t("tui.visit.choose"), id="h-reason"), name="no_transfer_reason")
            yield FieldRow(t("field.opinion"), TextInput(letter.opinion, max_length=2000, compact=True,
                                                         id="h-opinion"), name="opinion")
            if letter.names_accused:
                yield Static(Text(t("tui.letter.accusation_hint")), classes="box-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#h-proposal", Select).focus()

    def action_save(self) -> None:
        self.dismiss({
            "proposal": blank_to_none(self.query_one("#h-proposal", Select).value),
            "transfer_to": blank_to_none(self.query_one("#h-transfer_to", Select).value),
            "no_transfer_reason": blank_to_none(self.query_one("#h-reason", Select).value),
            "opinion": self.query_one("#h-opinion", Input).value,
        })

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)
