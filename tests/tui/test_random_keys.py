"""No key sequence crashes the app: random bursts of keys, typed with no pause, on
every main screen and every dialog its own keys open.

The keys are drawn from the bindings of every frontdesk screen plus text (Latin,
digits, Chinese), Tab, Shift+Tab, Enter, Escape, arrows, function keys and the
usual control keys; Ctrl+Q (quit) is left out, since it ends the app on purpose.
After each burst the app must still run, with no unexpected error: none raised
(Textual's ``_exception``), none the app went on after (its crash log).

``FRONTDESK_RANDOM_KEYS`` sets how many sequences each main screen tries (default 2;
after each of its own keys half as many, at least one); the sequences are derived
from the test, not from chance, so every run is the same. A main screen's bursts
run one after another in one app (the screens they open are built once), each
from the main screen with no dialog over it; a burst that locks the desk or signs
out leaves it to be opened again for the next.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import pkgutil
import shutil
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.binding import Binding
from textual.screen import Screen

import frontdesk.screens
from frontdesk.config import Settings
from frontdesk.i18n import set_language
from frontdesk.store import Store
from frontdesk.store.demo.duty import DutyDemo
from frontdesk.store.demo.mail import MailDemo
from frontdesk.tui.app import make_app
from frontdesk.tui.registry import MAIN_SCREENS

NOW = datetime(2026, 3, 2, 9, 15)
SIZE = (80, 24)
EXAMPLES = max(1, int(os.environ.get("FRONTDESK_RANDOM_KEYS", "2")))
LEFT_OUT = {"ctrl+q"}


def _screen_classes() -> list[type[Screen]]:
    for module in pkgutil.walk_packages(frontdesk.screens.__path__, "frontdesk.screens."):
        importlib.import_module(module.name)
    found, todo = [], [Screen]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("frontdesk."):
                found.append(sub)
    return found


def _keys_of(cls: type) -> list[str]:
    keys = []
    for binding in getattr(cls, "BINDINGS", []):
        if isinstance(binding, Binding):
            keys += [key.strip() for key in binding.key.split(",")]
        elif isinstance(binding, tuple):
            keys += [key.strip() for key in binding[0].split(",")]
    return [key for key in keys if key not in LEFT_OUT]


SCREEN_KEYS = sorted({key for cls in _screen_classes() for key in _keys_of(cls)})
COMMON_KEYS = [
    "tab", "shift+tab", "enter", "escape", "up", "down", "left", "right", "home", "end",
    "pageup", "pagedown", "backspace", "delete", "space",
    *(f"f{n}" for n in range(1, 11)),
    "ctrl+n", "ctrl+r", "ctrl+s", "ctrl+f", "ctrl+o", "ctrl+g", "ctrl+p", "ctrl+t", "ctrl+l", "ctrl+c",
]
TEXT = list("a1Z0-:. 9") + list("张伟王芳区街道")
KEYS = sorted(set(SCREEN_KEYS) | set(COMMON_KEYS))


def bursts(own: list[str]) -> st.SearchStrategy[list[str]]:
    """Key sequences, the screen's own keys drawn as often as all the others."""
    key = st.one_of(st.sampled_from(own or KEYS), st.sampled_from(KEYS), st.sampled_from(TEXT))
    return st.lists(key, min_size=12, max_size=40)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A store with a few records of every kind, copied for each case."""
    path = tmp_path_factory.mktemp("random-keys") / "seed.db"
    store = Store.open(path, create=True, clock=lambda: NOW)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    store.demo.visits(admin, 20, years=1)
    DutyDemo(store).entries(admin, 20, years=1)
    MailDemo(store).letters(admin, 20, years=1)
    store.close()
    return path


async def _settled_and_alive(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app._exception is None
    assert app.is_running, "the app ended"
    assert app.unexpected_errors == 0


async def _back_to(app, pilot, admin, mode: str) -> None:
    """The main screen ``mode`` again, with no dialog over it; the desk opened again
    if a burst locked it (or signed out). What its forms hold stays: the next burst
    meets them as the last one left them."""
    if app.current_mode not in MAIN_CLASSES or mode not in app._modes:
        app.open_desk(admin, mode)
    else:
        if app.current_mode != mode:
            app.switch_mode(mode)
        for _ in range(20):  # each dialog closed as Esc closes it: its screen hears "no answer"
            if len(app.screen_stack) == 1:
                break
            await app.screen.dismiss(None)
            await pilot.pause()
    await pilot.pause()
    assert app.current_mode == mode and len(app.screen_stack) == 1


async def _drive(db_path, mode: str, bursts_to_type: list[tuple[str | None, list[str]]]) -> None:
    """One app on ``mode``: each burst typed from the main screen, after its opening key."""
    store = Store.open(db_path, clock=lambda: NOW)
    try:
        admin = store.operators.get("admin")
        app = make_app(store, Settings(), lambda: NOW)
        async with app.run_test(size=SIZE) as pilot:
            app.open_desk(admin, mode)
            await pilot.pause()
            for opening, keys in bursts_to_type:
                await _back_to(app, pilot, admin, mode)
                if opening is not None:
                    await pilot.press(opening)
                    await pilot.pause()
                await pilot.press(*keys)
                await _settled_and_alive(app, pilot)
        app.write_behind.wait()
    finally:
        store.close()


MAIN_CLASSES = {spec.id: spec for spec in MAIN_SCREENS}


def _own_keys(mode: str) -> list[str]:
    """The keys of the main screen ``mode`` (found by its title)."""
    spec = MAIN_CLASSES[mode]
    return [key for cls in _screen_classes() if getattr(cls, "TITLE_KEY", None) == spec.label_key
            for key in _keys_of(cls)]


def _openings(mode: str) -> list[str]:
    """The main screen's own keys but the function keys (the keys that open its
    dialogs among them): a burst starts after each."""
    return [key for key in dict.fromkeys(_own_keys(mode)) if not key.startswith("f")]


def _dialog_cases() -> list[tuple[str, str]]:
    """Each main screen with each of its own keys pressed first (the layout and
    snapshot tests show each)."""
    return [(spec.id, key) for spec in MAIN_SCREENS for key in _openings(spec.id)]


@pytest.mark.parametrize("mode", [spec.id for spec in MAIN_SCREENS])
def test_random_keys_on_a_main_screen_and_after_each_of_its_keys(mode, tmp_path, seeded):
    """``EXAMPLES`` bursts on the main screen, then one burst (half as many, at least
    one) after each of its own keys, all in one app: the screens a burst opens are
    built once, and each burst starts from the main screen with no dialog over it."""
    db = tmp_path / "fd.db"
    shutil.copy(seeded, db)
    own = _own_keys(mode)
    openings: list[str | None] = [None] * EXAMPLES
    openings += [key for key in _openings(mode) for _ in range(max(1, EXAMPLES // 2))]

    @settings(max_examples=1, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        typed = [(opening, data.draw(bursts(own), label=f"after {opening or 'nothing'}"))
                 for opening in openings]
        set_language("zh")
        asyncio.run(_drive(db, mode, typed))

    run()
