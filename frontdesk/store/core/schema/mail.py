"""The mail room: letters, registered post, incoming documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontdesk.store.core.schema.registry import step

if TYPE_CHECKING:
    from sqlite_utils import Database


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
