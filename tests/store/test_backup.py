"""Backups, restores, and the export an import reproduces exactly."""

from __future__ import annotations

import io
import os
import sqlite3
import threading

import pytest

from frontdesk.store import AuthenticationFailed, PermissionDenied, Store, StoreError
from frontdesk.store.shared.backup import backup, check_backup, export, import_into, record_tables, restore

from testdata import resident_id

ID = resident_id("44030419800101123")


@pytest.fixture
def filled(store, admin):
    for i in range(5):
        store.visits.register(admin, {"subject": f"事由{i} [b]x[/b] 𠀀", "headcount": 1,
                                      "visitors": [{"name": "曾国藩", "id_number": ID}]})
    return store


def rows(store) -> dict[str, list[tuple]]:
    return {table: store.db.execute(f"SELECT * FROM [{table}] ORDER BY rowid").fetchall()
            for table in record_tables(store.db)}


def test_export_then_import_reproduces_every_record_but_the_passwords(filled, admin, tmp_path, clock):
    clerk = filled.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    out = io.StringIO()
    count = export(filled, admin, out)
    before = rows(filled)
    target = Store.open(tmp_path / "copy.db", create=True, clock=clock)

    assert import_into(target, io.StringIO(out.getvalue()), "ADMIN", "new-admin-pass-2") == count

    after = rows(target)
    for table in set(before) - {"operators", "audit_log"}:
        assert after[table] == before[table], table
    hash_column = [d[1] for d in filled.db.execute("PRAGMA table_info(operators)")].index("password_hash")
    without_hash = [row[:hash_column] + row[hash_column + 1:] for row in after["operators"]]
    assert without_hash == [row[:hash_column] + row[hash_column + 1:] for row in before["operators"]]
    assert after["audit_log"][:len(before["audit_log"])] == before["audit_log"]
    added = [(e.action, e.operator, e.record_id) for e in target.audit.log(admin, limit=3)]
    assert added == [("import", "admin", None), ("import_password", "admin", clerk.id),
                     ("import_password", "admin", admin.id)]
    assert target.audit.verify().ok
    # The importing admin signs in with the password given at the import; nobody else can
    # until an admin sets theirs.
    assert target.operators.authenticate("admin", "new-admin-pass-2").name == "admin"
    with pytest.raises(AuthenticationFailed):
        target.operators.authenticate("jiedai", "desk-pass-1")
    target.close()


def test_the_export_holds_no_password_hash(filled, admin):
    filled.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    out = io.StringIO()
    export(filled, admin, out)

    assert "password_hash" not in out.getvalue() and "scrypt$" not in out.getvalue()
    operators = [line for line in out.getvalue().splitlines() if '"table": "operators"' in line]
    assert len(operators) == 2


@pytest.mark.parametrize(("name", "password", "key"), [
    ("jiedai", "new-admin-pass-2", "err.permission"),  # not an admin
    ("nobody", "new-admin-pass-2", "err.import_admin"),
    ("admin", "12345678", "err.password_short"),
    ("admin", "woaini1314", "err.password_common"),
])
def test_an_import_is_done_as_an_admin_of_the_export_with_a_good_password(
        filled, admin, tmp_path, clock, name, password, key):
    filled.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    out = io.StringIO()
    export(filled, admin, out)
    target = Store.open(tmp_path / "copy.db", create=True, clock=clock)

    with pytest.raises(StoreError) as refused:
        import_into(target, io.StringIO(out.getvalue()), name, password)

    assert key in {refused.value.key, *(e.key for e in getattr(refused.value, "errors", []))}
    assert all(not found for found in rows(target).values())
    target.close()


def test_the_export_is_audited_and_only_for_supervisors_and_admins(filled, admin):
    export(filled, admin, io.StringIO())
    assert filled.audit.log(admin, action="export", limit=1)[0].operator == "admin"
    clerk = filled.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    with pytest.raises(PermissionDenied):
        export(filled, clerk, io.StringIO())


