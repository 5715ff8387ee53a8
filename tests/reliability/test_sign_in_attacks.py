"""Passwords and sign-in, attacked as a hostile insider would: the command line in
processes of its own, and only json, sqlite3 and hashlib to read what it leaves behind
(the application's code is not imported, so its costs are the real ones).

- A supervisor's export is searched for anything a dictionary could be run against.
- Weak passwords and look-alike login names are tried on the command line.
- The only admin is hammered with wrong passwords: it waits, it is not locked out.
- Another writer tries to write while sign-ins check their passwords.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

FRONTDESK = str(Path(sys.executable).parent / "frontdesk")
ADMIN, ADMIN_PASSWORD = "admin", "admin-pass-1"
# Ten words an attacker tries first.
DICTIONARY = ["123456", "12345678", "password", "admin123", "        ", "woaini1314", "a123456789",
              "qwerty123", "admin-pass-1", "super-pass-1"]


def frontdesk(db: Path, *args: str, operator: str | None = ADMIN, password: str | None = ADMIN_PASSWORD,
              stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_") or k == "FRONTDESK_AUDIT_KEY"}
    env.update({"FRONTDESK_DB": str(db), "FRONTDESK_CONFIG": str(db.parent / "none.toml"),
                "FRONTDESK_LANG": "zh"})
    if operator is not None:
        env["FRONTDESK_OPERATOR"] = operator
    if password is not None:
        env["FRONTDESK_PASSWORD"] = password
    return subprocess.run([FRONTDESK, *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=120, check=False)


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """A database made the way the office makes it: init, then a supervisor."""
    db = tmp_path_factory.mktemp("office") / "fd.db"
    assert frontdesk(db, "init", "--admin", ADMIN).returncode == 0
    added = frontdesk(db, "operator", "add", "kezhang", "--role", "supervisor", stdin="super-pass-1\n")
    assert added.returncode == 0, added.stderr
    return db


def names(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM operators ORDER BY id")]


def test_a_supervisors_export_holds_nothing_to_run_a_dictionary_against(office, tmp_path):
    out = tmp_path / "export.jsonl"
    done = frontdesk(office, "export", "-o", str(out), operator="kezhang", password="super-pass-1")
    assert done.returncode == 0, done.stderr

    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    operators = [item["row"] for item in lines[1:] if item["table"] == "operators"]
    assert {row["name"] for row in operators} == {"admin", "kezhang"}
    for row in operators:
        assert "password_hash" not in row
    # Whatever looks like a salted hash anywhere in the file is tried with the dictionary.
    cracked = []
    for item in lines[1:]:
        for value in item["row"].values():
            if isinstance(value, str) and value.startswith("scrypt$"):
                _s, n, r, p, salt, digest = value.split("$")
                for word in DICTIONARY:
                    if hashlib.scrypt(word.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                      dklen=32).hex() == digest:
                        cracked.append(word)
    assert "scrypt$" not in out.read_text(encoding="utf-8") and cracked == []


@pytest.mark.parametrize("password", ["12345678", "password", " " * 8, " " * 12, "woaini1314", "a123456789",
                                      "Woaini1314", "qwertyuiop", "wangwu12345"])
def test_a_weak_password_is_never_taken(office, password):
    result = frontdesk(office, "operator", "add", "wangwu", "--role", "reception", stdin=password + "\n")

    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "wangwu" not in names(office)


@pytest.mark.parametrize("look_alike", ["\u0430dmin", "ａｄｍｉｎ", "Admin", "ADMIN", "adm1n", "k\u0435zhang"])
def test_a_look_alike_of_an_existing_name_is_never_created(office, look_alike):
    result = frontdesk(office, "operator", "add", look_alike, "--role", "admin", stdin="brass-lamp-47\n")

    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert names(office) == ["admin", "kezhang"]


def test_an_unknown_name_and_a_wrong_password_read_the_same(office):
    unknown = frontdesk(office, "audit", "log", operator="nobody", password="x-password-1")
    wrong = frontdesk(office, "audit", "log", operator="kezhang", password="x-password-1")

    assert unknown.returncode == wrong.returncode == 1
    assert unknown.stderr == wrong.stderr and unknown.stderr.strip()


def test_the_only_admin_is_made_to_wait_never_locked_out(tmp_path):
    db = tmp_path / "fd.db"
    assert frontdesk(db, "init", "--admin", ADMIN).returncode == 0
    for _ in range(7):
        frontdesk(db, "operator", "list", password="wrong-password")
    # Attempts inside a wait are turned away unheard (login_locked); after the n-th failure
    # in a row the next attempt is heard 2 ** (n - 5) s later, whatever it says.
    with sqlite3.connect(db) as conn:
        actions = [row[0] for row in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    failures = actions.count("login_failed")
    assert "lockout" not in actions and 5 <= failures <= 7
    assert failures + actions.count("login_locked") == 7

    time.sleep(2 ** (failures - 5) + 1)
    assert frontdesk(db, "operator", "list").returncode == 0


def test_another_terminal_writes_while_sign_ins_check_their_passwords(office):
    """Sign-ins run one after another while a plain sqlite3 writer keeps asking for the
    write lock. Were a password checked inside the write lock, each of the 8 sign-ins
    would keep the writer waiting about one scrypt run; a busy machine may stall a
    wait or two for other reasons, never most of them."""
    started = time.perf_counter()
    hashlib.scrypt(b"probe", salt=b"0" * 16, n=2**14, r=8, p=1, dklen=32)
    one_scrypt = time.perf_counter() - started
    waits: list[float] = []
    done = threading.Event()

    def writer() -> None:
        conn = sqlite3.connect(office, timeout=15, isolation_level=None)
        while not done.is_set():
            asked = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            waits.append(time.perf_counter() - asked)
            conn.execute("ROLLBACK")
            time.sleep(0.002)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(4):
            frontdesk(office, "audit", "log", operator="kezhang", password="super-pass-1")
            frontdesk(office, "audit", "log", operator="kezhang", password="wrong-password")
    finally:
        done.set()
        thread.join()
    waits.sort()
    assert len(waits) > 50
    long_waits = [wait for wait in waits if wait >= one_scrypt * 0.75]
    assert len(long_waits) < 4, (long_waits, one_scrypt)
