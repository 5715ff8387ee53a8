"""Opening the database file: what is refused, what is left untouched, how it is set up."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from frontdesk.store import DatabaseOpenError, StorageError, Store
from frontdesk.store.core import connection as connection_module
from frontdesk.store.core import migrations as migrations_module

MIGRATION_NAMES = [m.name for m in migrations_module.migration_set()._migrations]


def snapshot(path: Path) -> tuple[bytes, int]:
    """The file's bytes and inode, to show it was neither changed nor replaced."""
    return path.read_bytes(), path.stat().st_ino


def make_database(path: Path, clock) -> None:
    """A real database with a few operators and audit entries, closed cleanly."""
    store = Store.open(path, create=True, clock=clock)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    for name in ("lihua", "wangfang"):
        store.operators.add(admin, name, "reception", "reception-pass")
    store.close()


def open_error(path: Path, **kwargs) -> DatabaseOpenError:
    with pytest.raises(DatabaseOpenError) as caught:
        Store.open(path, **kwargs)
    return caught.value


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("template") / "made.db"
    make_database(path, lambda: datetime(2026, 3, 2, 9, 15))
    return path.read_bytes()


@pytest.fixture
def made(tmp_path, template) -> Path:
    """A copy of a real database with three operators, closed cleanly."""
    path = tmp_path / "made.db"
    path.write_bytes(template)
    return path


# --- refused files ---------------------------------------------------------------


def test_missing_file_without_create_is_refused_and_not_created(tmp_path):
    path = tmp_path / "absent.db"

    error = open_error(path)

    assert error.kind == "missing"
    assert error.exit_code == 3
    assert error.key == "err.db_missing"
    assert str(path) in error.message
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_refused_even_with_create(tmp_path):
    folder = tmp_path / "no" / "such" / "folder"

    error = open_error(folder / "fd.db", create=True)

    assert error.kind == "not_dir"
    assert error.exit_code == 3
    assert str(folder) in error.message
    assert not (tmp_path / "no").exists()


def test_empty_file_counts_as_missing_without_create(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()

    error = open_error(path)

    assert error.kind == "missing"
    assert path.read_bytes() == b""


def test_random_bytes_file_is_refused_untouched(tmp_path):
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(8192))
    before = snapshot(path)

    error = open_error(path, create=True)

    assert error.kind == "not_database"
    assert error.exit_code == 4
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["random.db"]


def test_text_file_with_a_database_name_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("信访登记 2026\n" * 200, encoding="utf-8")
    before = snapshot(path)

    assert open_error(path, create=True).kind == "not_database"
    assert snapshot(path) == before


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_database_of_another_program_is_refused_untouched(tmp_path, journal):
    # A wrong --db must not turn someone else's database into ours.
    path = tmp_path / "places.sqlite"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA journal_mode = {journal}")
    raw.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)")
    raw.execute("INSERT INTO bookmarks (url) VALUES ('https://www.szft.gov.cn/')")
    raw.commit()
    raw.close()
    before = snapshot(path)

    error = open_error(path, create=True)

    assert error.kind == "not_database"
    assert error.exit_code == 4
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


def test_folder_in_place_of_the_file_is_refused(tmp_path):
    (tmp_path / "fd.db").mkdir()

    assert open_error(tmp_path / "fd.db", create=True).kind == "not_database"


@pytest.mark.parametrize("keep", [0.5, 0.1])
def test_truncated_database_is_refused_untouched(made, keep):
    whole = made.read_bytes()
    made.write_bytes(whole[: int(len(whole) * keep)])
    before = snapshot(made)

    error = open_error(made, create=True)

    assert error.kind == "truncated"
    assert error.exit_code == 4
    assert error.key == "err.db_truncated"
    assert snapshot(made) == before
    assert not made.with_name(made.name + "-wal").exists()


def test_database_cut_inside_its_header_is_not_a_database(made):
    made.write_bytes(made.read_bytes()[:60])
    before = snapshot(made)

    assert open_error(made).kind == "not_database"
    assert snapshot(made) == before


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root may write a file or folder whatever its mode, so a chmod cannot make it read-only",
)
@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_or_folder_is_refused_untouched(made, what):
    target = made if what == "file" else made.parent
    mode = target.stat().st_mode
    target.chmod(0o444 if what == "file" else 0o555)
    try:
        before = snapshot(made)
        error = open_error(made)
        assert error.kind == "readonly"
        assert error.exit_code == 5
        assert snapshot(made) == before
    finally:
        target.chmod(mode)


def test_file_the_system_says_is_not_writable_is_refused_untouched(made, monkeypatch):
    # The same refusal as the chmod test above, in a form that also holds as root:
    # the operating system answers "not writable" for the database file.
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if Path(path) == made and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(connection_module.os, "access", access)
    before = snapshot(made)

    error = open_error(made)

    assert error.kind == "readonly"
    assert error.exit_code == 5
    assert snapshot(made) == before


def test_unknown_applied_migration_means_a_newer_program(made):
    raw = sqlite3.connect(made)
    raw.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('frontdesk', 'add_time_travel', '2027-01-01 00:00:00')"
    )
    raw.commit()
    raw.close()
    before = snapshot(made)

    error = open_error(made)

    assert error.kind == "too_new"
    assert error.exit_code == 7
    assert "add_time_travel" in error.message
    assert snapshot(made) == before


