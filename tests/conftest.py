"""Fixtures shared by every test folder: a fixed clock, a fresh store, its first
admin, and the message language put back after each test."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from datetime import datetime, timedelta

import platformdirs
import pytest

from frontdesk.i18n import set_language
from frontdesk.store import Operator, Store
from frontdesk.store.shared import operators as operators_module

from testdata import CHEAP_SCRYPT

# The command-line tests' fixtures (an initialised database, a clean environment).
pytest_plugins = ["cli_support"]

YOUNG_OBJECTS = 50_000
"""New objects between the garbage collector's young rounds in a test run (700 by
default): a test's app makes tens of thousands."""


def pytest_collection_finish(session: pytest.Session) -> None:
    """What the run imported and built before its first test (every module, every
    test's parameters) is kept out of the garbage collector's rounds, and the young
    rounds come less often: each round walked all of it, a tenth of a Pilot test's CPU."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, 50, 100)


START = datetime(2026, 3, 2, 9, 15, 0)
ADMIN_PASSWORD = "admin-pass-1"


class FixedClock:
    """A clock that stands still until a test moves it; pass it where a clock is injected."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **kwargs: float) -> datetime:
        """Move forward by ``timedelta(**kwargs)``; returns the new time."""
        self.now += timedelta(**kwargs)
        return self.now


@pytest.fixture(scope="session", autouse=True)
def closed_umask() -> Iterator[None]:
    """The umask every command sets (``frontdesk.cli``) for the whole run, so a
    file a test writes is as the program would make it whichever test ran first."""
    before = os.umask(0o077)
    yield
    os.umask(before)


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory) -> Iterator[None]:
    """Drawn banners, the crash log and the audit key go to folders of this run, not the
    user's (every database of the run is signed with the one key made there)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRONTDESK_CACHE", str(tmp_path_factory.mktemp("cache")))
        patch.setenv("FRONTDESK_AUDIT_KEY", str(tmp_path_factory.mktemp("config") / "audit.key"))
        patch.setenv("FRONTDESK_CRASH_LOG", str(tmp_path_factory.mktemp("data") / "crash.log"))
        yield


@pytest.fixture(autouse=True)
def chinese_first() -> Iterator[None]:
    """Each test starts in Chinese, as the program does, whichever test ran before it in
    the same worker (a test may switch to English and not switch back)."""
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture(autouse=True)
def documents_folder(tmp_path, monkeypatch) -> None:
    """Exports without an exports_dir setting, and the heads file beside them, go to
    the test's own folder: each test's database has its own anchors."""
    documents = str(tmp_path / "documents")
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: documents)


# The production cost, read before any test lowers it.
_REAL_SCRYPT = dict(operators_module._SCRYPT)


@pytest.fixture(scope="session", autouse=True)
def cheap_hashing() -> Iterator[None]:
    """scrypt at a low cost for the whole run, module fixtures included: most tests make
    operators without testing the hash. A test marked ``real_hashing`` gets the real cost."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(operators_module, "_SCRYPT", CHEAP_SCRYPT)
        yield


@pytest.fixture(autouse=True)
def real_hashing(request, monkeypatch) -> None:
    if request.node.get_closest_marker("real_hashing") is not None:
        monkeypatch.setattr(operators_module, "_SCRYPT", _REAL_SCRYPT)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> bytes:
    """The bytes of a brand-new database: migrating once per run, not once per test."""
    path = tmp_path_factory.mktemp("migrated") / "fd.db"
    Store.open(path, create=True).close()
    return path.read_bytes()


@pytest.fixture
def store(tmp_path, clock, migrated_database) -> Iterator[Store]:
    """A new database in the test's folder, on the fixed clock."""
    (tmp_path / "fd.db").write_bytes(migrated_database)
    opened = Store.open(tmp_path / "fd.db", create=True, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def admin(store) -> Operator:
    """The first administrator: login ``admin``, password ``admin-pass-1``."""
    return store.operators.create_first_admin("admin", ADMIN_PASSWORD, "管理员")


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in Chinese and leaves Chinese behind (the language is module state)."""
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture(autouse=True)
def press_waits_for_typed_keys(monkeypatch) -> None:
    """``pilot.press`` returns once every key pressed has landed: the app lets one key
    through at a time (tui/typeahead.py), so some may still wait when Pilot's own
    wait ends."""
    from textual.pilot import Pilot

    press = Pilot.press

    async def press_and_wait(self: Pilot, *keys: str) -> None:
        await press(self, *keys)
        keys_landed = getattr(self.app, "keys_landed", None)
        if keys_landed is not None:
            await keys_landed()
            await self._wait_for_screen()

    monkeypatch.setattr(Pilot, "press", press_and_wait)
