"""Restoring a backup so that nothing can be planted with it and no number is given twice.

- The backup file is opened once and read into a private copy beside the database
  (0600); everything after that works on the copy, so a file swapped after the
  check is never installed.
- The copy is refused when it is damaged, holds a table, view, trigger or index
  that this version's steps (for the backup's version) do not make, misses one of
  them, is signed with another key (or with none), or its audit chain does not
  verify.
- The live database is then taken for the restore alone (``exclusive.take``):
  refused while another terminal has it open. Under that lock the highest number
  each series ever had on this machine is read, from the database being replaced
  and from the heads file's ``numbers`` lines; counters of the copy below those
  are raised, and the restore's entry names the numbers dropped (given after the
  backup) and the counters raised, which ``audit.verify`` accepts only so, and the
  heads written down for the replaced database that the backup's chain does not hold
  (``replaced_heads``), which ``verify`` then no longer asks of it. The
  checked copy is then copied page by page over the live database in one step.
- Onto a path with no database (a new machine) the copy is moved into place,
  once an enabled admin of the backup has given their password.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk.store.core import audit_key, exclusive, migrations
from frontdesk.store.core.connection import DATABASE_HEADER
from frontdesk.store.core.errors import AuthenticationFailed, StoreError
from frontdesk.store.shared import audit, audit_numbers
from frontdesk.store.shared.audit_heads import append_numbers, read_heads, read_numbers
from frontdesk.store.shared.login_names import name_key
from frontdesk.store.shared.numbers import SERIES, format_number

if TYPE_CHECKING:
    from collections.abc import Callable

    from frontdesk.store.api import Store
    from frontdesk.store.shared.operators import Operator

Series = tuple[str, int]
_COPY_BLOCK = 1 << 20


@dataclass(frozen=True)
class Checked:
    """What a backup file holds, once checked."""

    entries: int
    records: int


@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup's counts, the numbers the replaced database had
    given that the backup does not hold (ranges, "V2026-000006–V2026-000009"), and
    where each raised series goes on ("V2026-000010")."""

    entries: int
    records: int
    dropped: list[str]
    continues: list[str]
    unnoted: StoreError | None = None
    """Why the numbers could not be written in the heads file (the restore is done)."""


# --- the private copy and its check --------------------------------------------------------


def private_copy(source: Path, folder: Path) -> Path:
    """The bytes of ``source``, read through one handle, in a new 0600 file in ``folder``."""
    source = Path(source).expanduser().absolute()
    try:
        # Not blocking: a named pipe given as the backup is refused, not waited on.
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise StoreError("err.backup_missing", path=str(source)) from None
    except IsADirectoryError:
        raise StoreError("err.backup_not_ours", path=str(source)) from None
    except OSError as error:
        raise StoreError("err.backup_unreadable", path=str(source), reason=error.strerror or str(error)) from None
    try:
        import stat

        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError("err.backup_not_ours", path=str(source))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            header = handle.read(len(DATABASE_HEADER))
            if not header:
                raise StoreError("err.backup_empty", path=str(source))
            if header != DATABASE_HEADER:
                raise StoreError("err.backup_not_ours", path=str(source))
            try:
                out_fd, name = tempfile.mkstemp(prefix=".frontdesk-restore-", suffix=".db", dir=folder)
            except OSError as error:  # the database's folder: full, or not ours to write
                raise StoreError("err.restore_failed", detail=error.strerror or str(error)) from None
            try:
                with os.fdopen(out_fd, "wb") as out:
                    block = header
                    while block:
                        _write(out, block)
                        block = handle.read(_COPY_BLOCK)  # the backup's errors: said as unreadable
                    _write(out, b"")
            except BaseException:
                remove_database(Path(name))
                raise
    except OSError as error:
        raise StoreError("err.backup_unreadable", path=str(source), reason=error.strerror or str(error)) from None
    finally:
        os.close(fd)
    return Path(name)


