"""Versioned schema changes, one function each, named verb_noun, never edited
once applied. Applied on open, each in its own IMMEDIATE transaction."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from frontdesk.store.errors import DatabaseOpenError

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "frontdesk"
# sqlite-utils records what was applied in this table, one row per migration.
APPLIED_TABLE = "_sqlite_migrations"
_STEPS: list[Callable[[Database], None]] = []


def step(function: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register ``function`` as the next migration; its name is the function's."""
    _STEPS.append(function)
    return function


def names() -> list[str]:
    """Every migration this code knows, in the order they apply."""
    return [function.__name__ for function in _STEPS]


@functools.cache
def _migration_set() -> Migrations:
    """The steps as sqlite-utils' migration set, built when something must be
    applied: a database that is up to date opens without importing sqlite-utils."""
    from sqlite_utils import Migrations

    migration_set = Migrations(MIGRATION_SET)
    for function in _STEPS:
        migration_set()(function)
    return migration_set


def __getattr__(name: str) -> object:
    if name == "migrations":
        return _migration_set()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


@step
def create_letters(db: Database) -> None:
    # Petition letters (来信), their enclosures (随信物品) and the people they
    # accuse (被检举人). Accused persons live apart from ``parties`` so the
    # people lookup never finds them.
    db.executescript(
        """
        CREATE TABLE letters (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            received_at TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('post', 'registered', 'email', 'fax', 'web', 'hand')),
            kind TEXT NOT NULL CHECK (kind IN ('signed', 'anonymous', 'repeat', 'empty')),
            letter_date TEXT,
            addressee TEXT NOT NULL DEFAULT '',
            sender_unit TEXT NOT NULL DEFAULT '',
            signers INTEGER NOT NULL DEFAULT 1 CHECK (signers >= 1),
            subject TEXT NOT NULL,
            content TEXT NOT NULL DEFAULT '',
            requests TEXT NOT NULL DEFAULT '',
            reasons TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '',
            opening TEXT NOT NULL DEFAULT '{}',
            pages_stated INTEGER,
            pages_received INTEGER,
            proposal TEXT CHECK (proposal IN ('transfer', 'no_transfer', 'submit', 'case')),
            transfer_to TEXT,
            no_transfer_reason TEXT,
            opinion TEXT NOT NULL DEFAULT '',
            due_date TEXT NOT NULL,
            handled_at TEXT,
            handled_by TEXT,
            repeat INTEGER NOT NULL DEFAULT 0,
            previous_number TEXT,
            previous_at TEXT,
            priors TEXT NOT NULL DEFAULT '[]',
            same_matter_channel TEXT,
            same_matter_number TEXT,
            closed_at TEXT,
            closed_by TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        );
        CREATE INDEX letters_received_at ON letters (received_at);
        CREATE INDEX letters_open ON letters (due_date) WHERE proposal IS NULL;
        CREATE TRIGGER letters_never_deleted BEFORE DELETE ON letters
        BEGIN SELECT RAISE(ABORT, 'registered letters are never deleted'); END;

        CREATE TABLE letter_enclosures (
            id INTEGER PRIMARY KEY,
            letter_id INTEGER NOT NULL REFERENCES letters(id),
            position INTEGER NOT NULL,
            item TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('id_document', 'cash', 'other')),
            amount_cents INTEGER,
            received_at TEXT NOT NULL,
            held_at TEXT NOT NULL,
            held_by TEXT NOT NULL,
            returned_at TEXT,
            returned_how TEXT,
            returned_by TEXT,
            return_note TEXT NOT NULL DEFAULT '',
            UNIQUE (letter_id, position)
        );
        CREATE INDEX letter_enclosures_held ON letter_enclosures (letter_id) WHERE returned_at IS NULL;
        CREATE TRIGGER letter_enclosures_never_deleted BEFORE DELETE ON letter_enclosures
        BEGIN SELECT RAISE(ABORT, 'registered enclosures are never deleted'); END;

        CREATE TABLE letter_accused (
            id INTEGER PRIMARY KEY,
            letter_id INTEGER NOT NULL REFERENCES letters(id),
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            identity TEXT NOT NULL DEFAULT '',
            post TEXT NOT NULL DEFAULT '',
            rank TEXT NOT NULL DEFAULT '',
            id_number TEXT,
            UNIQUE (letter_id, position)
        );
        CREATE TRIGGER letter_accused_never_deleted BEFORE DELETE ON letter_accused
        BEGIN SELECT RAISE(ABORT, 'registered accused persons are never deleted'); END;
        """
    )


