"""The database to oneself: a connection that holds SQLite's exclusive lock until
it is closed, refused while any other connection has the file open, naming the
programs that have it as far as the system tells."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from frontdesk.store.core.errors import StoreError

# How long a moment's write by someone else is waited for before the file counts
# as held: an idle terminal holds it for good, so waiting longer gains nothing.
_WAIT_MS = 300


def take(path: Path) -> sqlite3.Connection:
    """A connection to ``path`` holding the exclusive lock (and out of WAL mode, which
    SQLite allows only to the file's one connection), for a step nobody may share;
    ``release`` puts the file back in WAL mode and lets others in."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=_WAIT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {_WAIT_MS}")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE").fetchone()
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise sqlite3.OperationalError("database is locked")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as error:
        conn.close()
        text = str(error).lower()
        if "locked" not in text and "busy" not in text:
            raise
        who = holders(path)
        if who:
            raise StoreError("err.db_in_use_by", path=str(path), who=who) from None
        raise StoreError("err.db_in_use", path=str(path)) from None
    return conn


def release(conn: sqlite3.Connection) -> None:
    """Back to WAL mode and the normal locking, and closed (which lets others in)."""
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA locking_mode = NORMAL").fetchone()
    finally:
        conn.close()


def holders(path: Path) -> list[str]:
    """The other processes of this account that have the database or its -wal or
    -shm open, as "name (process N)"; empty where the system does not tell (no
    /proc, another account's process)."""
    names = {str(path), f"{path}-wal", f"{path}-shm"}
    found = []
    proc = Path("/proc")
    try:
        pids = [entry.name for entry in proc.iterdir() if entry.name.isdigit()]
    except OSError:
        return []
    for pid in pids:
        if int(pid) == os.getpid():
            continue
        try:
            fds = list((proc / pid / "fd").iterdir())
            if not any(os.readlink(fd) in names for fd in fds):
                continue
            words = (proc / pid / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        found.append(f"{_program(words)} ({pid})")
    return found


def _program(words: list[bytes]) -> str:
    """The program's name as its user would know it: ``frontdesk``, ``sqlite3``, or
    ``python -m frontdesk``."""
    text = [word.decode(errors="replace") for word in words if word]
    if not text:
        return "?"
    shown = [os.path.basename(text[0])]
    if shown[0].startswith("python") and len(text) > 1:
        shown += text[1:3] if text[1] == "-m" else [os.path.basename(text[1])]
    return " ".join(shown)[:60]
