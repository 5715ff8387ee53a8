"""Writes: all or nothing, one connection per thread, several terminals at once,
and a full disk that loses nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from frontdesk.i18n import t
from frontdesk.store import AuthenticationFailed, StorageError, Store
from frontdesk.store.core import connection as connection_module


def operator_names(store) -> list[str]:
    return [row[0] for row in store.db.execute("SELECT name FROM operators ORDER BY id")]


def entry_count(store) -> int:
    return store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


# --- all or nothing -------------------------------------------------------------------


def test_write_rolls_back_everything_on_an_exception(store, admin):
    before = (operator_names(store), entry_count(store))

    with pytest.raises(ValueError):
        with store.write() as db:
            store.operators.add(admin, "lihua", "reception", "reception-pass")
            store.operators.set_preference(admin, "theme", "light")
            db.execute("UPDATE operators SET display_name = 'changed' WHERE name = 'admin'")
            raise ValueError("the operator pressed Esc")

    assert (operator_names(store), entry_count(store)) == before
    assert store.operators.get("admin").display_name == "管理员"
    assert store.operators.preference(admin, "theme") is None
    assert not store.db.conn.in_transaction
    assert store.audit.verify().ok


def test_write_rolls_back_on_an_interrupt(store, admin):
    before = operator_names(store)

    with pytest.raises(KeyboardInterrupt):
        with store.write():
            store.operators.add(admin, "lihua", "reception", "reception-pass")
            raise KeyboardInterrupt

    assert operator_names(store) == before
    assert not store.db.conn.in_transaction


def test_write_commits_when_the_block_ends(store, admin, tmp_path):
    with store.write():
        store.operators.add(admin, "lihua", "reception", "reception-pass")
        store.operators.add(admin, "wangfang", "duty", "duty-pass-01")

    other = sqlite3.connect(tmp_path / "fd.db")
    try:
        names = [r[0] for r in other.execute("SELECT name FROM operators ORDER BY id")]
    finally:
        other.close()
    assert names == ["admin", "lihua", "wangfang"]


def test_inner_write_that_fails_is_undone_alone(store, admin):
    with store.write():
        store.operators.add(admin, "lihua", "reception", "reception-pass")
        with pytest.raises(ValueError):
            with store.write():
                store.operators.add(admin, "wangfang", "duty", "duty-pass-01")
                raise ValueError("second form cancelled")
        store.operators.add(admin, "zhaolei", "mail", "mail-pass-01")

    assert operator_names(store) == ["admin", "lihua", "zhaolei"]
    assert store.audit.verify().ok


def test_failed_write_leaves_the_connection_ready_for_the_next(store, admin):
    with pytest.raises(sqlite3.IntegrityError):
        with store.write() as db:
            db.execute("INSERT INTO operators (name, role, password_hash, created_at, updated_at)"
                       " VALUES ('admin', 'admin', 'x', 'now', 'now')")

    store.operators.add(admin, "lihua", "reception", "reception-pass")

    assert operator_names(store) == ["admin", "lihua"]


# --- threads --------------------------------------------------------------------------


def run_in_thread(func):
    outcome: dict[str, object] = {}

    def target():
        try:
            outcome["value"] = func()
        except BaseException as error:  # handed back to the test
            outcome["error"] = error

    worker = threading.Thread(target=target)
    worker.start()
    return worker, outcome


def test_write_from_another_thread_uses_its_own_connection(store, admin):
    def add_in_thread():
        with store.write() as db:
            store.operators.add(admin, "lihua", "reception", "reception-pass")
            return db.conn

    worker, outcome = run_in_thread(add_in_thread)
    worker.join()

    assert "error" not in outcome
    assert outcome["value"] is not store.db.conn
    assert operator_names(store) == ["admin", "lihua"]
    assert store.audit.verify().ok


def test_other_threads_do_not_see_an_unfinished_write(store, admin):
    with store.write():
        store.operators.add(admin, "lihua", "reception", "reception-pass")
        worker, outcome = run_in_thread(lambda: operator_names(store))
        worker.join()

    assert outcome["value"] == ["admin"]
    assert operator_names(store) == ["admin", "lihua"]


def test_a_second_writer_waits_for_the_first(store, admin):
    with store.write():
        store.operators.add(admin, "lihua", "reception", "reception-pass")
        worker, outcome = run_in_thread(
            lambda: store.operators.add(admin, "wangfang", "duty", "duty-pass-01")
        )
        time.sleep(0.3)
        assert worker.is_alive(), "the second writer did not wait for the lock"
    worker.join(timeout=10)

    assert "error" not in outcome
    assert operator_names(store) == ["admin", "lihua", "wangfang"]
    assert store.audit.verify().ok


def test_writer_that_waits_too_long_is_told_the_database_is_busy(store, admin, monkeypatch):
    monkeypatch.setattr(connection_module, "BUSY_TIMEOUT_MS", 200)
    with store.write():
        worker, outcome = run_in_thread(
            lambda: store.operators.add(admin, "wangfang", "duty", "duty-pass-01")
        )
        worker.join(timeout=10)

    assert isinstance(outcome.get("error"), StorageError)
    assert outcome["error"].key == "err.db_busy"
    assert operator_names(store) == ["admin"]


def test_two_admins_disabling_each_other_at_once_leave_one_active(store, admin):
    # The last-admin check runs inside the write lock, so the two cannot both pass it.
    from frontdesk.store import ValidationError

    deputy = store.operators.add(admin, "deputy", "admin", "deputy-pass-1")
    start = threading.Barrier(2)

    def disable(actor, target):
        start.wait()
        return store.operators.disable(actor, target)

    workers = [run_in_thread(lambda: disable(admin, "deputy")),
               run_in_thread(lambda: disable(deputy, "admin"))]
    for worker, _ in workers:
        worker.join(timeout=10)
    outcomes = [outcome for _, outcome in workers]

    errors = [o["error"] for o in outcomes if "error" in o]
    assert len(errors) == 1
    assert isinstance(errors[0], (ValidationError, AuthenticationFailed))
    active = store.db.execute(
        "SELECT count(*) FROM operators WHERE role = 'admin' AND disabled = 0").fetchone()[0]
    assert active == 1
    assert store.audit.verify().ok


# --- processes ------------------------------------------------------------------------

WRITER = """
import sys
from frontdesk.store import Store

path, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = Store.open(path)
admin = store.operators.get("admin")
print("ready", flush=True)
for i in range(count):
    store.operators.add(admin, f"{prefix}{i}", "reception", "reception-pass")
store.close()
print("done", flush=True)
"""


def test_two_processes_writing_at_once_both_succeed(store, admin, tmp_path):
    path = tmp_path / "fd.db"
    store.close()
    # Hold the write lock so both writers start while it is taken and must queue.
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), prefix, "3"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for prefix in ("east", "west")
    ]
    try:
        for writer in writers:
            assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        assert all(writer.poll() is None for writer in writers), "a writer did not wait"
    finally:
        holder.execute("COMMIT")
        holder.close()
    results = [writer.communicate(timeout=60) for writer in writers]

    assert [writer.returncode for writer in writers] == [0, 0], results
    reopened = Store.open(path)
    try:
        names = set(operator_names(reopened))
        assert names == {"admin"} | {f"{p}{i}" for p in ("east", "west") for i in range(3)}
        assert reopened.audit.verify().ok
        assert reopened.audit.verify().entries == 7
    finally:
        reopened.close()


# --- a full disk ----------------------------------------------------------------------


def fill_until_full(store, admin) -> tuple[StorageError, int]:
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    for i in range(500):
        try:
            store.operators.add(admin, f"user{i}", "reception", "reception-pass")
        except StorageError as error:
            return error, i
    pytest.fail("the database never filled up")


def test_full_disk_is_reported_and_nothing_half_written(store, admin):
    error, added = fill_until_full(store, admin)

    assert error.key == "err.disk_full"
    assert error.message == t("err.disk_full")
    assert isinstance(error.__cause__, sqlite3.OperationalError)
    assert not store.db.conn.in_transaction
    assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert store.operators.get(f"user{added}") is None
    assert len(operator_names(store)) == added + 1
    result = store.audit.verify()
    assert result.ok
    assert (result.entries, result.records) == (added + 1, added + 1)


def test_writes_work_again_when_space_is_freed(store, admin):
    _error, added = fill_until_full(store, admin)

    store.db.execute("PRAGMA max_page_count = 1000000")
    store.operators.add(admin, f"user{added}", "reception", "reception-pass")

    assert store.operators.get(f"user{added}") is not None
    assert store.audit.verify().ok


def test_full_disk_file_is_whole_for_another_program(store, admin, tmp_path):
    fill_until_full(store, admin)
    store.close()

    other = sqlite3.connect(tmp_path / "fd.db")
    try:
        assert other.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        other.close()
    reopened = Store.open(tmp_path / "fd.db")
    try:
        assert reopened.audit.verify().ok
    finally:
        reopened.close()


def test_read_only_connection_is_reported_as_such(store, admin):
    store.db.execute("PRAGMA query_only = 1")

    with pytest.raises(StorageError) as caught:
        store.operators.add(admin, "lihua", "reception", "reception-pass")

    assert caught.value.key == "err.db_write_readonly"
    store.db.execute("PRAGMA query_only = 0")
    assert operator_names(store) == ["admin"]


def test_other_database_errors_are_not_disguised(store, admin):
    with pytest.raises(sqlite3.IntegrityError):
        with store.write() as db:
            db.execute("UPDATE operators SET role = 'boss' WHERE name = 'admin'")
    assert store.operators.get("admin").role.value == "admin"


def test_store_can_be_closed_and_reopened(store, admin, tmp_path, clock):
    path: Path = store.path
    store.close()

    with Store.open(path, clock=clock) as reopened:
        assert reopened.operators.get("admin") == admin
