"""Fixtures of the store tests. The clock, the first admin and the language come
from ``tests/conftest.py``; here the database is a copy of one migrated per run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from frontdesk.store import Store
from frontdesk.store import operators as operators_module


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