@pytest.mark.parametrize("spoil", ["not-an-export", "bad-line", "unknown-table", "broken-chain"])
def test_a_bad_import_loads_nothing(filled, admin, tmp_path, clock, spoil):
    out = io.StringIO()
    export(filled, admin, out)
    lines = out.getvalue().splitlines()
    if spoil == "not-an-export":
        lines[0] = '{"hello": 1}'
    elif spoil == "bad-line":
        lines[5] = "{not json"
    elif spoil == "unknown-table":
        lines[5] = '{"table": "nowhere", "row": {"id": 1}}'
    else:
        i = next(i for i, line in enumerate(lines) if '"table": "visits"' in line)
        lines[i] = lines[i].replace("事由0", "事由X")
    target = Store.open(tmp_path / "copy.db", create=True, clock=clock)
    with pytest.raises(StoreError):
        import_into(target, io.StringIO("\n".join(lines) + "\n"), "admin", "new-admin-pass-2")
    assert all(not found for found in rows(target).values())
    target.close()


def test_an_import_goes_only_into_a_database_without_records(filled, admin):
    out = io.StringIO()
    export(filled, admin, out)
    with pytest.raises(StoreError) as refused:
        import_into(filled, io.StringIO(out.getvalue()), "admin", "new-admin-pass-2")
    assert refused.value.key == "err.import_not_empty"


def test_a_backup_taken_while_another_thread_writes_is_consistent(filled, admin, tmp_path):
    stop = threading.Event()

    def keep_writing():
        while not stop.is_set():
            filled.visits.register(admin, {"subject": "并发", "visitors": [{"name": "甲", "id_number": ID}]})

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        copies = [backup(filled, admin, tmp_path / f"b{i}.db") for i in range(3)]
    finally:
        stop.set()
        writer.join()
    for copy in copies:
        checked = check_backup(copy)
        assert checked.records > 0


def test_backup_never_overwrites_and_needs_an_admin(filled, admin, tmp_path):
    target = backup(filled, admin, tmp_path / "b.db")
    with pytest.raises(StoreError):
        backup(filled, admin, target)
    boss = filled.operators.add(admin, "kezhang", "supervisor", "boss-pass-1")
    with pytest.raises(PermissionDenied):
        backup(filled, boss, tmp_path / "c.db")


def test_restore_checks_first_and_changes_nothing_when_the_backup_is_bad(filled, admin, tmp_path):
    good = backup(filled, admin, tmp_path / "good.db")
    filled.visits.register(admin, {"subject": "备份之后", "visitors": [{"name": "乙", "id_number": ID}]})
    tampered = tmp_path / "tampered.db"
    tampered.write_bytes(good.read_bytes())
    conn = sqlite3.connect(tampered)
    conn.execute("UPDATE visits SET subject = '改过' WHERE id = 1")
    conn.commit()
    conn.close()
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    before = rows(filled)
    for bad in (tampered, damaged):
        with pytest.raises(StoreError):
            restore(filled, admin, bad)
        assert rows(filled) == before
    restore(filled, admin, good)
    subjects = [r[0] for r in filled.db.execute("SELECT subject FROM visits")]
    assert "备份之后" not in subjects and len(subjects) == 5
    assert filled.audit.verify().ok
    assert filled.audit.log(admin, action="restore", limit=1)


def test_a_read_only_backup_is_checked_and_restored(filled, admin, tmp_path, monkeypatch):
    """A backup is only read: one on a read-only disk or without write permission restores."""
    copy = backup(filled, admin, tmp_path / "kept.db")
    copy.chmod(0o444)
    access = os.access
    with monkeypatch.context() as patch:
        # As root every file is writable: say otherwise, as a read-only disk would.
        patch.setattr(os, "access", lambda path, mode, **kw: mode != os.W_OK and access(path, mode, **kw))
        assert check_backup(copy).records > 0
    restore(filled, admin, copy)
    assert filled.audit.verify().ok
