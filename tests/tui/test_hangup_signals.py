"""How the app learns that its terminal went away (tui/hangup.py), without a
terminal: a pipe stands for it, hung up by closing its writing end."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from frontdesk.tui import hangup


@pytest.fixture
def pipe():
    read, write = os.pipe()
    ends = {"read": read, "write": write}
    yield ends
    for fd in ends.values():
        try:
            os.close(fd)
        except OSError:
            pass


def test_the_device_hanging_up_is_told_on_the_loop_without_polling(pipe, monkeypatch):
    monkeypatch.setattr(hangup, "HANGUP_SIGNALS", ())  # the test process's own signals stay as they are
    loop = asyncio.new_event_loop()
    told = asyncio.Event()
    previous = signal.getsignal(signal.SIGCONT)
    try:
        hangup.watch(loop, told.set, pipe["read"], lambda: True)
        assert not hangup.gone(pipe["read"])
        os.close(pipe.pop("write"))
        loop.run_until_complete(asyncio.wait_for(told.wait(), 5))
        assert hangup.gone(pipe["read"])
    finally:
        signal.signal(signal.SIGCONT, previous)
        loop.close()


def test_sigcont_resumes_only_a_running_app_on_a_live_terminal(pipe):
    resumed: list[int] = []
    previous = signal.signal(signal.SIGCONT, lambda number, frame: resumed.append(number))
    state = {"running": True}
    try:
        hangup._guard_resume(lambda: state["running"], pipe["read"])
        os.kill(os.getpid(), signal.SIGCONT)  # after Ctrl+Z and fg: resumed
        assert resumed == [signal.SIGCONT]
        state["running"] = False  # the app is ending: a SIGCONT must not start reading keys again
        os.kill(os.getpid(), signal.SIGCONT)
        assert resumed == [signal.SIGCONT]
        state["running"] = True
        os.close(pipe.pop("write"))  # the terminal is gone (a hang-up sends SIGCONT after SIGHUP)
        os.kill(os.getpid(), signal.SIGCONT)
        assert resumed == [signal.SIGCONT]
    finally:
        signal.signal(signal.SIGCONT, previous)
