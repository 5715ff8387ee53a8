"""Restore: a private copy checked and installed alone with the database, numbering
going on above every number this machine gave; import only into nothing."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from frontdesk.store import AuthenticationFailed, PermissionDenied, Store, StoreError
from frontdesk.store.shared import restore as restoring
from frontdesk.store.shared.backup import backup, export, import_into, import_new
from frontdesk.store.shared.restore import note_numbers, restore, restore_new

from testdata import resident_id

ID = resident_id("44030419800101123")


def register(store, actor, subject: str) -> str:
    return store.visits.register(actor, {"subject": subject, "headcount": 1,
                                         "visitors": [{"name": "曾国藩", "id_number": ID}]}).number


@pytest.fixture
def filled(store, admin):
    for i in range(3):
        register(store, admin, f"事由{i}")
    return store


def series(number: str) -> str:
    return number[:-6]


def test_numbering_goes_on_above_what_the_replaced_database_gave(filled, admin, tmp_path):
    kept = backup(filled, admin, tmp_path / "b.db")
    later = [register(filled, admin, f"备份之后{i}") for i in range(3)]

    restored = restore(filled, admin, kept)

    # Each visit's matter (信访事项) numbers on in its own series.
    assert restored.dropped == ["M2026-000004–M2026-000006", f"{later[0]}–{later[-1]}"]
    prefix = series(later[0])
    assert restored.continues == ["M2026-000007", f"{prefix}000007"]
    entry = filled.audit.log(admin, action="restore", limit=1)[0]
    assert entry.detail["dropped"] == restored.dropped
    assert entry.detail["raised"] == [{"channel": "matter", "year": 2026, "from": 3, "to": 6},
                                      {"channel": "visit", "year": 2026, "from": 3, "to": 6}]
    assert filled.audit.verify().ok
    # No number is given twice: the next visit is the seventh, and verify accepts the skip.
    assert register(filled, admin, "恢复之后") == f"{prefix}000007"
    assert filled.audit.verify().ok


def test_a_counter_pushed_ahead_without_a_restore_is_still_a_fault(filled, admin):
    conn = sqlite3.connect(filled.path)
    conn.execute("UPDATE counters SET last = last + 3")
    conn.commit()
    conn.close()
    assert filled.audit.verify().problem.key == "audit.counter_ahead"


def test_the_heads_file_keeps_the_numbers_when_the_database_is_gone(filled, admin, tmp_path):
    heads = tmp_path / "exports" / "audit-heads.txt"
    kept = backup(filled, admin, tmp_path / "b.db")
    later = [register(filled, admin, f"备份之后{i}") for i in range(2)]
    note_numbers(filled, heads, "backup")
    filled.close()
    filled.path.unlink()  # the machine's disk is lost; the heads file was kept apart

    restored = restore_new(tmp_path / "new.db", kept, "admin", "admin-pass-1", anchors=heads)

    assert restored.continues == ["M2026-000006", f"{series(later[0])}000006"] and restored.dropped == []
    with Store.open(tmp_path / "new.db") as store:
        assert store.audit.verify().ok
        assert register(store, admin, "新机器") == f"{series(later[0])}000006"
    assert "numbers" in heads.read_text().splitlines()[-1]


def test_a_new_machine_restores_with_the_backups_admin_password(filled, admin, tmp_path):
    filled.operators.add(admin, "lihua", "reception", "reception-pass", "李华")
    kept = backup(filled, admin, tmp_path / "b.db")
    target = tmp_path / "new" / "fd.db"
    target.parent.mkdir(mode=0o700)
    for name, password, refusal in [("admin", "wrong-pass-12", AuthenticationFailed),
                                    ("nobody", "admin-pass-1", AuthenticationFailed),
                                    ("lihua", "reception-pass", PermissionDenied)]:
        with pytest.raises(refusal):
            restore_new(target, kept, name, password)
        assert os.listdir(target.parent) == []  # nothing left behind

    restored = restore_new(target, kept, "ADMIN", "admin-pass-1")

    assert restored.records > 0 and os.listdir(target.parent) == ["fd.db"]
    assert target.stat().st_mode & 0o777 == 0o600
    with Store.open(target) as store:
        assert store.audit.verify().ok
        assert store.operators.authenticate("admin", "admin-pass-1").name == "admin"
        assert store.db.execute("SELECT operator FROM audit_log ORDER BY id DESC LIMIT 1").fetchone() == ("admin",)
    with pytest.raises(StoreError) as refused:
        restore_new(target, kept, "admin", "admin-pass-1")
    assert refused.value.key == "err.backup_exists"


def test_restore_is_refused_while_another_connection_has_the_database(filled, admin, tmp_path):
    kept = backup(filled, admin, tmp_path / "b.db")
    register(filled, admin, "备份之后")
    other = Store.open(filled.path)
    other.operators.count()
    try:
        with pytest.raises(StoreError) as refused:
            restore(filled, admin, kept)
        assert refused.value.key == "err.db_in_use"
    finally:
        other.close()
    assert filled.db.execute("SELECT count(*) FROM visits").fetchone()[0] == 4
    assert [p for p in os.listdir(filled.path.parent) if "restore" in p] == []


def test_the_program_holding_the_database_is_named(filled, admin, tmp_path):
    kept = backup(filled, admin, tmp_path / "b.db")
    filled.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
         " c.execute('SELECT count(*) FROM visits').fetchone(); print('ready', flush=True); sys.stdin.read()",
         str(filled.path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as refused:
            restore(filled, admin, kept)
    finally:
        holder.communicate("")
    assert refused.value.key == "err.db_in_use_by"
    assert f"({holder.pid})" in refused.value.message
    restore(filled, admin, kept)  # once it is gone, the restore goes through


def test_the_file_swapped_after_the_check_is_never_installed(filled, admin, tmp_path, monkeypatch):
    kept = backup(filled, admin, tmp_path / "b.db")
    planted = tmp_path / "planted.db"
    shutil.copyfile(kept, planted)
    conn = sqlite3.connect(planted)
    conn.execute("CREATE TABLE lookup_shadow (name TEXT)")
    conn.commit()
    conn.close()
    checked = restoring.check_open

    def check_then_swap(conn, path):
        found = checked(conn, path)
        shutil.copyfile(planted, kept)  # the attacker's moment: after the check
        return found

    monkeypatch.setattr(restoring, "check_open", check_then_swap)
    restore(filled, admin, kept)

    names = {row[0] for row in filled.db.execute("SELECT name FROM sqlite_master")}
    assert "lookup_shadow" not in names
    assert filled.audit.verify().ok


def test_a_damaged_database_replaced_leaves_the_heads_file_to_go_by(filled, admin, tmp_path, monkeypatch):
    heads = tmp_path / "audit-heads.txt"
    kept = backup(filled, admin, tmp_path / "b.db")
    number = register(filled, admin, "备份之后")
    note_numbers(filled, heads, "backup")
    read = restoring._read_replaced

    def damaged(conn, anchors, chain):
        if conn is not None:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return read(conn, anchors, chain)

    monkeypatch.setattr(restoring, "_read_replaced", damaged)
    restored = restore(filled, admin, kept, anchors=heads)
    assert restored.continues == ["M2026-000005", f"{series(number)}000005"]
    assert filled.audit.verify().ok


# --- import ---------------------------------------------------------------------------------


def exported(store, admin) -> str:
    out = io.StringIO()
    export(store, admin, out)
    return out.getvalue()


def test_an_export_without_its_counters_is_refused(filled, admin, tmp_path, clock):
    lines = [line for line in exported(filled, admin).splitlines() if '"table": "counters"' not in line]
    target = tmp_path / "copy.db"
    with pytest.raises(StoreError) as refused:
        import_new(target, io.StringIO("\n".join(lines)), "admin", "new-admin-pass-2",
                   open_new=lambda path: Store.open(path, create=True, clock=clock))
    assert refused.value.key == "err.import_no_counters"
    assert not [name for name in os.listdir(tmp_path) if name.startswith((".frontdesk", "copy"))]


def test_an_import_into_nothing_leaves_a_file_only_when_whole(filled, admin, tmp_path, clock):
    text = exported(filled, admin)
    folder = tmp_path / "target"
    folder.mkdir()
    target = folder / "copy.db"

    def open_new(path):
        return Store.open(path, create=True, clock=clock)

    with pytest.raises(StoreError):
        import_new(target, io.StringIO(text.replace('"事由1"', '"改过"')), "admin", "new-admin-pass-2",
                   open_new=open_new)
    assert os.listdir(folder) == []
    assert import_new(target, io.StringIO(text), "admin", "new-admin-pass-2", open_new=open_new) > 0
    assert os.listdir(folder) == ["copy.db"]
    with Store.open(target) as store:
        assert store.audit.verify().ok
        assert json.loads(store.db.execute(
            "SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0])["rows"] > 0
    with pytest.raises(StoreError) as refused:
        import_new(target, io.StringIO(text), "admin", "new-admin-pass-2", open_new=open_new)
    assert refused.value.key == "err.import_target"


def test_an_import_into_a_database_with_records_is_refused(filled, admin):
    with pytest.raises(StoreError) as refused:
        import_into(filled, io.StringIO(exported(filled, admin)), "admin", "new-admin-pass-2")
    assert refused.value.key == "err.import_not_empty"


def test_a_named_pipe_given_as_the_backup_is_refused_not_waited_on(filled, admin, tmp_path):
    pipe = tmp_path / "b.db"
    os.mkfifo(pipe)
    with pytest.raises(StoreError) as refused:
        restore(filled, admin, pipe)
    assert refused.value.key == "err.backup_not_ours"


def test_a_trigger_written_in_under_a_reserved_name_shows_in_verify(filled):
    conn = sqlite3.connect(filled.path, isolation_level=None)
    conn.executescript("""
        PRAGMA writable_schema = ON;
        INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('trigger', 'sqlite_shadow',
            'parties', 0, 'CREATE TRIGGER sqlite_shadow AFTER INSERT ON parties BEGIN SELECT 1; END');
        PRAGMA writable_schema = OFF;
    """)
    conn.close()
    with Store.open(filled.path) as store:
        problem = store.audit.verify().problem
    assert (problem.key, problem.params["name"]) == ("audit.schema_extra", "sqlite_shadow")


@pytest.fixture
def older(tmp_path, store):
    """A database of this program's version but one step (all its steps but the last),
    keyed with this machine's key, with no records."""
    import sqlite_utils

    from frontdesk.store.core import audit_key, migrations

    path = tmp_path / "older.db"
    conn = sqlite3.connect(path, isolation_level=None)
    key_file = audit_key.key_path()
    audit_key.attach(conn, audit_key.KeyState(key_file, audit_key.read_key(key_file)))
    try:
        migrations.apply_pending(sqlite_utils.Database(conn), steps=len(migrations.names()) - 1)
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        audit_key.detach(conn)
        conn.close()
    return path


