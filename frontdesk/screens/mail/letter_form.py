"""The mail room's letter registration form (来信登记), keyboard only.

In the order the clerk works: receipt and the opening checklist, pages stated
and received, the sender, the matter, the enclosures, the accused persons and
the proposed handling with its due date. While the sender is typed the side
panel lists what the office already has for them; an earlier letter makes this
one a repeat letter. Every refusal shows under its field before saving.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from frontdesk.i18n import has, t
from frontdesk.screens.mail.letter_detail import LetterDetailDialog
from frontdesk.screens.mail.letter_parts import AccusedRow, EnclosureRow, LetterHistoryPanel, blank_to_none
from frontdesk.store.mail.letter_rules import (
    CHANNELS,
    KINDS,
    NO_TRANSFER_REASONS,
    OPENING,
    OPENING_CHECKS,
    PAPER_CHANNELS,
    PROPOSALS,
    pages_differ,
)
from frontdesk.store.mail.letters import Letter
from frontdesk.store.matters.records import ACCEPTING_PROPOSALS, FINAL_NO_TRANSFER
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.bindings import Section
from frontdesk.tui.context import Desk
from frontdesk.tui.joining import JoinedMatterLine, JoiningForm, overrule_row
from frontdesk.tui.record_dialog import discard_key
from frontdesk.tui.record_form import RecordForm
from frontdesk.tui.widgets.controls import ChoiceSelect, TopBar
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput

SENDER_FIELDS = (("name", 60), ("unit", 100), ("phone", 30), ("address", 200), ("id_number", 40))
TEXT_FIELDS = ("received_at", "pages_stated", "pages_received", "letter_date", "addressee", "signers",
               "subject", "location", "requests", "reasons", "opinion")


def _choose(select: Select, value: object) -> None:
    """Set a choice from a draft: blank for None, left alone for a choice the
    settings no longer offer."""
    if value is None:
        select.clear()
        return
    try:
        select.value = value
    except InvalidSelectValueError:
        pass


def label(name: str) -> str:
    """A field's label on the form: short where the message's name is long."""
    short = f"tui.letter.label.{name.replace('.', '_')}"
    return t(short) if has(short) else t(f"field.{name}")


class LetterFormScreen(JoiningForm, RecordForm, FrontdeskScreen[None]):
    """Register a letter; its record follows the save."""

    CSS_PATH = "letter_form.tcss"
    TITLE_KEY = "tui.screen.letter"

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.key.save", id="letter-save", tooltip="tui.tip.letter_save"),
        Binding("ctrl+n", "add_enclosure", "tui.key.add_enclosure", id="letter-add-enclosure",
                tooltip="tui.tip.add_enclosure"),
        Binding("ctrl+b", "add_accused", "tui.key.add_accused", id="letter-add-accused",
                tooltip="tui.tip.add_accused"),
        Binding("ctrl+r", "remove_row", "tui.key.remove_row", id="letter-remove-row",
                tooltip="tui.tip.remove_row"),
        Binding("ctrl+o", "history", "tui.key.history", id="letter-history", tooltip="tui.tip.history"),
        discard_key("letter"),
    ]

    DRAFT_FORM = "letter"
    SECTIONS = (
        Section("tui.section.letter.receipt", "#f-received_at"),
        Section("tui.section.letter.sender", "#f-sender-name"),
        Section("tui.section.letter.matter", "#f-subject"),
        Section("tui.section.letter.handling", "#f-proposal"),
    )
    FOOTER_LATER = frozenset({"letter-remove-row", "letter-history"})
    GENERAL_BOX = "#opening-error"
    MESSAGE_LINE = "#letter-message"
    JOIN_CHOICE, JOIN_REFUSAL, JOIN_ACCEPTING = "f-proposal", "no_transfer", ACCEPTING_PROPOSALS
    JOIN_REASON = ("f-no_transfer_reason", FINAL_NO_TRANSFER)

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._store = desk.store
        self._settings = desk.settings
        self._operator = desk.operator
        self._unticked: list[str] = []
        self.init_record_form()
        self._detail = self.keep_dialog(
            lambda: LetterDetailDialog(self._store, self._operator, "", units=self._settings.units, saved=True))

    # building ----------------------------------------------------------------

    def _input(self, name: str, label: str, *, value: str = "", length: int = 200,
               placeholder: str = "") -> FieldRow:
        control = TextInput(value, max_length=length, compact=True, id=f"f-{name.replace('.', '-')}",
                            placeholder=placeholder)
        return FieldRow(label, control, name=name)

    def _select(self, name: str, options: list, *, prompt: str, value=Select.NULL) -> FieldRow:
        control = ChoiceSelect(options, prompt=prompt, compact=True, value=value, id=f"f-{name}")
        return FieldRow(label(name), control, name=name)

    def compose(self) -> ComposeResult:
        choose = t("tui.visit.choose")
        yield TopBar(self.title_text, self._settings.office_name, self._operator)
        yield JoinedMatterLine()
        with Horizontal(id="letter-body"):
            with VerticalScroll(id="letter-form"):
                yield FieldRow(label("received_at"), TimeInput(self._store.now().strftime("%Y-%m-%d %H:%M"),
                               field="received_at", clock=self._store.now, id="f-received_at"), name="received_at")
                yield self._select("letter_channel", [(t(f"letter_channel.{c}"), c) for c in CHANNELS],
                                   prompt=choose, value="post")
                yield self._select("letter_kind", [(t(f"letter_kind.{k}"), k) for k in KINDS],
                                   prompt=t("tui.letter.kind_auto"))
                for pair in (OPENING_CHECKS[:2], OPENING_CHECKS[2:]):
                    with Horizontal(classes="opening-checks"):
                        for check in pair:
                            yield Checkbox(t(f"field.opening.{check}"), check == "addressed_here",
                                           compact=True, id=f"f-opening-{check}", name=f"opening.{check}")
                yield Static("", id="opening-error", classes="row-error")
                with Horizontal(classes="pair"):
                    yield self._input("pages_stated", label("pages_stated"), length=5)
                    yield self._input("pages_received", label("pages_received"), length=5)
                yield Static("", id="pages-note")
                yield self._input("letter_date", label("letter_date"), length=10, placeholder="YYYY-MM-DD")
                yield self._input("addressee", label("addressee"), length=100)
                yield Static(Text(t("field.sender")), classes="section-title")
                for key, length in SENDER_FIELDS:
                    yield self._input(f"sender.{key}", label(f"sender.{key}"), length=length)
                yield self._input("signers", label("signers"), value="1", length=6)
                yield Static(Text(t("tui.visit.matter")), classes="section-title")
                yield self._input("subject", label("subject"))
                yield self._select("category", [(c, c) for c in self._settings.categories], prompt=choose)
                yield self._input("location", label("location"))
                yield FieldRow(t("field.content"), TextArea("", compact=True, id="f-content", soft_wrap=True),
                               name="content")
                yield self._input("requests", label("requests"), length=5000)
                yield self._input("reasons", label("reasons"), length=5000)
                yield Static(Text(t("tui.letter.enclosures_title")), classes="section-title")
                yield Vertical(id="enclosure-rows")
                yield Static(Text(t("tui.letter.accused_title")), classes="section-title")
                yield Vertical(id="accused-rows")
                yield Static(Text(t("tui.visit.handling")), classes="section-title")
                yield Static("", id="letter-due")
                yield self._select("proposal", [(t(f"proposal.{p}"), p) for p in PROPOSALS],
                                   prompt=t("tui.visit.undecided"))
                yield self._select("transfer_to", [(u, u) for u in self._settings.units], prompt=choose)
                yield self._select("no_transfer_reason",
                                   [(t(f"no_transfer.{r}"), r) for r in NO_TRANSFER_REASONS], prompt=choose)
                yield overrule_row()
                yield self._input("opinion", label("opinion"), length=2000)
                yield Static("", id="letter-message")
            yield LetterHistoryPanel()
        yield KeyFooter()

    def on_mount(self) -> None:
        self._update_handling_rows()
        self._update_notes()
        self.query_one("#f-sender-name", Input).focus()
        self.remember_blank()
        self.offer_draft()

    def focus_start(self) -> None:
        self.query_one("#f-sender-name", Input).focus()

    # drafts: nothing typed is lost to a closed app, a crash or a lock -----------------

    async def load_draft(self, data: dict) -> None:
        """Fill the form from a draft (or from the blank form's data)."""
        for key in TEXT_FIELDS:
            if isinstance(data.get(key), str):
                self.query_one(f"#f-{key}", Input).value = data[key]
        sender = data.get("sender") or {}
        for key, _n in SENDER_FIELDS:
            if isinstance(sender.get(key), str):
                self.query_one(f"#f-sender-{key}", Input).value = sender[key]
        if isinstance(data.get("content"), str):
            self.query_one("#f-content", TextArea).text = data["content"]
        for name, key in (("letter_channel", "channel"), ("letter_kind", "kind"), ("category", "category"),
                          ("proposal", "proposal"), ("transfer_to", "transfer_to"),
                          ("no_transfer_reason", "no_transfer_reason")):
            if key in data:
                _choose(self.query_one(f"#f-{name}", Select), data[key])
        opening = data.get("opening") or {}
        for check in OPENING_CHECKS:
            if isinstance(opening.get(check), bool):
                self.query_one(f"#f-opening-{check}", Checkbox).value = opening[check]
        for container_id, kind, key in (("#enclosure-rows", EnclosureRow, "enclosures"),
                                        ("#accused-rows", AccusedRow, "accused")):
            rows = [row for row in data.get(key) or [] if isinstance(row, dict)]
            container = self.query_one(container_id)
            await container.remove_children()
            if rows:
                await container.mount_all(kind(i, row) for i, row in enumerate(rows))
        self._update_handling_rows()
        self._update_notes()
        self.schedule("lookup", self.start_lookup)

    async def clear_form(self) -> None:
        await self.reset_form()

    # reading the form ------------------------------------------------------------

    def _value(self, name: str) -> str:
        return self.query_one(f"#f-{name.replace('.', '-')}", Input).value

    def _choice(self, name: str):
        return blank_to_none(self.query_one(f"#f-{name}", Select).value)

    def form_data(self) -> dict:
        """What the clerk typed, under the store's key names."""
        data: dict = {key: self._value(key) for key in TEXT_FIELDS}
        data.update(
            channel=self._choice("letter_channel"), kind=self._choice("letter_kind"),
            category=self._choice("category"), proposal=self._choice("proposal"),
            transfer_to=self._choice("transfer_to"), no_transfer_reason=self._choice("no_transfer_reason"),
            content=self.query_one("#f-content", TextArea).text,
            sender={key: self._value(f"sender.{key}") for key, _n in SENDER_FIELDS},
            opening={c: self.query_one(f"#f-opening-{c}", Checkbox).value for c in OPENING_CHECKS},
            enclosures=[row.values() for row in self.query(EnclosureRow)],
            accused=[row.values() for row in self.query(AccusedRow)],
        )
        same_matter = self.query_one(LetterHistoryPanel).same_matter()
        if same_matter is not None:
            data["same_matter"] = same_matter
        return self.add_overrule(data)

    # live checks -------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    def form_changed(self, event: Message) -> None:
        control = getattr(event, "control", None)
        if isinstance(control, Select) and control.id == "f-proposal":
            self._update_handling_rows()
        self._update_notes()
        self.note_change()
        if control is not None and (control.id or "").startswith("f-sender-"):
            self.schedule("lookup", self.start_lookup)

    @on(Input.Blurred)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def field_left(self, event: Message) -> None:
        control = getattr(event, "control", None) or getattr(event, "input", None)
        if control is None:
            return
        if isinstance(control, Checkbox) and not control.has_focus:
            return  # set by the form itself (a new letter, a draft): the clerk is not there yet
        row = next((a for a in control.ancestors if isinstance(a, FieldRow)), None)
        name = row.name if row is not None else control.name
        if name:
            self.touch(name)
            self.check_form()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._opening_reached(event.widget)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._opening_reached(event.widget)

    def _opening_reached(self, widget: Widget) -> None:
        """The clerk reached or left the opening checklist: what is not ticked shows now
        (on a fresh form it stays quiet)."""
        if isinstance(widget, Checkbox) and (widget.name or "").startswith(f"{OPENING}.") \
                and not all(f"{OPENING}.{check}" in self._touched for check in OPENING_CHECKS):
            for check in OPENING_CHECKS:
                self.touch(f"{OPENING}.{check}")
            self.check_form()

    def unticked_checks(self) -> list[str]:
        """The opening checks not ticked on a paper letter, in words."""
        if self._choice("letter_channel") not in PAPER_CHANNELS:
            return []
        return [t(f"field.opening.{check}") for check in OPENING_CHECKS
                if not self.query_one(f"#f-opening-{check}", Checkbox).value]

    def _update_notes(self) -> None:
        """The due date and a pages mismatch, as the clerk types."""
        due = self._store.letters.due_for(self._value("received_at"))
        self.query_one("#letter-due", Static).update(Text(t("tui.letter.due", due=due.isoformat()) if due else ""))
        stated, received_pages = self._value("pages_stated").strip(), self._value("pages_received").strip()
        mismatch = pages_differ(stated, received_pages)
        note = self.query_one("#pages-note", Static)
        note.update(Text(t("mail.pages_mismatch") if mismatch else ""))
        note.display = mismatch

    def _update_handling_rows(self) -> None:
        proposal = self._choice("proposal")
        for name, shown in (("transfer_to", proposal in ("transfer", "case")),
                            ("no_transfer_reason", proposal == "no_transfer")):
            row = self.field_rows().get(name)
            if row is not None and row.display != shown:
                row.display = shown

    def check_form(self) -> None:
        _checked, errors, warnings = self._store.letters.collect(self.form_data())
        self.show_errors(errors, warnings, only_touched=not self._show_all)

    # the earlier-records panel ------------------------------------------------------

    def start_lookup(self) -> None:
        sender = {key: self._value(f"sender.{key}") for key in ("name", "phone", "id_number")}
        self.look_up_history(tuple(sender.values()), self._store.letters.history, self._operator, sender)

    def history_start(self) -> None:
        self.query_one("#f-sender-name", Input).focus()

    # enclosures and accused persons ---------------------------------------------------

    async def action_add_enclosure(self) -> None:
        await self._add_row("#enclosure-rows", EnclosureRow)

    async def action_add_accused(self) -> None:
        await self._add_row("#accused-rows", AccusedRow)

    async def _add_row(self, container_id: str, kind: type) -> None:
        container = self.query_one(container_id)
        row = kind(len(container.children))
        await container.mount(row)
        row.focus_first()
        self.call_after_refresh(row.scroll_visible, animate=False)

    async def action_remove_row(self) -> None:
        focused = self.focused
        row = next((a for a in (focused.ancestors if focused else [])
                    if isinstance(a, (EnclosureRow, AccusedRow))), None)
        if row is None:
            self.notify(t("tui.letter.no_row"), severity="warning")
            return
        kind = type(row)
        container = row.parent
        if not isinstance(container, Widget):
            return
        values = [r.values() for r in container.children if isinstance(r, kind) and r is not row]
        await container.remove_children()
        await container.mount_all(kind(i, v) for i, v in enumerate(values))
        self.query_one("#f-subject", Input).focus()

    # saving ----------------------------------------------------------------------

    def action_save(self) -> None:
        self._unticked = self.unticked_checks()
        self.start_save(self._store.letters.register, self._operator, self.form_data())

    def saved(self, letter: Letter) -> None:
        note = t("tui.letter.unticked", checks=t("sep.list").join(self._unticked)) if self._unticked else ""
        self.app.push_screen(self._detail.get().show_record(letter.number, saved=True, letter=letter, note=note),
                             self._next_letter)

    async def _next_letter(self, _result: object) -> None:
        await self.reset_form()

    async def reset_form(self) -> None:
        """A clean form for the next letter."""
        self._touched.clear()
        self._show_all = False
        self._history_signature = ()
        self.query_one("#letter-message", Static).update("")
        for key in (*TEXT_FIELDS, "matter_overrule"):
            self.query_one(f"#f-{key}", Input).value = ""
        for key, _n in SENDER_FIELDS:
            self.query_one(f"#f-sender-{key}", Input).value = ""
        self.query_one("#f-received_at", Input).value = self._store.now().strftime("%Y-%m-%d %H:%M")
        self.query_one("#f-signers", Input).value = "1"
        self.query_one("#f-letter_channel", Select).value = "post"
        self.query_one("#f-content", TextArea).text = ""
        for name in ("letter_kind", "category", "proposal", "transfer_to", "no_transfer_reason"):
            self.query_one(f"#f-{name}", Select).clear()
        for check in OPENING_CHECKS:
            self.query_one(f"#f-opening-{check}", Checkbox).value = check == "addressed_here"
        await self.query_one("#enclosure-rows").remove_children()
        await self.query_one("#accused-rows").remove_children()
        self.query_one(LetterHistoryPanel).clear()
        self.show_errors([])
        self._typed = None
        self.remember_blank()
        self.focus_soon(lambda: self.query_one("#f-sender-name", Input))
