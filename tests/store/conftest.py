"""Fixtures of the store tests: operators of each role. The clock, the store (a copy of a
database migrated once per run), the first admin, cheap hashing and the language come from
``tests/conftest.py``."""

from __future__ import annotations

import pytest

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
