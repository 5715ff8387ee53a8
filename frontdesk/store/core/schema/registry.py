"""The list the schema's steps register in, in the order they were written."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

STEPS: list[Callable[[Database], None]] = []


def step(function: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register ``function`` as the next migration; its name is the function's."""
    STEPS.append(function)
    return function
