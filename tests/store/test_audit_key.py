"""The audit chain's key: a file outside the database, the database bound to it by
its id, an older chain signed again once without hiding an old break."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest

from frontdesk.store import Store, StoreError
from frontdesk.store.core import audit_key
from frontdesk.store.shared import audit as audit_module
from frontdesk.store.shared.backup import backup, check_backup, restore


def entry_count(store) -> int:
    return store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_the_key_file_is_private_and_only_its_id_is_in_the_database(store, admin):
    path = audit_key.key_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = audit_key.read_key(path)
    assert key is not None and len(key) == 32
    stored = store.db.execute("SELECT key_id FROM audit_key").fetchall()
    assert stored == [(audit_key.key_id(key),)]
    store.close()
    content = store.path.read_bytes()  # closed: the log is in the file
    assert key.hex().encode() not in content and key not in content


def test_init_makes_the_key_in_a_private_folder(tmp_path, monkeypatch):
    key_file = tmp_path / "config" / "frontdesk-audit.key"
    monkeypatch.setenv("FRONTDESK_AUDIT_KEY", str(key_file))
    Store.open(tmp_path / "new.db", create=True).close()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700


def test_entries_are_keyed_not_plain_sha256(store, admin):
    row = store.db.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    columns = [d[0] for d in store.db.execute("SELECT * FROM audit_log LIMIT 0").description]
    entry = dict(zip(columns, row, strict=True))
    fields = {k: entry[k] for k in ("id", "at", "operator", "action", "record_table", "record_id",
                                    "record_hash", "detail")}
    plain = hashlib.sha256((entry["prev_hash"] + audit_module.canonical(fields)).encode()).hexdigest()
    assert entry["entry_hash"] != plain
    assert store.audit.verify().ok


@pytest.mark.parametrize("what", ["missing", "other"])
def test_without_its_key_nothing_is_saved_or_verified(store, admin, tmp_path, monkeypatch, what):
    path = store.path
    before = entry_count(store)
    store.close()
    elsewhere = tmp_path / "elsewhere" / "frontdesk-audit.key"
    monkeypatch.setenv("FRONTDESK_AUDIT_KEY", str(elsewhere))
    if what == "other":
        audit_key.create_key(elsewhere)
    with Store.open(path) as reopened:
        with pytest.raises(StoreError) as refused:
            reopened.audit.verify()
        assert refused.value.key == f"err.audit_key_{what}"
        assert str(elsewhere) in refused.value.message
        with pytest.raises(StoreError) as refused:
            reopened.operators.add(admin, "lihua", "reception", "reception-pass", "李华")
        assert refused.value.key == f"err.audit_key_{what}"
        assert entry_count(reopened) == before
        assert reopened.db.execute("SELECT count(*) FROM operators").fetchone()[0] == 1
    # Opening never makes a key for a database that already has one.
    assert elsewhere.exists() == (what == "other")


def unkey(path) -> None:
    """Turn a database back into one written before the chain was keyed."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(
        """
        DROP TABLE audit_key;
        DELETE FROM _sqlite_migrations WHERE name = 'key_audit_chain';
        DROP TRIGGER audit_log_no_update;
        """
    )
    prev = audit_module.GENESIS
    columns = [d[0] for d in conn.execute("SELECT * FROM audit_log LIMIT 0").description]
    for row in conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall():
        entry = dict(zip(columns, row, strict=True))
        fields = {k: entry[k] for k in ("id", "at", "operator", "action", "record_table", "record_id",
                                        "record_hash", "detail")}
        new = audit_module.entry_hash(prev, fields, None)
        conn.execute("UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE id = ?", [prev, new, entry["id"]])
        prev = new
    conn.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
                 " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    conn.close()


@pytest.fixture
def older(store, admin):
    """A database with history, as the program before the keyed chain left it."""
    store.operators.add(admin, "lihua", "reception", "reception-pass", "李华")
    store.operators.add(admin, "wangfang", "duty", "duty-pass-01", "王芳")
    path = store.path
    store.close()
    unkey(path)
    return path


def test_an_older_chain_is_signed_again_once_and_audited(older):
    entries = sqlite3.connect(older).execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with Store.open(older) as store:
        assert store.audit.verify().ok
        rows = store.db.execute("SELECT action, detail FROM audit_log WHERE action = 'rekey'").fetchall()
        assert rows == [("rekey", json.dumps({"broken_at": None, "entries": entries}, separators=(",", ":")))]
        assert entry_count(store) == entries + 1
    with Store.open(older) as store:
        assert store.db.execute("SELECT count(*) FROM audit_log WHERE action = 'rekey'").fetchone()[0] == 1
        assert store.audit.verify().ok


