"""Keys typed ahead of the screen land where they would have landed one by one.

Textual hands each key to the focused widget by posting it to that widget's
queue and goes straight on to the next key. Whatever the key sets off after
that (a binding run when the key comes back up to the app, such as Tab moving
the focus; Enter's ``Input.Submitted`` moving to the next field; a card
mounted, a dialog pushed, a screen switched) happens after later keys were
already handed to the old focus. A burst (a fast typist on a busy machine, a
keyboard-wedge reader, what one terminal read brings) then lands in the wrong
field.

``TypeAhead`` lets one key (or paste) through at a time: the next waits until
the screen has handled everything the previous one set off, and the store
calls its screen started (signing in, saving, loading a list) have come back.
A key that sets off nothing waits a few turns of the event loop; a stuck
screen or a long call holds the keyboard at most ``LIMIT`` seconds, once.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import events
from textual.css.query import NoMatches
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

LIMIT = 5.0
"""Seconds a key waits at most for the one before it. A key held back is only
late, while one let through early lands in the wrong field: on a busy machine
signing in and building a form the first time took over 2 s while the desk was
made ready in the background, and the first letter typed after F3 was lost."""
QUIET_ROUNDS = 2
"""Rounds in a row in which no widget had anything queued: the screen is done."""
BACKGROUND = frozenset({"draft", "history", "lookup-catch-up", "reminder", "theme", "warm-up"})
"""Worker groups keys never wait for: they neither move the focus nor change what a key does."""
_ACTIVE = (WorkerState.PENDING, WorkerState.RUNNING)


def typed(event: events.Event) -> bool:
    """Whether ``event`` is a key or paste from the terminal (not one on its way
    down to, or back up from, a widget)."""
    return isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded


class TypeAhead:
    """The app's queue of typed keys (see the module's docstring)."""

    def __init__(self, app: App, handle: Callable[[events.Event], Awaitable[None]]) -> None:
        self._app = app
        self._handle = handle
        self._waiting: deque[events.Event] = deque()
        self._busy = False
        self._idle = asyncio.Event()
        self._idle.set()
        self._task: asyncio.Task[None] | None = None
        self._waited_out: weakref.WeakSet[Worker] = weakref.WeakSet()
        """Calls that already held the keyboard for ``LIMIT``: not waited for again."""

    @property
    def pending(self) -> int:
        """Keys waiting for the one before them."""
        return len(self._waiting)

    async def wait(self) -> None:
        """Until every key typed so far has landed."""
        await self._idle.wait()

    async def take(self, event: events.Event) -> None:
        """A key or paste from the terminal: handle it now, or after the ones before it."""
        self._waiting.append(event)
        self._idle.clear()
        if not self._busy:
            await self._next()

    async def _next(self) -> None:
        if not self._waiting:
            self._busy = False
            self._idle.set()
            return
        self._busy = True
        event = self._waiting.popleft()
        try:
            await self._handle(event)
        finally:
            self._task = asyncio.create_task(self._landed_then_next())

    async def _landed_then_next(self) -> None:
        try:
            await self._settle()
        finally:
            if self._app.is_running:
                self._app.call_later(self._next)
            else:
                self._waiting.clear()
                self._busy = False
                self._idle.set()

    async def _settle(self) -> None:
        """Until the screen has handled what the last key set off (at most ``LIMIT``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + LIMIT
        quiet = 0
        while quiet < QUIET_ROUNDS:
            left = deadline - loop.time()
            if left <= 0 or not self._app.is_running:
                self._waited_out.update(self._calls())
                return
            try:
                screen = self._app.screen
            except Exception:  # between screens: the next round sees the new one
                await asyncio.sleep(0.001)
                continue
            nodes: list[MessagePump] = list(screen.walk_children(with_self=True))
            # A widget still being built (a new screen, a mounted card) counts as busy.
            queued = [node for node in nodes if not node._message_queue.empty() or not node._is_mounted]
            calling = any(worker not in self._waited_out for worker in self._calls())
            after_refresh = bool(getattr(screen, "_callbacks", None))
            quiet = 0 if queued or calling or after_refresh else quiet + 1
            targets: list[MessagePump] = [self._app, screen, *queued]
            focused = screen.focused
            if focused is not None:
                targets.extend(focused.ancestors)
                targets.append(focused)
            await _all_handled(targets, left)
            if calling or after_refresh:
                await asyncio.sleep(0.002)


    def _calls(self) -> list[Worker]:
        """The current screen's store calls still running."""
        try:
            screen = self._app.screen
        except Exception:
            return []
        return [worker for worker in self._app.workers
                if worker.node is screen and worker.state in _ACTIVE and worker.group not in BACKGROUND]


async def _all_handled(nodes: list[MessagePump], timeout: float) -> None:
    """Until each of ``nodes`` has handled what was in its queue (at most ``timeout``)."""
    remaining = 0
    done = asyncio.Event()

    def handled() -> None:
        nonlocal remaining
        remaining -= 1
        if remaining == 0:
            done.set()

    for node in dict.fromkeys(nodes):
        try:
            if node.call_later(handled):
                remaining += 1
        except NoMatches:  # pragma: no cover - a node going away
            pass
    if remaining:
        try:
            await asyncio.wait_for(done.wait(), timeout)
        except TimeoutError:
            return
