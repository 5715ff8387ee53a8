"""Applying the schema's steps (``frontdesk.store.core.schema``): on open, each in its
own IMMEDIATE transaction, through sqlite-utils' migrations; reading what was
applied needs only plain SQL."""

from __future__ import annotations

import functools
import sqlite3
from typing import TYPE_CHECKING

from frontdesk.store.core.errors import DatabaseOpenError
from frontdesk.store.core.schema import STEPS

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "frontdesk"
# sqlite-utils records what was applied in this table, one row per migration.
APPLIED_TABLE = "_sqlite_migrations"


# SQLite's own objects, left out of the schema: its tables by name, and the indexes it
# makes for UNIQUE and PRIMARY KEY constraints (which have no SQL). Only these: a
# trigger or view written into the schema by hand under a reserved ``sqlite_`` name
# still runs, so it must show.
_INTERNAL = (
    "SELECT type, name, sql FROM sqlite_master"
    " WHERE NOT (type = 'table' AND name IN"
    " ('sqlite_sequence', 'sqlite_stat1', 'sqlite_stat2', 'sqlite_stat3', 'sqlite_stat4'))"
    " AND NOT (type = 'index' AND sql IS NULL AND name LIKE 'sqlite\\_autoindex\\_%' ESCAPE '\\')"
)


def schema_of(conn: sqlite3.Connection) -> frozenset[tuple[str, str, str]]:
    """Every table, view, trigger and index on ``conn`` as (type, name, its SQL with
    spaces collapsed); SQLite's own objects (``_INTERNAL``) left out."""
    return frozenset(
        (kind, name, " ".join((sql or "").split()))
        for kind, name, sql in conn.execute(_INTERNAL)
    )


@functools.cache
def expected_schema(steps: int | None = None) -> frozenset[tuple[str, str, str]]:
    """The schema every step of this version produces (or its first ``steps``: an
    older database's), built once in memory."""
    import secrets
    from pathlib import Path

    import sqlite_utils

    from frontdesk.store.core import audit_key

    conn = sqlite3.connect(":memory:", isolation_level=None)
    audit_key.attach(conn, audit_key.KeyState(Path("(in memory)"), secrets.token_bytes(32)))
    try:
        apply_pending(sqlite_utils.Database(conn, execute_plugins=False), steps=steps)
        return schema_of(conn)
    finally:
        audit_key.detach(conn)
        conn.close()


def names() -> list[str]:
    """Every migration this code knows, in the order they apply."""
    return [function.__name__ for function in STEPS]


@functools.cache
def migration_set() -> Migrations:
    """The steps as sqlite-utils' migration set, built when something must be
    applied: a database that is up to date opens without importing sqlite-utils."""
    from sqlite_utils import Migrations

    migration_set = Migrations(MIGRATION_SET)
    for function in STEPS:
        migration_set()(function)
    return migration_set


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations applied to the database on ``conn``, in order
    (plain SQL, so opening an up-to-date database needs nothing more)."""
    if conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [APPLIED_TABLE]
    ).fetchone() is None:
        return []
    return [row[0] for row in conn.execute(
        f"SELECT name FROM {APPLIED_TABLE} WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET]
    )]


def unknown_applied(conn: sqlite3.Connection) -> list[str]:
    """Names of applied migrations this code does not know (a newer program wrote them)."""
    known = set(names())
    return [name for name in applied_names(conn) if name not in known]


def is_pending(conn: sqlite3.Connection) -> bool:
    """Whether a migration this code knows is not applied yet."""
    return bool(set(names()) - set(applied_names(conn)))


def refuse_newer(conn: sqlite3.Connection) -> None:
    """Refuse a database that a newer program has migrated further."""
    newer = unknown_applied(conn)
    if newer:
        raise DatabaseOpenError("too_new", "err.db_too_new", names=", ".join(newer))


def apply_pending(db: Database, steps: int | None = None) -> list[str]:
    """Apply what is pending (up to the first ``steps`` of all), one IMMEDIATE
    transaction per migration.

    Refuses a database that a newer program has migrated further.
    """
    conn = db.conn
    refuse_newer(conn)
    applied: list[str] = []
    if not is_pending(conn):
        return applied
    migrations = migration_set()
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            pending = migrations.pending(db)
            if steps is not None and len(names()) - len(pending) >= steps:
                pending = []
            if not pending:
                conn.execute("COMMIT")
                return applied
            later = [m.name for m in pending[1:]]
            # Inside our transaction sqlite-utils uses a savepoint for the step.
            migrations.ensure_migrations_table(db)
            migrations.apply(db, stop_before=later or None)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(pending[0].name)