def test_the_upgrade_makes_the_key_when_there_is_none(older, tmp_path, monkeypatch):
    key_file = tmp_path / "fresh" / "frontdesk-audit.key"
    monkeypatch.setenv("FRONTDESK_AUDIT_KEY", str(key_file))
    with Store.open(older) as store:
        assert store.audit.verify().ok
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_chain_broken_before_the_upgrade_stays_broken(older):
    conn = sqlite3.connect(older, isolation_level=None)
    conn.executescript(
        """
        DROP TRIGGER audit_log_no_update;
        UPDATE audit_log SET operator = 'nobody' WHERE id = 3;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """
    )
    conn.close()
    with Store.open(older) as store:
        result = store.audit.verify()
        assert not result.ok
        assert result.problem.params["entry"] == 3
        detail = store.db.execute("SELECT detail FROM audit_log WHERE action = 'rekey'").fetchone()[0]
        assert json.loads(detail) == {"broken_at": 3, "entries": 2}


def test_a_backup_restored_with_the_same_key_verifies(store, admin, tmp_path):
    store.operators.add(admin, "lihua", "reception", "reception-pass", "李华")
    copy = backup(store, admin, tmp_path / "copy.db")
    store.operators.add(admin, "wangfang", "duty", "duty-pass-01", "王芳")
    restore(store, admin, copy)
    assert store.audit.verify().ok


def test_a_backup_signed_with_another_key_is_refused(store, admin, tmp_path, monkeypatch):
    copy = backup(store, admin, tmp_path / "copy.db")
    other = tmp_path / "other.key"
    audit_key.create_key(other)
    monkeypatch.setenv("FRONTDESK_AUDIT_KEY", str(other))
    with pytest.raises(StoreError) as refused:
        check_backup(copy)
    assert refused.value.key == "err.backup_key_other"


def test_a_key_file_with_no_key_in_it_is_not_replaced(tmp_path, monkeypatch):
    key_file = tmp_path / "frontdesk-audit.key"
    key_file.write_text("not a key\n")
    os.chmod(key_file, 0o600)
    monkeypatch.setenv("FRONTDESK_AUDIT_KEY", str(key_file))
    with pytest.raises(StoreError) as refused:
        Store.open(tmp_path / "new.db", create=True)
    assert refused.value.key == "err.audit_key_missing"
    assert key_file.read_text() == "not a key\n"


def test_keys_made_at_the_same_moment_are_one_key_read_whole(tmp_path):
    # Two inits (or upgrades) with no key yet, at once: neither reads a half-written
    # file, neither fails on the other's, both sign with the key that stayed.
    for attempt in range(20):
        path = tmp_path / f"round-{attempt}" / "frontdesk-audit.key"
        start = threading.Barrier(6)

        def make(_: int, start: threading.Barrier = start, path: Path = path) -> bytes:
            start.wait()
            return audit_key.create_key(path)

        with ThreadPoolExecutor(6) as pool:
            made = list(pool.map(make, range(6)))
        assert len(set(made)) == 1
        assert audit_key.read_key(path) == made[0]
        assert sorted(p.name for p in path.parent.iterdir()) == ["frontdesk-audit.key"]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_two_inits_at_once_in_an_empty_home_both_succeed_on_one_key(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("FRONTDESK_")}
    env.update(HOME=str(home), FRONTDESK_PASSWORD="admin-pass-1x", FRONTDESK_CONFIG=str(tmp_path / "none.toml"))
    env.pop("XDG_CONFIG_HOME", None)
    command = [str(Path(sys.executable).parent / "frontdesk"), "--db"]
    inits = [subprocess.Popen([*command, str(tmp_path / f"{n}.db"), "init", "--admin", "admin"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(3)]
    results = [(init.wait(60), init.stderr.read()) for init in inits]
    for init in inits:
        init.stdout.close()
        init.stderr.close()

    assert results == [(0, "")] * 3
    key = audit_key.read_key(home / ".config" / "frontdesk" / "frontdesk-audit.key")
    assert key is not None
    for n in range(3):
        with closing(sqlite3.connect(tmp_path / f"{n}.db")) as conn:
            assert conn.execute("SELECT key_id FROM audit_key").fetchone() == (audit_key.key_id(key),)


def test_on_a_file_system_without_links_the_key_is_made_in_place(tmp_path, monkeypatch):
    def no_links(*_args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "keys" / "frontdesk-audit.key"
    key = audit_key.create_key(path)

    assert audit_key.read_key(path) == key
    assert audit_key.create_key(path) == key  # made once; the second one reads it
    assert sorted(p.name for p in path.parent.iterdir()) == ["frontdesk-audit.key"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
