"""What happens when the program meets an error it did not expect.

The order is fixed: first every open form keeps its draft (what was typed must
outlive whatever comes next), then the error is written to the crash log, then
the operator is told in one line. An action that failed (a key's work) leaves
the app running: the key did nothing, the screen is as it was; so does a
screen's failing message handler (tui/base.py) or store call. An error that
stopped part of the app (building a screen, a widget's own message loop) ends
the app cleanly with the message instead of a traceback on the terminal.

The crash log holds where the error happened, never what it says: a message may
quote what the operator typed (names, ID numbers), which no log may hold.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from textual.worker import WorkerFailed

from frontdesk.store.core.files import open_private, private_folder

FATAL_ERRORS: tuple[type[BaseException], ...] = (MemoryError, SystemError)
"""Errors after which nothing the app holds can be trusted: it ends, drafts kept."""

# Where Textual catches an error and carries on with the same message pump: a
# callback run after a refresh, a timer's callback. Any other catch ends the pump
# that raised (a screen no longer handles its messages), so the app ends too.
_PUMP_GOES_ON = {("textual.message_pump", "_flush_next_callbacks"), ("textual.timer", "_run")}


def survivable(error: BaseException) -> bool:
    """Whether the app may go on after ``error`` reached Textual's last resort."""
    if isinstance(error, FATAL_ERRORS):
        return False
    if isinstance(error, WorkerFailed):
        return not isinstance(error.error, FATAL_ERRORS)  # the worker ended; nothing else did
    tb = error.__traceback__
    if tb is None:
        return False
    caught_in = (tb.tb_frame.f_globals.get("__name__"), tb.tb_frame.f_code.co_name)
    return caught_in in _PUMP_GOES_ON


def _chain(error: BaseException) -> Iterable[BaseException]:
    """The error and those it came from, oldest first."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return reversed(seen)


def _frames(tb: TracebackType | None) -> str:
    return "".join(traceback.format_tb(tb)) if tb is not None else "  (no traceback)\n"


def describe(error: BaseException) -> str:
    """The traceback of ``error`` and its causes, each ending with the error's type
    (not its message, see the module's docstring)."""
    parts = []
    if isinstance(error, WorkerFailed) and error.error is not error:
        parts.append(describe(error.error))
    for link in _chain(error):
        kind = type(link)
        parts.append(f"Traceback (most recent call last):\n{_frames(link.__traceback__)}"
                     f"{kind.__module__}.{kind.__qualname__}\n")
    return "".join(parts)


def log_crash(path: Path, error: BaseException, at: datetime, where: str, outcome: str) -> bool:
    """Append an entry for ``error`` to the crash log at ``path``; False if it could
    not be written (the operator is told all the same)."""
    entry = f"=== {at:%Y-%m-%d %H:%M:%S} {where}: {outcome}\n{describe(error)}\n"
    try:
        private_folder(path.parent)
        with open_private(path, "a") as log:
            log.write(entry)
    except OSError:
        return False
    return True
