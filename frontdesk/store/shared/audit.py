"""The audit trail: every create and change, in the same transaction, as a hash chain.

Each entry stores the hash of the record's audited content after the action and
the hash of the entry before it; an entry's own hash is an HMAC-SHA256 under the
key kept outside the database (``frontdesk.store.core.audit_key``), so the chain
cannot be rewritten from a copy of the database alone. ``verify`` walks the chain and checks every
audited record against its last entry, so a row changed, added or removed behind
the application's back (for example with the sqlite3 shell) is found.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from frontdesk.store.core import audit_key
from frontdesk.store.core.errors import Message, StoreError
from frontdesk.store.shared.audit_heads import HEADS_FILE_NAME as HEADS_FILE_NAME  # re-exported
from frontdesk.store.shared.audit_heads import Head
from frontdesk.store.shared.audit_heads import append_head as append_head
from frontdesk.store.shared.audit_heads import parse_head as parse_head
from frontdesk.store.shared.audit_heads import read_heads as read_heads

if TYPE_CHECKING:
    from sqlite_utils import Database

GENESIS = "0" * 64

# The columns whose content each audited table's hash covers. A table joins the
# audit by adding itself here; a list, once records exist, is never edited.
AUDITED_COLUMNS: dict[str, tuple[str, ...]] = {
    "operators": (
        "id", "name", "display_name", "role", "password_hash", "disabled",
        "created_at", "created_by", "updated_at", "updated_by",
    ),
    "parties": (
        "id", "channel", "record_id", "position", "name", "id_type", "id_number",
        "id_legacy", "phone", "address", "postcode", "representative", "liaison",
    ),
    "letters": (
        "id", "number", "received_at", "channel", "kind", "letter_date", "addressee",
        "sender_unit", "signers", "subject", "content", "requests", "reasons", "category",
        "location", "opening", "pages_stated", "pages_received", "proposal", "transfer_to",
        "no_transfer_reason", "opinion", "due_date", "handled_at", "handled_by", "repeat",
        "previous_number", "previous_at", "priors", "same_matter_channel", "same_matter_number",
        "closed_at", "closed_by", "created_at", "created_by", "updated_at", "updated_by",
    ),
    "letter_enclosures": (
        "id", "letter_id", "position", "item", "kind", "amount_cents", "received_at", "held_at",
        "held_by", "returned_at", "returned_how", "returned_by", "return_note",
    ),
    "letter_outcomes": ("id", "letter_id", "outcome", "closed_at", "closed_by"),
    "letter_accused": (
        "id", "letter_id", "position", "name", "unit", "identity", "post", "rank", "id_number",
    ),
    "post_items": (
        "id", "number", "tracking_number", "tracking_reversed", "sender", "addressee",
        "received_at", "signed_by", "passed_to", "passed_at", "passed_signed_by", "passed_by",
        "created_at", "created_by", "updated_at", "updated_by",
    ),
    "documents": (
        "id", "number", "received_at", "secrecy", "issuer", "doc_number", "title", "content",
        "copies", "urgency", "opinion", "return_by", "created_at", "created_by", "updated_at",
        "updated_by",
    ),
    "document_readers": ("id", "document_id", "position", "reader", "read_at", "ticked_by"),
    "document_chases": ("id", "document_id", "reader", "chased_at", "how", "answer", "created_at",
                        "created_by"),
    "document_instructions": ("id", "document_id", "leader", "instructed_at", "text", "created_at",
                              "created_by"),
    "document_paper_lines": ("id", "document_id", "page", "line"),
    "visits": (
        "id", "number", "query_code", "visited_at", "kind", "headcount", "representatives",
        "signed", "concerned", "subject", "content", "category", "location", "papers",
        "disposition", "transfer_unit", "due_date", "not_accepted_reason", "notice",
        "escalate", "skipped_levels", "disturbance", "special", "repeat", "previous_number",
        "previous_at", "priors", "same_matter_channel", "same_matter_number",
        "created_at", "created_by", "updated_at", "updated_by",
    ),
    "visit_batches": ("id", "visit_id", "batch", "left_count"),
    "visitor_nationalities": ("id", "party_id", "nationality"),
    "visit_foreign_contacts": ("id", "visit_id", "organisation", "nationals"),
    "visit_signatures": ("id", "visit_id", "signed", "refused"),
    "duty_entries": (
        "id", "number", "at", "logged_at", "kind", "source", "phone", "summary", "details",
        "importance", "action", "assignee", "event_id", "seq", "final", "version",
        "done_at", "done_by", "done_note", "created_at", "created_by", "updated_at", "updated_by",
    ),
    "duty_entry_versions": (
        "id", "entry_id", "version", "at", "kind", "source", "phone", "summary", "details",
        "importance", "action", "assignee", "reason", "created_at", "created_by",
    ),
    "duty_reports": ("id", "entry_id", "reported_to", "reported_at", "created_at", "created_by"),
    "duty_handovers": (
        "id", "from_officer", "closed_at", "note", "open_items", "to_officer", "accepted_at",
    ),
    "duty_notices": ("id", "title", "content", "deadline", "created_at", "created_by"),
    "duty_notice_targets": (
        "id", "notice_id", "position", "target", "reached_at", "reached_person",
        "ticked_at", "ticked_by",
    ),
    "duty_rosters": ("id", "name", "start_date", "end_date", "units", "created_at", "created_by"),
    "duty_roster_lines": (
        "id", "roster_id", "unit", "day", "name", "post", "phone", "source_file",
        "imported_at", "imported_by", "superseded_at", "superseded_by",
    ),
    "duty_leaders": ("id", "day", "name", "set_at", "set_by"),
    "duty_shift_roster": ("id", "day", "shift", "officer", "leader", "set_at", "set_by"),
    "matters": ("id", "number", "kind", "subject", "category", "opened_at", "created_at", "created_by"),
    "matter_contacts": ("id", "matter_id", "channel", "record_id", "at", "not_accepted", "overruled_note",
                        "created_at", "created_by"),
    "matter_steps": ("id", "matter_id", "step", "at", "by", "data", "late", "created_at", "created_by"),
    "escalation_reports": ("id", "channel", "record_id", "reported_to", "reported_at", "created_at",
                           "created_by"),
    "duty_report_versions": (
        "id", "start", "end", "version", "content", "hash", "audit_entry", "audit_hash",
        "created_at", "created_by", "sent_to", "sent_how", "sent_at", "sent_recorded_by",
    ),
}


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail."""

    id: int
    at: str
    operator: str | None
    action: str
    record_table: str | None
    record_id: int | None
    record_hash: str | None
    detail: dict | None


