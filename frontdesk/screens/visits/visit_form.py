"""The reception desk's registration form (来访登记), keyboard only.

One form for an individual visit, one person among several, or a group: the
time, the headcount, the visitors (each a card), the matter, the papers shown,
the disposition and the flags. While the operator types a name, ID number or
phone, the side panel lists what the office already has for those people.
Every refusal shows under its field, in the operator's language, before saving.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from frontdesk.i18n import t
from frontdesk.screens.confirm import ConfirmDialog
from frontdesk.screens.visits.earlier_record import EarlierRecordDialog
from frontdesk.screens.visits.refused import RefusedSignaturesDialog
from frontdesk.screens.visits.remaining import RemainingHeadsDialog
from frontdesk.screens.visits.slip import SlipDialog
from frontdesk.screens.visits.visit_list import VisitListDialog
from frontdesk.screens.visits.visitor_card import VisitorCard
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.matters.records import ACCEPTING_DISPOSITIONS, FINAL_REASON
from frontdesk.store.shared.identity import CHINA, IdType, check_id
from frontdesk.store.visits.rules import (
    DISPOSITIONS,
    NOT_ACCEPTED_REASONS,
    PAPERS,
    due_date,
    kind_of,
    signatures_expected,
)
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.bindings import Section
from frontdesk.tui.context import Desk
from frontdesk.tui.joining import JoinedMatterLine, JoiningForm, overrule_row
from frontdesk.tui.record_dialog import discard_key
from frontdesk.tui.record_form import RecordForm
from frontdesk.tui.widgets.controls import ChoiceSelect, TopBar
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.history_panel import HistoryList, HistoryPanel
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.widgets.time_input import TimeInput

FLAGS = ("escalate", "skipped_levels", "disturbance")


def _blank_to_none(value: object) -> object:
    return None if value is Select.NULL else value


class VisitFormScreen(JoiningForm, RecordForm, FrontdeskScreen[None]):
    """Register a visit; the slip follows the save."""

    CSS_PATH = "visit_form.tcss"
    TITLE_KEY = "tui.screen.visit"

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.key.save", id="visit-save", tooltip="tui.tip.visit_save"),
        # Priority: the cards change before any key typed after these is handed to a field.
        Binding("ctrl+n", "add_visitor", "tui.key.add_visitor", id="visit-add-visitor",
                tooltip="tui.tip.add_visitor", priority=True),
        Binding("ctrl+r", "remove_visitor", "tui.key.remove_visitor", id="visit-remove-visitor",
                tooltip="tui.tip.remove_visitor", priority=True),
        Binding("ctrl+g", "individually", "tui.key.individually", id="visit-individually",
                tooltip="tui.tip.individually"),
        Binding("ctrl+o", "history", "tui.key.history", id="visit-history",
                tooltip="tui.tip.history"),
        Binding("ctrl+f", "find", "tui.key.find_visits", id="visit-find", tooltip="tui.tip.find_visits"),
        discard_key("visit"),
    ]

    SECTIONS = (
        Section("tui.section.visit.visitors", "#visitor-cards .v-name"),
        Section("tui.section.visit.matter", "#f-subject"),
        Section("tui.section.visit.handling", "#f-disposition"),
    )
    FOOTER_LATER = frozenset({"visit-history", "visit-find"})
    SAVE_ACTIONS = frozenset({"save", "individually"})
    DRAFT_FORM = "visit"
    GENERAL_BOX = "#visitors-error"
    MESSAGE_LINE = "#visit-message"
    JOIN_CHOICE, JOIN_REFUSAL, JOIN_ACCEPTING = "f-disposition", "not_accepted", ACCEPTING_DISPOSITIONS
    JOIN_REASON = ("f-not_accepted_reason", FINAL_REASON)

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._store = desk.store
        self._settings = desk.settings
        self._operator = desk.operator
        self.init_record_form()
        self._slip = self.keep_dialog(lambda: SlipDialog([], self._settings))
        self._cards_changing = asyncio.Lock()
        """Held while visitor cards are added, taken off or replaced: keys pressed
        meanwhile act on the cards as they will be, one change after another."""
        self._cards_ready = asyncio.Event()
        """Clear while a kept draft is offered: its cards come before any added by a key."""
        self._cards_ready.set()

    # building ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(self.title_text, self._settings.office_name, self._operator)
        yield JoinedMatterLine()
        with Horizontal(id="visit-body"):
            with VerticalScroll(id="visit-form"):
                yield Static("", id="visit-kind")
                yield FieldRow(t("field.visited_at"),
                               TimeInput(self._store.now().strftime("%Y-%m-%d %H:%M"), field="visited_at",
                                         clock=self._store.now, id="f-visited_at"), name="visited_at")
                yield FieldRow(t("field.headcount"),
                               TextInput("1", max_length=6, compact=True, id="f-headcount", type="integer"),
                               name="headcount")
                yield FieldRow(t("field.concerned"),
                               TextInput("", max_length=8, compact=True, id="f-concerned",
                                         placeholder=t("tui.visit.optional")), name="concerned")
                yield Static("", id="visitors-error", classes="row-error")
                with Vertical(id="visitor-cards"):
                    yield VisitorCard(0)
                yield Static(Text(t("tui.visit.matter")), classes="section-title")
                yield FieldRow(t("field.subject"),
                               TextInput("", max_length=200, compact=True, id="f-subject"), name="subject")
                yield Static("", id="visit-same-matter")
                yield FieldRow(t("field.category"),
                               ChoiceSelect([(c, c) for c in self._settings.categories], compact=True,
                                      prompt=t("tui.visit.choose"), id="f-category"), name="category")
                yield FieldRow(t("field.location"),
                               TextInput("", max_length=200, compact=True, id="f-location"), name="location")
                content = FieldRow(t("field.content"),
                                   TextArea("", compact=True, id="f-content", soft_wrap=True), name="content")
                content.add_class("-tall")
                yield content
                yield FieldRow(t("field.papers"),
                               SelectionList(*[(t(f"paper.{p}"), p) for p in PAPERS], compact=True,
                                             id="f-papers"), name="papers")
                # Rarely filled, so after what every visit needs: a typed burst's Tabs
                # go from the last visitor straight to 事由.
                yield FieldRow(t("tui.visit.foreign"),
                               Checkbox(t("field.foreign_organisation"), compact=True,
                                        id="f-foreign_organisation"), name="foreign_organisation")
                yield FieldRow(t("field.signatures"),
                               TextInput("", max_length=6, compact=True, id="f-signatures",
                                         placeholder=t("tui.visit.signatures_all")), name="signatures")
                yield Static(Text(t("tui.visit.handling")), classes="section-title")
                yield FieldRow(t("field.disposition"),
                               ChoiceSelect([(t(f"disposition.{d}"), d) for d in DISPOSITIONS], compact=True,
                                      prompt=t("tui.visit.undecided"), id="f-disposition"),
                               name="disposition")
                yield Static("", id="visit-due")
                yield FieldRow(t("field.transfer_unit"),
                               ChoiceSelect([(u, u) for u in self._settings.units], compact=True,
                                      prompt=t("tui.visit.choose"), id="f-transfer_unit"),
                               name="transfer_unit")
                yield FieldRow(t("field.not_accepted_reason"),
                               ChoiceSelect([(t(f"reason.{r}"), r) for r in NOT_ACCEPTED_REASONS], compact=True,
                                      prompt=t("tui.visit.choose"), id="f-not_accepted_reason"),
                               name="not_accepted_reason")
                yield overrule_row()
                yield FieldRow(t("field.notice"),
                               TextInput("", max_length=2000, compact=True, id="f-notice",
                                         placeholder=t("tui.visit.notice_default")), name="notice")
                with Horizontal(id="visit-flags"):
                    for flag in FLAGS:
                        yield Checkbox(t(f"field.{flag}"), compact=True, id=f"f-{flag}", name=flag)
                yield FieldRow(t("field.special"),
                               TextInput("", max_length=200, compact=True, id="f-special",
                                         placeholder=t("tui.visit.special_hint")), name="special")
                yield Static("", id="visit-message")
            yield HistoryPanel()
        yield KeyFooter()

    def on_mount(self) -> None:
        self._update_handling_rows()
        self._update_kind()
        self.query_one(VisitorCard).focus_name()
        self.remember_blank()
        self.offer_draft()

    # drafts: nothing typed is lost to a closed app, a crash or a lock -----------------

    def draft_found(self, draft) -> None:
        self._cards_ready.clear()  # the draft's cards come before any a key adds
        super().draft_found(draft)

    async def draft_answered(self, yes: bool | None, data) -> None:
        try:
            await super().draft_answered(yes, data)
        finally:
            self._cards_ready.set()

    def focus_start(self) -> None:
        self.query_one(VisitorCard).focus_name()

    async def clear_form(self) -> None:
        await self.reset_form()

    def is_blank(self, data: dict | None = None) -> bool:
        data = self.form_data() if data is None else data
        typed = [data["subject"], data["content"], data["location"], data["notice"], data["special"]]
        typed += [v for card in data["visitors"] for k, v in card.items()
                  if k in ("name", "id_number", "phone", "address", "postcode")]
        return not any(str(value).strip() for value in typed)

    async def load_draft(self, data: dict) -> None:
        """Fill the form from a draft."""
        for field in ("visited_at", "headcount", "concerned", "signatures", "subject", "location", "notice",
                      "special"):
            if isinstance(data.get(field), str):
                self.query_one(f"#f-{field}", Input).value = data[field]
        if isinstance(data.get("content"), str):
            self.query_one("#f-content", TextArea).text = data["content"]
        for field in ("category", "disposition", "transfer_unit", "not_accepted_reason"):
            select = self.query_one(f"#f-{field}", Select)
            value = data.get(field)
            if value is not None:
                try:
                    select.value = value
                except InvalidSelectValueError:
                    pass  # a choice the settings no longer offer
        papers = self.query_one("#f-papers", SelectionList)
        known = set(PAPERS)
        for paper in data.get("papers") or []:
            if paper in known:
                papers.select(paper)
        for flag in (*FLAGS, "foreign_organisation"):
            self.query_one(f"#f-{flag}", Checkbox).value = bool(data.get(flag))
        visitors = [v for v in (data.get("visitors") or []) if isinstance(v, dict)] or [{}]
        await self._replace_cards(visitors, focus=0)
        self._update_handling_rows()
        self._update_kind()
        self.schedule("lookup", self.start_lookup)

    # reading the form ------------------------------------------------------------

    def _input(self, field: str) -> str:
        return self.query_once(f"#f-{field}", Input).value

    def _cards(self) -> list[VisitorCard]:
        """The visitor cards in order (the list's children; a screen query walks every field)."""
        return list(self.query_once("#visitor-cards", Vertical).query_children(VisitorCard))

    def form_data(self) -> dict:
        """What the operator typed, under the store's key names."""
        data: dict = {
            "visited_at": self._input("visited_at"),
            "headcount": self._input("headcount"),
            "concerned": self._input("concerned"),
            "visitors": [card.values() for card in self._cards()],
            "foreign_organisation": self.query_once("#f-foreign_organisation", Checkbox).value,
            "subject": self._input("subject"),
            "category": _blank_to_none(self.query_once("#f-category", Select).value),
            "location": self._input("location"),
            "content": self.query_once("#f-content", TextArea).text,
            "papers": list(self.query_once("#f-papers", SelectionList).selected),
            "disposition": _blank_to_none(self.query_once("#f-disposition", Select).value),
            "transfer_unit": _blank_to_none(self.query_once("#f-transfer_unit", Select).value),
            "not_accepted_reason": _blank_to_none(self.query_once("#f-not_accepted_reason", Select).value),
            "notice": self._input("notice"),
            "special": self._input("special"),
        }
        for flag in FLAGS:
            data[flag] = self.query_once(f"#f-{flag}", Checkbox).value
        if self.field_row("signatures").display:
            data["signatures"] = self._input("signatures")
        same_matter = self.query_once("HistoryPanel", HistoryPanel).same_matter()
        if same_matter is not None:
            data["same_matter"] = same_matter
        return self.add_overrule(data)

    # live checks -------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    def form_changed(self, event: Message) -> None:
        control = getattr(event, "control", None)
        if isinstance(control, Select) and control.id == "f-disposition":
            self._update_handling_rows()
        elif isinstance(control, Input) and control.id == "f-visited_at":
            self._update_due()
        if isinstance(control, Checkbox) or (isinstance(control, Input) and control.id == "f-headcount"):
            self._update_kind()
        self.note_change()
        classes = getattr(control, "classes", ())
        if "v-nationality" in classes or (isinstance(control, Checkbox) and control.id == "f-foreign_organisation"):
            # The rule for foreign contacts shows under its row as soon as it applies.
            self.check_form()
            self._update_kind()
        if "v-id_number" in classes or "v-id_type" in classes or "v-nationality" in classes:
            self._tick_id_document(control)
        if any(c in classes for c in ("v-name", "v-id_number", "v-phone", "v-id_type")):
            self.schedule("lookup", self.start_lookup)

    @on(Input.Blurred)
    def field_left(self, event: Input.Blurred) -> None:
        row = next((a for a in event.input.ancestors if isinstance(a, FieldRow)), None)
        if row is not None and row.name:
            self.touch(row.name)
            self.check_form()

    def _tick_id_document(self, control: object) -> None:
        """A valid ID number typed means the document was shown: tick 有效证件."""
        card = next((a for a in getattr(control, "ancestors", ()) if isinstance(a, VisitorCard)), None)
        if card is None:
            return
        values = card.values()
        if not values["id_number"].strip():
            return
        try:
            check_id("id_number", values["id_type"], values["id_number"], self._store.now().date(),
                     values["nationality"] or None)
        except ValidationError:
            return
        papers = self.query_one("#f-papers", SelectionList)
        if "id_document" not in papers.selected:
            papers.select("id_document")

    def _update_kind(self) -> None:
        try:
            headcount = int(self._input("headcount"))
        except ValueError:
            headcount = 0
        kind = kind_of(headcount) if headcount >= 1 else None
        label = self.query_one("#visit-kind", Static)
        text = ""
        if kind is not None:
            reps = sum(1 for card in self._cards() if card.values()["representative"])
            text = t(f"kind.{kind}")
            if kind != "individual":
                text = t("tui.visit.kind_line", kind=text, reps=reps, signed=signatures_expected(headcount, reps))
        if self._foreign_contact():
            # Always in sight at the top, while its own row may be scrolled away.
            text = f"{text}\n{t('slip.foreign')}" if text else t("slip.foreign")
        if text != getattr(self, "_kind_text", None):
            self._kind_text = text
            label.update(Text(text))
            label.set_class(kind == "group", "-group")
        several = kind not in (None, "individual")
        flags = [flags for card in self._cards() for flags in card.query_children(".card-flags")]
        for shown in (*flags, self.field_row("signatures")):  # only a group's
            if shown.display != several:
                shown.display = several

    def _foreign_contact(self) -> bool:
        if self.query_one("#f-foreign_organisation", Checkbox).value:
            return True
        return any(v["id_type"] == IdType.PASSPORT.value and v.get("nationality") not in ("", CHINA)
                   for v in (card.values() for card in self._cards()))

    def _update_handling_rows(self) -> None:
        disposition = _blank_to_none(self.query_one("#f-disposition", Select).value)
        unit_label = t("tui.visit.case_unit") if disposition == "case" else t("field.transfer_unit")
        self.field_row("transfer_unit").query_one(".row-label", Label).update(Text(unit_label))
        self._update_due()
        for name, shown in (("transfer_unit", disposition in ("transfer", "case")),
                            ("not_accepted_reason", disposition == "not_accepted"),
                            ("notice", disposition == "not_accepted")):
            row = self.field_row(name)
            if row.display != shown:
                row.display = shown

    def _update_due(self) -> None:
        """The deadline, counted from the visit, as soon as the disposition sets one."""
        disposition = _blank_to_none(self.query_one("#f-disposition", Select).value)
        try:
            visited = date.fromisoformat(self._input("visited_at").strip()[:10])
        except ValueError:
            visited = None
        due = due_date(disposition, visited) if visited and isinstance(disposition, str) else None
        line = self.query_one("#visit-due", Static)
        line.update(Text(t("tui.visit.due", due=due.isoformat(), days=(due - visited).days) if due and visited else ""))
        line.display = due is not None

    def check_form(self) -> None:
        """Show each refusal under its field: those the operator has left, or all after a save try."""
        _checked, errors, warnings = self._store.visits.collect(self.form_data(), self._operator)
        self.show_errors(errors, warnings, only_touched=not self._show_all)

    # the earlier-records panel ------------------------------------------------------

    def start_lookup(self) -> None:
        people = [card.values() for card in self._cards()]
        signature = tuple((p["name"], p["id_type"], p["id_number"], p["phone"]) for p in people)
        self.look_up_history(signature, self._store.visits.history, self._operator, people)

    def history_start(self) -> None:
        self.query_one(VisitorCard).focus_name()

    # Textual calls the form base's handler of the same name after these (it walks
    # the classes); the line follows once the panel has taken the change.
    def on_history_list_mark_toggled(self, event: HistoryList.MarkToggled) -> None:
        self.call_later(self._update_same_matter)

    def _update_same_matter(self) -> None:
        """The record marked as the same matter, named under the subject."""
        marked = self.query_one(HistoryPanel).marked
        if marked == getattr(self, "_same_matter_shown", None):
            return  # asked after every lookup; an unchanged line costs the screen no layout
        self._same_matter_shown = marked
        line = self.query_one("#visit-same-matter", Static)
        line.update(Text(t("tui.visit.same_matter", channel=t(f"channel.{marked.channel}"), number=marked.number,
                           at=marked.at[:10])) if marked else "")
        line.display = marked is not None

    def on_store_done(self, event) -> None:
        if event.request == "history":
            self.call_later(self._update_same_matter)  # a record no longer listed is no longer marked

    @on(HistoryList.OpenRequested)
    def open_earlier(self, event: HistoryList.OpenRequested) -> None:
        """The earlier record, read only; the form stays as it is behind it."""
        self.app.push_screen(EarlierRecordDialog(self._store, self._operator, event.record))

    # visitors --------------------------------------------------------------------

    async def _replace_cards(self, visitors: Iterable[dict], *, focus: int | None = None) -> None:
        """Put one card per visitor in place of the cards shown; the cursor goes to
        the name of card ``focus`` (None leaves it). Returns once the cards are built."""
        async with self._cards_changing:
            cards = await self._rebuild_cards(visitors)
        if focus is not None:
            cards[min(focus, len(cards) - 1)].focus_name()

    async def _rebuild_cards(self, visitors: Iterable[dict]) -> list[VisitorCard]:
        container = self.query_one("#visitor-cards")
        await container.remove_children()
        cards = [VisitorCard(i, v) for i, v in enumerate(visitors)] or [VisitorCard(0)]
        await container.mount_all(cards)
        return cards

    async def action_add_visitor(self) -> None:
        await self._cards_ready.wait()
        async with self._cards_changing:
            count = len(self._cards())
            card = VisitorCard(count)
            await self.query_one("#visitor-cards").mount(card)
        headcount = self._input("headcount")
        if not headcount.isdigit() or count + 1 > int(headcount):
            self.query_one("#f-headcount", Input).value = str(count + 1)
        self._update_kind()
        card.focus_name()

    async def action_remove_visitor(self) -> None:
        await self._cards_ready.wait()
        async with self._cards_changing:
            cards = self._cards()
            if len(cards) <= 1:
                self.notify(t("tui.visit.keep_one"), severity="warning")
                return
            focused = self.focused
            card = next((a for a in (focused.ancestors if focused else []) if isinstance(a, VisitorCard)), None)
            position = cards.index(card) if card in cards else len(cards) - 1
            card = cards[position]
            kept = await self._rebuild_cards([c.values() for c in cards if c is not card])
        kept[min(position, len(kept) - 1)].focus_name()
        self._update_kind()
        self.schedule("lookup", self.start_lookup)

    # saving ----------------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving:
            return
        data = self.form_data()
        checked, errors, warnings = self._store.visits.collect(data)
        if not errors and any(w.key == "warn.id_not_ticked" for w in warnings):
            self.app.push_screen(ConfirmDialog(t("tui.visit.confirm_id_not_ticked")),
                                 lambda yes: self._save_anyway(yes, data))
            return
        self._save_signed(checked, data)

    def _save_anyway(self, yes: bool | None, data: dict) -> None:
        if yes:
            checked, _errors, _warnings = self._store.visits.collect(data)
            self._save_signed(checked, data)
        else:
            self.query_one("#f-papers", SelectionList).focus()

    def _save_signed(self, checked, data: dict) -> None:
        """Save; when some refused to sign, first offer to receive them one by one."""
        if checked is not None and checked.refused_to_sign:
            self.app.push_screen(RefusedSignaturesDialog(checked.signed, checked.refused_to_sign),
                                 lambda answer: self._refusal_answered(answer, data))
            return
        self.start_save(self._register_one, data)

    def _refusal_answered(self, answer: str | None, data: dict) -> None:
        if answer == "save":
            self.start_save(self._register_one, data)
        elif answer == "individually":
            self.action_individually()
        else:
            self.query_one("#f-signatures", Input).focus()

    def _register_one(self, data: dict) -> list:
        return [self._store.visits.register(self._operator, data)]

    def action_individually(self) -> None:
        """Each visitor becomes an individual visit; heads not listed are listed first or recorded as left."""
        if self.saving:
            return
        count = len(self._cards())
        headcount = self._headcount()
        if headcount > count:
            self.app.push_screen(RemainingHeadsDialog(headcount, count), self._remaining_answered)
            return
        self.app.push_screen(ConfirmDialog(t("tui.visit.confirm_individually", count=count)),
                             lambda yes: self._individually_confirmed(yes, 0))

    async def _remaining_answered(self, answer: str | None) -> None:
        count = len(self._cards())
        rest = self._headcount() - count
        if answer == "left":
            self.app.push_screen(
                ConfirmDialog(t("tui.visit.confirm_individually_left", count=count, left=rest)),
                lambda yes: self._individually_confirmed(yes, rest))
        elif answer == "add" and rest > 0:
            await self._cards_ready.wait()
            async with self._cards_changing:
                cards = [VisitorCard(count + i) for i in range(rest)]
                await self.query_one("#visitor-cards").mount_all(cards)
            self._update_kind()
            cards[0].focus_name()

    def _individually_confirmed(self, yes: bool | None, left: int) -> None:
        if yes:
            self.start_save(self._register_individually, self.form_data(), left)

    def _register_individually(self, data: dict, left: int) -> list:
        return self._store.visits.register_individually(self._operator, data, left=left)

    def _headcount(self) -> int:
        try:
            return int(self._input("headcount"))
        except ValueError:
            return 0

    def saved(self, visits: list) -> None:
        self.app.push_screen(self._slip.get().show_visits(visits), self._next_visitor)

    async def _next_visitor(self, _result: object) -> None:
        await self.reset_form()

    async def reset_form(self) -> None:
        """A clean form for the next visitor."""
        self._touched.clear()
        self._show_all = False
        self._history_signature = ()
        self.query_one("#visit-message", Static).update("")
        for field in ("subject", "location", "notice", "special", "concerned", "signatures", "matter_overrule"):
            self.query_one(f"#f-{field}", Input).value = ""
        self.query_one("#f-headcount", Input).value = "1"
        self.query_one("#f-visited_at", Input).value = self._store.now().strftime("%Y-%m-%d %H:%M")
        self.query_one("#f-content", TextArea).text = ""
        papers = self.query_one("#f-papers", SelectionList)
        papers.deselect_all()
        papers.highlighted = None  # the next visitor's papers start from the top, as on a fresh form
        for select in ("category", "disposition", "transfer_unit", "not_accepted_reason"):
            self.query_one(f"#f-{select}", Select).clear()
        for flag in (*FLAGS, "foreign_organisation"):
            self.query_one(f"#f-{flag}", Checkbox).value = False
        self.query_one(HistoryPanel).clear()
        self._update_same_matter()
        self.show_errors([])
        if not self._clear_only_card():
            await self._replace_cards([{}], focus=0)
        self._update_kind()

    def _clear_only_card(self) -> bool:
        """Empty the one visitor card in place (nothing to build); False when there
        are several, or the card is not built yet."""
        cards = self._cards()
        if len(cards) != 1 or self._cards_changing.locked():
            return False
        try:
            cards[0].clear()
        except NoMatches:
            return False
        cards[0].focus_name()
        return True

    # finding -----------------------------------------------------------------------

    def action_find(self) -> None:
        self.app.push_screen(VisitListDialog(self._store, self._operator))
