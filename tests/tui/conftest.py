"""Fixtures of the Pilot tests: the app on the test store, more operators."""

from __future__ import annotations

import pytest

from frontdesk.config import Settings
from frontdesk.store import Operator
from frontdesk.store import operators as operators_module
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
def cheap_hashing(monkeypatch) -> None:
    """scrypt at a low cost: these tests sign in often and never test the hash.
    The cost is written into each hash, so checking a password works the same."""
    monkeypatch.setattr(operators_module, "_SCRYPT", {"n": 2**4, "r": 8, "p": 1})


@pytest.fixture(autouse=True)
def instant_timers(monkeypatch) -> None:
    """Every form delay at zero: the tests wait for the workers, not for the clock."""
    monkeypatch.setattr(FrontdeskApp, "DEFAULT_TIMING", Timing.instant())