@dataclass(frozen=True)
class Problem:
    """The first thing found broken: a message key and its parameters."""

    key: str
    params: dict

    def as_message(self) -> Message:
        """The problem as a message to put in words (``detail_key`` becomes the
        nested ``detail``)."""
        params = dict(self.params)
        detail_key = params.pop("detail_key", None)
        if detail_key:
            params["detail"] = Message(detail_key, dict(params))
        for name in ("kind", "source"):
            word_key = params.pop(f"{name}_key", None)
            if word_key:
                params[name] = Message(word_key, {})
        return Message(self.key, params)


@dataclass(frozen=True)
class VerifyResult:
    """What ``verify`` found: counts, and the first problem if any."""

    entries: int
    records: int
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def record_hash(table: str, row: dict) -> str:
    """The hash of a record's audited content."""
    import hashlib  # here and below: writing or checking entries, not opening the app

    content = {column: row.get(column) for column in AUDITED_COLUMNS[table]}
    return hashlib.sha256(canonical([table, content]).encode()).hexdigest()


def entry_hash(prev_hash: str, fields: dict, key: bytes | None) -> str:
    """The entry's hash: HMAC-SHA256 under ``key``; plain SHA-256 (``key`` None)
    only for chains written before the chain was keyed."""
    import hashlib

    data = (prev_hash + canonical(fields)).encode()
    if key is None:
        return hashlib.sha256(data).hexdigest()
    import hmac

    return hmac.new(key, data, hashlib.sha256).hexdigest()


def signing_key(db: Database) -> bytes | None:
    """The key ``db``'s entries are signed with (None: an older, unkeyed chain still
    being upgraded); refuses when the key file is missing or another database's."""
    state = audit_key.state_of(db.conn)
    if state is None:
        # A connection opened by hand (a backup being checked): the key file's key.
        bound = audit_key.stored_id(db.conn)
        if bound is None:
            return None
        state = audit_key.KeyState(audit_key.key_path(), audit_key.read_key(audit_key.key_path()))
        if state.key is not None and audit_key.key_id(state.key) != bound:
            state.problem = "other"
    if not state.keyed:
        return None
    return state.require()


def _entry_fields(row: dict) -> dict:
    return {
        "id": row["id"],
        "at": row["at"],
        "operator": row["operator"],
        "action": row["action"],
        "record_table": row["record_table"],
        "record_id": row["record_id"],
        "record_hash": row["record_hash"],
        "detail": row["detail"],
    }


