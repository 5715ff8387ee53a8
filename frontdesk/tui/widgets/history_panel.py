"""The side panel of earlier records: what the office already has for the people
being typed in (visits, letters, duty-room calls), newest first.

Definite matches (same ID number, or same phone and name) come first; possible
ones (same name, or same phone with another name) follow, marked as such. The
operator can mark one record as the same matter (同一事项).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from frontdesk.i18n import t
from frontdesk.output.labels import sealed_text
from frontdesk.store.shared.people import PersonHistory, PriorRecord
from frontdesk.tui.bindings import TranslatedBindings


class HistoryList(TranslatedBindings, OptionList):
    """The records; space or enter marks the highlighted one as the same matter."""

    BINDINGS = [
        Binding("space,m", "mark", "tui.key.mark_same", id="history-mark",
                tooltip="tui.tip.mark_same"),
    ]

    @dataclass
    class MarkToggled(Message):
        record: PriorRecord

    def action_mark(self) -> None:
        if self.highlighted is None:
            return
        option = self.get_option_at_index(self.highlighted)
        record = getattr(option, "record", None)
        if record is not None:
            self.post_message(self.MarkToggled(record))


class _RecordOption(Option):
    def __init__(self, record: PriorRecord, prompt: Text) -> None:
        super().__init__(prompt)
        self.record = record


def record_text(record: PriorRecord, *, possible: bool, marked: bool) -> Text:
    """Two lines: channel, number, date; then subject and where it went."""
    text = Text()
    text.append("★ " if marked else "", style="bold")
    text.append(t(f"channel.{record.channel}"), style="bold")
    text.append(f" {record.number} {record.at[:10]}")
    if possible:
        text.append(" " + t("tui.history.possible"), style="italic")
    text.append("\n  " + (sealed_text(record.channel) if record.sealed else record.subject))
    if record.transferred_to:
        text.append(" → " + record.transferred_to)
    return text


class HistoryPanel(Vertical):
    """Earlier records of the people on the form."""

    DEFAULT_CSS = """
    HistoryPanel {
        height: 1fr;
        border-left: vkey $primary-muted;
        padding: 0 0 0 1;
        #history-title { text-style: bold; color: $text-primary; }
        #history-summary { color: $text-muted; }
        #history-summary.-repeat { color: $text-warning; text-style: bold; }
        HistoryList { height: 1fr; border: none; padding: 0; }
    }
    """

    def __init__(self) -> None:
        super().__init__(id="history")
        self.history = PersonHistory((), ())
        self.marked: PriorRecord | None = None

    def same_matter(self) -> dict | None:
        """The record marked as the same matter, as a form sends it to the store."""
        if self.marked is None:
            return None
        return {"channel": self.marked.channel, "number": self.marked.number}

    def compose(self) -> ComposeResult:
        yield Static(t("tui.history.title"), id="history-title")
        yield Static(t("tui.history.empty"), id="history-summary")
        yield HistoryList(id="history-list")

    def show(self, history: PersonHistory) -> None:
        """Replace the list with ``history``; a marked record stays marked if still listed."""
        self.history = history
        listed = {(r.channel, r.number) for r in history.definite + history.possible}
        if self.marked and (self.marked.channel, self.marked.number) not in listed:
            self.marked = None
        self._fill()

    def toggle(self, record: PriorRecord) -> None:
        same = self.marked and (self.marked.channel, self.marked.number) == (record.channel, record.number)
        self.marked = None if same else record
        self._fill()

    def _fill(self) -> None:
        history = self.history
        summary = self.query_one("#history-summary", Static)
        earlier = history.earlier_visit
        if earlier is not None:
            words = t("tui.history.repeat", number=earlier.number, at=earlier.at[:16])
        elif history.definite:
            words = t("tui.history.found", count=len(history.definite))
        elif history.possible:
            words = t("tui.history.only_possible", count=len(history.possible))
        else:
            words = t("tui.history.empty")
        # The same words again are not laid out again (the panel of a new form is told
        # "nothing found" as it opens).
        if not (isinstance(summary.content, Text) and summary.content.plain == words) and summary.content != words:
            summary.update(Text(words))
        summary.set_class(earlier is not None, "-repeat")
        options = self.query_one(HistoryList)
        if not options.option_count and not history.definite and not history.possible:
            return  # empty, and stays so
        highlighted = options.highlighted
        options.clear_options()
        marked = (self.marked.channel, self.marked.number) if self.marked else None
        for record in history.definite:
            options.add_option(_RecordOption(record, record_text(
                record, possible=False, marked=marked == (record.channel, record.number))))
        for record in history.possible:
            options.add_option(_RecordOption(record, record_text(
                record, possible=True, marked=marked == (record.channel, record.number))))
        if highlighted is not None and options.option_count:
            options.highlighted = min(highlighted, options.option_count - 1)

    def clear(self) -> None:
        self.marked = None
        self.show(PersonHistory((), ()))
