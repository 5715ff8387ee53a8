"""What an insider with shell access does to a database file, with nothing but
sqlite3, hashlib and hmac: the application's code is never imported here (a test
checks it). The hashing rules were read off the source, as such an insider would.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

GENESIS = "0" * 64
# Columns derived from others and left out of a record's hash.
DERIVED = {"parties": {"pinyin", "initials"}}
ENTRY_FIELDS = ("id", "at", "operator", "action", "record_table", "record_id", "record_hash", "detail")

Signer = Callable[[str, dict], str]


def canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def plain(prev: str, fields: dict) -> str:
    """The chain's hash before it was keyed."""
    return hashlib.sha256((prev + canonical(fields)).encode()).hexdigest()


def keyed(key: bytes) -> Signer:
    """HMAC-SHA256 under ``key`` (a guess, unless the key file was read)."""
    def sign(prev: str, fields: dict) -> str:
        return hmac.new(key, (prev + canonical(fields)).encode(), hashlib.sha256).hexdigest()
    return sign


def guessed_keys(db: Path, conn: sqlite3.Connection) -> list[bytes]:
    """What one might try for a key without the key file."""
    key_id = conn.execute("SELECT key_id FROM audit_key").fetchone()[0]
    return [b"", b"frontdesk", b"frontdesk audit key id", bytes.fromhex(key_id), key_id.encode(),
            hashlib.sha256(str(db).encode()).digest(), b"\x00" * 32]


def open_shell(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db, isolation_level=None)


def record_hash(conn: sqlite3.Connection, table: str, record_id: int) -> str:
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")]
    values = conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", [record_id]).fetchone()
    content = {c: v for c, v in zip(columns, values, strict=True) if c not in DERIVED.get(table, ())}
    return hashlib.sha256(canonical([table, content]).encode()).hexdigest()


def drop_triggers(conn: sqlite3.Connection) -> list[str]:
    saved = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _sql in saved:
        conn.execute(f"DROP TRIGGER [{name}]")
    return [sql for _name, sql in saved]


def restore_triggers(conn: sqlite3.Connection, saved: list[str]) -> None:
    for sql in saved:
        conn.execute(sql)


def entries(conn: sqlite3.Connection, from_id: int) -> list[dict]:
    columns = [d[0] for d in conn.execute("SELECT * FROM audit_log LIMIT 0").description]
    return [dict(zip(columns, row, strict=True))
            for row in conn.execute("SELECT * FROM audit_log WHERE id >= ? ORDER BY id", [from_id])]


def rechain(conn: sqlite3.Connection, from_id: int, sign: Signer) -> None:
    """Hash every entry from ``from_id`` on again (triggers already dropped)."""
    row = conn.execute("SELECT entry_hash FROM audit_log WHERE id = ?", [from_id - 1]).fetchone()
    prev = row[0] if row else GENESIS
    for entry in entries(conn, from_id):
        new = sign(prev, {k: entry[k] for k in ENTRY_FIELDS})
        conn.execute("UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE id = ?", [prev, new, entry["id"]])
        prev = new


def rewrite_visit(db: Path, visit_id: int, name: str, subject: str, sign: Signer) -> None:
    """Change a visit's subject and its first visitor's name, give their last entries
    the new content hashes and re-hash every later entry; triggers put back."""
    conn = open_shell(db)
    try:
        saved = drop_triggers(conn)
        party = conn.execute("SELECT id FROM parties WHERE channel = 'visit' AND record_id = ? ORDER BY position",
                             [visit_id]).fetchone()[0]
        conn.execute("UPDATE visits SET subject = ? WHERE id = ?", [subject, visit_id])
        conn.execute("UPDATE parties SET name = ? WHERE id = ?", [name, party])
        first = None
        for table, record_id in (("visits", visit_id), ("parties", party)):
            entry = conn.execute("SELECT max(id) FROM audit_log WHERE record_table = ? AND record_id = ?"
                                 " AND record_hash IS NOT NULL", [table, record_id]).fetchone()[0]
            conn.execute("UPDATE audit_log SET record_hash = ? WHERE id = ?",
                         [record_hash(conn, table, record_id), entry])
            first = entry if first is None else min(first, entry)
        assert first is not None
        rechain(conn, first, sign)
        restore_triggers(conn, saved)
    finally:
        conn.close()


def append_backdated(db: Path, at: str, operator: str, sign: Signer) -> None:
    """A login entry at ``at`` signed as ``operator``, on top of the chain."""
    conn = open_shell(db)
    try:
        last_id, prev = conn.execute("SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        fields = {"id": last_id + 1, "at": at, "operator": operator, "action": "login", "record_table": None,
                  "record_id": None, "record_hash": None, "detail": None}
        conn.execute("INSERT INTO audit_log (id, at, operator, action, prev_hash, entry_hash)"
                     " VALUES (?, ?, ?, 'login', ?, ?)", [last_id + 1, at, operator, prev, sign(prev, fields)])
    finally:
        conn.close()


def cut_tail(db: Path, count: int) -> None:
    """Delete the last ``count`` entries and set the id sequence back to match."""
    conn = open_shell(db)
    try:
        saved = drop_triggers(conn)
        last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
        conn.execute("DELETE FROM audit_log WHERE id > ?", [last - count])
        conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'", [last - count])
        restore_triggers(conn, saved)
    finally:
        conn.close()


def run(db: Path, *statements: str) -> None:
    conn = open_shell(db)
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()
