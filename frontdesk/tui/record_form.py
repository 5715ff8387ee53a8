"""What every record form shares: the visit, letter, duty-entry, post and
document forms.

- Debounced work: a check, a lookup or a draft runs a moment after the last
  key press; the delays come from the App's ``Timing``.
- Change tracking: which fields the operator has left (their refusals show at
  once; the others wait for a save try), and whether anything was typed.
- Drafts (``DRAFT_FORM``): what is typed is kept by the store a moment after
  the last key, read and written in workers, kept again as a lock or a quit
  unmounts the form and when an error is met (tui/crash.py); offered again
  when the form opens (use it, or throw it away). A draft that no longer fits
  the form (an older layout) is refused with a line, never half-loaded.
- The discard key (``discard_key`` in tui/record_dialog.py, Ctrl+D on every form) asks, then empties the
  form and throws its draft away. Leaving a form never loses typing silently:
  Esc closes a dialog keeping its draft (or asks, for a form without one), and
  quitting with typing in a form asks first (tui/app.py).
- Saving: one save at a time, in its own worker group (never exclusive); the
  save key is disabled while a save is in flight.
- Refusals: one ``show_errors`` puts each message under its field, and the
  ones without a field in the form's general box.
- Earlier records (forms with a history panel): looked up in an exclusive
  worker; an answer for people no longer typed is dropped.

A form mixes this in before its screen class (``RecordForm, FrontdeskScreen``)
and sets ``self._store`` and ``self._operator``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.binding import ActiveBinding, Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.screens.confirm import ConfirmDialog
from frontdesk.store import Operator, Store, StoreError, ValidationError
from frontdesk.store.core.errors import field_label
from frontdesk.tui.base import ScreenMixin
from frontdesk.tui.bindings import Section, jump_keys
from frontdesk.tui.draft_shape import fits_form
from frontdesk.tui.kept_dialog import KeptDialog
from frontdesk.tui.timing import Timing, after
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.history_panel import HistoryList, HistoryPanel
from frontdesk.tui.widgets.wrapping import bind_numbers
from frontdesk.tui.workers import StoreDone, StoreRefused, refusals

KeptScreen = TypeVar("KeptScreen", bound=Screen)


def _under(field: str | None, touched: Iterable[str]) -> bool:
    """Whether ``field``, or a field inside it (``visitors`` for ``visitors.0.name``), was left."""
    if field is None:
        return False
    return any(name == field or name.startswith(field + ".") for name in touched)


class RecordForm(ScreenMixin):
    """Mixin of the record forms (see the module's docstring)."""

    SAVE_ACTIONS: ClassVar[frozenset[str]] = frozenset({"save"})
    """Actions disabled while a save is in flight."""
    DRAFT_FORM: ClassVar[str | None] = None
    """The store's name for this form's draft; None keeps no draft."""
    GENERAL_BOX: ClassVar[str] = ""
    """Selector of the line for refusals that name no field of the form."""
    HIDE_EMPTY_GENERAL: ClassVar[bool] = True
    """Whether the general box is hidden while it has nothing to say."""
    DRAFT_OPTIONAL: ClassVar[frozenset[str]] = frozenset({"same_matter"})
    """Keys a draft may hold that a blank form's data does not."""
    MESSAGE_LINE: ClassVar[str | None] = None
    """Selector of the line that says "saving" and how many refusals came back."""
    SECTIONS: ClassVar[tuple[Section, ...]] = ()
    """The parts of the form Alt+1, Alt+2 … jump to (long forms), in the form's order."""
    FOOTER_LATER: ClassVar[frozenset[str]] = frozenset()
    """Ids of the form's keys the footer shows after the section keys (the less used;
    the help screen lists every key)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A form that names its sections gets their keys with its own (Textual
        # reads each class's BINDINGS as the class is made, just after this).
        if cls.__dict__.get("SECTIONS"):
            cls.BINDINGS = [*cls.__dict__.get("BINDINGS", []), *jump_keys(cls.SECTIONS)]
        # The discard key is seldom pressed: the footer shows it after the section keys.
        discard = {key.id for key in cls.BINDINGS if isinstance(key, Binding) and key.action == "discard" and key.id}
        if discard:
            cls.FOOTER_LATER = frozenset(cls.FOOTER_LATER) | discard
        super().__init_subclass__(**kwargs)

    _store: Store
    _operator: Operator

    # state -------------------------------------------------------------------------

    def init_record_form(self) -> None:
        """Called from the form's ``__init__``."""
        self._saving = False
        self._touched: set[str] = set()
        self._show_all = False
        self._shown: dict[str, tuple[str, bool]] = {}
        self._general_text: str | None = None
        self._form_timers: dict[str, Timer] = {}
        self._typed: dict | None = None
        """What is typed, as last noted; None while the form is blank (or saving)."""
        self._blank: dict | None = None
        """The form's data as it opened (``remember_blank``)."""
        self._draft_lock = threading.Lock()
        self._draft_generation = 0
        self._draft_written = False
        """Whether this form kept a draft since it opened (or since the last discard)."""
        self._keeps = 0
        """Keeps asked for so far: a keep that comes late never overwrites a later one."""
        self._kept = 0
        """Raised by a discard or a save: a keep started before it writes nothing."""
        self._history_signature: tuple = ()
        self._kept_dialogs: list[KeptDialog] = []

    @property
    def timing(self) -> Timing:
        return getattr(self.app, "timing", None) or Timing()

    @property
    def saving(self) -> bool:
        """Whether a save is in flight."""
        return self._saving

    def _set_saving(self, saving: bool, *, shown: bool = True) -> None:
        self._saving = saving
        if shown:
            self.refresh_bindings()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # A text field's own Ctrl+D would put the discard key first in the footer;
        # it goes after the form's own keys.
        bindings = super().active_bindings
        discard = bindings.pop("ctrl+d", None)
        if discard is not None:
            bindings["ctrl+d"] = discard
        return bindings

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.SAVE_ACTIONS and self._saving:
            return None  # shown, but dimmed: the first press is being saved
        return super().check_action(action, parameters)

    def action_jump_to_section(self, index: int) -> None:
        """The cursor to the first field of section ``index``, at the end of what
        it holds, the section scrolled to the top of the form."""
        if not 0 <= index < len(self.SECTIONS):
            return
        try:
            field = self.query(self.SECTIONS[index].first).first()
        except NoMatches:  # its rows are being rebuilt
            return
        self.set_focus(field, scroll_visible=False)
        row = next((a for a in field.ancestors_with_self if isinstance(a, FieldRow)), field)
        row.scroll_visible(top=True, animate=False)

    # debounced work -------------------------------------------------------------------

    def schedule(self, name: str, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the ``name`` delay of ``Timing`` has passed without
        another call for the same ``name``."""
        self.stop_timers(name)
        timer = after(self, getattr(self.timing, name), callback)
        if timer is not None:
            self._form_timers[name] = timer

    def stop_timers(self, *names: str) -> None:
        for name in names:
            timer = self._form_timers.pop(name, None)
            if timer is not None:
                timer.stop()

    # change tracking ----------------------------------------------------------------

    def touch(self, name: str | None) -> None:
        """The operator left the field ``name``: its refusals show from now on."""
        if name:
            self._touched.add(name)

    def remember_blank(self) -> None:
        """Note the form's data as it opened (at the end of ``on_mount``, and after a
        reset): while the form holds the same, nothing is typed."""
        self._blank = self.form_data()

    def is_blank(self, data: dict | None = None) -> bool:
        """Whether nothing worth keeping is typed (no draft is kept then); ``data``:
        the form's data, when it was just read."""
        return self._blank is None or (self.form_data() if data is None else data) == self._blank

    def _typing(self) -> dict | None:
        """The form's data, read once; None while nothing worth keeping is typed."""
        data = self.form_data()
        return None if self.is_blank(data) else data

    @property
    def form_name(self) -> str:
        """The form's name in questions about its typing (its title)."""
        return str(getattr(self, "title_text", ""))

    @property
    def dirty(self) -> bool:
        """Whether the form holds typing that is not saved."""
        return self._typed is not None and not self._saving

    def focus_start(self) -> None:
        """Put the cursor in the field an operator fills first."""

    def form_data(self) -> dict:
        raise NotImplementedError

    def note_change(self) -> None:
        """Something was typed: check again, keep a draft a moment later."""
        self.schedule("check", self.check_form)
        self._typed = None if self._saving else self._typing()
        if self.DRAFT_FORM is not None:
            self.schedule("draft", self.keep_draft)

    def check_form(self) -> None:
        """Show the refusals of what is typed now (forms with live checks)."""

    # drafts ---------------------------------------------------------------------------

    def offer_draft(self) -> None:
        """Look for a kept draft; the form offers it when one is found. Keys typed
        meanwhile wait for the answer (its group is not a background one), so a
        burst typed as the form opens lands in the question, not under it."""
        if self.DRAFT_FORM is not None:
            self.run_store("draft-found", self._store.drafts.get,
                           self._operator, self.DRAFT_FORM, group="draft-offer")

    def draft_found(self, draft: Any) -> None:
        """A kept draft came back: ask whether to go on with it (yes fills the form,
        no throws the draft away)."""
        question = t("tui.draft.found", form=self.form_name, at=draft.saved_at[:16])
        self.app.push_screen(ConfirmDialog(question), lambda yes: self.draft_answered(yes, draft.data))

    async def draft_answered(self, yes: bool | None, data: Any) -> None:
        if yes:
            await self.use_draft(data)
        else:
            self.discard_draft()

    def draft_fits(self, data: Any) -> bool:
        """Whether ``data`` has this form's keys with values of their kinds (a draft
        kept by an older layout of the form may not)."""
        template = self._blank if self._blank is not None else self.form_data()
        return fits_form(template, data, self.DRAFT_OPTIONAL)

    async def use_draft(self, data: Any) -> bool:
        """Fill the form from a kept draft; one that does not fit is refused with a
        line and thrown away, and the form stays as it was. False when refused."""
        if not self.draft_fits(data):
            self.notify(t("tui.draft.unfit"), severity="warning", markup=False)
            self.discard_draft()
            return False
        try:
            await self.load_draft(data)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, NoMatches):
            self.notify(t("tui.draft.unfit"), severity="warning", markup=False)
            self.discard_draft()
            await self.clear_form()
            return False
        self.focus_start()
        return True

    async def load_draft(self, data: dict) -> None:
        """Put a draft's values into their fields (each form knows its own)."""
        raise NotImplementedError

    async def clear_form(self) -> None:
        """Back to the form as it opened: every field as it started, no refusals."""
        if self._blank is not None:
            await self.load_draft(self._blank)
        self._touched.clear()
        self._show_all = False
        self.show_errors([])
        self._typed = None
        self.focus_start()

    def discard_draft(self) -> None:
        """Throw away the kept draft (a keep still on its way writes nothing)."""
        self._typed = None
        self._draft_written = False
        self.stop_timers("draft")
        self._draft_generation += 1
        if self.DRAFT_FORM is not None:
            self.run_store("draft-discarded", self._discard_kept, group="draft")

    def _keep_later(self, data: dict) -> Callable[[], None]:
        """The write that keeps ``data``, numbered now (on the UI thread) so that
        writes landing out of order keep the last typing, and void once the
        draft is discarded or saved."""
        self._keeps += 1
        number, generation = self._keeps, self._draft_generation

        def keep() -> None:
            with self._draft_lock:
                if generation != self._draft_generation or number < self._kept or self.DRAFT_FORM is None:
                    return
                self._store.drafts.keep(self._operator, self.DRAFT_FORM, data)
                self._kept = number

        return keep

    def _discard_kept(self) -> None:
        with self._draft_lock:
            if self.DRAFT_FORM is not None:
                self._store.drafts.discard(self._operator, self.DRAFT_FORM)

    def action_discard(self) -> None:
        """The discard key: asks, then empties the form and throws the draft away."""
        if self._saving:
            return
        if not self.dirty and self.is_blank():
            self.notify(t("tui.draft.nothing"), markup=False)
            return
        self.app.push_screen(ConfirmDialog(t("tui.draft.discard_question", form=self.form_name)),
                             self._discard_answered)

    async def _discard_answered(self, yes: bool | None) -> None:
        if not yes:
            return
        self.discard_draft()
        await self.clear_form()
        self._typed = None
        self.stop_timers("draft")
        self.notify(t("tui.draft.discarded"), markup=False)

    def forget_typing(self) -> None:
        """Quitting without the draft: throw it away now (the app waits for the write)."""
        self._typed = None
        self.stop_timers("draft")
        self._draft_generation += 1
        if self.DRAFT_FORM is not None:
            self.app.write_behind.start(self._discard_kept)

    def keep_draft(self) -> None:
        """Keep what is typed (a moment after the last change)."""
        if self.DRAFT_FORM is None:
            return
        if self._saving:
            return
        typed = self._typing()
        if typed is None:
            self._typed = None
            if self._draft_written:  # typed, then rubbed out: nothing is left to keep
                self._draft_written = False
                self.run_store("draft-discarded", self._discard_kept, group="draft")
            return
        self._typed = typed
        self._draft_written = True
        self.run_store("draft-kept", self._keep_later(typed), group="draft")

    def keep_draft_now(self) -> None:
        """Keep what the fields hold at once, by the App's last writes (an error is
        being handled: nothing may wait for a delay); what was last noted when the
        fields cannot be read."""
        if self.DRAFT_FORM is None or self._saving:
            return
        try:
            typed = self._typing()
        except Exception:
            typed = self._typed
        if typed is not None:
            self._typed = typed
            self.app.write_behind.start(self._keep_later(typed))

    def on_unmount(self) -> None:
        # Locking the screen or quitting unmounts the form (its fields are already
        # gone by now): keep what was last typed. The screen's own workers end
        # with it, so this write is the App's.
        if self.DRAFT_FORM is not None and self._typed is not None and not self._saving:
            self.app.write_behind.start(self._keep_later(self._typed))
        for kept in self._kept_dialogs:
            kept.close()

    # dialogs shown after each save ----------------------------------------------------

    def keep_dialog(self, make: Callable[[], KeptScreen]) -> KeptDialog[KeptScreen]:
        """A dialog this form shows again and again (after each save), made by
        ``make`` once and kept while the form lives (tui/kept_dialog.py)."""
        kept = KeptDialog(make)
        self._kept_dialogs.append(kept)
        return kept

    def build_dialogs(self) -> list[Screen]:
        """Build the kept dialogs now, not shown (the desk prepared after sign-in)."""
        return [kept.build() for kept in self._kept_dialogs]

    # earlier records ----------------------------------------------------------------

    def look_up_history(self, signature: tuple, call: Callable[..., Any], *args: Any) -> None:
        """Look up the earlier records of the people typed (``signature`` says who);
        the same people are not looked up twice in a row."""
        if signature == self._history_signature:
            return
        self._history_signature = signature

        def signed() -> tuple[tuple, Any]:
            return signature, call(*args)

        self.run_store("history", signed, group="history", exclusive=True)

    def history_start(self) -> None:
        """Focus where the people are typed (the history key goes back there)."""

    def action_history(self) -> None:
        history = self.query_one(HistoryList)
        if history.has_focus:
            self.history_start()
        else:
            history.focus()
            if history.highlighted is None and history.option_count:
                history.highlighted = 0

    def on_history_list_mark_toggled(self, event: HistoryList.MarkToggled) -> None:
        self.query_one(HistoryPanel).toggle(event.record)

    # saving -------------------------------------------------------------------------

    def start_save(self, call: Callable[..., Any], *args: Any) -> bool:
        """Save by ``call(*args)`` in the save group; False while a save is in flight.
        A kept draft is dropped in the same transaction as the save."""
        if self._saving:
            return False
        self.stop_timers("lookup", "draft")
        # The save key is refused at once; the footer shows it dimmed, like the
        # "saving" note, only if the save is still running after a moment (a save
        # that is over sooner would draw the form once more for nothing).
        self._set_saving(True, shown=False)
        self._show_all = True
        if self.MESSAGE_LINE == self.GENERAL_BOX:
            self._general_text = None  # "saving" is about to cover it
        line = self.query_one(self.MESSAGE_LINE, Static) if self.MESSAGE_LINE is not None else None
        if line is not None and str(line.content):
            line.update(t("tui.form.saving"))  # what it said is no longer so
            line = None
        self.schedule("saving_note", partial(self._say_saving, line))
        self._draft_generation += 1  # a keep on its way would bring the draft back

        def save() -> Any:
            # The record and the end of its draft in one commit: one wait for the
            # disk, and never the one without the other. The draft's lock first,
            # as a draft being kept takes it before the store's.
            with self._draft_lock, self._store.write():
                result = call(*args)
                if self.DRAFT_FORM is not None:
                    self._store.drafts.discard(self._operator, self.DRAFT_FORM)
            return result

        self.run_store("save", save, group="save")
        return True

    def _say_saving(self, line: Static | None) -> None:
        if self._saving:
            self.refresh_bindings()
            if line is not None:
                line.update(t("tui.form.saving"))

    def saved(self, result: Any) -> None:
        """The save went through (the form moves on)."""

    # Handlers by name: a mixin's @on handlers are not collected by Textual.
    def on_store_done(self, event: StoreDone) -> None:
        if event.request == "save":
            self.stop_timers("saving_note")
            self._set_saving(False)
            self._typed = None
            self._history_signature = ("saved",)
            self.saved(event.result)
        elif event.request == "history":
            signature, history = event.result
            # While saving, the record being saved would list itself as its own past.
            if signature == self._history_signature and not self._saving:
                self.query_one(HistoryPanel).show(history)
        elif event.request == "draft-found" and event.result is not None:
            self.draft_found(event.result)

    def on_store_refused(self, event: StoreRefused) -> None:
        if event.request == "save":
            self.stop_timers("saving_note")
            self._set_saving(False)
            self.show_refusal(event.error)

    # refusals -------------------------------------------------------------------------

    def show_refusal(self, error: StoreError) -> None:
        """A save was refused: every message in its place, the cursor on the first field."""
        errors = refusals(error)
        first = self.show_errors(errors)
        if self.MESSAGE_LINE is not None:
            line = self.query_one(self.MESSAGE_LINE, Static)
            if self.MESSAGE_LINE == self.GENERAL_BOX:
                if not self._general_text:
                    line.update(Text(t("tui.visit.refused", count=len(errors))))
            elif any(isinstance(e, ValidationError) for e in errors):
                line.update(Text(t("tui.visit.refused", count=len(errors))))
            else:
                line.update(Text(bind_numbers(errors[0].message)))
                self.notify(errors[0].message, severity="error", markup=False)
        if first is not None:
            first.control.focus()
            first.scroll_visible()

    def show_errors(self, errors: Iterable[StoreError], warnings: Iterable = (), *,
                    only_touched: bool = False) -> FieldRow | None:
        """Put each message under its field (only fields the operator has left
        while ``only_touched``), the others in the general box; answers the first
        refused row. Rows whose message did not change are left alone
        (restyling a row costs a relayout of the form)."""
        rows = self.field_rows()
        wanted: dict[str, tuple[str, bool]] = {}
        general: list[str] = []
        first: FieldRow | None = None

        def shown(field: str | None) -> bool:
            return not only_touched or (field in self._touched if field in rows else _under(field, self._touched))

        for warning in warnings:
            message = t(warning.key, field=field_label(warning.field))
            if warning.field in rows:
                wanted[warning.field] = (message, True)
            elif shown(warning.field):
                general.append(message)
        for error in errors:
            field = getattr(error, "field", None)
            if not shown(field):
                continue
            if isinstance(field, str) and field in rows:
                wanted[field] = (error.message, False)
            else:
                general.append(error.message)
        # The first refused field in the form's order, not in the refusals' order.
        first = next((row for name, row in rows.items() if name in wanted and not wanted[name][1]), None)
        for name, row in rows.items():
            if wanted.get(name) == self._shown.get(name):
                continue
            if name in wanted:
                message, warning = wanted[name]
                row.show_error(message, warning=warning)
            else:
                row.clear_error()
        self._shown = dict(wanted)
        self._show_general("\n".join(general))
        return first

    def _show_general(self, text: str) -> None:
        if not self.GENERAL_BOX or text == self._general_text:
            return
        self._general_text = text
        try:
            box = self.query_one(self.GENERAL_BOX, Static)
        except NoMatches:
            return
        box.update(Text(bind_numbers(text)))
        if self.HIDE_EMPTY_GENERAL:
            box.display = bool(text)
