"""The audit trail's findings in the reader's language."""

from __future__ import annotations

from frontdesk.store.core.errors import shown
from frontdesk.store.shared.audit import Problem


def problem_message(problem: Problem) -> str:
    """What ``verify`` found broken, in words."""
    return str(shown(problem.as_message()))
