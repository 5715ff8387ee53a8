"""The slip after a save: what the visitor takes away. Export it as a text file
or send it to the configured print command."""

from __future__ import annotations

import subprocess

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.output.slips import print_file, visit_slip, write_slip
from frontdesk.store.visits.records import Visit
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.key_footer import KeyFooter


def export_slips(settings: Settings, visits: list[Visit], texts: list[str], print_after: bool,
                 printing: bool) -> tuple[str, bool]:
    """Save each slip as a file, and print them when ``print_after``; what to tell
    the clerk and whether it is a failure (``printing`` without ``print_after``:
    asked to print with no printer set, so the file is what there is)."""
    folder = settings.exports_path / "slips"
    try:
        paths = [write_slip(text, folder, v.number) for v, text in zip(visits, texts, strict=True)]
        if print_after:
            for path in paths:
                print_file(settings.print_command, path)
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or b"").decode(errors="replace").strip() or str(error.returncode)
        return t("tui.slip.print_failed", detail=detail), True
    except (OSError, subprocess.SubprocessError) as error:
        return t("tui.slip.write_failed", detail=str(error)), True
    key = ("tui.slip.printed" if print_after else "tui.slip.exported" if not printing
           else "tui.slip.no_printer")
    return t(key, path=str(paths[-1])), printing and not print_after


class SlipDialog(FrontdeskModal[None]):
    """The slips of the visits just saved (one, or one per visitor)."""

    CSS_PATH = "slip.tcss"
    TITLE_KEY = "tui.help.screen.slip"

    BINDINGS = [
        Binding("e", "export", "tui.key.export_slip", id="slip-export", tooltip="tui.tip.export_slip"),
        Binding("p", "print", "tui.key.print_slip", id="slip-print", tooltip="tui.tip.print_slip"),
        Binding("enter,escape", "close", "tui.key.next_visitor", id="slip-close",
                tooltip="tui.tip.next_visitor"),
    ]

    def __init__(self, visits: list[Visit], settings: Settings) -> None:
        super().__init__()
        self._settings = settings
        self._visits: list[Visit] = []
        self._texts: list[str] = []
        self._shown = 0
        """Raised each time other visits are shown: an export of earlier ones says nothing."""
        self._take(visits)

    def _take(self, visits: list[Visit]) -> None:
        self._visits = list(visits)
        self._texts = [
            visit_slip(v, office_name=self._settings.office_name, inquiry_phone=self._settings.inquiry_phone)
            for v in self._visits
        ]

    def _title(self) -> Text:
        return Text(t("tui.slip.saved", count=len(self._visits)))

    def _repeats(self) -> str:
        lines = []
        for v in self._visits:
            if v.repeat:
                lines.append(t("slip.repeat", number=v.previous_number, at=(v.previous_at or "")[:16]))
            if v.foreign_contact:
                # For the clerk, above the slip: the counterfoil below says it again.
                lines.append(t("slip.foreign"))
        return "\n".join(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="slip-box"):
            yield Static(self._title(), id="slip-title")
            repeats = self._repeats()
            line = Static(Text(repeats), classes="slip-repeat", id="slip-repeats")
            line.display = bool(repeats)
            yield line
            with VerticalScroll(id="slip-text"):
                yield Static(Text("\n".join(self._texts)), id="slip-body")
            yield Static("", id="slip-status")
        yield KeyFooter()

    def show_visits(self, visits: list[Visit]) -> SlipDialog:
        """The slips of other visits in this dialog (one kept to be shown again,
        tui/kept_dialog.py): as a new one would show them."""
        self._take(visits)
        self._shown += 1
        if not self.is_mounted:
            return self  # composed with them
        self.query_one("#slip-title", Static).update(self._title())
        repeats = self._repeats()
        line = self.query_one("#slip-repeats", Static)
        line.update(Text(repeats))
        line.display = bool(repeats)
        self.query_one("#slip-body", Static).update(Text("\n".join(self._texts)))
        self.query_one("#slip-text", VerticalScroll).scroll_home(animate=False, immediate=True)
        self._status("")
        self.query_one(KeyFooter).keys_for_next_showing()
        return self

    def action_export(self) -> None:
        self._export(self._visits, self._texts, self._shown, print_after=False)

    def slip_text(self) -> str:
        """The slips as shown."""
        return "\n".join(self._texts)

    def action_print(self) -> None:
        # Without a printer the slip is still kept, as a file the clerk can print elsewhere.
        self._export(self._visits, self._texts, self._shown, print_after=bool(self._settings.print_command),
                     printing=True)

    @work(thread=True, exit_on_error=False, group="slip")
    def _export(self, visits: list[Visit], texts: list[str], shown: int, print_after: bool,
                printing: bool = False) -> None:
        """Save the slips as files (``print_after``: and print them; ``printing``: the
        clerk asked to print, with no printer set)."""
        message, error = export_slips(self._settings, visits, texts, print_after, printing)
        self.app.call_from_thread(self._exported, shown, message, error)

    def _exported(self, shown: int, message: str, error: bool) -> None:
        if shown == self._shown:
            self._status(message, error=error)

    def _status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#slip-status", Static)
        status.update(Text(message))
        status.set_class(error, "-error")

    def action_close(self) -> None:
        self.dismiss(None)
