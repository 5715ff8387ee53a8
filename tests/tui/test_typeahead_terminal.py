"""The installed program in a real terminal (tmux, 80×24): a visit and a group of twelve typed as bursts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import testdata

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

PROGRAM = Path(sys.executable).with_name("frontdesk")
PASSWORD = "admin-pass-1x"


class Terminal:
    """A tmux server of its own, with one 80×24 window running ``command``."""

    def __init__(self, socket: str, command: list[str], env: dict[str, str]) -> None:
        self.tmux = ["tmux", "-L", socket]
        settings = [arg for name, value in env.items() for arg in ("-e", f"{name}={value}")]
        subprocess.run([*self.tmux, "-f", os.devnull, "new-session", "-d", "-s", "t", "-x", "80", "-y", "24",
                        *settings, " ".join(command)], check=True)

    def screen(self) -> str:
        return subprocess.run([*self.tmux, "capture-pane", "-p", "-t", "t"], capture_output=True,
                              text=True).stdout

    def send(self, *keys: str) -> None:
        """Every key in ONE send-keys: the program reads them as one burst."""
        subprocess.run([*self.tmux, "send-keys", "-t", "t", *keys], check=True)

    def wait_for(self, text: str, seconds: float = 30) -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@pytest.fixture
def terminal_env(tmp_path) -> dict[str, str]:
    env = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "LANG": "C.UTF-8", "TERM": "xterm-256color"}
    for folder in env.values():
        if folder.startswith(str(tmp_path)):
            Path(folder).mkdir(parents=True, exist_ok=True)
    return env


def cli(db: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run([str(PROGRAM), "--db", str(db), *args], capture_output=True, text=True,
                            env=os.environ | env | {"FRONTDESK_PASSWORD": PASSWORD, "FRONTDESK_OPERATOR": "admin"},
                            check=True)
    return result.stdout


def test_a_visit_typed_as_one_burst_in_a_real_terminal(tmp_path, terminal_env):
    db = tmp_path / "fd.db"
    cli(db, terminal_env, "init", "--admin", "admin")
    id_number = testdata.resident_id("44030419700825107")
    terminal = Terminal(f"frontdesk-{os.getpid()}", [str(PROGRAM), "--db", str(db)], terminal_env)
    try:
        terminal.wait_for("密码")
        # Sign in, open the visit form, fill one visitor and the subject, save: one burst.
        terminal.send("admin", "Tab", PASSWORD, "Enter", "F3",
                      "张伟", "Tab", "Tab", id_number, "Tab", "13812340002", "Tab", "福田区园岭街道",
                      "Tab", "Tab", "拖欠工资", "C-s")
        terminal.wait_for("下一位", seconds=60)
    finally:
        terminal.close()
    (listed,) = json.loads(cli(db, terminal_env, "visit", "list", "--json"))
    shown = json.loads(cli(db, terminal_env, "visit", "show", listed["number"], "--json", "--reveal"))
    (person,) = shown["visitors"]
    assert (shown["subject"], person["name"], person["id_number"], person["phone"], person["address"]) == (
        "拖欠工资", "张伟", id_number, "13812340002", "福田区园岭街道")


def test_a_group_of_twelve_with_five_representatives_by_keys_only(tmp_path, terminal_env):
    db = tmp_path / "fd.db"
    cli(db, terminal_env, "init", "--admin", "admin")
    people = [(f"代表{'一二三四五'[n]}", testdata.resident_id(f"4403041970082510{n}"), f"1380000000{n + 1}",
               f"福田区园岭街道{n + 1}号") for n in range(5)]
    keys = ["admin", "Tab", PASSWORD, "Enter", "F3",
            "BTab", "BTab", "BSpace", "12", "Tab", "Tab"]  # 来访人数 sits above the first visitor
    for n, (name, id_number, phone, address) in enumerate(people):
        keys += [name, "Tab", "Tab", id_number, "Tab", phone, "Tab", address, "Tab", "Tab", "Space"]
        if n == 0:
            keys += ["Tab", "Space"]  # the first representative is the liaison too
        keys += ["C-n"] if n < len(people) - 1 else (["Tab", "Tab"] if n else ["Tab"])
    keys += ["集体讨要工程款", "C-s"]
    terminal = Terminal(f"frontdesk-group-{os.getpid()}", [str(PROGRAM), "--db", str(db)], terminal_env)
    try:
        terminal.wait_for("密码")
        terminal.send(*keys)
        terminal.wait_for("下一位", seconds=120)
    finally:
        terminal.close()
    (listed,) = json.loads(cli(db, terminal_env, "visit", "list", "--json"))
    shown = json.loads(cli(db, terminal_env, "visit", "show", listed["number"], "--json", "--reveal"))
    assert (shown["subject"], shown["headcount"]) == ("集体讨要工程款", 12)
    assert [(p["name"], p["id_number"], p["phone"], p["address"]) for p in shown["visitors"]] == people
    assert all(p["representative"] for p in shown["visitors"])
    assert [p["liaison"] for p in shown["visitors"]] == [True, False, False, False, False]


def test_section_keys_typed_as_alt_digit_in_a_real_terminal(tmp_path, terminal_env):
    db = tmp_path / "fd.db"
    cli(db, terminal_env, "init", "--admin", "admin")
    id_number = testdata.resident_id("44030419700825107")
    terminal = Terminal(f"frontdesk-jump-{os.getpid()}", [str(PROGRAM), "--db", str(db)], terminal_env)
    try:
        terminal.wait_for("密码")
        # tmux sends Alt+2 as Esc 2: 事由 first, then back to the first visitor's name.
        terminal.send("admin", "Tab", PASSWORD, "Enter", "F3", "M-2", "拖欠工资", "M-1",
                      "张伟", "Tab", "Tab", id_number, "Tab", "13812340002", "Tab", "福田区园岭街道")
        shown = terminal.wait_for("福田区园岭街道", seconds=60)
        footer = shown.rstrip("\n").splitlines()[-1]
        assert footer.rstrip().endswith("F1 帮助") and "Alt+1-3" in footer, footer
        terminal.send("C-s")
        terminal.wait_for("下一位", seconds=60)
    finally:
        terminal.close()
    (listed,) = json.loads(cli(db, terminal_env, "visit", "list", "--json"))
    shown = json.loads(cli(db, terminal_env, "visit", "show", listed["number"], "--json", "--reveal"))
    (person,) = shown["visitors"]
    assert (shown["subject"], person["name"], person["id_number"], person["phone"]) == (
        "拖欠工资", "张伟", id_number, "13812340002")
