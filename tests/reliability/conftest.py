"""The reliability suite is marked ``slow``: ``pytest -m "not slow"`` leaves it out while
working on something else; ``make test`` and CI run it."""

from __future__ import annotations

from pathlib import Path

import pytest

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.slow)
