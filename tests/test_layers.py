"""The layers: the store has no UI, and the UI and the CLI hold no SQL."""

from __future__ import annotations

import ast
import importlib
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
    with (tmp_path / "frontdesk" / "store" / "core" / "validate.py").open("a", encoding="utf-8") as f:
        f.write("\nimport click  # planted by the test\n")

    done = run_lint_imports(tmp_path, python_path=tmp_path)

    assert done.returncode != 0
    assert "frontdesk.store.core.validate -> click" in done.stdout


# --- no SQL outside the store --------------------------------------------------------------


def test_no_sql_outside_the_store():
    assert sql_in(modules_outside_the_store()) == []


def test_screens_and_tui_are_scanned():
    scanned = {path.parent.name for path in modules_outside_the_store()}

    for folder in ("tui", "screens"):
        if (PACKAGE / folder).is_dir():
            assert folder in scanned


def test_sql_scan_finds_the_sql_in_the_store():
    store_files = sorted((PACKAGE / "store").rglob("*.py"))

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


# --- Textual's private modules --------------------------------------------------------------

# Names the app takes from a private Textual module because Textual exports them
# nowhere else; ``test_the_allowed_private_names_are_still_private`` drops an entry
# once a release makes it public.
PRIVATE_TEXTUAL_ALLOWED = {
    # The dropdown of a Select, which the app styles and focuses.
    ("textual.widgets._select", "SelectOverlay"),
}


def private_textual(dotted_name: str) -> tuple[str, str] | None:
    """(private module, name taken from it) for a path such as
    ``textual.widgets._select.InvalidSelectValueError``; None for a public path."""
    parts = dotted_name.split(".")
    if parts[0] != "textual":
        return None
    for index, part in enumerate(parts[1:], start=1):
        if part.startswith("_"):
            return ".".join(parts[:index + 1]), ".".join(parts[index + 1:index + 2])
    return None


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for an attribute chain on a name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def private_textual_uses(paths: list[Path], root: Path = PROJECT) -> list[str]:
    """Every name taken from a private Textual module (imported, or reached by an
    attribute path), but the allowed ones."""
    found = set()
    for path in paths:
        where = path.relative_to(root)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and private_textual(node.module + ".x"):
                found |= {f"{where}:{node.lineno}: from {node.module} import {alias.name}"
                          for alias in node.names if (node.module, alias.name) not in PRIVATE_TEXTUAL_ALLOWED}
            elif isinstance(node, ast.Import):
                found |= {f"{where}:{node.lineno}: import {alias.name}"
                          for alias in node.names if private_textual(alias.name)}
            elif isinstance(node, ast.Attribute) and (taken := private_textual(dotted(node) or "")):
                module, name = taken
                if name and taken not in PRIVATE_TEXTUAL_ALLOWED:
                    found.add(f"{where}:{node.lineno}: {module}.{name}")
    return sorted(found)


def test_no_module_takes_a_name_from_a_private_textual_module():
    paths = [path for folder in (PACKAGE, PROJECT / "tests", PROJECT / "benchmarks")
             for path in sorted(folder.rglob("*.py"))]
    assert private_textual_uses(paths) == []


def test_the_private_textual_scan_finds_imports_and_attribute_paths(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "import textual.widgets._select\n"
        "from textual.widgets._select import InvalidSelectValueError, SelectOverlay\n"
        "from textual.widgets.select import InvalidSelectValueError as Public\n"
        "from textual.widgets import Select\n"
        "error = textual.widgets._select.InvalidSelectValueError.args\n",
        encoding="utf-8",
    )
    assert [line.split(": ", 1)[1] for line in private_textual_uses([module], tmp_path)] == [
        "import textual.widgets._select",
        "from textual.widgets._select import InvalidSelectValueError",
        "textual.widgets._select.InvalidSelectValueError",
    ]


@pytest.mark.parametrize(("module", "name"), sorted(PRIVATE_TEXTUAL_ALLOWED))
def test_the_allowed_private_names_are_still_private(module, name):
    assert hasattr(importlib.import_module(module), name)
    public = ".".join(part.lstrip("_") for part in module.split("."))
    exported = [place for place in (public, public.rsplit(".", 1)[0]) if exports(place, name)]
    assert exported == [], f"{name} is public now: import it from {exported[0]}"


def exports(module: str, name: str) -> bool:
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False
