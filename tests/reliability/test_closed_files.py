"""Closed files, tried as another local account would: the office's register is
made, backed up, exported and printed by the ``frontdesk`` program (a process of
its own, started with the usual umask 022), in a folder any account may enter;
then only ``os``, ``stat`` and ``sqlite3`` look at what it left, and a second
OS account (``nobody``, through ``setpriv``) tries to read the backup.

The application's code is not imported here: what is tested is the program as
installed.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import testdata

FRONTDESK = Path(sys.executable).parent / "frontdesk"
PASSWORD = "Closed-files-2026"
CANARY_ID = testdata.resident_id("44030419650312101")
NOBODY = 65534


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder every account may enter and list (as a shared office folder
    would be), so only the modes of what the program makes keep others out."""
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-shared-"))
    os.chmod(folder, 0o755)
    (folder / "settings.toml").write_text(f'exports_dir = "{folder / "exports"}"\n', encoding="utf-8")
    os.chmod(folder / "settings.toml", 0o644)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def frontdesk(folder: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    # A home of its own: the audit key and the records of databases seen live there, and
    # tests running at the same time must not share them.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRONTDESK_", "XDG_"))}
    env.update(HOME=str(folder / "home"), FRONTDESK_CONFIG=str(folder / "settings.toml"), FRONTDESK_LANG="en",
               FRONTDESK_OPERATOR="admin", FRONTDESK_PASSWORD=PASSWORD)
    done = subprocess.run([str(FRONTDESK), "--db", str(folder / "fd.db"), *args], env=env, input=input,
                          capture_output=True, text=True, umask=0o022, timeout=120)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def make_office(folder: Path) -> tuple[dict[str, Path], dict[str, int]]:
    """The register and every kind of file made from it (name -> path), and
    their modes (the database's -wal and -shm taken while a connection holds them)."""
    yesterday = (datetime.now() - timedelta(days=1)).replace(hour=10, minute=30)
    frontdesk(folder, "init", "--admin", "admin")
    visit = folder / "visit.json"
    visit.write_text(json.dumps({
        "visited_at": yesterday.strftime("%Y-%m-%d %H:%M"), "subject": "拖欠工资",
        "visitors": [{"name": "张三", "id_number": CANARY_ID, "phone": "13800138000"}]}), encoding="utf-8")
    frontdesk(folder, "visit", "add", str(visit), "--slip", str(folder / "slip.txt"))
    year = datetime.now().year
    frontdesk(folder, "visit", "slip", f"V{year}-000001", "-o", str(folder / "slip-again.txt"))
    frontdesk(folder, "backup", str(folder / "backup.db"))
    frontdesk(folder, "export", "-o", str(folder / "export.jsonl"))
    frontdesk(folder, "letter", "export", str(folder / "letters.csv"))
    frontdesk(folder, "report", "daily", "-o", str(folder / "report.txt"))
    frontdesk(folder, "report", "daily", "--format", "docx")
    frontdesk(folder, "duty", "roster", "add", "劳动节", "--start", "2026-05-01", "--end", "2026-05-05",
              "--unit", "区教育局")
    frontdesk(folder, "duty", "roster", "export", "劳动节")
    exports = folder / "exports"
    files = {name: folder / name for name in (
        "fd.db", "backup.db", "export.jsonl", "letters.csv", "report.txt", "slip.txt", "slip-again.txt")}
    for made in exports.rglob("*"):
        files[str(made.relative_to(folder))] = made
    # The write-ahead log and its index exist while a connection is open.
    conn = sqlite3.connect(folder / "fd.db")
    try:
        conn.execute("SELECT count(*) FROM visits").fetchone()
        for name in ("fd.db-wal", "fd.db-shm"):
            files[name] = folder / name
            assert files[name].exists()
        modes = {name: stat.S_IMODE(os.stat(path).st_mode) for name, path in files.items()}
    finally:
        conn.close()
    return files, modes


def test_every_file_the_program_makes_is_the_owners_alone(shared):
    made, modes = make_office(shared)
    assert any(name.endswith(".xlsx") for name in modes) and any(name.endswith(".docx") for name in modes)
    assert {name: oct(mode) for name, mode in modes.items() if mode & 0o077} == {}
    for name, mode in modes.items():
        kind = 0o700 if made[name].is_dir() else 0o600
        assert mode == kind, (name, oct(mode))
    # The backup does hold what must not leak: the ID number, in full.
    with sqlite3.connect(f"file:{made['backup.db']}?mode=ro", uri=True) as conn:
        assert CANARY_ID in {row[0] for row in conn.execute("SELECT id_number FROM parties")}


def _as_nobody(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command],
                          capture_output=True, timeout=30)


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root and setpriv to act as a second account")
def test_another_account_cannot_read_the_backup(shared):
    made, _modes = make_office(shared)
    # The same account reading a file left open proves the second account can
    # reach the folder: only the backup's own mode keeps it out.
    control = shared / "open.txt"
    control.write_text(CANARY_ID, encoding="utf-8")
    os.chmod(control, 0o644)
    assert _as_nobody("cat", str(control)).stdout.decode() == CANARY_ID
    for name in ("backup.db", "fd.db", "export.jsonl", "slip.txt", "report.txt", "letters.csv"):
        tried = _as_nobody("cat", str(made[name]))
        assert tried.returncode != 0, name
        assert b"Permission denied" in tried.stderr, (name, tried.stderr)
        assert CANARY_ID.encode() not in tried.stdout
    listed = _as_nobody("ls", str(shared / "exports"))
    assert listed.returncode != 0 and b"Permission denied" in listed.stderr


def test_files_left_open_by_an_older_version_are_closed_with_a_note(shared):
    frontdesk(shared, "init", "--admin", "admin")
    db = shared / "fd.db"
    with sqlite3.connect(db) as conn:  # leaves a -wal and -shm behind while open
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("SELECT count(*) FROM operators").fetchone()
        for path in (db, shared / "fd.db-wal", shared / "fd.db-shm"):
            os.chmod(path, 0o644)
        done = frontdesk(shared, "audit", "verify")
        note = done.stderr.splitlines()
        assert len(note) == 1 and "closed to other accounts" in note[0] and str(db) in note[0]
        for path in (db, shared / "fd.db-wal", shared / "fd.db-shm"):
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    assert frontdesk(shared, "audit", "verify").stderr == ""