def test_migrations_of_another_set_are_not_ours_to_judge(made):
    raw = sqlite3.connect(made)
    raw.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('some_plugin', 'add_widgets', '2027-01-01 00:00:00')"
    )
    raw.commit()
    raw.close()

    store = Store.open(made)
    try:
        assert store.operators.count() == 3
    finally:
        store.close()


# --- locks -------------------------------------------------------------------------


@pytest.fixture
def short_busy_timeout(monkeypatch) -> float:
    monkeypatch.setattr(connection_module, "BUSY_TIMEOUT_MS", 300)
    return 0.3


def test_database_held_exclusively_by_another_program_is_locked(made, short_busy_timeout):
    before = snapshot(made)
    holder = sqlite3.connect(made, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("SELECT count(*) FROM operators").fetchone()
    try:
        started = time.monotonic()
        error = open_error(made)
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert error.kind == "locked"
    assert error.exit_code == 6
    assert short_busy_timeout * 0.8 <= waited < 5
    assert snapshot(made) == before


def test_rollback_journal_database_in_an_exclusive_transaction_is_locked(made, short_busy_timeout):
    raw = sqlite3.connect(made)
    raw.execute("PRAGMA journal_mode = DELETE")
    raw.close()
    before = snapshot(made)
    holder = sqlite3.connect(made, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        error = open_error(made)
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert error.kind == "locked"
    assert short_busy_timeout * 0.8 <= waited < 5
    assert snapshot(made) == before


def test_exclusive_transaction_on_a_wal_database_lets_readers_in_but_not_writers(
    made, clock, short_busy_timeout
):
    # In WAL mode BEGIN EXCLUSIVE only takes the write lock: the store opens and
    # reads, and a save waits the busy timeout, then reports the database busy.
    holder = sqlite3.connect(made, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = Store.open(made, clock=clock)
        try:
            assert store.operators.count() == 3
            admin = store.operators.get("admin")
            with pytest.raises(StorageError) as caught:
                store.operators.add(admin, "zhaolei", "duty", "duty-pass-1")
            assert caught.value.key == "err.db_busy"
        finally:
            store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    raw = sqlite3.connect(made)
    assert raw.execute("SELECT count(*) FROM operators WHERE name = 'zhaolei'").fetchone()[0] == 0
    raw.close()


# --- connection settings ----------------------------------------------------------


def pragmas(db) -> dict[str, object]:
    return {
        name: db.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    }


EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": connection_module.BUSY_TIMEOUT_MS,
}


def test_connection_is_wal_full_sync_with_foreign_keys(store):
    assert pragmas(store.db) == EXPECTED_PRAGMAS


def test_each_thread_gets_its_own_connection_with_the_same_settings(store):
    seen: dict[str, object] = {}

    def in_thread():
        seen["pragmas"] = pragmas(store.db)
        seen["conn"] = store.db.conn

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()

    assert seen["pragmas"] == EXPECTED_PRAGMAS
    assert seen["conn"] is not store.db.conn


def test_foreign_keys_are_enforced(store, admin):
    with pytest.raises(sqlite3.IntegrityError):
        with store.write() as db:
            db.execute(
                "INSERT INTO preferences (operator_id, key, value) VALUES (999, 'theme', 'dark')"
            )


def test_wal_mode_is_kept_in_the_file(made):
    raw = sqlite3.connect(made)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


# --- migrations ----------------------------------------------------------------


def applied_rows(path: Path) -> list[tuple[str, str, str]]:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(
            "SELECT migration_set, name, applied_at FROM _sqlite_migrations ORDER BY id"
        ).fetchall()
    finally:
        raw.close()


def test_new_database_records_each_migration_once(made):
    rows = applied_rows(made)

    assert [(s, n) for s, n, _ in rows] == [("frontdesk", name) for name in MIGRATION_NAMES]


def test_opening_again_applies_nothing(made, clock):
    before = applied_rows(made)

    store = Store.open(made, clock=clock)
    try:
        assert migrations_module.apply_pending(store.db) == []
        assert migrations_module.migration_set().pending(store.db) == []
    finally:
        store.close()

    assert applied_rows(made) == before


def test_pending_migrations_are_applied_in_order_and_reported(tmp_path):
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "bare.db")
    try:
        assert migrations_module.apply_pending(db) == MIGRATION_NAMES
        assert migrations_module.apply_pending(db) == []
        assert {"operators", "audit_log", "preferences"} <= set(db.table_names())
    finally:
        db.close()


def test_an_older_database_gets_only_its_missing_migrations(tmp_path, clock):
    import sqlite_utils

    path = tmp_path / "older.db"
    db = sqlite_utils.Database(path)
    migrations_module.migration_set().apply(db, stop_before=MIGRATION_NAMES[-1])
    db.close()
    before = applied_rows(path)

    store = Store.open(path, clock=clock)
    store.close()

    after = applied_rows(path)
    assert after[: len(before)] == before
    assert [n for _, n, _ in after] == MIGRATION_NAMES
