"""The desk made ready after sign-in, so a key shows a screen already built.

Building a main screen the first time it is opened costs far more than showing
it: importing its module, reading and parsing its style rules (Textual parses
every rule of the app again for a screen whose rules are new, and once more
when a new screen's rules were not applied to it yet), composing and mounting
its widgets, and the garbage collector going through every object the program
holds while those widgets are made. After sign-in, while the operator looks at
the home screen, ``prepare_desk`` does that work one screen at a time on the
event loop (a key typed meanwhile waits for one step at most, not for all):

1. the screens' modules are imported in a thread, and so is what the store
   loads the first time it saves a record (the pinyin readings of names for the
   lookup index, the table of ID-number places): the first save would wait for
   it inside its write otherwise;
2. the rules of every screen and dialog are read and parsed once, with the
   parse cache large enough to hold them all;
3. each main screen the operator may open is built in its mode's stack without
   being shown; the store calls it asks for while it is built (its lists, a kept
   draft to offer) start when its key shows it, so it shows what is current then;
   it is laid out and drawn at the app's size too, so showing it only paints it;
   the dialog a form shows after each save (the slip, the letter just saved) is
   built then too (tui/kept_dialog.py), so that a save only fills it and shows it;
4. the objects made so far, which live until the screen locks, are set aside
   from the garbage collector's rounds (``gc.freeze``), when the program holds
   the collector back while starting (the ``frontdesk`` command; not the tests).

Locking the screen removes the main screens: what was set aside goes back to
the collector first, so the old screens are collected, not kept.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from textual.cache import LRUCache
from textual.screen import Screen
from textual.widget import Widget

from frontdesk.store import Store, StoreError
from frontdesk.tui.styles import PARSE_CACHE

if TYPE_CHECKING:
    from textual.app import App

SCREENS_FOLDER = Path(import_module("frontdesk.screens").__file__ or "").resolve().parent
START_AFTER = 0.3
"""Seconds after sign-in before the desk is prepared: the home screen is drawn
and reads its figures first."""


def screen_styles() -> list[Path]:
    """Every style file of the screens and dialogs, in a fixed order."""
    return sorted(SCREENS_FOLDER.rglob("*.tcss"))


def load_styles(app: App, paths: Iterable[Path]) -> bool:
    """Read the style files not yet read and parse what is new, once; True if
    there was anything new (the widgets shown now are styled again)."""
    stylesheet = app.stylesheet
    if getattr(stylesheet._parse_cache, "_maxsize", PARSE_CACHE) < PARSE_CACHE:
        stylesheet._parse_cache = LRUCache(PARSE_CACHE)
    new = [path for path in paths if not stylesheet.has_source(str(path))]
    for path in new:
        stylesheet.read(path)
    if new:
        stylesheet.parse()
        stylesheet.update(app)
    return bool(new)


def styled_now(app: App, screen: Screen) -> Screen:
    """Mark ``screen`` as styled with the app's current rules when its own are
    already read: Textual then does not parse every rule again to show it."""
    stylesheet = app.stylesheet
    if all(stylesheet.has_source(str(path)) for path in screen.css_path) and not screen.CSS:
        screen._css_update_count = app._css_update_count
    return screen


def build_in_background(app: App, mode: str, factory: Callable[[], Screen]) -> Screen | None:
    """Build ``mode``'s screen into its stack without showing it (Textual's own
    first switch to a mode, less the screen being told it is shown)."""
    stacks = app._screen_stacks
    if stacks.get(mode):
        return None
    screen = styled_now(app, factory())
    hold = getattr(screen, "hold_store_calls", None)
    if hold is not None:
        hold()
    screen, _mounting = app._get_screen(screen)
    app._load_screen_css(screen)
    screen._screen_resized(app.size)
    stacks[mode] = [screen]
    return screen


LAYOUT_ROUNDS = 4
"""Layouts at most of a screen built ahead: widgets that change size ask for one more."""


async def lay_out_in_background(app: App, screen: Screen) -> None:
    """Place and draw the widgets of ``screen``, built but not shown, at the app's
    size, until they ask for no other layout: the key that shows it then only
    paints it (Textual would lay it out twice and draw every widget as it shows it)."""
    for _ in range(LAYOUT_ROUNDS):
        await asyncio.sleep(0)
        if screen is app.screen or not screen.is_attached or not app.size:
            return
        screen._refresh_layout(app.size)
        screen._layout_required = False
        await _messages_handled(screen)
        if not screen._layout_required:
            break
    screen._compositor.render_strips()


async def _messages_handled(screen: Screen) -> None:
    """Until the screen and its widgets handled the messages sent them (a second at most)."""
    for _ in range(500):
        if all(node._message_queue.empty() for node in screen.walk_children(with_self=True)):
            return
        await asyncio.sleep(0.002)


class Collector:
    """The garbage collector's share of the program's life (see the module's docstring)."""

    def __init__(self) -> None:
        self.holding = False
        """Whether objects are set aside (only when the program held the collector
        back while starting)."""

    def started(self) -> None:
        """The first screen is shown: set aside what starting made, collect again."""
        if not gc.isenabled():
            gc.freeze()
            self.holding = True
            gc.enable()

    def desk_ready(self) -> None:
        """The desk's screens are built: collect what is garbage now, set the rest aside."""
        if self.holding:
            gc.collect()
            gc.freeze()

    def desk_closed(self) -> None:
        """The main screens are going: let the collector have them."""
        if self.holding:
            gc.unfreeze()


async def prepare_desk(app: App, store: Store, modes: Sequence[tuple[str, Callable[[], Screen]]],
                       ready: asyncio.Event, collector: Collector, modules: list[str]) -> None:
    """Import, style and build the screens of ``modes`` (see the module's docstring);
    ``ready`` is set at the end, also when the desk closed meanwhile."""
    try:
        await asyncio.to_thread(_import_all, modules, store)
        await asyncio.sleep(0)
        load_styles(app, screen_styles())
        for mode, factory in modes:
            await asyncio.sleep(0)
            if app._modes.get(mode) is not factory:  # locked or signed out meanwhile
                return
            screen = build_in_background(app, mode, factory)
            if screen is not None:
                await _mounted(screen)
                await lay_out_in_background(app, screen)
                # The dialogs it shows after each save (tui/kept_dialog.py).
                for dialog in getattr(screen, "build_dialogs", list)():
                    await asyncio.sleep(0)
                    await _mounted(dialog)
                    await lay_out_in_background(app, dialog)
        collector.desk_ready()
    finally:
        ready.set()


STORE_PARTS = ("visits", "duty", "shifts", "notices", "letters", "post", "documents", "lookup", "drafts", "matters")
"""The store's parts a desk uses, each imported when first asked for."""


def _import_all(modules: list[str], store: Store) -> None:
    for module in modules:
        import_module(module)
    for part in STORE_PARTS:
        getattr(store, part)
    from frontdesk.store.shared.identity import check_id
    from frontdesk.store.shared.pinyin import name_keys

    name_keys("张伟")
    try:
        check_id("id_number", "resident", "440304197008251070", date(2026, 1, 1))
    except StoreError:  # pragma: no cover - only the tables it reads matter here
        pass


async def _mounted(screen: Screen) -> None:
    """Until ``screen`` and the widgets it composed are mounted (a few seconds at most)."""
    for _ in range(2000):
        if screen.is_mounted and all(node.is_mounted for node in screen.walk_children(Widget)):
            return
        await asyncio.sleep(0.002)
