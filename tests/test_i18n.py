"""The message catalog: every message in both languages, every key in use defined."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

import frontdesk
from frontdesk.i18n import CATALOG, get_language, set_language, t
from frontdesk.store.shared.permissions import PERMISSIONS

SOURCE = Path(frontdesk.__file__).parent
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
NAMESPACES = {key.split(".")[0] for key in CATALOG}
# Dotted names that share a namespace with message keys but are something else.
FILE_SUFFIXES = {"py", "tcss", "css", "toml", "db", "json", "txt", "md", "docx", "xlsx", "csv"}
NOT_KEYS = set(PERMISSIONS)  # "audit.read" names a permission, not a message
# Calls whose string arguments are message keys.
KEY_CALLS = {
    "t", "StoreError", "ValidationError", "PermissionDenied", "AuthenticationFailed",
    "StorageError", "DatabaseOpenError", "Problem",
}


@pytest.fixture(autouse=True)
def keep_language() -> Iterator[None]:
    before = get_language()
    yield
    set_language(before)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# --- the catalog -------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_entry_has_both_languages_with_the_same_placeholders(key):
    entry = CATALOG[key]

    assert isinstance(entry, tuple) and len(entry) == 2
    zh, en = entry
    assert isinstance(zh, str) and zh.strip(), f"{key}: no Chinese"
    assert isinstance(en, str) and en.strip(), f"{key}: no English"
    assert placeholders(zh) == placeholders(en), f"{key}: placeholders differ"


def test_keys_look_like_keys():
    assert [key for key in CATALOG if not KEY.match(key)] == []


def test_chinese_is_the_default_and_english_follows_set_language():
    set_language("zh")
    assert t("role.reception") == "接访员"
    set_language("en")
    assert t("role.reception") == "reception"
    assert t("err.too_long", field="password", max=256) == "password must be at most 256 characters"


def test_unknown_key_and_unknown_language_are_refused():
    with pytest.raises(KeyError, match="no.such.key"):
        t("no.such.key")
    with pytest.raises(ValueError):
        set_language("fr")


def test_chinese_messages_are_chinese():
    # A Chinese entry that is pure ASCII letters usually means an untranslated copy.
    untranslated = [key for key, (zh, en) in CATALOG.items()
                    if zh == en and re.search(r"[A-Za-z]{4}", re.sub(r"\{[^}]*\}", "", zh))]

    assert untranslated == []


# --- keys used in the source ----------------------------------------------------------------


def python_files() -> list[Path]:
    return [path for path in sorted(SOURCE.rglob("*.py")) if "i18n" not in path.parts]


def call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def looks_like_key(value: str) -> bool:
    parts = value.split(".")
    is_file_name = len(parts) == 2 and parts[1] in FILE_SUFFIXES  # "slip.tcss"
    return (bool(KEY.match(value)) and parts[0] in NAMESPACES and not is_file_name
            and value not in NOT_KEYS)


def scan(tree: ast.AST) -> tuple[set[str], set[str], set[str]]:
    """(keys, key prefixes of built keys, strings passed where a key must go)."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    demanded: set[str] = set()
    in_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            in_fstring.update(id(part) for part in node.values)
            first = node.values[0] if node.values else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                prefixes.add(first.value)
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
              and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):
            prefixes.add(node.left.value)
        elif isinstance(node, ast.Call) and call_name(node) in KEY_CALLS:
            for arg in node.args:
                for inner in ast.walk(arg):
                    if (isinstance(inner, ast.Constant) and isinstance(inner.value, str)
                            and "." in inner.value):
                        demanded.add(inner.value)
        if isinstance(node, ast.keyword) and node.arg == "help":
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                demanded.add(node.value.value)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in in_fstring and looks_like_key(node.value)):
            keys.add(node.value)
    prefixes = {p for p in prefixes if re.match(r"^[a-z][a-z0-9_]*\.", p)
                and p.split(".")[0] in NAMESPACES}
    return keys, prefixes, demanded


def keys_in_source() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    keys: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    demanded: dict[str, str] = {}
    for path in python_files():
        found, built, passed = scan(ast.parse(path.read_text(encoding="utf-8")))
        where = str(path.relative_to(SOURCE.parent))
        for target, items in ((keys, found), (prefixes, built), (demanded, passed)):
            for item in items:
                target.setdefault(item, where)
    return keys, prefixes, demanded


KEYS, PREFIXES, DEMANDED = keys_in_source()


def test_scan_finds_the_keys_in_use():
    assert len(KEYS) > 50
    # A few that are passed in different ways: t(), help=, an exception, a detail key.
    assert {"cli.init.created", "cli.help.init", "cli.help.json", "err.last_admin", "err.db_missing",
            "audit.detail.gap", "action.operator_manage"} <= set(KEYS)
    assert {"role.", "action.", "cli.help.operator_"} <= set(PREFIXES)


def test_every_key_used_in_the_source_is_in_the_catalog():
    missing = {key: where for key, where in KEYS.items() if key not in CATALOG}

    assert missing == {}


def test_every_string_passed_as_a_key_is_in_the_catalog():
    # Also catches a key in a namespace the catalog does not have yet.
    missing = {key: where for key, where in DEMANDED.items()
               if KEY.match(key) and key not in CATALOG and key not in NOT_KEYS}

    assert missing == {}


def test_every_built_key_has_messages_to_build_from():
    orphans = {prefix: where for prefix, where in PREFIXES.items()
               if not any(key.startswith(prefix) for key in CATALOG)}

    assert orphans == {}


def test_scan_notices_a_key_missing_from_the_catalog():
    tree = ast.parse(
        "raise ValidationError('name', 'err.no_such_rule')\n"
        "click.option('--x', help='cli.help.no_such_option')\n"
        "label = t(f'role.{role}')\n"
    )

    keys, prefixes, demanded = scan(tree)

    assert {"err.no_such_rule", "cli.help.no_such_option"} <= keys
    assert "role." in prefixes
    assert {"err.no_such_rule", "cli.help.no_such_option"} <= demanded
    assert not {"err.no_such_rule", "cli.help.no_such_option"} & set(CATALOG)


@pytest.mark.parametrize("role", ["admin", "supervisor", "reception", "duty", "mail"])
def test_every_role_has_a_label(role):
    assert f"role.{role}" in CATALOG


def test_every_audit_action_has_a_label():
    # The audit log shows each action by its label; actions are the literals given
    # to audit.append(action=...) anywhere in the store.
    actions = set()
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and call_name(node) == "append":
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        actions.add(keyword.value.value)
    from frontdesk.store.shared import operators

    actions |= set(operators._LOGIN_ACTIONS) | {"create", "update", "disable", "enable", "passwd"}

    assert {"login", "login_failed", "lockout", "unlock", "create"} <= actions
    assert sorted(a for a in actions if f"action.{a}" not in CATALOG) == []


def test_every_audited_table_has_a_label():
    # The audit log names each entry's record by its table: the tables whose rows are
    # audited, and any literal given to audit.append(table=...) anywhere in the store.
    from frontdesk.store.shared.audit import AUDITED_COLUMNS

    tables = set(AUDITED_COLUMNS)
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and call_name(node) in ("append", "append_many"):
                for keyword in node.keywords:
                    if keyword.arg == "table" and isinstance(keyword.value, ast.Constant):
                        tables.add(keyword.value.value)

    assert {"visits", "matters", "duty_entries", "documents"} <= tables
    assert sorted(name for name in tables if f"tui.audit.table.{name}" not in CATALOG) == []
