"""Opening the SQLite file safely and writing to it in IMMEDIATE transactions.

Each thread gets its own connection; a write is ``BEGIN IMMEDIATE`` so that several
terminals queue for the write lock (up to the busy timeout) instead of failing,
and sqlite-utils calls inside it join as savepoints.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk.store.core import audit_key, mounts
from frontdesk.store.core.errors import DatabaseOpenError, StorageError

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 15_000
DATABASE_HEADER = b"SQLite format 3\x00"


def check_file(path: Path, *, create: bool) -> None:
    """Refuse a file that cannot be a healthy database, before SQLite touches it.

    A missing file is created only when ``create`` is true; an existing file is
    never replaced.
    """
    try:
        _check_file(path, create=create)
    except OSError as error:
        # A path the system will not look at: a name too long, a loop of links.
        raise DatabaseOpenError("bad_path", "err.db_bad_path", path=str(path),
                                reason=error.strerror or str(error)) from None


def _check_file(path: Path, *, create: bool) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseOpenError("not_dir", "err.db_not_dir", path=str(folder))
    shared = mounts.network_mount(folder)
    if shared is not None:
        raise DatabaseOpenError("network", "err.db_network", path=str(path), fs_type=shared.fs_type,
                                source=shared.source)
    if not path.exists():
        if not create:
            raise DatabaseOpenError("missing", "err.db_missing", path=str(path))
        if not os.access(folder, os.W_OK):
            raise DatabaseOpenError("readonly", "err.db_readonly", path=str(path))
        return
    if not path.is_file():
        raise DatabaseOpenError("not_database", "err.db_not_database", path=str(path))
    size = path.stat().st_size
    if size == 0:
        # SQLite treats an empty file as an empty database; only accept it if we
        # may create one, since nothing can be lost.
        if not create:
            raise DatabaseOpenError("missing", "err.db_missing", path=str(path))
        return
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(DATABASE_HEADER):
        raise DatabaseOpenError("not_database", "err.db_not_database", path=str(path))
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    # A checkpoint writes page 1, with the new page count, before the pages past
    # the file's old end; until it ends (or if it was killed) those pages are
    # still in the write-ahead log, which SQLite replays. Only a file without a
    # log to finish it is truncated.
    if page_count and size < page_size * page_count and not _has_log(path):
        raise DatabaseOpenError("truncated", "err.db_truncated", path=str(path))
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
        raise DatabaseOpenError("readonly", "err.db_readonly", path=str(path))


def _has_log(path: Path) -> bool:
    """Whether a write-ahead log with frames in it lies next to the database."""
    log = path.with_name(path.name + "-wal")
    return log.is_file() and log.stat().st_size > 32


def check_ours(path: Path, migration_set: str) -> None:
    """Refuse an SQLite database made by another program (tables, but none of our
    migrations), before ``connect`` switches it to WAL and the migrations add to it.

    Only reads, so a refused file stays as it was.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute("PRAGMA query_only = 1")
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )}
        ours = "_sqlite_migrations" in tables and conn.execute(
            "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? LIMIT 1", [migration_set]
        ).fetchone() is not None
    except sqlite3.DatabaseError as error:
        raise translate_open_error(error, path) from error
    finally:
        conn.close()
    if tables and not ours:
        raise DatabaseOpenError("not_database", "err.db_not_database", path=str(path))


def connect(path: Path) -> sqlite3.Connection:
    """A new connection with the settings that never lose a committed record."""
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    isolation_level = conn.isolation_level
    conn.isolation_level = None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise translate_open_error(error, path) from error
    finally:
        conn.isolation_level = isolation_level
    return conn


def translate_open_error(error: sqlite3.Error, path: Path) -> DatabaseOpenError:
    """The open-time SQLite error as the operator's message."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseOpenError("locked", "err.db_locked", path=str(path))
    if "readonly" in text or "read-only" in text:
        return DatabaseOpenError("readonly", "err.db_readonly", path=str(path))
    return DatabaseOpenError("not_database", "err.db_not_database", path=str(path))


def translate_write_error(error: sqlite3.Error) -> StorageError | None:
    """The write-time SQLite error as the operator's message, or None if it is a bug."""
    text = str(error).lower()
    if "full" in text:
        return StorageError("err.disk_full")
    if "readonly" in text:
        return StorageError("err.db_write_readonly")
    if "locked" in text or "busy" in text:
        return StorageError("err.db_busy")
    if "disk i/o" in text:
        return StorageError("err.db_io", detail=str(error))
    return None


# SQLite's own wait for a lock sleeps longer the longer it has waited, up to
# 100 ms between tries, so under steady load a writer that has waited a while
# keeps missing the moments the lock is free and losing it to newcomers: with
# eight terminals saving without pause a save could wait seconds while most
# took milliseconds. Waiting in rounds of a few milliseconds, each try at most
# 5 ms after the last, until the busy timeout, keeps the queue fair.
BEGIN_STEP_MS = 10


def begin_immediate(conn: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, waiting for the write lock up to the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    conn.execute(f"PRAGMA busy_timeout = {BEGIN_STEP_MS}")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                busy = getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY
                if not busy or time.monotonic() >= deadline:
                    raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


class Connections:
    """One connection per thread to one database file.

    ``conn`` is the plain SQLite connection; ``db`` wraps the same connection in
    sqlite-utils, which is imported the first time a thread needs it, so that
    opening the app and its sign-in (plain reads) do not wait for it.
    """

    def __init__(self, path: Path, key: audit_key.KeyState | None = None) -> None:
        self.path = path
        self.key = key if key is not None else audit_key.KeyState(audit_key.key_path(), None)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            audit_key.attach(conn, self.key)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection as a sqlite-utils database."""
        db = getattr(self._local, "db", None)
        if db is None:
            import sqlite_utils

            db = sqlite_utils.Database(self.conn, execute_plugins=False)
            self._local.db = db
        return db

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One IMMEDIATE transaction: all of it is committed, or none of it.

        Nested use joins the outer transaction as a savepoint.
        """
        db = self.db
        conn = db.conn
        if conn.in_transaction:
            with db.atomic():
                yield db
            return
        try:
            begin_immediate(conn)
        except sqlite3.OperationalError as error:
            translated = translate_write_error(error)
            if translated is None:
                raise
            raise translated from error
        try:
            yield db
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                storage = translate_write_error(error)
                if storage is not None:
                    raise storage from error
            raise

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            for conn in self._all:
                audit_key.detach(conn)
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._all.clear()
        self._local = threading.local()
