"""How long the screens wait before acting on what is typed.

The App holds one ``Timing``; forms read their delays from it, so the tests
run with every delay at zero and wait for the workers instead of sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message_pump import MessagePump
from textual.timer import Timer


@dataclass(frozen=True)
class Timing:
    """Delays in seconds, each counted from the last key press."""

    check: float = 0.25
    """Before the refusals of a form are checked again."""
    lookup: float = 0.3
    """Before the earlier records of the people being typed are looked up."""
    draft: float = 1.0
    """Before what is typed is kept as a draft."""
    search: float = 0.3
    """Before a list is searched again for what is typed."""
    quick_lookup: float = 0.025
    """Before the quick lookup (F7) asks again: short, it answers as the operator types."""
    saving_note: float = 0.15
    """Before a save still running says so on a form's message line: a save that is
    done sooner never writes it (the line growing would lay the whole form out
    again, a fifth of a save's time)."""
    watch: float = 2.0
    """How often a register asks whether another terminal saved (``PRAGMA
    data_version``, no table read), to show it without a key."""
    build_ahead: bool = True
    """Whether the desk's screens are built in the background after sign-in
    (tui/warmup.py), so that a key shows a ready screen."""

    @classmethod
    def instant(cls) -> Timing:
        """Every delay at zero, and screens built when first opened (for tests,
        which each open a screen or two; tests/tui/test_warmup.py builds ahead)."""
        return cls(check=0.0, lookup=0.0, draft=0.0, search=0.0, quick_lookup=0.0, saving_note=0.0, watch=0.05,
                   build_ahead=False)


def after(node: MessagePump, delay: float, callback: Callable[[], object]) -> Timer | None:
    """Call ``callback`` on ``node`` once ``delay`` has passed; a zero delay (Textual's
    timers refuse it) calls it as soon as the messages waiting now are handled."""
    if delay <= 0:
        node.call_later(callback)
        return None
    return node.set_timer(delay, callback)