def head(db: Database) -> tuple[int, str]:
    """The id and hash of the newest entry (0 and the genesis hash when empty)."""
    row = db.execute("SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def append(
    db: Database,
    *,
    at: datetime,
    operator: str | None,
    action: str,
    table: str | None = None,
    record_id: int | None = None,
    changed: bool = True,
    detail: dict | None = None,
) -> int:
    """Add one entry; must run inside the write transaction that made the change.

    With ``changed`` the record's content hash is taken now, so ``verify`` can
    compare the record with it later.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("audit entries are written inside the change's transaction")
    key = signing_key(db)
    content_hash = None
    if changed and table is not None:
        row = db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [record_id]).fetchone()
        columns = [d[0] for d in db.execute(f"SELECT * FROM [{table}] LIMIT 0").description]
        content_hash = record_hash(table, dict(zip(columns, row, strict=True)))
    last_id, prev = head(db)
    row = {
        "id": last_id + 1,
        "at": at.strftime("%Y-%m-%d %H:%M:%S"),
        "operator": operator,
        "action": action,
        "record_table": table,
        "record_id": record_id,
        "record_hash": content_hash,
        "detail": canonical(detail) if detail is not None else None,
    }
    row["prev_hash"] = prev
    row["entry_hash"] = entry_hash(prev, _entry_fields(row), key)
    db.execute(
        "INSERT INTO audit_log (id, at, operator, action, record_table, record_id,"
        " record_hash, detail, prev_hash, entry_hash)"
        " VALUES (:id, :at, :operator, :action, :record_table, :record_id,"
        " :record_hash, :detail, :prev_hash, :entry_hash)",
        row,
    )
    return row["id"]


def append_many(
    db: Database,
    *,
    at: datetime,
    operator: str | None,
    action: str,
    rows: list[tuple[str, int, dict]],
) -> None:
    """Entries for many records written in this transaction, given as
    (table, id, the row as stored); for bulk loading."""
    if not db.conn.in_transaction:
        raise RuntimeError("audit entries are written inside the change's transaction")
    key = signing_key(db)
    last_id, prev = head(db)
    at_text = at.strftime("%Y-%m-%d %H:%M:%S")
    values = []
    for offset, (table, record_id, row) in enumerate(rows, start=1):
        entry = {
            "id": last_id + offset, "at": at_text, "operator": operator, "action": action,
            "record_table": table, "record_id": record_id,
            "record_hash": record_hash(table, row), "detail": None,
        }
        entry["prev_hash"] = prev
        entry["entry_hash"] = prev = entry_hash(prev, _entry_fields(entry), key)
        values.append(entry)
    db.conn.executemany(
        "INSERT INTO audit_log (id, at, operator, action, record_table, record_id,"
        " record_hash, detail, prev_hash, entry_hash)"
        " VALUES (:id, :at, :operator, :action, :record_table, :record_id,"
        " :record_hash, :detail, :prev_hash, :entry_hash)",
        values,
    )


def assert_untouched(db: Database, table: str, record_id: int) -> None:
    """Refuse to change a record that was changed behind the application's back:
    a new audit entry would otherwise take the tampered content as its own."""
    row = db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [record_id]).fetchone()
    last = db.execute(
        "SELECT record_hash FROM audit_log WHERE record_table = ? AND record_id = ?"
        " AND record_hash IS NOT NULL ORDER BY id DESC LIMIT 1",
        [table, record_id],
    ).fetchone()
    if row is None:
        return
    columns = [d[0] for d in db.execute(f"SELECT * FROM [{table}] LIMIT 0").description]
    if last is None or record_hash(table, dict(zip(columns, row, strict=True))) != last[0]:
        raise StoreError("err.record_tampered", table=table, record=record_id)


def _to_entry(row: dict) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=row["at"],
        operator=row["operator"],
        action=row["action"],
        record_table=row["record_table"],
        record_id=row["record_id"],
        record_hash=row["record_hash"],
        detail=json.loads(row["detail"]) if row["detail"] else None,
    )


def entries(
    db: Database,
    *,
    limit: int = 100,
    before_id: int | None = None,
    operator: str | None = None,
    action: str | None = None,
    record: tuple[str, int] | None = None,
) -> list[AuditEntry]:
    """Entries newest first, optionally filtered."""
    where: list[str] = []
    params: list[object] = []
    if before_id is not None:
        where.append("id < ?")
        params.append(before_id)
    if operator is not None:
        where.append("operator = ?")
        params.append(operator)
    if action is not None:
        where.append("action = ?")
        params.append(action)
    if record is not None:
        where.append("record_table = ? AND record_id = ?")
        params.extend(record)
    sql = "SELECT * FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    return [_to_entry(row) for row in db.query(sql, params)]


def _walk_chain(db: Database, key: bytes | None) -> Iterator[Problem | int]:
    prev = GENESIS
    expected_id = 1
    for row in db.query("SELECT * FROM audit_log ORDER BY id"):
        if row["id"] != expected_id:
            yield Problem("audit.broken_entry",
                          {"entry": expected_id, "detail_key": "audit.detail.gap", "missing": expected_id})
            return
        if row["prev_hash"] != prev:
            yield Problem("audit.broken_entry", {"entry": row["id"], "detail_key": "audit.detail.chain"})
            return
        if entry_hash(prev, _entry_fields(row), key) != row["entry_hash"]:
            yield Problem("audit.broken_entry", {"entry": row["id"], "detail_key": "audit.detail.hash"})
            return
        prev = row["entry_hash"]
        expected_id += 1
        yield row["id"]
    # AUTOINCREMENT remembers the highest id ever given: entries cut from the end show.
    seq = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").fetchone()
    if seq and seq[0] > expected_id - 1:
        yield Problem("audit.broken_entry", {"entry": expected_id, "detail_key": "audit.detail.tail"})


def _broken_before_key(db: Database) -> Problem | None:
    """A chain found broken when it was keyed stays reported: the keying signed
    only the entries before the break and says where it was."""
    for (detail,) in db.execute("SELECT detail FROM audit_log WHERE action = 'rekey' ORDER BY id"):
        broken_at = json.loads(detail or "{}").get("broken_at")
        if broken_at is not None:
            return Problem("audit.broken_before_key", {"entry": broken_at})
    return None


def rekey(db: Database, key: bytes, at: datetime) -> None:
    """Sign an older, plain SHA-256 chain with ``key``, once (a schema step).

    The old chain is verified first: entries up to the first break are signed
    again, those from the break on are left as they were (so ``verify`` still
    stops there), and the keying is itself an entry that names the break.
    """
    rows = list(db.query("SELECT * FROM audit_log ORDER BY id"))
    good = 0
    broken_at = None
    for item in _walk_chain(db, None):
        if isinstance(item, Problem):
            broken_at = item.params["entry"]
            break
        good += 1
    db.execute("DROP TRIGGER audit_log_no_update")
    prev = GENESIS
    for row in rows[:good]:
        new_hash = entry_hash(prev, _entry_fields(row), key)
        db.execute("UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE id = ?", [prev, new_hash, row["id"]])
        prev = new_hash
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    if rows:
        append(db, at=at, operator=None, action="rekey", detail={"entries": good, "broken_at": broken_at})


def _check_table(db: Database, table: str) -> Iterator[Problem | int]:
    """Merge the table's rows with each record's last hashed entry, both by id."""
    last = db.execute(
        "SELECT record_id, record_hash, max(id) FROM audit_log"
        " WHERE record_table = ? AND record_hash IS NOT NULL"
        " GROUP BY record_id ORDER BY record_id",
        [table],
    )
    rows = db.query(f"SELECT * FROM [{table}] ORDER BY id")
    logged = next(last, None)
    for row in rows:
        while logged is not None and logged[0] < row["id"]:
            yield Problem("audit.record_removed", {"table": table, "record": logged[0], "entry": logged[2]})
            return
        if logged is None or logged[0] != row["id"]:
            yield Problem("audit.record_unlogged", {"table": table, "record": row["id"]})
            return
        if record_hash(table, row) != logged[1]:
            yield Problem("audit.record_changed", {"table": table, "record": row["id"], "entry": logged[2]})
            return
        yield row["id"]
        logged = next(last, None)
    if logged is not None:
        yield Problem("audit.record_removed", {"table": table, "record": logged[0], "entry": logged[2]})


def check_schema(db: Database, *, any_version: bool = False) -> Problem | None:
    """No table, view, trigger or index the application did not create, none of its
    own missing (the triggers that keep records from being deleted among them), and
    none changed: the schema is the one this version's steps produce. With
    ``any_version`` an older database (a backup) is held to the schema its own
    applied steps produce; otherwise it is checked once it is this version's."""
    from frontdesk.store.core import migrations

    if migrations.unknown_applied(db.conn):
        return None  # a newer database: refused on opening
    if migrations.is_pending(db.conn):
        if not any_version:
            return None
        applied = tuple(migrations.applied_names(db.conn))
        if applied != tuple(migrations.names()[:len(applied)]):
            return Problem("audit.schema_steps", {})
        wanted = migrations.expected_schema(len(applied))
    else:
        wanted = migrations.expected_schema()
    found = {(kind, name): sql for kind, name, sql in migrations.schema_of(db.conn)}
    expected = {(kind, name): sql for kind, name, sql in wanted}
    for kind, name in sorted(set(found) - set(expected)):
        return Problem("audit.schema_extra", {"kind_key": f"audit.kind.{kind}", "name": name})
    for kind, name in sorted(set(expected) - set(found)):
        return Problem("audit.schema_missing", {"kind_key": f"audit.kind.{kind}", "name": name})
    for kind, name in sorted(expected):
        if found[kind, name] != expected[kind, name]:
            return Problem("audit.schema_changed", {"kind_key": f"audit.kind.{kind}", "name": name})
    return None


