"""Fixtures of the Pilot tests: the app on the test store, more operators."""

from __future__ import annotations

import os

import pytest

from frontdesk.config import Settings
from frontdesk.store import Operator
from frontdesk.tui.app import FrontdeskApp, make_app
from frontdesk.tui.timing import Timing


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def app(store, settings, clock) -> FrontdeskApp:
    return make_app(store, settings, clock)


@pytest.fixture
def add_operator(store, admin):
    """Make an operator of ``role`` as the admin; returns it."""

    def add(name: str, role: str, password: str = "operator-pass-1", display_name: str = "") -> Operator:
        return store.operators.add(admin, name, role, password, display_name or name)

    return add


@pytest.fixture(autouse=True)
def instant_timers(monkeypatch) -> None:
    """Every form delay at zero: the tests wait for the workers, not for the clock."""
    monkeypatch.setattr(FrontdeskApp, "DEFAULT_TIMING", Timing.instant())


@pytest.fixture(autouse=True)
def no_unexpected_errors(tmp_path, monkeypatch):
    """An unexpected error the app went on after still fails the test: none may be
    in the crash log (a test about crashes points the log elsewhere)."""
    path = tmp_path / "crash.log"
    monkeypatch.setenv("FRONTDESK_CRASH_LOG", str(path))
    yield
    if os.environ.get("FRONTDESK_CRASH_LOG") == str(path):
        assert not path.exists(), path.read_text(encoding="utf-8")


@pytest.fixture
def reception_desk(tmp_path):
    """A store of its own at 2026-03-02 09:15 with a reception operator: (store, operator)."""
    from datetime import datetime

    from frontdesk.i18n import set_language
    from frontdesk.store import Store

    set_language("zh")
    store = Store.open(tmp_path / "fd.db", create=True, clock=lambda: datetime(2026, 3, 2, 9, 15))
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    reception = store.operators.add(admin, "jiedai", "reception", "desk-pass-1", "陈晓东")
    yield store, reception
    store.close()
    set_language("zh")
