"""The terminal goes away under the installed program (tmux, 80×24): the session
is killed with a visit form half typed. The program ends within seconds (it
once read the dead terminal forever at full speed), the typing is kept as the
form's draft, and the database checks out whole."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from .test_typeahead_terminal import PASSWORD, PROGRAM, Terminal, cli, pytestmark  # noqa: F401

GONE_WITHIN = 5.0


@pytest.fixture
def terminal_env(tmp_path) -> dict[str, str]:
    env = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "LANG": "C.UTF-8", "TERM": "xterm-256color"}
    for folder in env.values():
        Path(folder).mkdir(parents=True, exist_ok=True)
    return env


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended; only its parent has not read its status yet.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


@pytest.mark.parametrize("hangup_signal", ["delivered", "ignored"])
def test_killing_the_terminal_ends_the_program_and_keeps_the_draft(tmp_path, terminal_env, hangup_signal):
    db = tmp_path / "fd.db"
    pid_file = tmp_path / "pid"
    cli(db, terminal_env, "init", "--admin", "admin")
    # "ignored": started the way nohup starts a program, SIGHUP ignored; it then
    # learns of the hang-up from the terminal device alone.
    ignore = "trap '' HUP; " if hangup_signal == "ignored" else ""
    command = ["sh", "-c", f"\"{ignore}echo \\$\\$ > {pid_file}; exec {PROGRAM} --db {db}\""]
    terminal = Terminal(f"frontdesk-hangup-{os.getpid()}", command, terminal_env)
    pid = 0
    try:
        terminal.wait_for("密码")
        terminal.send("admin", "Tab", PASSWORD, "Enter", "F3", "欧阳明华")
        terminal.wait_for("欧阳明华", seconds=60)
        pid = int(pid_file.read_text())
        terminal.close()
        killed = time.monotonic()
        while _alive(pid) and time.monotonic() - killed < GONE_WITHIN:
            time.sleep(0.05)
        assert not _alive(pid), f"still running {GONE_WITHIN} s after its terminal went away"
    finally:
        terminal.close()
        if pid and _alive(pid):
            os.kill(pid, signal.SIGKILL)  # a failed run leaves nothing spinning
    with sqlite3.connect(db) as connection:
        drafts = connection.execute("SELECT form, data FROM drafts").fetchall()
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [(form, [v["name"] for v in json.loads(data)["visitors"]]) for form, data in drafts] == [
        ("visit", ["欧阳明华"])]
    cli(db, terminal_env, "audit", "verify")  # exits 0 only on a whole chain