def _write(out, block: bytes) -> None:
    """A block of the private copy (an empty one: the copy flushed to disk); a full
    disk refuses the restore."""
    try:
        if block:
            out.write(block)
        else:
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        raise StoreError("err.restore_failed", detail=error.strerror or str(error)) from None


def remove_database(path: Path) -> None:
    """A database file and any journal, log or index SQLite left beside it."""
    for name in (path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal"),
                 path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            name.unlink()


def check_open(conn: sqlite3.Connection, path: Path) -> Checked:
    """Check the private copy on ``conn`` (``path``: the backup, for the messages)."""
    import sqlite_utils

    try:
        # The copy's own journal: a backup in WAL mode would look for a log beside it.
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StoreError("err.backup_damaged", detail=result)
        db = sqlite_utils.Database(conn, execute_plugins=False)
        if not db["audit_log"].exists() or not migrations.applied_names(conn):
            raise StoreError("err.backup_not_ours", path=str(path))
        newer = migrations.unknown_applied(conn)
        if newer:
            raise StoreError("err.db_too_new", names=", ".join(newer))
        bound = audit_key.stored_id(conn)
        if bound is None:
            raise StoreError("err.backup_unkeyed", path=str(path))
        key_file = audit_key.key_path()
        key = audit_key.read_key(key_file)
        if key is None:
            raise StoreError("err.audit_key_missing", path=str(key_file))
        if audit_key.key_id(key) != bound:
            raise StoreError("err.backup_key_other", path=str(path), key_file=str(key_file))
        problem = audit.check_schema(db, any_version=True)
        if problem is not None:
            raise StoreError("err.backup_schema", detail=problem.as_message())
        verified = audit.verify(db)
        if verified.problem is not None:
            raise StoreError("err.backup_tampered", detail=verified.problem.as_message())
        return Checked(verified.entries, verified.records)
    except sqlite3.DatabaseError as error:
        raise StoreError("err.backup_damaged", detail=str(error)) from error


# --- numbers ------------------------------------------------------------------------------


def _highest(db) -> dict[Series, int]:
    """The highest number each series has given: its counter or its highest record."""
    highest = {series: numbers[-1] for series, numbers in audit_numbers.issued_numbers(db).items()}
    if db["counters"].exists():
        for channel, year, last in db.execute("SELECT channel, year, last FROM counters"):
            if channel in SERIES:
                highest[channel, year] = max(highest.get((channel, year), 0), last)
    return highest


def _parse_number(text: str) -> tuple[Series, int] | None:
    for channel, (_table, prefix) in SERIES.items():
        rest = text.removeprefix(prefix)
        if rest != text and len(rest) > 5 and rest[4] == "-" and rest[:4].isdigit() and rest[5:].isdigit():
            return (channel, int(rest[:4])), int(rest[5:])
    return None


def _ranges(channel: str, year: int, numbers: list[int]) -> list[str]:
    """``[6, 7, 8, 10]`` as ``V2026-000006–V2026-000008``, ``V2026-000010``."""
    shown: list[str] = []
    start = previous = None
    for number in [*numbers, None]:
        if number is not None and previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None and previous is not None:
            first = format_number(channel, year, start)
            shown.append(first if start == previous else f"{first}–{format_number(channel, year, previous)}")
        start = previous = number
    return shown


@dataclass
class _Numbers:
    """What the database being replaced had given, read under the exclusive lock, and
    the heads written down for it (its newest entry's, the heads file's)."""

    highest: dict[Series, int]
    issued: dict[Series, list[int]]
    heads: list[tuple[int, str]]


def _read_replaced(conn: sqlite3.Connection | None, anchors: Path | None, chain: str) -> _Numbers:
    import sqlite_utils

    highest: dict[Series, int] = {}
    issued: dict[Series, list[int]] = {}
    heads: list[tuple[int, str]] = []
    if conn is not None:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        highest = _highest(db)
        issued = audit_numbers.issued_numbers(db)
        if audit.chain_id(db) == chain:
            heads.append(audit.head(db))
    if anchors is not None:
        for text in read_numbers(anchors, chain):
            parsed = _parse_number(text)
            if parsed is not None:
                series, number = parsed
                highest[series] = max(highest.get(series, 0), number)
        heads += [(head.entry, head.hash) for head in read_heads(anchors) if head.chain in ("", chain)]
    return _Numbers(highest, issued, heads)


def _left_behind(db, heads: list[tuple[int, str]]) -> list[str]:
    """The heads (``N:HASH``) the copy's chain does not hold: the replaced database's."""
    left = []
    for entry, hash_text in heads:
        row = db.execute("SELECT entry_hash FROM audit_log WHERE id = ?", [entry]).fetchone()
        if (row is None or not row[0].startswith(hash_text)) and f"{entry}:{hash_text}" not in left:
            left.append(f"{entry}:{hash_text}")
    return left


def _continue_numbers(db, replaced: _Numbers) -> tuple[list[dict], list[str], list[str]]:
    """Raise the copy's counters to what the replaced database had given; the raises
    (for the entry), the numbers dropped and where each raised series goes on."""
    own = _highest(db)
    kept = audit_numbers.issued_numbers(db)
    raised: list[dict] = []
    continues: list[str] = []
    for (channel, year), highest in sorted(replaced.highest.items()):
        current = own.get((channel, year), 0)
        if highest <= current:
            continue
        db.execute(
            "INSERT INTO counters (channel, year, last) VALUES (?, ?, ?)"
            " ON CONFLICT (channel, year) DO UPDATE SET last = excluded.last",
            [channel, year, highest],
        )
        raised.append({"channel": channel, "year": year, "from": current, "to": highest})
        continues.append(format_number(channel, year, highest + 1))
    dropped: list[str] = []
    for (channel, year), numbers in sorted(replaced.issued.items()):
        gone = sorted(set(numbers) - set(kept.get((channel, year), [])))
        dropped += _ranges(channel, year, gone)
    return raised, dropped, continues


def _finish_copy(conn: sqlite3.Connection, replaced: _Numbers, *, at: datetime, operator: str,
                 detail: dict) -> tuple[list[str], list[str]]:
    """In the checked copy, in one transaction: the counters raised and the restore's entry."""
    import sqlite_utils

    db = sqlite_utils.Database(conn, execute_plugins=False)
    conn.execute("BEGIN IMMEDIATE")
    try:
        raised, dropped, continues = _continue_numbers(db, replaced)
        audit.append(db, at=at, operator=operator, action="restore",
                     detail={**detail, "dropped": dropped, "raised": raised,
                             "replaced_heads": _left_behind(db, replaced.heads)})
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return dropped, continues


def _note_numbers(anchors: Path | None, conn: sqlite3.Connection) -> StoreError | None:
    """The restored database's highest numbers, written down in the heads file; why
    not, if they could not be."""
    if anchors is None:
        return None
    db = _wrap(conn)
    highest = _highest(db)
    numbers = [format_number(channel, year, last) for (channel, year), last in sorted(highest.items())]
    try:
        append_numbers(anchors, numbers, audit.chain_id(db), "restore")
    except StoreError as error:
        return error
    return None


def note_numbers(store: Store, anchors: Path, note: str) -> None:
    """Write the database's highest number of each series in the heads file ``anchors``
    (after a backup), so a later restore on this machine goes on above them even
    when this database is gone."""
    highest = _highest(store.db)
    numbers = [format_number(channel, year, last) for (channel, year), last in sorted(highest.items())]
    append_numbers(anchors, numbers, audit.chain_id(store.db), note)


# --- restore ------------------------------------------------------------------------------


def restore(store: Store, actor: Operator, source: Path, *, anchors: Path | None = None) -> Restored:
    """Replace the live database with a checked backup; nothing changes if the check
    fails or another terminal has the database open. ``anchors``: the heads file."""
    store.operators.require(actor, "backup.restore")
    source = Path(source).expanduser().absolute()
    copy = private_copy(source, store.path.parent)
    conn = sqlite3.connect(str(copy), isolation_level=None)
    try:
        checked = check_open(conn, source)
        chain = audit.chain_id(_wrap(conn))
        store.close()  # this process's own connections would hold the file too
        live = exclusive.take(store.path)
        try:
            try:
                replaced = _read_replaced(live, anchors, chain)
            except sqlite3.DatabaseError:  # the damaged database a backup replaces
                replaced = _read_replaced(None, anchors, chain)
            dropped, continues = _finish_copy(
                conn, replaced, at=store.now(), operator=actor.name,
                detail={"path": source.name, "entries": checked.entries},
            )
            # One step under the lock: every page of the checked copy over the database.
            conn.backup(live)
            unnoted = _note_numbers(anchors, live)
        finally:
            exclusive.release(live)
    finally:
        conn.close()
        remove_database(copy)
    store.recheck_key()
    return Restored(checked.entries, checked.records, dropped, continues, unnoted)


def restore_new(path: Path, source: Path, admin: str, password: str, *,
                anchors: Path | None = None, clock: Callable[[], datetime] | None = None) -> Restored:
    """Restore a backup where there is no database yet (a new machine), as ``admin``,
    an enabled admin of the backup whose ``password`` there is given."""
    path = Path(path).expanduser().absolute()
    source = Path(source).expanduser().absolute()
    if path.exists():
        raise StoreError("err.backup_exists", path=str(path))
    if not path.parent.is_dir():
        raise StoreError("err.db_not_dir", path=str(path.parent))
    copy = private_copy(source, path.parent)
    conn = sqlite3.connect(str(copy), isolation_level=None)
    try:
        checked = check_open(conn, source)
        _check_admin(conn, admin, password)
        now = (clock or _now)()
        replaced = _read_replaced(None, anchors, audit.chain_id(_wrap(conn)))
        dropped, continues = _finish_copy(conn, replaced, at=now, operator=_admin_name(conn, admin),
                                          detail={"path": source.name, "entries": checked.entries})
        unnoted = _note_numbers(anchors, conn)
        conn.close()
        try:
            os.link(copy, path)  # never over a file that appeared meanwhile
        except FileExistsError:
            raise StoreError("err.backup_exists", path=str(path)) from None
        except OSError as error:
            raise StoreError("err.backup_failed", detail=error.strerror or str(error)) from None
    finally:
        conn.close()
        remove_database(copy)
    return Restored(checked.entries, checked.records, dropped, continues, unnoted)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _wrap(conn: sqlite3.Connection):
    import sqlite_utils

    return sqlite_utils.Database(conn, execute_plugins=False)


def _admin_row(conn: sqlite3.Connection, admin: str) -> tuple[str, str, str] | None:
    key = name_key(admin or "")
    for name, role, password_hash in conn.execute(
        "SELECT name, role, password_hash FROM operators WHERE disabled = 0 ORDER BY id"
    ):
        if key and name_key(name) == key:
            return name, role, password_hash
    return None


def _admin_name(conn: sqlite3.Connection, admin: str) -> str:
    row = _admin_row(conn, admin)
    return row[0] if row else admin


def _check_admin(conn: sqlite3.Connection, admin: str, password: str) -> None:
    """The backup's enabled admin ``admin`` with ``password``: the same words, and the
    same time, for an unknown name as for a wrong password."""
    from frontdesk.store.shared.operators import check_password
    from frontdesk.store.shared.permissions import Role, require

    row = _admin_row(conn, admin)
    matches = check_password(password or "", row[2] if row else None)
    if row is None or not matches:
        raise AuthenticationFailed("err.restore_login")
    require(Role(row[1]), "backup.restore")
