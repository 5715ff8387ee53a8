"""Base classes of every screen: translated keys, a title, failed-worker notices."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from rich.console import RenderableType
from rich.segment import Segment
from textual import events, getters
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.geometry import Region, Size
from textual.message import Message
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from frontdesk.i18n import t
from frontdesk.tui.bindings import TranslatedBindings
from frontdesk.tui.crash import FATAL_ERRORS
from frontdesk.tui.styles import DimmedScreen
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.urgent_bar import UrgentBar
from frontdesk.tui.workers import run_store

if TYPE_CHECKING:
    from frontdesk.tui.app import FrontdeskApp

    # The mixins below are always mixed into a screen; the checker is told so.
    _Screen = Screen[Any]
else:
    _Screen = object

ResultType = TypeVar("ResultType")
W = TypeVar("W", bound=Widget)
_BUILDING = (events.Compose, events.Mount)
"""Messages that build a screen: one that fails leaves a screen that cannot go on."""
FOCUS_TRIES = 10
"""Refreshes ``focus_soon`` waits at most for its widget to be mounted."""


def _in_place(widget: Widget) -> bool:
    """Whether ``widget`` is mounted and not on its way out."""
    return widget.is_attached and not any(getattr(node, "_pruning", False) for node in widget.ancestors_with_self)


class ScreenMixin(_Screen):
    """What every frontdesk screen adds to Textual's, for mixins to build on.

    Store refusals come back as messages; anything else a worker raises is a
    fault, and the operator is told instead of left waiting.
    """

    if TYPE_CHECKING:
        # The running app as a FrontdeskApp, the way Textual types a node's app
        # (textual.getters.app); for the checker only, since the app module
        # imports the screens.
        app = getters.app(FrontdeskApp)

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True,
                  from_app_focus: bool = False) -> None:
        """Focus ``widget``; a text field gets the cursor at the end of what it
        holds, nothing selected, so a stray key never wipes a filled field."""
        if isinstance(widget, Input) and widget is not self.focused:
            widget.select_on_focus = False
            widget.cursor_position = len(widget.value)
        super().set_focus(widget, scroll_visible, from_app_focus)

    def query_once(self, selector: str, expect_type: type[W]) -> W:
        """``query_one(selector, expect_type)``, looked up once and again only after
        the widget left the screen: a query walks every widget of the screen, and
        a form reads its fields on every key."""
        kept: dict[str, Widget] = self.__dict__.setdefault("_found", {})
        widget = kept.get(selector)
        if not isinstance(widget, expect_type) or not _in_place(widget):
            widget = kept[selector] = self.query_one(selector, expect_type)
        return widget

    def field_rows(self) -> dict[str, FieldRow]:
        """The form's rows by field name, in the form's order: looked up again only
        after a row was mounted or unmounted (each row tells its screen)."""
        rows: dict[str, FieldRow] | None = self.__dict__.get("_field_rows")
        if rows is None:
            rows = self.__dict__["_field_rows"] = {row.name: row for row in self.query(FieldRow) if _in_place(row)}
        return rows

    def forget_field_rows(self) -> None:
        """A row came or went: the next ``field_rows`` looks them up again."""
        self.__dict__.pop("_field_rows", None)

    def field_row(self, name: str) -> FieldRow:
        """The form's row of the field ``name`` (``FieldRow.name``), looked up as ``query_once`` looks."""
        row = self.field_rows().get(name)
        if row is None or not _in_place(row):
            self.forget_field_rows()
            row = self.field_rows()[name]
        return row

    def focus_soon(self, target: Callable[[], Widget]) -> None:
        """Focus ``target()`` once this screen is on top and refreshed: after widgets it
        mounts are in place, or after the dialog over it has closed (a callback left
        to "after refresh" while a dialog is on top would go away with the dialog)."""
        self._focus_target: Callable[[], Widget] | None = target
        self._focus_tries = FOCUS_TRIES
        if self.app.screen is self:
            self.call_after_refresh(self._focus_now)

    def _focus_now(self) -> None:
        target = getattr(self, "_focus_target", None)
        if target is None or self.app.screen is not self:
            return
        try:
            widget: Widget | None = target()
        except NoMatches:  # not mounted yet
            widget = None
        if widget is None or not _in_place(widget):
            self._focus_tries -= 1
            if self._focus_tries > 0:
                self.call_after_refresh(self._focus_now)
            return
        self._focus_target = None
        self.set_focus(widget)

    def _screen_resized(self, size: Size) -> None:
        # Textual lays the whole screen out again each time it is shown (a main
        # screen's key, a dialog closing): only when its size changed or something
        # in it asked for it meanwhile; otherwise showing it repaints it.
        if size == self._size and not self._layout_required and not self._layout_widgets and self.stack_updates:
            return
        super()._screen_resized(size)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # (Named as Textual's own handler, which still runs after it, so that a
        # screen's on_screen_resume does not hide it.) Textual styles every widget
        # again when a mode's screen is shown again, in case the rules changed
        # meanwhile; when they did (a theme), the app's rule count moved and
        # Textual styles the screen anew anyway. Otherwise the screen is shown as
        # it was styled, not restyled widget by widget.
        if self._css_update_count == self.app._css_update_count:
            event.refresh_styles = False
        if getattr(self, "_focus_target", None) is not None:
            self.call_after_refresh(self._focus_now)
        held, self._held_calls = self._held_calls, None
        for start in held or ():
            start()

    _held_calls: list[Callable[[], object]] | None = None

    def hold_store_calls(self) -> None:
        """This screen is built ahead of being shown (tui/warmup.py): the store calls
        it asks for meanwhile (its lists, a kept draft to offer) start when it is
        first shown, so it shows what is current then and asks nothing before."""
        self._held_calls = []

    def run_store(self, request: str, call: Callable[..., Any], /, *args: Any, group: str,
                  exclusive: bool = False, **kwargs: Any) -> Worker | None:
        """Run a store call in a thread worker; its answer comes back to this
        screen as ``StoreDone`` or ``StoreRefused`` tagged ``request`` (tui/workers.py).
        None when the call waits for the screen to be shown (``hold_store_calls``)."""
        if self._held_calls is not None:
            self._held_calls.append(
                partial(run_store, self, request, call, *args, group=group, exclusive=exclusive, **kwargs))
            return None
        return run_store(self, request, call, *args, group=group, exclusive=exclusive, **kwargs)

    # By name: a mixin's @on handlers are not collected by Textual.
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            # Store refusals came back as StoreRefused: this is a fault. Logged and
            # told like any other (tui/crash.py); the screen goes on.
            self.app.report_unexpected(event.worker.error)

    async def _dispatch_message(self, message: Message) -> None:
        # A handler of this screen that fails would stop the screen's message loop
        # (Textual ends it on any error), and the app with it. Only a screen that
        # could not be built stops; any other failure is a message that did nothing.
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            if isinstance(message, _BUILDING) and (self.app._exit or not self.is_attached):
                # Built ahead for a desk that is closing (a hang-up, a quit) and taken
                # apart while it was built: nobody will see it.
                return
            if isinstance(error, FATAL_ERRORS) or isinstance(message, _BUILDING):
                raise
            self.app.report_unexpected(error)


