"""Closed files from the command line: every command sets the umask that keeps
files to their owner, and a database left open to others is closed on opening
with one line on stderr saying so."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cli_support import as_admin, one_line, run

pytestmark = pytest.mark.usefixtures("clean_environment")


def mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_command_closes_what_it_writes_whatever_the_umask_was(db, tmp_path, open_umask):
    result = run("--db", db, "backup", str(tmp_path / "copy.db"), env=as_admin())
    assert result.exit_code == 0, result.output
    assert mode(tmp_path / "copy.db") == 0o600
    result = run("--db", db, "letter", "export", str(tmp_path / "letters.csv"), env=as_admin())
    assert result.exit_code == 0, result.output
    assert mode(tmp_path / "letters.csv") == 0o600
    made = tmp_path / "new" / "fd.db"
    made.parent.mkdir()
    result = run("--db", str(made), "init", "--admin", "admin", env={"FRONTDESK_PASSWORD": "admin-pass-1"})
    assert result.exit_code == 0, result.output
    assert mode(made) == 0o600


@pytest.mark.parametrize("lang, words", [("zh", "已收紧权限"), ("en", "closed to other accounts")])
def test_a_database_open_to_others_is_closed_with_one_line(db, lang, words):
    os.chmod(db, 0o644)
    result = run("--lang", lang, "--db", db, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert words in one_line(result) and db in one_line(result)
    assert mode(db) == 0o600
    assert run("--db", db, "audit", "verify").stderr == ""
