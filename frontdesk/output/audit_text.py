"""The audit trail's findings in the reader's language."""

from __future__ import annotations

from frontdesk.store.audit import Problem
from frontdesk.store.errors import shown


def problem_message(problem: Problem) -> str:
    """What ``verify`` found broken, in words."""
    return str(shown(problem.as_message()))
