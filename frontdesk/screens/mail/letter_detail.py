"""One letter in full, as the operator's role may see it; the mail room records
the handling, returns enclosures and closes the letter from here."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.output.mail_text import letter_lines
from frontdesk.screens.mail.enclosure_return import EnclosureReturnDialog
from frontdesk.screens.mail.letter_close import LetterCloseDialog
from frontdesk.screens.mail.letter_handling import LetterHandlingDialog
from frontdesk.store import Operator, Store
from frontdesk.store.mail.letters import Letter
from frontdesk.store.shared.permissions import allowed
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.workers import StoreDone, StoreRefused

# What the status line says after each change (the plain load says nothing).
NOTICES = {"handle": "tui.letter.handled", "return": "tui.letter.returned", "close": "tui.letter.closed"}


class LetterDetailDialog(FrontdeskModal[None]):
    """A letter's record; ``saved`` when it was just registered."""

    CSS_PATH = "mail_modals.tcss"
    TITLE_KEY = "tui.help.screen.letter_detail"

    BINDINGS = [
        Binding("h", "handle", "tui.key.letter_handle", id="letter-detail-handle",
                tooltip="tui.tip.letter_handle"),
        Binding("r", "return_enclosure", "tui.key.return_enclosure", id="letter-detail-return",
                tooltip="tui.tip.return_enclosure"),
        Binding("c", "close_letter", "tui.key.close_letter", id="letter-detail-close-letter",
                tooltip="tui.tip.close_letter"),
        Binding("escape,enter", "dismiss_detail", "tui.key.close", id="letter-detail-close",
                tooltip="tui.tip.close"),
    ]

    def __init__(self, store: Store, operator: Operator, number: str, *, units: tuple[str, ...] = (),
                 saved: bool = False, letter: Letter | None = None, note: str = "") -> None:
        super().__init__()
        self._units = units
        self._store = store
        self._operator = operator
        self._take(number, saved, letter, note)

    def _take(self, number: str, saved: bool, letter: Letter | None, note: str) -> None:
        given = letter if letter is not None and allowed(self._operator.role, "letter.read") else None
        self._number = number
        self._saved = saved
        # A letter just saved is shown on a plain background (mail_modals.tcss): the form
        # behind it is done with, and drawing it dimmed under the record would be most of
        # the save's time.
        self.set_class(saved, "-saved")
        self._note = note
        self.letter: Letter | None = given
        """The letter shown; the one just saved is shown at once to who may read it."""

    def show_record(self, number: str, *, saved: bool = False, letter: Letter | None = None,
                    note: str = "") -> LetterDetailDialog:
        """Another letter in this dialog (one kept to be shown again, tui/kept_dialog.py),
        as a new dialog would show it; what was asked for the one before answers nothing."""
        self.workers.cancel_node(self)
        self._take(number, saved, letter, note)
        if self.is_mounted:
            self.query_one(".mail-scroll", VerticalScroll).scroll_home(animate=False, immediate=True)
            self._status("")
            self.on_mount()
            self.query_one(KeyFooter).keys_for_next_showing()
        return self

    def compose(self) -> ComposeResult:
        with Vertical(classes="mail-box"):
            yield Static("", id="detail-title")
            with VerticalScroll(classes="mail-scroll"):
                yield Static("", id="detail-text")
            yield Static("", id="detail-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        if not self._number:
            return  # built ahead, blank: a letter comes with ``show_record``
        if self.letter is not None:
            self._show(self.letter, "load")
            return
        self.run_store("load", self._store.letters.get, self._operator, self._number,
                       group="load", exclusive=True)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("handle", "return_enclosure", "close_letter"):
            if not allowed(self._operator.role, "letter.handle"):
                return False
            return self.letter is not None and self.letter.closed_at is None
        return True

    @on(StoreDone)
    def show_letter(self, event: StoreDone) -> None:
        self._show(event.result, event.request)

    def _show(self, letter: Letter, request: str) -> None:
        self.letter = letter
        title = t("tui.letter.saved", number=letter.number) if self._saved else letter.number
        if letter.repeat:
            title += "  " + t("mail.repeat", number=letter.previous_number,
                              at=(letter.previous_at or "")[:16])
        self.query_one("#detail-title", Static).update(Text(title))
        self.query_one("#detail-text", Static).update(Text("\n".join(letter_lines(letter))))
        self._status(t(NOTICES[request]) if request in NOTICES else self._note)
        self.refresh_bindings()

    @on(StoreRefused)
    def show_failure(self, event: StoreRefused) -> None:
        self._status(event.error.message, error=True)

    def _status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#detail-status", Static)
        status.update(Text(message))
        status.set_class(error, "-error")

    def action_handle(self) -> None:
        if self.letter is not None:
            self.app.push_screen(LetterHandlingDialog(self.letter, self._units),
                                 self._handling_given)

    def _handling_given(self, data: dict | None) -> None:
        if data:
            self.run_store("handle", self._store.letters.handle, self._operator, self._number, data,
                           group="save")

    def action_return_enclosure(self) -> None:
        if self.letter is None:
            return
        held = self.letter.held_enclosures
        if not held:
            self._status(t("tui.letter.nothing_held"))
            return
        self.app.push_screen(EnclosureReturnDialog(held), self._returned)

    def _returned(self, answer: tuple[int, str, str] | None) -> None:
        if answer:
            position, how, note = answer
            self.run_store("return", self._store.letters.return_enclosure, self._operator, self._number,
                           position, how, note, group="save")

    def action_close_letter(self) -> None:
        """Ask for the outcome; a letter the rules keep open (no handling yet, an
        enclosure still held) hears why at once, without the question."""
        letter = self.letter
        if letter is None:
            return
        if letter.proposal is None or letter.held_enclosures:
            self.run_store("close", self._store.letters.close, self._operator, self._number, group="save")
            return
        self.app.push_screen(LetterCloseDialog(self._store, self._operator, letter), self._after_close)

    def _after_close(self, letter: Letter | None) -> None:
        if letter is not None:
            self._show(letter, "close")

    def action_dismiss_detail(self) -> None:
        self.dismiss(None)
