"""The terminal going away (a tmux session killed, an SSH connection dropped).

The terminal tells it two ways: the SIGHUP signal, and the terminal device
itself hanging up, which a program that ignores SIGHUP (started under
``nohup`` or a shell that passes the signal on as ignored) sees only there:
reads end (EOF) or fail (EIO). Textual's input thread would then read
nothing forever, as fast as it can. Either way the app ends as if quit:
every form keeps what was typed as its draft, the writes in flight finish,
and the database is closed; what would have been drawn goes nowhere.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

HANGUP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name))
"""SIGTERM (a shutdown, a ``kill``) ends the app the same careful way."""


def terminal_fd() -> int | None:
    """The terminal the app reads keys from, or None (no real stdin)."""
    stream = sys.__stdin__
    if stream is None:
        return None
    try:
        return stream.fileno()
    except (OSError, ValueError):
        return None


def gone(fd: int | None) -> bool:
    """Whether the terminal device ``fd`` has hung up, asked without waiting."""
    if fd is None or not hasattr(select, "poll"):
        return False
    poller = select.poll()
    poller.register(fd, 0)
    try:
        return any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _fd, mask in poller.poll(0))
    except OSError:
        return False


def _guard_resume(running: Callable[[], bool], fd: int | None) -> None:
    """Let SIGCONT resume the app (after Ctrl+Z, ``fg``) only while it runs on a
    live terminal. A hang-up sends SIGCONT after SIGHUP; Textual's own handler
    would then start reading keys again, from a terminal that is gone and,
    when the app is already ending, in a thread that keeps the program from
    ever exiting."""
    if not hasattr(signal, "SIGCONT"):
        return
    resume = signal.getsignal(signal.SIGCONT)
    if not callable(resume):
        return

    def on_continue(number: int, frame: Any) -> None:
        if running() and not gone(fd):
            resume(number, frame)

    signal.signal(signal.SIGCONT, on_continue)


def watch(loop: asyncio.AbstractEventLoop, hang_up: Callable[[], None], fd: int | None,
          running: Callable[[], bool]) -> None:
    """Call ``hang_up`` on the loop's thread at SIGHUP or SIGTERM, or once the
    terminal device ``fd`` hangs up (a thread waits on it without polling);
    resume after SIGCONT only while ``running`` says so and the terminal is there."""
    _guard_resume(running, fd)
    for number in HANGUP_SIGNALS:
        try:
            loop.add_signal_handler(number, hang_up)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread, or no signals here: the device still tells
    if fd is None or not hasattr(select, "poll"):
        return
    gone = select.POLLHUP | select.POLLERR | select.POLLNVAL

    def wait_for_hang_up() -> None:
        poller = select.poll()
        poller.register(fd, 0)  # no events asked: only a hang-up or an error wakes it
        while True:
            try:
                events = poller.poll()
            except InterruptedError:
                continue
            except OSError:
                return  # no word from the device: the signals still tell
            if any(mask & gone for _fd, mask in events):
                break
        try:
            loop.call_soon_threadsafe(hang_up)
        except RuntimeError:
            pass  # the app has already ended

    threading.Thread(target=wait_for_hang_up, name="frontdesk-hang-up", daemon=True).start()


def silence_output() -> None:
    """Point the standard output and error at /dev/null: the terminal is gone,
    and the last frames and the restored terminal modes must not fail or block."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                os.dup2(null, stream.fileno())
        except (OSError, ValueError):
            pass
    os.close(null)
