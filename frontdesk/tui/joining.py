"""The matter a visit or letter being typed will join (并入信访事项), on its form.

When the operator marks an earlier record as the same matter, one line over
the form names the matter, where it stands, the unit holding it and the date
its clock runs out (overdue in red), read through the store in a worker. An
unmarked record will be a new matter: nothing is said, the slip gives its
number.

A matter re-reviewed and final (已经复核终结) is not taken up again: the form
proposes the refusal with its reason, visibly, as soon as such a matter is
marked. The operator may handle it after all, and then says why in the
overrule note (受理理由) that appears for it; the store refuses the save
without that note.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.css.query import NoMatches
from textual.widgets import Input, Select, Static

from frontdesk.i18n import t
from frontdesk.store import StoreError, ValidationError
from frontdesk.store.matters import rules
from frontdesk.store.matters.records import Matter
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.history_panel import HistoryList, HistoryPanel
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, refusals

OVERRULE = "matter_overrule"


def joining_text(matter: Matter) -> Text:
    """``并入 M2026-000012 · 已转送 区教育局 · 2026-12-30 到期``; a final matter
    says the refusal it proposes instead of a date."""
    state = matter.state
    text = Text(t("tui.join.matter", number=matter.number))
    text.append(" · " + t(f"matter.status.{state.status}"))
    if state.unit:
        text.append(" " + state.unit)
    if matter.final:
        text.append(" · " + t("tui.join.final"), style="bold")
        return text
    # The petitioner's windows for asking a review are not the office's clocks.
    dues = [d for d in (state.due if state.clock not in rules.WINDOWS else None, state.supervision_due) if d]
    if dues:
        due = t("tui.join.due", due=min(dues).isoformat())
        if state.overdue:
            text.append(" · ")
            text.append(f"{due} {t('matter.overdue')}", style="bold red")
        else:
            text.append(" · " + due)
    return text


class JoinedMatterLine(Static):
    """One line over a form: the matter its record will join (hidden when none)."""

    DEFAULT_CSS = """
    JoinedMatterLine {
        display: none;
        height: 1;
        padding: 0 1;
        background: $boost;
        color: $text-primary;
        text-style: bold;
        &.-final { color: $text-warning; }
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="joined-matter")

    def show(self, matter: Matter | None) -> None:
        self.update(joining_text(matter) if matter is not None else "")
        self.set_class(matter is not None and matter.final, "-final")
        self.display = matter is not None


def overrule_row() -> FieldRow:
    """The overrule note's row (shown only when a final matter is handled after all)."""
    row = FieldRow(t("tui.join.overrule_label"),
                   TextInput("", max_length=500, compact=True, id="f-matter_overrule",
                             placeholder=t("tui.join.overrule_hint")), name=OVERRULE)
    row.display = False
    return row


