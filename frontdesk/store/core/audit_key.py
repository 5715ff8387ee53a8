"""The audit chain's secret key: a file outside the database, and which key each
open connection signs with.

The key is 32 random bytes, written as hex to a file in the user config folder
(``FRONTDESK_AUDIT_KEY`` overrides its path) with mode 0600. A database holds only
the key's id (an HMAC of a fixed label under the key), never the key, so a copy
of the database alone cannot be re-chained, and opening it with another key or
none is noticed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from frontdesk.store.core.errors import StoreError

KEY_LABEL = b"frontdesk audit key id"
KEY_FILE_NAME = "frontdesk-audit.key"


def key_path() -> Path:
    """Where the key file is: ``FRONTDESK_AUDIT_KEY``, else the user config folder."""
    if os.environ.get("FRONTDESK_AUDIT_KEY"):
        return Path(os.environ["FRONTDESK_AUDIT_KEY"]).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("frontdesk")) / KEY_FILE_NAME


def read_key(path: Path) -> bytes | None:
    """The key in ``path``, or None when there is no usable key file."""
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, ValueError):
        return None
    return key if len(key) >= 32 else None


def create_key(path: Path) -> bytes:
    """Write a new key to ``path`` (mode 0600, its folder 0700); never replaces one.

    The key is written whole to a file of its own, then linked in under its name,
    so no process ever reads a key file half written. Two databases made at once
    with no key yet (two ``init``, two upgrades) share the key the first one made.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd, written = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")  # mode 0600
    try:
        _write_key(fd, key)
        try:
            os.link(written, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without links: made in place, never replacing one
            _write_key(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), key)
    except FileExistsError:
        made_first = read_key(path)
        if made_first is None:
            raise StoreError("err.audit_key_missing", path=str(path)) from None
        return made_first
    finally:
        os.unlink(written)
    _sync_folder(path.parent)
    return key


def _write_key(fd: int, key: bytes) -> None:
    """The key into the open file ``fd``, on disk before the file is closed."""
    try:
        os.write(fd, (key.hex() + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """The key's name on disk as surely as the key (a crash after init keeps both)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def key_id(key: bytes) -> str:
    """The id a database stores to know its key by."""
    return hmac.new(key, KEY_LABEL, hashlib.sha256).hexdigest()


@dataclass
class KeyState:
    """The key a database's connections sign with.

    ``key`` is None when the file is missing; ``problem`` names what is wrong
    ("missing" or "other") once the database is bound; ``keyed`` is false only
    while the steps before the chain was keyed run on an older database.
    """

    path: Path
    key: bytes | None
    keyed: bool = True
    problem: str | None = None

    def require(self) -> bytes:
        """The key to sign or check with; the operator's one line when there is none."""
        if self.problem == "other":
            raise StoreError("err.audit_key_other", path=str(self.path))
        if self.key is None:
            raise StoreError("err.audit_key_missing", path=str(self.path))
        return self.key


_lock = threading.Lock()
# Connection objects cannot be weakly referenced: each is held here until detached.
_states: dict[int, tuple[sqlite3.Connection, KeyState]] = {}


def attach(conn: sqlite3.Connection, state: KeyState) -> None:
    with _lock:
        _states[id(conn)] = (conn, state)


def detach(conn: sqlite3.Connection) -> None:
    with _lock:
        _states.pop(id(conn), None)


def state_of(conn: sqlite3.Connection) -> KeyState | None:
    """The key state attached to ``conn`` (None: a connection opened by hand)."""
    found = _states.get(id(conn))
    return found[1] if found is not None and found[0] is conn else None


def stored_id(conn: sqlite3.Connection) -> str | None:
    """The key id a database is bound to (None: not bound yet)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_key'").fetchone() is None:
        return None
    row = conn.execute("SELECT key_id FROM audit_key WHERE id = 1").fetchone()
    return row[0] if row else None
