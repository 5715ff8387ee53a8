"""Backups, restores, and a JSON Lines export that an import reproduces exactly.

- ``backup`` copies the live database with SQLite's backup API, so the copy is
  consistent even while other terminals write.
- ``restore`` (``frontdesk.store.shared.restore``) checks a private copy of a backup
  (integrity, schema, key, audit chain) and copies that very copy over the live
  database in one step, alone with it, numbering going on above what was given.
- ``export`` writes every record of every table, the audit trail included, one
  JSON object per line, but never a secret: operators' password hashes stay behind.
  ``import_into`` loads such a file into a database that holds no records yet, row
  for row with the same ids, and verifies the chain. Since no password travels, the
  import is done as one of the export's admins, who gives a password for this
  database; every other operator signs in once an admin has set theirs.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from frontdesk.store.core import migrations
from frontdesk.store.core.errors import StoreError
from frontdesk.store.core.files import create_private
from frontdesk.store.shared import audit, audit_numbers
from frontdesk.store.shared.login_names import name_key, normal_name
from frontdesk.store.shared.numbers import format_number
from frontdesk.store.shared.restore import Checked, check_open, private_copy, remove_database
from frontdesk.store.shared.restore import restore as restore  # re-exported

if TYPE_CHECKING:
    from frontdesk.store.api import Store
    from frontdesk.store.shared.operators import Operator

FORMAT = "frontdesk-export"
VERSION = 1
# Derived or internal tables: rebuilt, never exported.
_SKIPPED_PREFIXES = ("sqlite_", "_sqlite", "lookup_")
# The id of the key this database's audit chain is signed with: each database its own.
_SKIPPED_TABLES = ("audit_key",)
# Columns that hold a secret: never written to an export, never taken from one.
SECRET_COLUMNS = {"operators": ("password_hash",)}


def record_tables(db) -> list[str]:
    """Tables holding records, in the order they were created (parents first)."""
    names = [
        row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
        )
    ]
    return [name for name in names if not name.startswith(_SKIPPED_PREFIXES) and name not in _SKIPPED_TABLES]


# --- backup and restore -------------------------------------------------------------------


def backup(store: Store, actor: Operator, target: Path) -> Path:
    """A consistent copy of the live database at ``target`` (which must not exist)."""
    store.operators.require(actor, "backup.make")
    target = Path(target).expanduser().absolute()
    try:
        if target.exists():
            raise StoreError("err.backup_exists", path=str(target))
        if not target.parent.is_dir():
            raise StoreError("err.db_not_dir", path=str(target.parent))
    except OSError as error:  # a name too long, say
        raise StoreError("err.backup_failed", detail=error.strerror or str(error)) from None
    with store.write() as db:
        audit.append(db, at=store.now(), operator=actor.name, action="backup",
                     detail={"path": target.name})
    try:
        # Made here, 0600 and only if still absent, so the copy is never open to
        # other accounts, not even while it is written.
        create_private(target, exclusive=True)
    except FileExistsError:
        raise StoreError("err.backup_exists", path=str(target)) from None
    except OSError as error:
        raise StoreError("err.backup_failed", detail=error.strerror or str(error)) from None
    try:
        copy = sqlite3.connect(str(target))
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise StoreError("err.backup_failed", detail=str(error)) from error
    try:
        store.db.conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as error:
        copy.close()
        target.unlink(missing_ok=True)
        raise StoreError("err.backup_failed", detail=str(error)) from error
    copy.close()
    return target


def check_backup(path: Path) -> Checked:
    """Refuse a backup that is damaged, holds anything the application did not make,
    is signed with another key or whose audit chain does not verify. (A restore checks
    its own private copy again: the file may change after this.)"""
    import tempfile

    path = Path(path).expanduser().absolute()

    with tempfile.TemporaryDirectory(prefix="frontdesk-check-") as folder:
        copy = private_copy(path, Path(folder))
        conn = sqlite3.connect(str(copy), isolation_level=None)
        try:
            return check_open(conn, path)
        finally:
            conn.close()


# --- export and import ------------------------------------------------------------------


def export(store: Store, actor: Operator, out: TextIO) -> int:
    """Every record, one JSON object per line, after a header; how many rows.

    Supervisors and admins only; the export itself is in the audit trail.
    """
    store.operators.require(actor, "export.records")
    with store.write() as db:
        audit.append(db, at=store.now(), operator=actor.name, action="export")
    db = store.db
    # One read transaction: the file is a consistent picture even while others write.
    db.conn.execute("BEGIN")
    try:
        header = {
            "format": FORMAT, "version": VERSION, "exported_at": store.now_text(),
            "by": actor.name,
            "migrations": migrations.applied_names(db.conn),
        }
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        count = 0
        for table in record_tables(db):
            for row in _rows(db, table):
                out.write(json.dumps({"table": table, "row": row}, ensure_ascii=False) + "\n")
                count += 1
    finally:
        db.conn.execute("COMMIT")
    return count


def _rows(db, table: str) -> Iterator[dict]:
    cursor = db.execute(f"SELECT * FROM [{table}] ORDER BY rowid")
    columns = [d[0] for d in cursor.description]
    secret = SECRET_COLUMNS.get(table, ())
    for values in cursor:
        yield {c: v for c, v in zip(columns, values, strict=True) if c not in secret}


def _numbered_lines(source: TextIO):
    """(line number, line) of ``source``; a line that is not text refuses the import."""
    number = 0
    while True:
        number += 1
        try:
            line = source.readline()
        except UnicodeDecodeError:
            raise StoreError("err.import_line", line=number) from None
        if not line:
            return
        yield number, line


def import_into(store: Store, source: TextIO, admin: str, password: str) -> int:
    """Load an export into a database without records, as ``admin`` (an enabled admin
    of the export, who gets ``password`` here); how many rows.

    All or nothing: a bad line, an unknown table or column, a chain that does not
    verify afterwards, or no such admin leaves the database as it was. Every
    imported operator but ``admin`` is left without a password until an admin sets
    one. The import is the last entry of the audit trail.
    """
    from frontdesk.store.shared.operators import NO_PASSWORD, hash_password, validate_password

    db = store.db
    tables = set(record_tables(db))
    admin_key = name_key(admin or "")
    if not admin_key:
        raise StoreError("err.import_admin", name=admin or "")
    hashed = hash_password(validate_password(password, normal_name(admin)))  # before the lock
    with store.write() as db:
        for table in tables:
            if db.execute(f"SELECT 1 FROM [{table}] LIMIT 1").fetchone():
                raise StoreError("err.import_not_empty", table=table)
        lines = _numbered_lines(source)
        _number, first = next(lines, (1, ""))
        try:
            header = json.loads(first)
        except (ValueError, RecursionError):
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise StoreError("err.import_not_export")
        known = set(migrations.applied_names(db.conn))
        newer = [name for name in header.get("migrations", []) if name not in known]
        if newer:
            raise StoreError("err.db_too_new", names=", ".join(newer))
        count = 0
        columns_of: dict[str, set[str]] = {}
        for line_number, line in lines:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                table, row = item["table"], item["row"]
            except (ValueError, RecursionError, KeyError, TypeError):
                raise StoreError("err.import_line", line=line_number) from None
            if table not in tables or not isinstance(row, dict):
                raise StoreError("err.import_line", line=line_number)
            if table not in columns_of:
                columns_of[table] = {d[0] for d in db.execute(f"SELECT * FROM [{table}] LIMIT 0").description}
            if not set(row) <= columns_of[table]:
                raise StoreError("err.import_line", line=line_number)
            if table in SECRET_COLUMNS:
                row = {**row, **dict.fromkeys(SECRET_COLUMNS[table], NO_PASSWORD)}
            names = ", ".join(f"[{c}]" for c in row)
            marks = ", ".join("?" for _ in row)
            try:
                db.execute(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", list(row.values()))
            except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError,
                    OverflowError, UnicodeEncodeError):
                # A value SQLite cannot hold or a rule of the table it breaks.
                raise StoreError("err.import_line", line=line_number) from None
            count += 1
        _require_counters(db)
        # Everything but the operators, whose hashed content took their password hashes along.
        verified = audit.verify(db, except_tables=("operators",))
        if verified.problem is not None:
            raise StoreError("err.import_tampered", detail=verified.problem.as_message())
        actor = _import_admin(db, admin_key)
        db.execute("UPDATE operators SET password_hash = ? WHERE id = ?", [hashed, actor["id"]])
        operators = [dict(row) for row in db.query("SELECT * FROM operators ORDER BY id")]
        audit.append_many(db, at=store.now(), operator=actor["name"], action="import_password",
                          rows=[("operators", row["id"], row) for row in operators])
        audit.append(db, at=store.now(), operator=actor["name"], action="import",
                     detail={"rows": count, "exported_at": header.get("exported_at"),
                             "exported_by": header.get("by")})
        verified = audit.verify(db)
        if verified.problem is not None:
            raise StoreError("err.import_tampered", detail=verified.problem.as_message())
    return count


def _require_counters(db) -> None:
    """Every numbered series of the export came with its counter: without it the
    next number would be given again."""
    counters = {(channel, year) for channel, year in db.execute("SELECT channel, year FROM counters")}
    for (channel, year), numbers in sorted(audit_numbers.issued_numbers(db).items()):
        if (channel, year) not in counters:
            raise StoreError("err.import_no_counters", number=format_number(channel, year, numbers[-1]))


def import_new(path: Path, source: TextIO, admin: str, password: str, *,
               open_new: Callable[[Path], Store]) -> int:
    """Import into a database file that does not exist yet: built beside it under a
    private temporary name (opened with ``open_new``, ``Store.open(…, create=True)``)
    and put in place only when whole, so a refused import leaves no file behind;
    how many rows."""
    import os
    import tempfile

    path = Path(path).expanduser().absolute()
    if path.exists():
        raise StoreError("err.import_target", path=str(path))
    if not path.parent.is_dir():
        raise StoreError("err.db_not_dir", path=str(path.parent))
    fd, name = tempfile.mkstemp(prefix=".frontdesk-import-", suffix=".db", dir=path.parent)
    os.close(fd)
    building = Path(name)
    try:
        store = open_new(building)
        try:
            count = import_into(store, source, admin, password)
        finally:
            store.close()  # the last connection: the log is written into the file
        try:
            os.link(building, path)  # never over a file that appeared meanwhile
        except FileExistsError:
            raise StoreError("err.import_target", path=str(path)) from None
        except OSError as error:
            raise StoreError("err.backup_failed", detail=error.strerror or str(error)) from None
    finally:
        remove_database(building)
    return count


def _import_admin(db, key: str) -> dict:
    """The export's enabled admin called ``key`` (NFKC, case ignored), or the import is refused."""
    from frontdesk.store.shared.permissions import Role, require

    for row in db.query("SELECT * FROM operators WHERE disabled = 0 ORDER BY id"):
        if name_key(row["name"]) == key:
            require(Role(row["role"]), "import.records")
            return row
    raise StoreError("err.import_admin", name=key)
