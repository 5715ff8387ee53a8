"""The layers: the store has no UI, and the UI and the CLI hold no SQL."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import frontdesk

PACKAGE = Path(frontdesk.__file__).parent
PROJECT = PACKAGE.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
UI_MODULES = ("textual", "click", "rich", "frontdesk.tui", "frontdesk.screens", "frontdesk.cli")

SQL = [
    re.compile(r"\bSELECT\b[\s\S]+\bFROM\b"),
    # lower-case SQL: a column list, then FROM and a table (prose rarely has this shape)
    re.compile(r"\bselect\s+(\*|count\(\*\)|[\w\[\]]+(\s*,\s*[\w\[\]]+)*)\s+from\s+\[?\w+",
               re.IGNORECASE),
    re.compile(r"\bINSERT\s+(OR\s+\w+\s+)?INTO\b", re.IGNORECASE),
    re.compile(r"\bUPDATE\s+\[?\w+\]?\s+SET\b", re.IGNORECASE),
    re.compile(r"\bDELETE\s+FROM\b", re.IGNORECASE),
    re.compile(r"\bCREATE\s+(TABLE|INDEX|TRIGGER)\b", re.IGNORECASE),
]


def strings_in(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module (f-strings by their literal parts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(part.value if isinstance(part, ast.Constant) else "x"
                           for part in node.values)
            found.append((node.lineno, text))
    return found


def sql_in(paths: list[Path]) -> list[str]:
    return [
        f"{path.relative_to(PROJECT)}:{line}: {text.strip()[:60]}"
        for path in paths
        for line, text in strings_in(path)
        if any(pattern.search(text) for pattern in SQL)
    ]


def modules_outside_the_store() -> list[Path]:
    store = PACKAGE / "store"
    return [path for path in sorted(PACKAGE.rglob("*.py")) if store not in path.parents]


# --- the store never imports a UI ------------------------------------------------------------

IMPORT_EVERY_STORE_MODULE = """
import importlib, json, pkgutil, sys
import sqlite_utils  # the database library itself loads click for its own CLI
library = set(sys.modules)
import frontdesk.store
for info in pkgutil.walk_packages(frontdesk.store.__path__, "frontdesk.store."):
    importlib.import_module(info.name)
ui = {ui!r}
is_ui = lambda name: any(name == u or name.startswith(u + ".") for u in ui)
print(json.dumps({{
    "everywhere": sorted(n for n in sys.modules if is_ui(n)),
    "added_by_the_store": sorted(n for n in set(sys.modules) - library if is_ui(n)),
    "store_modules": sorted(n for n in sys.modules if n.startswith("frontdesk.store.")),
}}))
"""


def test_importing_every_store_module_loads_no_ui():
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_STORE_MODULE.format(ui=UI_MODULES)],
        capture_output=True, text=True, timeout=60, cwd=PROJECT,
    )

    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert len(loaded["store_modules"]) >= 8
    assert loaded["added_by_the_store"] == []
    assert not [n for n in loaded["everywhere"] if n.split(".")[0] in ("textual", "rich")]
    assert not [n for n in loaded["everywhere"] if n.startswith("frontdesk.")]


def run_lint_imports(cwd: Path, python_path: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if python_path is not None:
        env["PYTHONPATH"] = str(python_path)
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], capture_output=True,
                          text=True, timeout=120, cwd=cwd, env=env)


needs_lint_imports = pytest.mark.skipif(not LINT_IMPORTS.exists(),
                                        reason="import-linter is not installed")


@needs_lint_imports
def test_import_linter_contract_is_kept():
    done = run_lint_imports(PROJECT)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@needs_lint_imports
def test_import_linter_contract_catches_a_store_importing_click(tmp_path):
    # The same contract on a copy of the package with one forbidden import planted.
    shutil.copytree(PACKAGE, tmp_path / "frontdesk",
                    ignore=shutil.ignore_patterns("__pycache__", "*.tcss"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "frontdesk" / "store" / "validate.py").open("a", encoding="utf-8") as f:
        f.write("\nimport click  # planted by the test\n")

    done = run_lint_imports(tmp_path, python_path=tmp_path)

    assert done.returncode != 0
    assert "frontdesk.store.validate -> click" in done.stdout


# --- no SQL outside the store --------------------------------------------------------------


def test_no_sql_outside_the_store():
    assert sql_in(modules_outside_the_store()) == []


def test_screens_and_tui_are_scanned():
    scanned = {path.parent.name for path in modules_outside_the_store()}

    for folder in ("tui", "screens"):
        if (PACKAGE / folder).is_dir():
            assert folder in scanned


def test_sql_scan_finds_the_sql_in_the_store():
    store_files = sorted((PACKAGE / "store").glob("*.py"))

    found = sql_in(store_files)

    assert any("operators.py" in hit and "SELECT" in hit for hit in found)
    assert any("audit.py" in hit and "INSERT INTO audit_log" in hit for hit in found)
    assert any("migrations.py" in hit for hit in found)


@pytest.mark.parametrize(
    ("text", "is_sql"),
    [
        ("SELECT name FROM operators", True),
        ("select count(*) from visits", True),
        ("select id, name from operators", True),
        ("insert into visits (a) values (1)", True),
        ("INSERT OR REPLACE INTO counters VALUES (?)", True),
        ("update [visits] set subject = ?", True),
        ("DELETE FROM parties WHERE id = ?", True),
        ("Select a unit from the list", False),
        ("选择转送单位", False),
        ("delete the draft", False),
    ],
)
def test_sql_patterns(text, is_sql):
    assert any(pattern.search(text) for pattern in SQL) is is_sql
