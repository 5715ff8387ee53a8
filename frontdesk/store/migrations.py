"""Versioned schema changes, one function each, named verb_noun, never edited
once applied. Applied on open, each in its own IMMEDIATE transaction."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from frontdesk.store.errors import DatabaseOpenError

MIGRATION_SET = "frontdesk"
migrations = Migrations(MIGRATION_SET)


@migrations()
def create_operators(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE operators (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'reception', 'duty', 'mail')),
            password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL,
            updated_by TEXT
        );
        CREATE TRIGGER operators_never_deleted BEFORE DELETE ON operators
        BEGIN SELECT RAISE(ABORT, 'operators are disabled, never deleted'); END;
        """
    )


@migrations()
def create_audit_log(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            operator TEXT,
            action TEXT NOT NULL,
            record_table TEXT,
            record_id INTEGER,
            record_hash TEXT,
            detail TEXT,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        );
        CREATE INDEX audit_log_record ON audit_log (record_table, record_id, id);
        CREATE INDEX audit_log_at ON audit_log (at);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """
    )


@migrations()
def create_preferences(db: Database) -> None:
    # Per-operator interface choices (theme, language); not records, not audited.
    db.executescript(
        """
        CREATE TABLE preferences (
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (operator_id, key)
        );
        """
    )


def unknown_applied(db: Database) -> list[str]:
    """Names of applied migrations this code does not know (a newer program wrote them)."""
    known = {migration.name for migration in migrations._migrations}
    return [m.name for m in migrations.applied(db) if m.name not in known]


def apply_pending(db: Database) -> list[str]:
    """Apply what is pending, one IMMEDIATE transaction per migration.

    Refuses a database that a newer program has migrated further.
    """
    newer = unknown_applied(db)
    if newer:
        raise DatabaseOpenError("too_new", "err.db_too_new", names=", ".join(newer))
    applied: list[str] = []
    if not migrations.pending(db):
        return applied
    conn = db.conn
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            pending = migrations.pending(db)
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
