"""Shift handover (交接班): the outgoing officer sees what is open and closes the
shift with a note; the incoming officer accepts it by signing in here with
their own name and password. Earlier handovers are listed underneath."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Input, Static, TextArea

from frontdesk.i18n import t
from frontdesk.output.duty_text import open_item_text
from frontdesk.store import Operator, Store, StoreError
from frontdesk.store.shifts import Handover, OpenItem
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.visitor_card import FieldRow

HISTORY = 10


def item_lines(items: tuple[OpenItem, ...] | list[OpenItem]) -> list[str]:
    if not items:
        return [t("tui.duty.handover.nothing_open")]
    return [f"• {t('duty.open.' + item.kind)}  {item.ref}  {item.at[:16]}  {open_item_text(item)}" for item in items]


class HandoverScreen(FrontdeskModal[bool]):
    """Dismisses with True when a shift was handed over or taken over."""

    CSS_PATH = "duty_handover.tcss"
    TITLE_KEY = "tui.duty.handover.title"

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.duty.key.hand_over", id="duty-handover-save",
                tooltip="tui.duty.tip.hand_over"),
        Binding("escape", "close", "tui.key.close", id="duty-handover-close", tooltip="tui.tip.close"),
    ]

    @dataclass
    class Loaded(Message):
        pending: Handover | None
        open_items: list[OpenItem]
        history: list[Handover]
        bubble = False

    @dataclass
    class Done(Message):
        handover: Handover | None
        error: StoreError | None
        bubble = False

    def __init__(self, store: Store, operator: Operator) -> None:
        super().__init__()
        self._store = store
        self._operator = operator
        self._pending: Handover | None = None
        self._busy = False
        self._changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="handover-box"):
            yield Static(Text(t("tui.duty.handover.title")), id="handover-title")
            with VerticalScroll(id="handover-scroll"):
                yield Static(Text(t("tui.home.loading")), id="handover-open")
                with Vertical(id="handover-close"):
                    note = FieldRow(t("field.handover_note"), TextArea(compact=True, soft_wrap=True,
                                                                       id="handover-note"), name="handover_note")
                    note.add_class("-tall")  # see the entry form: an "auto" grid row stays one line high
                    yield note
                with Vertical(id="handover-accept"):
                    yield FieldRow(t("tui.login.name"), Input(max_length=32, compact=True, id="accept-name"),
                                   name="name")
                    yield FieldRow(t("tui.login.password"), Input(password=True, max_length=256, compact=True,
                                                                 id="accept-password"), name="password")
                yield Static("", id="handover-history")
            yield Static("", id="handover-message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#handover-accept").display = False
        self.load()

    @work(thread=True, exclusive=True, group="duty-handover-load", exit_on_error=False)
    def load(self) -> None:
        shifts = self._store.shifts
        try:
            pending = shifts.pending()
            items = [] if pending else shifts.open_items(self._operator)
            self.post_message(self.Loaded(pending, items, shifts.history(self._operator, HISTORY)))
        except StoreError as error:
            self.post_message(self.Done(None, error))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self._pending = event.pending
        waiting = event.pending is not None
        self.query_one("#handover-close").display = not waiting
        self.query_one("#handover-accept").display = waiting
        if waiting:
            pending = event.pending
            lines = [t("tui.duty.handover.waiting", name=pending.from_officer, at=pending.closed_at[:16])]
            if pending.note:
                lines.append(t("tui.duty.handover.note_line", note=pending.note))
            lines += item_lines(pending.open_items)
            self.query_one("#accept-name", Input).focus()
        else:
            lines = [t("tui.duty.handover.open_now", count=len(event.open_items))] + item_lines(event.open_items)
            self.query_one("#handover-note", TextArea).focus()
        self.query_one("#handover-open", Static).update(Text("\n".join(lines)))
        history = [t("tui.duty.handover.history")] + [
            t("tui.duty.handover.history_line", closed=h.closed_at[:16], by=h.from_officer,
              to=h.to_officer or "—", accepted=(h.accepted_at or "")[11:16] or "—",
              count=len(h.open_items), note=h.note[:30])
            for h in event.history
        ] if event.history else []
        self.query_one("#handover-history", Static).update(Text("\n".join(history)))
        label = "tui.duty.handover.accept_hint" if waiting else "tui.duty.handover.close_hint"
        self.query_one("#handover-message", Static).update(Text(t(label)))

    @on(Input.Submitted, "#accept-name")
    def to_password(self) -> None:
        self.query_one("#accept-password", Input).focus()

    @on(Input.Submitted, "#accept-password")
    def accept_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self._busy:
            return
        self._busy = True
        if self._pending is not None:
            password = self.query_one("#accept-password", Input)
            self.accept(self.query_one("#accept-name", Input).value, password.value)
            password.value = ""
        else:
            self.close_shift(self.query_one("#handover-note", TextArea).text)

    @work(thread=True, group="duty-handover-save", exit_on_error=False)
    def close_shift(self, note: str) -> None:
        try:
            self.post_message(self.Done(self._store.shifts.close(self._operator, note), None))
        except StoreError as error:
            self.post_message(self.Done(None, error))

    @work(thread=True, group="duty-handover-save", exit_on_error=False)
    def accept(self, name: str, password: str) -> None:
        try:
            self.post_message(self.Done(self._store.shifts.accept(name, password), None))
        except StoreError as error:
            self.post_message(self.Done(None, error))

    @on(Done)
    def done(self, event: Done) -> None:
        self._busy = False
        message = self.query_one("#handover-message", Static)
        if event.error is not None:
            message.update(Text(event.error.message))
            message.add_class("-error")
            return
        message.remove_class("-error")
        self._changed = True
        handover = event.handover
        if handover.accepted:
            self.notify(t("tui.duty.handover.accepted", name=handover.to_officer), markup=False)
        else:
            self.notify(t("tui.duty.handover.closed", count=len(handover.open_items)), markup=False)
        self.load()

    def action_close(self) -> None:
        self.dismiss(self._changed)
