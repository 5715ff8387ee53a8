"""What the command-line tests share: a clean environment, an initialised
database, and running the CLI in-process.

The fixtures reach every test through ``pytest_plugins`` in the tests' conftest; a
module that wants the clean environment asks for it with ``usefixtures``."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontdesk.cli import cli
from frontdesk.i18n import get_language, set_language
from frontdesk.store import Store

ADMIN_PASSWORD = "admin-pass-1"
VENV_BIN = Path(sys.executable).parent
LANGS = {"zh": 0, "en": 1}


@pytest.fixture
def clean_environment(monkeypatch, tmp_path) -> Iterator[None]:
    """No settings file, no inherited FRONTDESK_* variables, Chinese afterwards."""
    for name in ("FRONTDESK_DB", "FRONTDESK_OPERATOR", "FRONTDESK_PASSWORD", "FRONTDESK_LANG",
                 "FRONTDESK_DEMO_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRONTDESK_CONFIG", str(tmp_path / "no-settings.toml"))
    before = get_language()
    yield
    set_language(before)


def run(*args: str, input: str | None = None, env: dict | None = None) -> Result:
    """Invoke the CLI in-process; whatever happens, no traceback reaches the operator."""
    result = CliRunner().invoke(cli, list(args), input=input, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unhandled {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    return result


def as_admin(password: str = ADMIN_PASSWORD) -> dict:
    return {"FRONTDESK_OPERATOR": "admin", "FRONTDESK_PASSWORD": password}


def one_line(result: Result) -> str:
    """The single stderr line of a refusal."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert lines[0].strip()
    return lines[0]


@pytest.fixture(scope="module")
def initialised(tmp_path_factory) -> bytes:
    """The bytes of a database made by ``init`` with one admin (made once, copied)."""
    path = tmp_path_factory.mktemp("init") / "fd.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRONTDESK_PASSWORD", ADMIN_PASSWORD)
        patch.setenv("FRONTDESK_CONFIG", str(path.parent / "none.toml"))
        result = CliRunner().invoke(cli, ["--db", str(path), "init", "--admin", "admin"])
    assert result.exit_code == 0, result.output
    return path.read_bytes()


@pytest.fixture
def db(tmp_path, initialised) -> str:
    path = tmp_path / "fd.db"
    path.write_bytes(initialised)
    return str(path)


@pytest.fixture
def clerk(db) -> str:
    """A reception operator, lihua, added through the CLI."""
    result = run("--db", db, "operator", "add", "lihua", "--role", "reception",
                 input="reception-pass\n", env=as_admin())
    assert result.exit_code == 0, result.output
    return "lihua"


def rows(db: str, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def can_log_in(db: str, name: str, password: str) -> bool:
    with Store.open(db) as store:
        return store.operators.check_password(store.operators.get(name), password)


