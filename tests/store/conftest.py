"""Fixtures of the store tests: a fixed clock, a fresh database, its first admin."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from frontdesk.i18n import get_language, set_language
from frontdesk.store import Operator, Store

START = datetime(2026, 3, 2, 9, 15, 0)


class FixedClock:
    """A clock that stands still until a test moves it."""

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


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def store(tmp_path, clock) -> Iterator[Store]:
    opened = Store.open(tmp_path / "fd.db", create=True, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def admin(store) -> Operator:
    return store.operators.create_first_admin("admin", "admin-pass-1", "管理员")


@pytest.fixture(autouse=True)
def chinese_messages() -> Iterator[None]:
    """Messages in the default language, whatever an earlier test switched to."""
    before = get_language()
    set_language("zh")
    yield
    set_language(before)
