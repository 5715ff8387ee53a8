"""The duty room: the log, handovers, notices, holiday rosters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontdesk.store.core.schema.registry import step

if TYPE_CHECKING:
    from sqlite_utils import Database


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