def test_an_older_version_is_held_to_its_own_schema_and_upgraded(filled, admin, older, tmp_path):
    planted = tmp_path / "planted.db"
    shutil.copyfile(older, planted)
    conn = sqlite3.connect(planted)
    conn.execute("CREATE INDEX parties_by_phone ON parties (phone)")
    conn.close()
    with pytest.raises(StoreError) as refused:
        restore(filled, admin, planted)
    assert refused.value.key == "err.backup_schema"

    restored = restore(filled, admin, older)

    assert restored.dropped == ["M2026-000001–M2026-000003", "V2026-000001–V2026-000003"]
    assert filled.audit.verify().ok  # upgraded, its counter raised above the dropped numbers
    assert filled.db.execute("SELECT last FROM counters WHERE channel = 'visit'").fetchone() == (3,)


def test_a_full_disk_while_copying_refuses_the_restore_and_leaves_nothing(filled, admin, tmp_path, monkeypatch):
    kept = backup(filled, admin, tmp_path / "b.db")
    before = sorted(os.listdir(filled.path.parent))
    real_fsync = os.fsync

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StoreError) as refused:
        restore(filled, admin, kept)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert refused.value.key == "err.restore_failed" and "No space left" in refused.value.message
    assert sorted(os.listdir(filled.path.parent)) == before
