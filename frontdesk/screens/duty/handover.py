"""Shift handover (交接班): the outgoing officer sees what is open and closes the
shift with a note; the incoming officer accepts it by signing in here with
their own name and password. Earlier handovers are listed underneath."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static, TextArea

from frontdesk.i18n import t
from frontdesk.output.duty_text import open_item_text
from frontdesk.store import Operator, Store
from frontdesk.store.duty.shifts import Handover, OpenItem
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused

HISTORY = 10


def item_lines(items: tuple[OpenItem, ...] | list[OpenItem]) -> list[str]:
    if not items:
        return [t("tui.duty.handover.nothing_open")]
    return [f"• {t('duty.open.' + item.kind)}  {item.ref}  {item.at[:16]}  {open_item_text(item)}" for item in items]


class HandoverDialog(FrontdeskModal[bool]):
    """Dismisses with True when a shift was handed over or taken over."""

    CSS_PATH = "duty_handover.tcss"
    TITLE_KEY = "tui.duty.handover.title"

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.duty.key.hand_over", id="duty-handover-save",
                tooltip="tui.duty.tip.hand_over"),
        Binding("escape", "close", "tui.key.close", id="duty-handover-close", tooltip="tui.tip.close"),
    ]

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
                    yield FieldRow(t("tui.login.name"), TextInput(max_length=32, compact=True, id="accept-name"),
                                   name="name")
                    yield FieldRow(t("tui.login.password"), TextInput(password=True, max_length=256, compact=True,
                                                                 id="accept-password"), name="password")
                yield Static("", id="handover-history")
            yield Static("", id="handover-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#handover-accept").display = False
        self.load()

    def load(self) -> None:
        self.run_store("load", self._read, group="load", exclusive=True)

    def _read(self) -> tuple[Handover | None, list[OpenItem], list[Handover]]:
        """The handover waiting for acceptance, else what is open now; and the earlier ones."""
        shifts = self._store.shifts
        pending = shifts.pending()
        items = [] if pending else shifts.open_items(self._operator)
        return pending, items, shifts.history(self._operator, HISTORY)

    def show(self, pending: Handover | None, open_items: list[OpenItem], handovers: list[Handover]) -> None:
        self._pending = pending
        waiting = pending is not None
        self.query_one("#handover-close").display = not waiting
        self.query_one("#handover-accept").display = waiting
        if pending is not None:
            lines = [t("tui.duty.handover.waiting", name=pending.from_name, at=pending.closed_at[:16])]
            if pending.note:
                lines.append(t("tui.duty.handover.note_line", note=pending.note))
            lines += item_lines(pending.open_items)
            self.query_one("#accept-name", Input).focus()
        else:
            lines = [t("tui.duty.handover.open_now", count=len(open_items))] + item_lines(open_items)
            self.query_one("#handover-note", TextArea).focus()
        self.query_one("#handover-open", Static).update(Text("\n".join(lines)))
        history = [t("tui.duty.handover.history")] + [
            t("tui.duty.handover.history_line", closed=h.closed_at[:16], by=h.from_name,
              to=h.to_name or "—", accepted=(h.accepted_at or "")[11:16] or "—",
              count=len(h.open_items), note=h.note)
            for h in handovers
        ] if handovers else []
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
            self.run_store("accept", self._accept, self.query_one("#accept-name", Input).value,
                           password.value, group="save")
            password.value = ""
        else:
            self.run_store("close", self._store.shifts.close, self._operator,
                           self.query_one("#handover-note", TextArea).text, group="save")

    def _accept(self, name: str, password: str) -> tuple[Handover, Operator | None]:
        handover = self._store.shifts.accept(name, password)
        return handover, self._store.operators.get(handover.to_officer or "")

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        self._busy = False
        message = self.query_one("#handover-message", Static)
        message.update(Text(event.error.message))
        message.add_class("-error")

    @on(StoreDone)
    def done(self, event: StoreDone) -> None:
        if event.request == "load":
            self.show(*event.result)
            return
        self._busy = False
        self.query_one("#handover-message", Static).remove_class("-error")
        self._changed = True
        if event.request == "accept":
            handover, incoming = event.result
            self.notify(t("tui.duty.handover.accepted", name=handover.to_name), markup=False)
            # The shift changed hands: so does this terminal. The outgoing officer's
            # desk closes; the incoming officer's opens on the duty log.
            self.dismiss(True)
            if incoming is not None:
                self.app.call_later(self.app.hand_desk_to, incoming, "duty")
            return
        self.notify(t("tui.duty.handover.closed", count=len(event.result.open_items)), markup=False)
        self.load()

    def action_close(self) -> None:
        self.dismiss(self._changed)
