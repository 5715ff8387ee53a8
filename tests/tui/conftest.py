"""Fixtures of the Pilot tests: the app on the test store, more operators."""

from __future__ import annotations

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
