"""Base classes of every screen: translated keys, a title, failed-worker notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import getters, on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from frontdesk.i18n import t
from frontdesk.tui.bindings import TranslatedBindings
from frontdesk.tui.workers import run_store

if TYPE_CHECKING:
    from frontdesk.tui.app import FrontdeskApp

    # The mixins below are always mixed into a screen; the checker is told so.
    _Screen = Screen[Any]
else:
    _Screen = object

ResultType = TypeVar("ResultType")


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

    def run_store(self, request: str, call: Callable[..., Any], /, *args: Any, group: str,
                  exclusive: bool = False, **kwargs: Any) -> Worker:
        """Run a store call in a thread worker; its answer comes back to this
        screen as ``StoreDone`` or ``StoreRefused`` tagged ``request`` (tui/workers.py)."""
        return run_store(self, request, call, *args, group=group, exclusive=exclusive, **kwargs)

    @on(Worker.StateChanged)
    def report_failed_worker(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                t("tui.err.unexpected", detail=f"{type(error).__name__}: {error}"),
                severity="error", markup=False,
            )


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


class FrontdeskModal(TranslatedBindings, ScreenMixin, ModalScreen[ResultType]):
    """A dialog over a screen; it answers by ``dismiss(result)``."""

    TITLE_KEY: ClassVar[str] = "tui.help.screen.form"
    BINDINGS = _FOCUS_KEYS

    @property
    def title_text(self) -> str:
        return t(self.TITLE_KEY)