@step
def create_post_items(db: Database) -> None:
    # Registered post (挂号件). The tracking number is also kept reversed, so
    # its last digits are an indexed prefix.
    db.executescript(
        """
        CREATE TABLE post_items (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            tracking_number TEXT NOT NULL UNIQUE,
            tracking_reversed TEXT NOT NULL,
            sender TEXT NOT NULL DEFAULT '',
            addressee TEXT NOT NULL,
            received_at TEXT NOT NULL,
            signed_by TEXT NOT NULL,
            passed_to TEXT,
            passed_at TEXT,
            passed_signed_by TEXT,
            passed_by TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        );
        CREATE INDEX post_items_reversed ON post_items (tracking_reversed);
        CREATE INDEX post_items_received_at ON post_items (received_at);
        CREATE INDEX post_items_waiting ON post_items (received_at) WHERE passed_at IS NULL;
        CREATE TRIGGER post_items_never_deleted BEFORE DELETE ON post_items
        BEGIN SELECT RAISE(ABORT, 'registered post is never deleted'); END;
        """
    )


@step
def create_documents(db: Database) -> None:
    # Incoming official documents (收文) and their reading list (传阅). A
    # classified document (密件) is only a stub: number, date and level.
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            received_at TEXT NOT NULL,
            secrecy TEXT NOT NULL CHECK (secrecy IN ('none', 'secret', 'confidential', 'top_secret')),
            issuer TEXT NOT NULL DEFAULT '',
            doc_number TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL DEFAULT '',
            copies INTEGER,
            urgency TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent', 'very_urgent')),
            opinion TEXT NOT NULL DEFAULT '',
            return_by TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            CHECK (secrecy = 'none' OR (title = '' AND content = '' AND issuer = ''
                                        AND doc_number = '' AND opinion = ''))
        );
        CREATE INDEX documents_received_at ON documents (received_at);
        CREATE TRIGGER documents_never_deleted BEFORE DELETE ON documents
        BEGIN SELECT RAISE(ABORT, 'registered documents are never deleted'); END;

        CREATE TABLE document_readers (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            position INTEGER NOT NULL,
            reader TEXT NOT NULL,
            read_at TEXT,
            ticked_by TEXT,
            UNIQUE (document_id, position)
        );
        CREATE INDEX document_readers_waiting ON document_readers (document_id) WHERE read_at IS NULL;
        CREATE TRIGGER document_readers_never_deleted BEFORE DELETE ON document_readers
        BEGIN SELECT RAISE(ABORT, 'reading lists are never deleted'); END;
        """
    )


@step
def create_duty_entries(db: Database) -> None:
    # The duty log (值班记录): the current state of each entry, every version of
    # its content, and the reports of it to leaders (who was told and when).
    db.executescript(
        """
        CREATE TABLE duty_entries (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            logged_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('call', 'hotline', 'fax', 'event', 'notice', 'instruction', 'other')),
            source TEXT NOT NULL DEFAULT '',
            phone TEXT,
            summary TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '',
            importance TEXT NOT NULL CHECK (importance IN ('normal', 'important', 'urgent')),
            action TEXT NOT NULL DEFAULT '',
            assignee TEXT NOT NULL DEFAULT '',
            event_id INTEGER REFERENCES duty_entries(id),
            seq INTEGER NOT NULL DEFAULT 0,
            final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
            version INTEGER NOT NULL DEFAULT 1,
            done_at TEXT,
            done_by TEXT,
            done_note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        );
        CREATE INDEX duty_entries_at ON duty_entries (at);
        CREATE INDEX duty_entries_logged_at ON duty_entries (logged_at);
        CREATE INDEX duty_entries_event ON duty_entries (event_id, seq);
        CREATE TRIGGER duty_entries_never_deleted BEFORE DELETE ON duty_entries
        BEGIN SELECT RAISE(ABORT, 'duty log entries are never deleted'); END;

        CREATE TABLE duty_entry_versions (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES duty_entries(id),
            version INTEGER NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            phone TEXT,
            summary TEXT NOT NULL,
            details TEXT NOT NULL,
            importance TEXT NOT NULL,
            action TEXT NOT NULL,
            assignee TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (entry_id, version)
        );
        CREATE TRIGGER duty_entry_versions_fixed BEFORE UPDATE ON duty_entry_versions
        BEGIN SELECT RAISE(ABORT, 'versions of a duty log entry are never changed'); END;
        CREATE TRIGGER duty_entry_versions_never_deleted BEFORE DELETE ON duty_entry_versions
        BEGIN SELECT RAISE(ABORT, 'versions of a duty log entry are never deleted'); END;

        CREATE TABLE duty_reports (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES duty_entries(id),
            reported_to TEXT NOT NULL,
            reported_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX duty_reports_entry ON duty_reports (entry_id);
        CREATE TRIGGER duty_reports_fixed BEFORE UPDATE ON duty_reports
        BEGIN SELECT RAISE(ABORT, 'recorded reports are never changed'); END;
        CREATE TRIGGER duty_reports_never_deleted BEFORE DELETE ON duty_reports
        BEGIN SELECT RAISE(ABORT, 'recorded reports are never deleted'); END;
        """
    )


@step
def create_duty_handovers(db: Database) -> None:
    # Shift handover (交接班): the outgoing officer's note and what was open,
    # then the incoming officer's acceptance.
    db.executescript(
        """
        CREATE TABLE duty_handovers (
            id INTEGER PRIMARY KEY,
            from_officer TEXT NOT NULL,
            closed_at TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            open_items TEXT NOT NULL DEFAULT '{}',
            to_officer TEXT,
            accepted_at TEXT
        );
        CREATE INDEX duty_handovers_closed_at ON duty_handovers (closed_at);
        CREATE TRIGGER duty_handovers_never_deleted BEFORE DELETE ON duty_handovers
        BEGIN SELECT RAISE(ABORT, 'handovers are never deleted'); END;
        """
    )


@step
def create_duty_notices(db: Database) -> None:
    # Notices to relay (会议通知): each unit or person to reach is ticked off.
    db.executescript(
        """
        CREATE TABLE duty_notices (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            content TEXT NOT NULL DEFAULT '',
            deadline TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TRIGGER duty_notices_never_deleted BEFORE DELETE ON duty_notices
        BEGIN SELECT RAISE(ABORT, 'notices are never deleted'); END;
        CREATE TABLE duty_notice_targets (
            id INTEGER PRIMARY KEY,
            notice_id INTEGER NOT NULL REFERENCES duty_notices(id),
            position INTEGER NOT NULL,
            target TEXT NOT NULL,
            reached_at TEXT,
            reached_person TEXT NOT NULL DEFAULT '',
            ticked_at TEXT,
            ticked_by TEXT,
            UNIQUE (notice_id, position)
        );
        CREATE TRIGGER duty_notice_targets_never_deleted BEFORE DELETE ON duty_notice_targets
        BEGIN SELECT RAISE(ABORT, 'notice targets are never deleted'); END;
        """
    )


@step
def create_duty_rosters(db: Database) -> None:
    # Holiday duty rosters (节假日值班人员安排表) collected from the units.
    db.executescript(
        """
        CREATE TABLE duty_rosters (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            units TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TRIGGER duty_rosters_never_deleted BEFORE DELETE ON duty_rosters
        BEGIN SELECT RAISE(ABORT, 'rosters are never deleted'); END;
        CREATE TABLE duty_roster_lines (
            id INTEGER PRIMARY KEY,
            roster_id INTEGER NOT NULL REFERENCES duty_rosters(id),
            unit TEXT NOT NULL,
            day TEXT NOT NULL,
            name TEXT NOT NULL,
            post TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            source_file TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL,
            superseded_at TEXT,
            superseded_by TEXT
        );
        CREATE INDEX duty_roster_lines_day ON duty_roster_lines (roster_id, day);
        CREATE TRIGGER duty_roster_lines_never_deleted BEFORE DELETE ON duty_roster_lines
        BEGIN SELECT RAISE(ABORT, 'roster lines are never deleted'); END;
        """
    )


@step
def create_drafts(db: Database) -> None:
    # Half-filled forms of each operator; not records, so neither numbered nor audited.
    db.executescript(
        """
        CREATE TABLE drafts (
            operator_id INTEGER NOT NULL REFERENCES operators(id),
            form TEXT NOT NULL,
            data TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (operator_id, form)
        );
        """
    )


# --- each new migration goes above this line, in the order it was written ---


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


def apply_pending(db: Database) -> list[str]:
    """Apply what is pending, one IMMEDIATE transaction per migration.

    Refuses a database that a newer program has migrated further.
    """
    conn = db.conn
    refuse_newer(conn)
    applied: list[str] = []
    if not is_pending(conn):
        return applied
    migrations = _migration_set()
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
