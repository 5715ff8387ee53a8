"""No key sequence crashes the app: random bursts of keys, typed with no pause, on
every main screen and every dialog its own keys open.

The keys are drawn from the bindings of every frontdesk screen plus text (Latin,
digits, Chinese), Tab, Shift+Tab, Enter, Escape, arrows, function keys and the
usual control keys; Ctrl+Q (quit) is left out, since it ends the app on purpose.
After each burst the app must still run, with no unexpected error: none raised
(Textual's ``_exception``), none the app went on after (its crash log).

``FRONTDESK_RANDOM_KEYS`` sets how many sequences each main screen tries (default 2;
each screen-key case tries half as many, at least one); the sequences are derived
from the test, not from chance, so every run is the same.
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


async def _drive(db_path, mode: str, opening: str | None, keys: list[str]) -> None:
    store = Store.open(db_path, clock=lambda: NOW)
    try:
        admin = store.operators.get("admin")
        app = make_app(store, Settings(), lambda: NOW)
        async with app.run_test(size=SIZE) as pilot:
            app.open_desk(admin, mode)
            await pilot.pause()
            if opening is not None:
                await pilot.press(opening)
                await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app._exception is None
            assert app.is_running, "the app ended"
            assert app.unexpected_errors == 0
        app.write_behind.wait()
    finally:
        store.close()


MAIN_CLASSES = {spec.id: spec for spec in MAIN_SCREENS}


def _own_keys(mode: str) -> list[str]:
    """The keys of the main screen ``mode`` (found by its title)."""
    spec = MAIN_CLASSES[mode]
    return [key for cls in _screen_classes() if getattr(cls, "TITLE_KEY", None) == spec.label_key
            for key in _keys_of(cls)]


def _dialog_cases() -> list[tuple[str, str]]:
    """Each main screen with each of its own keys pressed first (the keys that open
    its dialogs among them)."""
    return [(spec.id, key) for spec in MAIN_SCREENS for key in dict.fromkeys(_own_keys(spec.id))
            if not key.startswith("f")]


def _case(mode: str, opening: str | None, tmp_path, seeded, examples: int):
    db = tmp_path / "fd.db"
    shutil.copy(seeded, db)
    own = _own_keys(mode)

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(keys=bursts(own))
    def run(keys: list[str]) -> None:
        set_language("zh")
        asyncio.run(_drive(db, mode, opening, keys))

    run()


@pytest.mark.parametrize("mode", [spec.id for spec in MAIN_SCREENS])
def test_random_keys_on_a_main_screen(mode, tmp_path, seeded):
    _case(mode, None, tmp_path, seeded, EXAMPLES)


@pytest.mark.parametrize("mode, opening", _dialog_cases())
def test_random_keys_after_a_screen_key(mode, opening, tmp_path, seeded):
    _case(mode, opening, tmp_path, seeded, max(1, EXAMPLES // 2))