def chain_id(db: Database) -> str:
    """What tells this database's chain from another's: its first entry's hash, shortened."""
    row = db.execute("SELECT entry_hash FROM audit_log WHERE id = 1").fetchone()
    return row[0][:16] if row else ""


def _recorded_heads(db: Database) -> list[Head]:
    """The heads the report exports recorded in the trail itself."""
    heads = []
    for (detail,) in db.execute("SELECT detail FROM audit_log WHERE action = 'report_export' ORDER BY id"):
        values = json.loads(detail or "{}")
        if isinstance(values.get("head"), int) and isinstance(values.get("head_hash"), str):
            heads.append(Head(values["head"], values["head_hash"], source_key="audit.source.report"))
    return heads


def _replaced_heads(db: Database) -> list[tuple[int, str]]:
    """The heads a restore left behind, as its entry names them: those of the database
    it replaced (its newest entry, and the heads file's beyond the backup)."""
    found = []
    for (detail,) in db.execute("SELECT detail FROM audit_log WHERE action = 'restore' ORDER BY id"):
        values = json.loads(detail or "{}")
        for text in values.get("replaced_heads", []) if isinstance(values, dict) else []:
            entry, _, hash_text = str(text).partition(":")
            if entry.isdigit() and hash_text:
                found.append((int(entry), hash_text))
    return found


