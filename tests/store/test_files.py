"""Closed files at the store and in the writers: the database, its -wal/-shm and
backups are 0600 whatever the umask; a database left open to others by an
older version is closed on opening and the store says which files; a file
written over is closed before it is written; folders made are 0700."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk.store import Store
from frontdesk.store.core.files import open_private, private_folder, tighten, write_private
from frontdesk.store.shared.backup import backup


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask of a login shell (022), as before the program sets its own."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_new_database_and_its_log_are_the_owners_alone(tmp_path, open_umask):
    path = tmp_path / "fd.db"
    with Store.open(path, create=True) as store:
        store.operators.create_first_admin("admin", "admin-pass-1")
        assert store.tightened == []
        for name in ("fd.db", "fd.db-wal", "fd.db-shm"):
            assert mode(tmp_path / name) == 0o600, name


def test_files_left_open_are_closed_on_opening_and_listed(tmp_path, migrated_database, open_umask):
    path = tmp_path / "fd.db"
    path.write_bytes(migrated_database)
    held = sqlite3.connect(path)  # keeps the -wal and -shm while the store opens
    held.execute("PRAGMA journal_mode = WAL")
    held.execute("SELECT 1 FROM operators").fetchall()
    try:
        for name in ("fd.db", "fd.db-wal", "fd.db-shm"):
            os.chmod(tmp_path / name, 0o644)
        with Store.open(path) as store:
            assert sorted(p.name for p in store.tightened) == ["fd.db", "fd.db-shm", "fd.db-wal"]
        for name in ("fd.db", "fd.db-wal", "fd.db-shm"):
            assert mode(tmp_path / name) == 0o600, name
        with Store.open(path) as store:
            assert store.tightened == []
    finally:
        held.close()


def test_a_backup_is_made_closed(store, admin, tmp_path, open_umask):
    target = backup(store, admin, tmp_path / "copy.db")
    assert mode(target) == 0o600


def test_writing_over_a_file_open_to_others_closes_it_first(tmp_path, open_umask):
    path = tmp_path / "old.csv"
    path.write_text("old", encoding="utf-8")
    assert mode(path) == 0o644
    write_private(path, "new")
    assert mode(path) == 0o600 and path.read_text(encoding="utf-8") == "new"
    log = tmp_path / "log.txt"
    log.write_text("one\n", encoding="utf-8")
    with open_private(log, "a") as out:
        out.write("two\n")
    assert mode(log) == 0o600 and log.read_text(encoding="utf-8") == "one\ntwo\n"


def test_folders_made_are_closed_and_folders_found_are_left(tmp_path, open_umask):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    made = private_folder(shared / "exports" / "slips")
    assert mode(shared / "exports") == 0o700 and mode(made) == 0o700
    assert mode(shared) == 0o755  # chosen by the owner: not the program's to change


def test_tighten_changes_only_what_is_open(tmp_path):
    closed = write_private(tmp_path / "closed.txt", "x")
    open_file = tmp_path / "open.txt"
    open_file.write_text("x", encoding="utf-8")
    os.chmod(open_file, 0o664)
    folder = tmp_path / "folder"
    folder.mkdir()
    os.chmod(folder, 0o755)
    assert tighten([closed, open_file, folder, tmp_path / "missing"]) == [open_file, folder]
    assert mode(open_file) == 0o600 and mode(folder) == 0o700
