"""Fixtures of the store tests: a fixed clock, a fresh database, its first admin."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from frontdesk.i18n import get_language, set_language
from frontdesk.store import Operator, Store
from frontdesk.store import operators as operators_module

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


@pytest.fixture(scope="session")
def migrated(tmp_path_factory) -> bytes:
    """The bytes of a brand-new database: migrating once per run instead of once
    per test keeps the suite fast (the migrations are tested in test_open)."""
    path = tmp_path_factory.mktemp("migrated") / "fd.db"
    Store.open(path, create=True).close()
    return path.read_bytes()


@pytest.fixture
def store(tmp_path, clock, migrated) -> Iterator[Store]:
    (tmp_path / "fd.db").write_bytes(migrated)
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


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "real_hashing: hash passwords at the production scrypt cost"
    )


@pytest.fixture(autouse=True)
def cheap_hashing(request, monkeypatch) -> None:
    """scrypt at a low cost unless a test is marked ``real_hashing``: most tests
    make operators without testing the hash. The cost is written into each hash,
    so checking a password works the same."""
    if request.node.get_closest_marker("real_hashing") is None:
        monkeypatch.setattr(operators_module, "_SCRYPT", {"n": 2**4, "r": 8, "p": 1})


# Operators of the roles the visit tests need.


@pytest.fixture
def clerk(store, admin):
    return store.operators.add(admin, "lihua", "reception", "reception-pass", "李华")


@pytest.fixture
def boss(store, admin):
    return store.operators.add(admin, "kezhang", "supervisor", "supervisor-pass", "李科长")


@pytest.fixture
def duty(store, admin):
    return store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王立新")