def _replaced(head: Head, replaced: list[tuple[int, str]]) -> bool:
    return any(entry == head.entry and (full.startswith(head.hash) or head.hash.startswith(full))
               for entry, full in replaced)


def _check_heads(db: Database, heads: Iterable[Head]) -> Problem | None:
    """Each head written down for this chain must still be in it with the hash it had
    (unless a restore's entry names it as one of the database it replaced)."""
    own = chain_id(db)
    replaced = _replaced_heads(db)
    for head in heads:
        if head.chain and head.chain != own:
            continue
        row = db.execute("SELECT entry_hash FROM audit_log WHERE id = ?", [head.entry]).fetchone()
        where = {"source": head.source} if head.source else {"source_key": head.source_key}
        if (row is None or not row[0].startswith(head.hash)) and _replaced(head, replaced):
            continue
        if row is None:
            return Problem("audit.head_missing", {"entry": head.entry, **where})
        if not row[0].startswith(head.hash):
            return Problem("audit.head_differs", {"entry": head.entry, **where})
    return None


def verify(db: Database, except_tables: tuple[str, ...] = (), heads: Iterable[Head] = ()) -> VerifyResult:
    """Walk the whole chain and check it against the heads written down (``heads``,
    and those the report exports recorded), then every audited table (but
    ``except_tables``), the schema and the number counters; stop at the first problem."""
    key = signing_key(db)
    count_entries = 0
    for item in _walk_chain(db, key):
        if isinstance(item, Problem):
            return VerifyResult(count_entries, 0, item)
        count_entries += 1
    broken = _broken_before_key(db) or _check_heads(db, [*_recorded_heads(db), *heads])
    if broken is not None:
        return VerifyResult(count_entries, 0, broken)
    count_records = 0
    for table in AUDITED_COLUMNS:
        if table in except_tables or not db[table].exists():
            continue
        for item in _check_table(db, table):
            if isinstance(item, Problem):
                return VerifyResult(count_entries, count_records, item)
            count_records += 1
    from frontdesk.store.shared.audit_numbers import check_counters  # it reads Problem from here

    return VerifyResult(count_entries, count_records, check_schema(db) or check_counters(db))
