"""Store calls off the UI thread, answered by two generic messages.

A screen calls ``self.run_store("load", store.part.call, arg, group=...)``; the
call runs in a thread worker, and its answer comes back to the screen as
``StoreDone("load", result)`` or, when the store refuses, ``StoreRefused("load",
error)``. The request tag tells the handler which call it was. Anything else a
store call raises is a fault: the worker fails, and the screen's failed-worker
notice (tui/base.py) tells the operator.

Only the handlers of these messages, on the UI thread, touch widgets or the
screen's state. A worker cancelled by a newer one of its exclusive group posts
nothing: its answer is out of date.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, get_current_worker

from frontdesk.store import StoreError


def refusals(error: StoreError) -> list[StoreError]:
    """Every refusal one store error carries (a form's checks refuse several
    fields at once), the error itself first."""
    return list(error.errors)


@dataclass
class StoreDone(Message, bubble=False):
    """A store call answered (to the node that asked, not its parents)."""

    request: str
    result: Any


@dataclass
class StoreRefused(Message, bubble=False):
    """The store refused a call (a validation, a permission, a conflict); told to
    the node that asked, not its parents."""

    request: str
    error: StoreError

    @property
    def errors(self) -> list[StoreError]:
        """Every refusal the error carries."""
        return refusals(self.error)


@dataclass
class StoreProgress(Message, bubble=False):
    """How far a long store call has got (``done`` of ``total``), posted by the
    call's own progress callback while it runs; told to the node that asked."""

    request: str
    done: int
    total: int


def run_store(node: DOMNode, request: str, call: Callable[..., Any], /, *args: Any,
              group: str, exclusive: bool = False, **kwargs: Any) -> Worker:
    """Run ``call(*args, **kwargs)`` in a thread worker of ``group``; post its
    answer to ``node`` as ``StoreDone`` or ``StoreRefused`` tagged ``request``.

    Loads may be ``exclusive`` (a newer load makes the older one's answer moot);
    saves never are: a second save must not cancel the first.
    """

    def job() -> Any:
        try:
            result = call(*args, **kwargs)
        except StoreError as error:
            if not get_current_worker().is_cancelled:
                node.post_message(StoreRefused(request, error))
            return None
        if not get_current_worker().is_cancelled:
            node.post_message(StoreDone(request, result))
        return result

    return node.run_worker(job, name=request, group=group, exclusive=exclusive, thread=True,
                           exit_on_error=False)


class WriteBehind:
    """Last writes that must outlive the screen asking for them (a form keeping
    its draft as it is unmounted by a lock or a quit): each runs in a thread of
    its own, and the App waits for them before it ends."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []

    def start(self, call: Callable[..., Any], /, *args: Any) -> None:
        def write() -> None:
            try:
                call(*args)
            except StoreError:
                pass  # nobody is left to tell; the draft kept before stands

        self._threads = [thread for thread in self._threads if thread.is_alive()]
        thread = threading.Thread(target=write, name="frontdesk-write-behind")
        self._threads.append(thread)
        thread.start()

    def wait(self) -> None:
        """Block until every write has ended (from a thread, or at the very end)."""
        for thread in self._threads:
            thread.join()
        self._threads.clear()
