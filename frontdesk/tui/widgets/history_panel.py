"""The side panel of earlier records: what the office already has for the people
being typed in (visits, letters, duty-room calls), newest first.

Definite matches (same ID number, or same phone and name) come first; possible
ones (same name, or same phone with another name) follow, marked as such. Each
says what came of it and by when (answered; transferred to whom, due when; not
accepted and why), overdue ones marked. The operator can mark one record as the
same matter (同一事项), and open one (Enter) where the form can show it.
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
    """The records; space or m marks the highlighted one as the same matter,
    Enter opens it (on a form that can show it: one with ``open_earlier``)."""

    BINDINGS = [
        Binding("space,m", "mark", "tui.key.mark_same", id="history-mark",
                tooltip="tui.tip.mark_same"),
        Binding("enter", "open", "tui.key.open_earlier", id="history-open",
                tooltip="tui.tip.open_earlier"),
    ]

    @dataclass
    class MarkToggled(Message):
        record: PriorRecord

    @dataclass
    class OpenRequested(Message):
        record: PriorRecord

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return hasattr(self.screen, "open_earlier")
        return super().check_action(action, parameters)

    def _highlighted_record(self) -> PriorRecord | None:
        if self.highlighted is None:
            return None
        return getattr(self.get_option_at_index(self.highlighted), "record", None)

    def action_open(self) -> None:
        record = self._highlighted_record()
        if record is not None:
            self.post_message(self.OpenRequested(record))

    def action_mark(self) -> None:
        record = self._highlighted_record()
        if record is not None:
            self.post_message(self.MarkToggled(record))


class _RecordOption(Option):
    def __init__(self, record: PriorRecord, prompt: Text) -> None:
        super().__init__(prompt)
        self.record = record


def outcome_words(record: PriorRecord) -> str:
    """What came of a record, in words: 当场答复; 转送 区住建局; 不予受理：…; 未定处理."""
    outcome, reason = record.outcome, record.reason
    if record.channel == "visit":
        words = t(f"disposition.{outcome}") if outcome else t("tui.history.undecided")
        if outcome == "not_accepted" and reason:
            words += t("sep.colon") + t(f"reason.{reason}")
    elif record.channel == "letter":
        words = (t("tui.history.closed") if outcome == "closed" else t(f"proposal.{outcome}") if outcome
                 else t("tui.history.undecided"))
        if outcome == "no_transfer" and reason:
            words += t("sep.colon") + t(f"no_transfer.{reason}")
    else:
        # A call or notice: done, or still with whom it was given to ("" when neither).
        if outcome == "done":
            return t("tui.history.done")
        return t("tui.history.not_done", who=record.transferred_to) if record.transferred_to else ""
    if record.transferred_to and outcome in ("transfer", "case"):
        words += " " + record.transferred_to
    return words


ENDED = ("final", "closed")
"""A matter ended runs no clock: its record says so, not a due date (a declined one
says it in its own outcome)."""


def record_text(record: PriorRecord, *, possible: bool, marked: bool) -> Text:
    """Three lines: channel, number, date; the subject; what came of it and by
    when, overdue marked (a sealed record: its channel, number and date only)."""
    text = Text()
    text.append("★ " if marked else "", style="bold")
    text.append(t(f"channel.{record.channel}"), style="bold")
    text.append(f" {record.number} {record.at[:10]}")
    if possible:
        text.append(" " + t("tui.history.possible"), style="italic")
    if record.sealed:
        text.append("\n  " + sealed_text(record.channel))
        return text
    text.append("\n  " + record.subject)
    outcome = outcome_words(record)
    if outcome:
        text.append("\n  " + outcome)
    if record.matter_status in ENDED:
        text.append(" " + t("tui.history.matter_ended", matter=record.matter or "",
                            status=t(f"matter.status.{record.matter_status}")))
    elif record.due_date:
        text.append(" " + t("tui.history.due", due=record.due_date))
    if record.overdue:
        text.append(" " + t("tui.history.overdue"), style="bold reverse")
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
