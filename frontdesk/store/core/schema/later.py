"""Steps written after the first release of each job's tables."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from frontdesk.store.core.schema.registry import step

if TYPE_CHECKING:
    from sqlite_utils import Database


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


@step
def add_lookup_fields(db: Database) -> None:
    # Each document also holds what a lookup answer shows of its record (number,
    # names, masked ID, subject, phones), before its tokens, so an answer reads
    # one row per record found instead of the record and its people again; and
    # documents gain a token for the last four digits of ID numbers and phones.
    # The new columns have no default: a program older than this step, still
    # open in another terminal, fails to add a document instead of adding one
    # that answers show nothing of. The index is derived from the records: it
    # is dropped here and the next lookup builds it again (with progress).
    db.executescript(
        """
        DROP TRIGGER lookup_docs_added;
        DROP TRIGGER lookup_docs_removed;
        DROP TABLE lookup_fts;
        DROP TABLE lookup_docs;
        DELETE FROM lookup_state;
        CREATE TABLE lookup_docs (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            record_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            number TEXT NOT NULL,
            names TEXT NOT NULL,
            id_masked TEXT NOT NULL,
            subject TEXT NOT NULL,
            phones TEXT NOT NULL,
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
        """
    )


@step
def key_audit_chain(db: Database) -> None:
    # Entries are signed with a key kept outside the database from now on: the
    # database learns the key's id (never the key), and an existing chain is
    # signed again once, its old breaks kept (``audit.rekey``). The key file is
    # made here when there is none yet: at ``init``, or on the first upgrade.
    from datetime import datetime

    from frontdesk.store.core import audit_key
    from frontdesk.store.shared import audit

    state = audit_key.state_of(db.conn)
    path = state.path if state is not None else audit_key.key_path()
    key = state.key if state is not None else audit_key.read_key(path)
    if key is None:  # a file there already that holds no key is refused, never replaced
        key = audit_key.create_key(path)
    db.executescript(
        """
        CREATE TABLE audit_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            key_id TEXT NOT NULL
        );
        CREATE TRIGGER audit_key_fixed BEFORE UPDATE ON audit_key
        BEGIN SELECT RAISE(ABORT, 'the audit key is fixed'); END;
        CREATE TRIGGER audit_key_never_deleted BEFORE DELETE ON audit_key
        BEGIN SELECT RAISE(ABORT, 'the audit key is fixed'); END;
        """
    )
    db.execute("INSERT INTO audit_key (id, key_id) VALUES (1, ?)", [audit_key.key_id(key)])
    if state is not None:
        state.key, state.keyed, state.problem = key, True, None
    else:
        state = audit_key.KeyState(path, key)
        audit_key.attach(db.conn, state)
    audit.rekey(db, key, datetime.now().replace(microsecond=0))


@step
def create_duty_leaders_and_report_versions(db: Database) -> None:
    # The duty room's own roster: the 带班领导 of each shift date (the last one
    # set counts, earlier ones are kept); and each 24-hour report as it was
    # exported or sent, frozen as numbered versions of its window.
    db.executescript(
        """
        CREATE TABLE duty_leaders (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            name TEXT NOT NULL,
            set_at TEXT NOT NULL,
            set_by TEXT NOT NULL
        );
        CREATE INDEX duty_leaders_day ON duty_leaders (day, id);
        CREATE TRIGGER duty_leaders_never_deleted BEFORE DELETE ON duty_leaders
        BEGIN SELECT RAISE(ABORT, 'duty leaders are never deleted'); END;
        CREATE TABLE duty_report_versions (
            id INTEGER PRIMARY KEY,
            start TEXT NOT NULL,
            "end" TEXT NOT NULL,
            version INTEGER NOT NULL,
            content TEXT NOT NULL,
            hash TEXT NOT NULL,
            audit_entry INTEGER NOT NULL,
            audit_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            sent_to TEXT,
            sent_how TEXT,
            sent_at TEXT,
            sent_recorded_by TEXT,
            UNIQUE ("end", version)
        );
        CREATE TRIGGER duty_report_versions_never_deleted BEFORE DELETE ON duty_report_versions
        BEGIN SELECT RAISE(ABORT, 'report versions are never deleted'); END;
        CREATE TRIGGER duty_report_versions_frozen BEFORE UPDATE OF content, hash, start, "end", version
        ON duty_report_versions
        BEGIN SELECT RAISE(ABORT, 'a report version is frozen'); END;
        """
    )


@step
def index_surnames_serials_and_both_id_forms(db: Database) -> None:
    # Lookup documents gain a Chinese name's surname alone, a registration
    # number's serial without its zeros and a resident ID's other form (15 and
    # 18 digits), and what a hit shows parts names with 、 (a name may hold
    # spaces). Derived from the records: emptied here and built again by the
    # next lookup.
    db.executescript("DELETE FROM lookup_docs; DELETE FROM lookup_state;")


@step
def index_what_the_home_screen_counts(db: Database) -> None:
    # The home screen counts what each desk must act on: deadlines of visits,
    # urgent entries not reported, events, notices with someone not reached.
    # Each count reads an index, however many records the office holds.
    db.executescript(
        """
        CREATE INDEX visits_due ON visits (due_date) WHERE due_date IS NOT NULL;
        CREATE INDEX duty_entries_urgent ON duty_entries (id) WHERE importance = 'urgent';
        CREATE INDEX duty_entries_events ON duty_entries (id) WHERE kind = 'event' AND seq = 0 AND final = 0;
        CREATE INDEX duty_notice_targets_waiting ON duty_notice_targets (notice_id) WHERE reached_at IS NULL;
        """
    )


@step
def seal_lookup_documents(db: Database) -> None:
    # Accusations sealed and contacts kept to the roles that read them: each
    # document says whether its record is sealed (found only by roles that read
    # accusations), and its people's phones and ID numbers go in a column of
    # their own where a role that may not read them cannot match them. Accused
    # persons' names join the documents, for those who may find them. Derived
    # from the records, so dropped and built again by the next lookup.
    db.executescript(
        """
        DROP TRIGGER lookup_docs_added;
        DROP TRIGGER lookup_docs_removed;
        DROP TABLE lookup_fts;
        DROP TABLE lookup_docs;
        DELETE FROM lookup_state;
        CREATE TABLE lookup_docs (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            record_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            number TEXT NOT NULL,
            names TEXT NOT NULL,
            id_masked TEXT NOT NULL,
            subject TEXT NOT NULL,
            phones TEXT NOT NULL,
            sealed INTEGER NOT NULL,
            tokens TEXT NOT NULL,
            private TEXT NOT NULL,
            UNIQUE (channel, record_id)
        );
        CREATE VIRTUAL TABLE lookup_fts USING fts5(
            tokens, private, content='lookup_docs', content_rowid='id',
            tokenize='unicode61 remove_diacritics 0'
        );
        CREATE TRIGGER lookup_docs_added AFTER INSERT ON lookup_docs BEGIN
            INSERT INTO lookup_fts (rowid, tokens, private) VALUES (new.id, new.tokens, new.private);
        END;
        CREATE TRIGGER lookup_docs_removed AFTER DELETE ON lookup_docs BEGIN
            INSERT INTO lookup_fts (lookup_fts, rowid, tokens, private)
            VALUES ('delete', old.id, old.tokens, old.private);
        END;
        """
    )


@step
def create_letter_outcomes(db: Database) -> None:
    # A letter is closed with what came of it (办结情况), one line at least; the
    # outcome is a record of its own, so the letters' audited content stays as it was.
    db.executescript(
        """
        CREATE TABLE letter_outcomes (
            id INTEGER PRIMARY KEY,
            letter_id INTEGER NOT NULL UNIQUE REFERENCES letters (id),
            outcome TEXT NOT NULL,
            closed_at TEXT NOT NULL,
            closed_by TEXT NOT NULL
        );
        CREATE TRIGGER letter_outcomes_never_deleted BEFORE DELETE ON letter_outcomes
        BEGIN SELECT RAISE(ABORT, 'a letter outcome is never deleted'); END;
        """
    )


@step
def create_document_chases(db: Database) -> None:
    # The 催办 log of an incoming document: which reader was chased, when, how,
    # and what they answered.
    db.executescript(
        """
        CREATE TABLE document_chases (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id),
            reader TEXT NOT NULL,
            chased_at TEXT NOT NULL,
            how TEXT NOT NULL,
            answer TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX document_chases_document ON document_chases (document_id);
        CREATE TRIGGER document_chases_never_deleted BEFORE DELETE ON document_chases
        BEGIN SELECT RAISE(ABORT, 'a chase is never deleted'); END;
        """
    )


@step
def create_visit_batches(db: Database) -> None:
    # Visitors received one by one (按个访) stay linked: one row per visit of the
    # batch (批次), named by the number of its first visit; the first row records
    # how many of the heads left without being registered. Audited as a table of
    # its own, so the visits' audited content stays as it was.
    db.executescript(
        """
        CREATE TABLE visit_batches (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL UNIQUE REFERENCES visits (id),
            batch TEXT NOT NULL,
            left_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX visit_batches_batch ON visit_batches (batch);
        """
    )


@step
def create_document_instructions(db: Database) -> None:
    # A leader's instruction (批示) on an incoming document: who, when, what.
    # Several leaders may each write one; none is ever removed.
    db.executescript(
        """
        CREATE TABLE document_instructions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id),
            leader TEXT NOT NULL,
            instructed_at TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX document_instructions_document ON document_instructions (document_id);
        CREATE TRIGGER document_instructions_never_deleted BEFORE DELETE ON document_instructions
        BEGIN SELECT RAISE(ABORT, 'an instruction is never deleted'); END;
        """
    )


@step
def create_document_paper_lines(db: Database) -> None:
    # Where the paper register (密件登记本) holds a classified document: the page
    # and line its stub points to. A table of its own, so the documents' audited
    # content stays as it was.
    db.executescript(
        """
        CREATE TABLE document_paper_lines (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id),
            page INTEGER NOT NULL CHECK (page >= 1),
            line INTEGER NOT NULL CHECK (line >= 1)
        );
        CREATE TRIGGER document_paper_lines_never_deleted BEFORE DELETE ON document_paper_lines
        BEGIN SELECT RAISE(ABORT, 'a paper register line is never deleted'); END;
        """
    )


@step
def create_visit_foreign_facts(db: Database) -> None:
    # A passport holder's nationality (an ISO 3166-1 alpha-3 code), one row per
    # person on a visit who showed a passport; and, for a visit of a foreign
    # national or on behalf of a foreign organisation, the fact that the desk
    # must ask the competent department before answering (及时向主管部门请示，
    # 不得擅自答复). Tables of their own, audited, so the audited content of
    # parties and visits stays as it was.
    db.executescript(
        """
        CREATE TABLE visitor_nationalities (
            id INTEGER PRIMARY KEY,
            party_id INTEGER NOT NULL UNIQUE REFERENCES parties (id),
            nationality TEXT NOT NULL
        );
        CREATE TABLE visit_foreign_contacts (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL UNIQUE REFERENCES visits (id),
            organisation INTEGER NOT NULL,
            nationals INTEGER NOT NULL
        );
        """
    )


@step
def create_visit_signatures(db: Database) -> None:
    # How many of the visitors who are not representatives actually signed the
    # back of the form (签名认可), and how many refused: one row per visit of
    # several people registered after this step (before it, all had to sign).
    db.executescript(
        """
        CREATE TABLE visit_signatures (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL UNIQUE REFERENCES visits (id),
            signed INTEGER NOT NULL,
            refused INTEGER NOT NULL
        );
        """
    )


@step
def create_duty_shift_roster(db: Database) -> None:
    # The duty room's own roster by shift (白班, 夜班): the officer (a login
    # name) and the 带班领导 of each; the last row of a shift counts, earlier
    # ones are kept. The leaders set by day before stay in duty_leaders and
    # answer for both shifts of their day until it is set anew.
    db.executescript(
        """
        CREATE TABLE duty_shift_roster (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            shift TEXT NOT NULL CHECK (shift IN ('day', 'night')),
            officer TEXT NOT NULL,
            leader TEXT NOT NULL,
            set_at TEXT NOT NULL,
            set_by TEXT NOT NULL
        );
        CREATE INDEX duty_shift_roster_shift ON duty_shift_roster (day, shift, id);
        CREATE TRIGGER duty_shift_roster_never_deleted BEFORE DELETE ON duty_shift_roster
        BEGIN SELECT RAISE(ABORT, 'roster shifts are never deleted'); END;
        CREATE TRIGGER duty_shift_roster_never_changed BEFORE UPDATE ON duty_shift_roster
        BEGIN SELECT RAISE(ABORT, 'roster shifts are never changed: add a row'); END;
        """
    )


def _insert_row(db: Database, table: str, row: dict) -> int:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def _matter_kind(accusation: bool) -> str:
    return "accusation" if accusation else "request"


def _give_matters(db: Database, at: datetime) -> int:
    # Each visit and letter, oldest first, joins the matter of the earlier
    # record it names as the same matter (同一事项), else a new matter of its
    # own with what the desk already decided as its first steps. A copy of the
    # rules as they stood, not the live modules: this step never changes.
    from frontdesk.store.shared import audit

    marks = ("检举", "控告", "纪检")
    contacts = []
    for row in db.execute(
        "SELECT id, number, visited_at, created_at, created_by, subject, category, disposition,"
        " transfer_unit, not_accepted_reason, same_matter_channel, same_matter_number FROM visits"
    ).fetchall():
        (record_id, number, when, created_at, by, subject, category, disposition, unit, reason,
         same_channel, same_number) = row
        accusation = any(m in (category or "") for m in marks) or reason == "accusation"
        steps: list[tuple] = []
        if disposition in ("transfer", "case") and unit:
            steps.append(("transfer" if disposition == "transfer" else "assign", {"unit": unit}))
        elif disposition == "not_accepted":
            steps.append(("decline", {"reason": reason or "", "at_desk": True}))
        elif disposition == "answered":
            steps.append(("answer", {"summary": "", "at_desk": True}))
        contacts.append((when, created_at, "visit", record_id, number, by, subject, category,
                         accusation, same_channel, same_number, steps))
    accused = {letter_id for (letter_id,) in db.execute("SELECT DISTINCT letter_id FROM letter_accused")}
    for row in db.execute(
        "SELECT id, number, received_at, created_at, created_by, subject, category,"
        " same_matter_channel, same_matter_number, closed_at, closed_by FROM letters"
    ).fetchall():
        (record_id, number, when, created_at, by, subject, category, same_channel, same_number,
         closed_at, closed_by) = row
        accusation = record_id in accused or any(m in (category or "") for m in marks)
        # A letter's proposal (拟办) is the clerk's, changed until the letter is
        # closed: not a step. A closed letter closed its matter.
        steps = []
        if closed_at:
            outcome = db.execute("SELECT outcome FROM letter_outcomes WHERE letter_id = ?", [record_id]).fetchone()
            steps.append(("close", {"summary": outcome[0] if outcome else ""}, closed_at, closed_by))
        contacts.append((when, created_at, "letter", record_id, number, by, subject, category,
                         accusation, same_channel, same_number, steps))
    contacts.sort(key=lambda c: (c[0], c[1], c[2], c[3]))
    matter_of: dict[tuple[str, str], int] = {}
    rows: list[tuple[str, int, dict]] = []
    for (when, created_at, channel, record_id, number, by, subject, category, accusation,
         same_channel, same_number, steps) in contacts:
        matter_id = matter_of.get((same_channel, same_number)) if same_channel else None
        if matter_id is None:
            year = int(created_at[:4])
            db.execute(
                "INSERT INTO counters (channel, year, last) VALUES ('matter', ?, 1)"
                " ON CONFLICT (channel, year) DO UPDATE SET last = last + 1", [year])
            (last,) = db.execute("SELECT last FROM counters WHERE channel = 'matter' AND year = ?",
                                 [year]).fetchone()
            matter = {"number": f"M{year}-{last:06d}", "kind": _matter_kind(accusation), "subject": subject,
                      "category": category or "", "opened_at": when, "created_at": created_at,
                      "created_by": by}
            matter_id = _insert_row(db, "matters", matter)
            rows.append(("matters", matter_id, {"id": matter_id, **matter}))
        matter_of[(channel, number)] = matter_id
        contact = {"matter_id": matter_id, "channel": channel, "record_id": record_id, "at": when,
                   "not_accepted": 0, "overruled_note": None, "created_at": created_at, "created_by": by}
        contact_id = _insert_row(db, "matter_contacts", contact)
        rows.append(("matter_contacts", contact_id, {"id": contact_id, **contact}))
        for item in steps:
            name, data = item[0], item[1]
            step_at = (item[2] if len(item) > 2 else None) or when
            step_by = (item[3] if len(item) > 3 else None) or by
            row = {"matter_id": matter_id, "step": name, "at": step_at, "by": step_by,
                   "data": json.dumps(data, ensure_ascii=False, sort_keys=True), "late": 0,
                   "created_at": step_at, "created_by": step_by}
            step_id = _insert_row(db, "matter_steps", row)
            rows.append(("matter_steps", step_id, {"id": step_id, **row}))
    if rows:
        audit.append_many(db, at=at, operator=None, action="migrate", rows=rows)
    return len(contacts)


@step
def create_matters(db: Database) -> None:
    # The matter (信访事项) a visit, a letter or a duty-log call is about, with
    # every step of its handling (转送, 交办, 受理 … 复核, 督办, 催办) and the
    # reports to leaders of visits and letters flagged for them. All three
    # registers are append-only: a matter's state follows from its steps, and
    # ``matter_state`` keeps it derived (not audited: built again from the
    # steps) so the home screen and the lists read an index.
    # Existing visits and letters are given their matters (``_give_matters``).
    from frontdesk.store.shared import audit

    db.executescript(
        """
        CREATE TABLE matters (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('suggestion', 'accusation', 'request')),
            subject TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '',
            opened_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TRIGGER matters_never_deleted BEFORE DELETE ON matters
        BEGIN SELECT RAISE(ABORT, 'matters are never deleted'); END;
        CREATE TRIGGER matters_never_changed BEFORE UPDATE ON matters
        BEGIN SELECT RAISE(ABORT, 'a matter changes by its steps only'); END;

        CREATE TABLE matter_contacts (
            id INTEGER PRIMARY KEY,
            matter_id INTEGER NOT NULL REFERENCES matters (id),
            channel TEXT NOT NULL CHECK (channel IN ('visit', 'letter', 'duty')),
            record_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            not_accepted INTEGER NOT NULL DEFAULT 0 CHECK (not_accepted IN (0, 1)),
            overruled_note TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (channel, record_id)
        );
        CREATE INDEX matter_contacts_matter ON matter_contacts (matter_id);
        CREATE TRIGGER matter_contacts_never_deleted BEFORE DELETE ON matter_contacts
        BEGIN SELECT RAISE(ABORT, 'contacts of matters are never deleted'); END;
        CREATE TRIGGER matter_contacts_never_changed BEFORE UPDATE ON matter_contacts
        BEGIN SELECT RAISE(ABORT, 'contacts of matters are never changed'); END;

        CREATE TABLE matter_steps (
            id INTEGER PRIMARY KEY,
            matter_id INTEGER NOT NULL REFERENCES matters (id),
            step TEXT NOT NULL,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}',
            late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX matter_steps_matter ON matter_steps (matter_id, at, id);
        CREATE TRIGGER matter_steps_never_deleted BEFORE DELETE ON matter_steps
        BEGIN SELECT RAISE(ABORT, 'steps of matters are never deleted'); END;
        CREATE TRIGGER matter_steps_never_changed BEFORE UPDATE ON matter_steps
        BEGIN SELECT RAISE(ABORT, 'steps of matters are never changed'); END;

        CREATE TABLE matter_state (
            matter_id INTEGER PRIMARY KEY REFERENCES matters (id),
            status TEXT NOT NULL,
            unit TEXT,
            clock TEXT,
            due TEXT,
            window_due TEXT,
            supervision_due TEXT
        );
        CREATE INDEX matter_state_due ON matter_state (due) WHERE due IS NOT NULL;
        CREATE INDEX matter_state_supervision ON matter_state (supervision_due)
            WHERE supervision_due IS NOT NULL;
        CREATE INDEX matter_state_unit ON matter_state (unit) WHERE unit IS NOT NULL;

        CREATE TABLE escalation_reports (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL CHECK (channel IN ('visit', 'letter')),
            record_id INTEGER NOT NULL,
            reported_to TEXT NOT NULL,
            reported_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX escalation_reports_record ON escalation_reports (channel, record_id);
        CREATE TRIGGER escalation_reports_never_deleted BEFORE DELETE ON escalation_reports
        BEGIN SELECT RAISE(ABORT, 'reports to leaders are never deleted'); END;
        """
    )
    at = datetime.now().replace(microsecond=0)
    given = _give_matters(db, at)
    from frontdesk.store.matters.state import refresh_missing

    refresh_missing(db)
    if given:
        audit.append(db, at=at, operator=None, action="migrate",
                     detail={"step": "create_matters", "contacts": given})


# --- each new migration goes above this line, in the order it was written ---