# Textual's own Tab bindings, again with an id and words, so the help lists them.
_FOCUS_KEYS: list[BindingType] = [
    Binding("tab", "app.focus_next", "tui.key.focus_next", id="focus-next", show=False),
    Binding("shift+tab", "app.focus_previous", "tui.key.focus_previous", id="focus-previous",
            show=False),
]


class FrontdeskScreen(TranslatedBindings, ScreenMixin, Screen[ResultType]):
    """A full screen. ``TITLE_KEY`` names it in the top bar and the help screen."""

    TITLE_KEY: ClassVar[str] = ""
    BINDINGS = _FOCUS_KEYS

    @property
    def title_text(self) -> str:
        return t(self.TITLE_KEY) if self.TITLE_KEY else ""

    # Textual calls these besides a subclass's own handlers of the same events.
    def on_mount(self) -> None:
        """Every full screen carries the urgent bar at its top (tui/widgets/urgent_bar.py)."""
        if not self.is_attached:
            return  # taken off before its mount came round (the terminal hung up, a desk closed)
        bar = UrgentBar()
        if self.children:
            self.mount(bar, before=0)
        else:
            self.mount(bar)

    def on_screen_resume(self) -> None:
        urgent = getattr(self.app, "urgent", ())
        if urgent:
            now = self.app.clock()
            for bar in self.query(UrgentBar):
                bar.show_urgent(urgent, now)
        else:
            for bar in self.query(UrgentBar):
                bar.display = False


class FrontdeskModal(TranslatedBindings, ScreenMixin, ModalScreen[ResultType]):
    """A dialog over a screen; it answers by ``dismiss(result)``."""

    TITLE_KEY: ClassVar[str] = "tui.help.screen.form"
    BINDINGS = _FOCUS_KEYS

    _dimmed: list[tuple[tuple[object, ...], list[Segment]]] | None = None

    def render(self) -> RenderableType:
        # The screen under the dialog, tinted as Textual does, in less time (tui/styles.py).
        rendered = super().render()
        if type(rendered) is BackgroundScreen:
            if self._dimmed is None:
                self._dimmed = []
            return DimmedScreen(rendered.screen, rendered.color, self._dimmed)
        return rendered

    def refresh(self, *regions: Region, **options: Any) -> Self:
        if regions and self._dimmed and not self._under_footer(regions):
            self._dimmed.clear()  # parts of the screen under it were drawn anew
        return super().refresh(*regions, **options)

    def _under_footer(self, regions: tuple[Region, ...]) -> bool:
        """Whether every region lies under this dialog's own footer, which covers
        them (the keys of the screen under it, changed): nothing of them shows."""
        footers = self.query_children(KeyFooter)
        if not footers:
            return False
        area = footers.first().region
        return bool(area) and all(area.contains_region(region) for region in regions)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # (Textual runs each class's handler of this name in turn: no super call.)
        if self._dimmed:
            self._dimmed.clear()  # the screen under it may have changed meanwhile
        if self.app.screen is self:
            # Textual asks the screen under a dialog being shown to repaint all of
            # itself; the dialog draws that screen from its widgets as it is shown
            # (just after this), so the repaint would only draw it a second time.
            # Widgets of it that change still draw themselves, and the dialog over them.
            for under in self.app._background_screens:
                under._repaint_required = False

    @property
    def title_text(self) -> str:
        return t(self.TITLE_KEY)