class JoiningForm:
    """Mixin of the visit and letter forms, before ``RecordForm``: the joined
    matter's line, the refusal proposed on a final matter, the overrule note.

    A form sets where its handling is chosen and what not accepting is there."""

    JOIN_CHOICE: ClassVar[str] = ""
    """Id of the select of the handling (a visit's disposition, a letter's proposal)."""
    JOIN_REFUSAL: ClassVar[str] = ""
    """Its value that does not take the matter up (不予受理, 不予转送)."""
    JOIN_REASON: ClassVar[tuple[str, str]] = ("", "")
    """Id of the reason's select, and the reason for a final matter."""
    JOIN_ACCEPTING: ClassVar[tuple[str, ...]] = ()
    """Its values that handle the matter: on a final one, only with a note."""
    DRAFT_OPTIONAL: ClassVar[frozenset[str]] = frozenset({"same_matter", OVERRULE})

    _joining_key: tuple[str, str] | None = None
    _joining: Matter | None = None
    """The matter the marked record belongs to, as last read."""
    _proposed: str | None = None
    """The final matter the refusal was last proposed for (proposed once per mark)."""

    # Provided by the form and RecordForm.
    _store: Any
    _operator: Any
    query_one: Any
    query_once: Any
    field_row: Any
    run_store: Any
    call_later: Any

    def note_change(self) -> None:
        super().note_change()  # type: ignore[misc]
        self.check_joining()
        self.update_overrule()

    def check_joining(self) -> None:
        """Read the matter again when the mark changed (marked, unmarked, or another)."""
        try:
            same = self.query_once("HistoryPanel", HistoryPanel).same_matter()
        except NoMatches:
            return
        key = (same["channel"], same["number"]) if same else None
        if key == self._joining_key:
            return
        self._joining_key = key
        if key is None:
            self.show_joining(None)
            return
        self.run_store("joining", self._read_joining, key, group="joining", exclusive=True)

    def _read_joining(self, key: tuple[str, str]) -> tuple[tuple[str, str], Matter | None]:
        return key, self._store.matters.joining(self._operator, {"channel": key[0], "number": key[1]})

    def show_joining(self, matter: Matter | None) -> None:
        """Name the matter over the form; on a final one newly marked, propose the refusal."""
        self._joining = matter
        self.query_one(JoinedMatterLine).show(matter)
        if matter is None or not matter.final:
            self._proposed = None
        elif self._proposed != matter.number:
            self._proposed = matter.number
            self.query_one(f"#{self.JOIN_CHOICE}", Select).value = self.JOIN_REFUSAL
            reason_id, reason = self.JOIN_REASON
            self.query_one(f"#{reason_id}", Select).value = reason
        self.update_overrule()

    def overrule_needed(self) -> bool:
        """Whether a final matter is being handled after all (the note is asked for)."""
        if self._joining is None or not self._joining.final:
            return False
        return self.query_once(f"#{self.JOIN_CHOICE}", Select).value in self.JOIN_ACCEPTING

    def _overrule_row(self) -> FieldRow | None:
        try:
            return self.field_row(OVERRULE)  # looked up once: a group's form has hundreds of widgets
        except KeyError:
            return None

    def update_overrule(self) -> None:
        row = self._overrule_row()
        shown = self.overrule_needed()
        if row is not None and row.display != shown:
            row.display = shown

    def add_overrule(self, data: dict) -> dict:
        """The overrule note into the form's data, while it is asked for."""
        row = self._overrule_row()
        if row is not None and row.display:
            data[OVERRULE] = self.query_once("#f-matter_overrule", Input).value
        return data

    def on_history_list_mark_toggled(self, event: HistoryList.MarkToggled) -> None:
        self.call_later(self.check_joining)  # once the panel has taken the mark

    def on_store_done(self, event: StoreDone) -> None:
        if event.request == "joining":
            key, matter = event.result
            if key == self._joining_key:
                self.show_joining(matter)
        elif event.request == "history":
            self.call_later(self.check_joining)  # a record no longer listed is no longer marked

    def show_errors(self, errors: Any, warnings: Any = (), *, only_touched: bool = False) -> Any:
        # After a save try the live checks keep the store's refusal of a missing
        # note in place (they know no matters), until the note is typed.
        errors = list(errors)
        if getattr(self, "_show_all", False) and self.overrule_needed() and self._joining is not None \
                and not self.query_once("#f-matter_overrule", Input).value.strip() \
                and not any(getattr(e, "field", None) == OVERRULE for e in errors):
            errors.append(ValidationError(OVERRULE, "err.matter_final_overrule", matter=self._joining.number))
        return super().show_errors(errors, warnings, only_touched=only_touched)  # type: ignore[misc]

    def show_refusal(self, error: StoreError) -> None:
        if any(getattr(e, "field", None) == OVERRULE for e in refusals(error)):
            # The matter became final since it was read: the note is asked for now.
            row = self._overrule_row()
            if row is not None:
                row.display = True
            self._joining_key = None
            self.check_joining()
        super().show_refusal(error)  # type: ignore[misc]
