"""Operators, the audit trail, preferences, numbering, people, visits and the lookup index."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontdesk.store.core.schema.registry import step

if TYPE_CHECKING:
    from sqlite_utils import Database


@step
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


@step
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


@step
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


@step
def create_counters(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE counters (
            channel TEXT NOT NULL,
            year INTEGER NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (channel, year)
        );
        """
    )


@step
def create_parties(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE parties (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            record_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            pinyin TEXT NOT NULL DEFAULT '',
            initials TEXT NOT NULL DEFAULT '',
            id_type TEXT,
            id_number TEXT,
            id_legacy INTEGER NOT NULL DEFAULT 0,
            phone TEXT,
            address TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            representative INTEGER NOT NULL DEFAULT 0,
            liaison INTEGER NOT NULL DEFAULT 0,
            UNIQUE (channel, record_id, position)
        );
        CREATE INDEX parties_id_number ON parties (id_number) WHERE id_number IS NOT NULL;
        CREATE INDEX parties_phone ON parties (phone) WHERE phone IS NOT NULL;
        CREATE INDEX parties_name ON parties (name);
        CREATE TRIGGER parties_never_deleted BEFORE DELETE ON parties
        BEGIN SELECT RAISE(ABORT, 'registered people are never deleted'); END;
        """
    )


@step
def create_visits(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE visits (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            query_code TEXT NOT NULL UNIQUE,
            visited_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('individual', 'joint', 'group')),
            headcount INTEGER NOT NULL CHECK (headcount >= 1),
            representatives INTEGER NOT NULL,
            signed INTEGER NOT NULL,
            concerned INTEGER,
            subject TEXT NOT NULL,
            content TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '',
            papers TEXT NOT NULL DEFAULT '[]',
            disposition TEXT,
            transfer_unit TEXT,
            due_date TEXT,
            not_accepted_reason TEXT,
            notice TEXT NOT NULL DEFAULT '',
            escalate INTEGER NOT NULL DEFAULT 0,
            skipped_levels INTEGER NOT NULL DEFAULT 0,
            disturbance INTEGER NOT NULL DEFAULT 0,
            special TEXT NOT NULL DEFAULT '',
            repeat INTEGER NOT NULL DEFAULT 0,
            previous_number TEXT,
            previous_at TEXT,
            priors TEXT NOT NULL DEFAULT '[]',
            same_matter_channel TEXT,
            same_matter_number TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        );
        CREATE INDEX visits_visited_at ON visits (visited_at);
        CREATE TRIGGER visits_never_deleted BEFORE DELETE ON visits
        BEGIN SELECT RAISE(ABORT, 'registered visits are never deleted'); END;
        """
    )


@step
def create_lookup_index(db: Database) -> None:
    # Derived from the records, so not audited: it can always be built again.
    db.executescript(
        """
        CREATE TABLE lookup_docs (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            record_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            tokens TEXT NOT NULL,
            UNIQUE (channel, record_id)
        );
        CREATE VIRTUAL TABLE lookup_fts USING fts5(
            tokens, content='lookup_docs', content_rowid='id',
            tokenize='unicode61 remove_diacritics 0'
        );
        CREATE TRIGGER lookup_docs_added AFTER INSERT ON lookup_docs BEGIN
            INSERT INTO lookup_fts (rowid, tokens) VALUES (new.id, new.tokens);
        END;
        CREATE TRIGGER lookup_docs_removed AFTER DELETE ON lookup_docs BEGIN
            INSERT INTO lookup_fts (lookup_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        END;
        CREATE TABLE lookup_state (
            channel TEXT PRIMARY KEY,
            last_id INTEGER NOT NULL
        );
        """
    )
