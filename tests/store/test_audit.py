"""The audit trail: one entry per change in the change's transaction, a hash chain
that finds what was done behind the application's back."""

from __future__ import annotations

import sqlite3

import pytest

from frontdesk.i18n import set_language
from frontdesk.output.audit_text import problem_message
from frontdesk.store import PermissionDenied, Role, StoreError, ValidationError
from frontdesk.store.shared import audit as audit_module
from frontdesk.store.shared.operators import hash_password


def entry_count(store) -> int:
    return store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def operator_count(store) -> int:
    return store.db.execute("SELECT count(*) FROM operators").fetchone()[0]


@pytest.fixture
def staffed(store, admin):
    """A database with a few operators and some history."""
    store.operators.add(admin, "lihua", "reception", "reception-pass", "李华")
    store.operators.add(admin, "wangfang", "duty", "duty-pass-01", "王芳")
    store.operators.add(admin, "zhaolei", "supervisor", "supervisor-pass", "赵磊")
    store.operators.disable(admin, "wangfang")
    store.operators.authenticate("lihua", "reception-pass")
    return admin


@pytest.fixture
def shell(store):
    """A plain sqlite3 connection to the same file, as someone with the sqlite3 shell."""
    conn = sqlite3.connect(store.path, isolation_level=None)
    yield conn
    conn.close()


# --- every change writes one entry, in its own transaction ---------------------------------

CHANGES = [
    ("add", lambda ops, admin: ops.add(admin, "newbie", "mail", "mail-pass-01"), "create", "newbie"),
    ("disable", lambda ops, admin: ops.disable(admin, "lihua"), "disable", "lihua"),
    ("enable", lambda ops, admin: ops.enable(admin, "lihua"), "enable", "lihua"),
    ("set_role", lambda ops, admin: ops.set_role(admin, "lihua", "duty"), "update", "lihua"),
    ("set_password", lambda ops, admin: ops.set_password(admin, "lihua", "new-pass-01"), "passwd", "lihua"),
    ("unlock", lambda ops, admin: ops.unlock(admin, "lihua"), "unlock", "lihua"),
]


@pytest.mark.parametrize(("change", "action", "name"), [c[1:] for c in CHANGES],
                         ids=[c[0] for c in CHANGES])
def test_every_change_writes_exactly_one_entry(store, staffed, clock, change, action, name):
    before = entry_count(store)
    clock.advance(hours=1)

    change(store.operators, staffed)

    entries = store.audit.log(staffed, limit=2)
    assert entry_count(store) == before + 1
    newest = entries[0]
    assert newest.id == entries[1].id + 1
    assert (newest.action, newest.operator, newest.at) == (action, "admin", "2026-03-02 10:15:00")
    assert (newest.record_table, newest.record_id) == ("operators", store.operators.get(name).id)
    assert store.audit.verify().ok


def test_change_whose_entry_cannot_be_written_is_not_saved(store, admin, monkeypatch):
    def broken_append(*args, **kwargs):
        raise RuntimeError("the audit entry could not be written")

    monkeypatch.setattr(audit_module, "append", broken_append)
    before = (operator_count(store), entry_count(store))

    with pytest.raises(RuntimeError):
        store.operators.add(admin, "lihua", "reception", "reception-pass")
    with pytest.raises(RuntimeError):
        store.operators.set_password(admin, "admin", "changed-pass-1")
    monkeypatch.undo()

    assert (operator_count(store), entry_count(store)) == before
    assert store.operators.get("lihua") is None
    assert store.operators.authenticate("admin", "admin-pass-1").name == "admin"


def test_change_inside_a_failed_transaction_leaves_no_entry(store, admin):
    before = (operator_count(store), entry_count(store))

    with pytest.raises(RuntimeError):
        with store.write():
            store.operators.add(admin, "lihua", "reception", "reception-pass")
            store.operators.disable(admin, "lihua")
            raise RuntimeError("the change fails halfway")

    assert (operator_count(store), entry_count(store)) == before
    assert store.audit.verify().ok


def test_refused_change_leaves_no_entry(store, admin):
    before = entry_count(store)

    with pytest.raises(ValidationError):
        store.operators.disable(admin, "admin")

    assert entry_count(store) == before


def test_entry_outside_a_transaction_is_refused(store, admin):
    with pytest.raises(RuntimeError):
        audit_module.append(store.db, at=store.now(), operator="admin", action="create",
                            table="operators", record_id=admin.id)


# --- verify ---------------------------------------------------------------------------


def test_fresh_database_verifies(store):
    result = store.audit.verify()

    assert result.ok
    assert (result.entries, result.records) == (0, 0)


def test_database_with_history_verifies(store, staffed):
    result = store.audit.verify()

    assert result.ok, result.problem and problem_message(result.problem)
    assert result.entries == entry_count(store) == 6
    assert result.records == operator_count(store) == 4


def test_head_is_the_newest_entry(store, staffed):
    number, digest = store.audit.head()

    newest = store.db.execute("SELECT id, entry_hash FROM audit_log ORDER BY id DESC").fetchone()
    assert (number, digest) == tuple(newest)
    assert len(digest) == 64


def problem_of(store):
    result = store.audit.verify()
    assert not result.ok, "verify() found nothing wrong"
    return result.problem


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE operators SET role = 'admin' WHERE name = 'lihua'",
        "UPDATE operators SET disabled = 0 WHERE name = 'wangfang'",
        "UPDATE operators SET display_name = '李 华' WHERE name = 'lihua'",
        "UPDATE operators SET updated_by = 'zhaolei' WHERE name = 'lihua'",
    ],
)
def test_operator_changed_with_the_shell_is_found(store, staffed, shell, change):
    shell.execute(change)

    problem = problem_of(store)

    assert problem.key == "audit.record_changed"
    target = store.operators.get("wangfang" if "wangfang" in change else "lihua")
    assert problem.params["record"] == target.id
    assert f"operators#{target.id}" in problem_message(problem)


def test_password_replaced_with_the_shell_is_found(store, staffed, shell):
    shell.execute("UPDATE operators SET password_hash = ? WHERE name = 'admin'",
                  [hash_password("attacker-knows-1")])

    problem = problem_of(store)

    assert problem.key == "audit.record_changed"
    assert "operators#1" in problem_message(problem)


def test_operator_inserted_with_the_shell_is_found(store, staffed, shell):
    shell.execute(
        "INSERT INTO operators (name, display_name, role, password_hash, created_at, updated_at)"
        " VALUES ('intruder', '', 'admin', ?, '2026-03-02 03:00:00', '2026-03-02 03:00:00')",
        [hash_password("intruder-pass")],
    )
    intruder = store.operators.get("intruder")

    problem = problem_of(store)

    assert problem.key == "audit.record_unlogged"
    assert problem.params["record"] == intruder.id
    assert f"operators#{intruder.id}" in problem_message(problem)


@pytest.mark.parametrize("name", ["lihua", "zhaolei"])
def test_operator_deleted_with_the_shell_is_found(store, staffed, shell, name):
    gone = store.operators.get(name)
    shell.execute("DROP TRIGGER operators_never_deleted")
    shell.execute("DELETE FROM operators WHERE id = ?", [gone.id])

    problem = problem_of(store)

    assert problem.key == "audit.record_removed"
    assert problem.params["record"] == gone.id
    assert f"operators#{gone.id}" in problem_message(problem)


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE audit_log SET operator = 'zhaolei' WHERE id = 3",
        "UPDATE audit_log SET at = '2026-03-01 09:15:00' WHERE id = 3",
        "UPDATE audit_log SET detail = '{\"role\":\"admin\"}' WHERE id = 3",
    ],
)
def test_audit_entry_changed_with_the_shell_is_found(store, staffed, shell, change):
    shell.execute("DROP TRIGGER audit_log_no_update")
    shell.execute(change)

    problem = problem_of(store)

    assert problem.key == "audit.broken_entry"
    assert problem.params["entry"] == 3
    assert "第 3 条" in problem_message(problem)


def test_entry_recomputed_to_match_a_changed_record_breaks_the_chain(store, staffed, shell):
    # Someone who knows the hash recipe changes a record and its last entry to match.
    lihua = store.operators.get("lihua")
    shell.execute("DROP TRIGGER audit_log_no_update")
    shell.execute("UPDATE operators SET role = 'admin' WHERE id = ?", [lihua.id])
    row = dict(zip(
        [d[0] for d in shell.execute("SELECT * FROM operators LIMIT 0").description],
        shell.execute("SELECT * FROM operators WHERE id = ?", [lihua.id]).fetchone(), strict=True
    ))
    last_id = shell.execute(
        "SELECT max(id) FROM audit_log WHERE record_table = 'operators' AND record_id = ?"
        " AND record_hash IS NOT NULL", [lihua.id],
    ).fetchone()[0]
    shell.execute("UPDATE audit_log SET record_hash = ? WHERE id = ?",
                  [audit_module.record_hash("operators", row), last_id])

    problem = problem_of(store)

    assert problem.key == "audit.broken_entry"
    assert problem.params["entry"] == last_id


def test_last_audit_entry_deleted_with_the_shell_is_found(store, staffed, shell):
    last = entry_count(store)
    shell.execute("DROP TRIGGER audit_log_no_delete")
    shell.execute("DELETE FROM audit_log WHERE id = ?", [last])

    problem = problem_of(store)

    assert problem.key == "audit.broken_entry"
    assert problem.params["entry"] == last
    assert f"第 {last} 条" in problem_message(problem)


@pytest.mark.parametrize("entry", [1, 4])
def test_middle_audit_entry_deleted_with_the_shell_is_found(store, staffed, shell, entry):
    shell.execute("DROP TRIGGER audit_log_no_delete")
    shell.execute("DELETE FROM audit_log WHERE id = ?", [entry])

    problem = problem_of(store)

    assert problem.key == "audit.broken_entry"
    assert problem.params["entry"] == entry
    assert f"第 {entry} 条" in problem_message(problem)


def test_problem_message_follows_the_language(store, staffed, shell):
    shell.execute("UPDATE operators SET role = 'admin' WHERE name = 'lihua'")
    problem = problem_of(store)
    lihua = store.operators.get("lihua")

    set_language("en")
    assert problem_message(problem).startswith(f"record operators#{lihua.id} differs from its last audit entry")
    set_language("zh")
    assert problem_message(problem).startswith(f"记录 operators#{lihua.id} 与其最后一条审计日志")


def test_verify_stops_at_the_first_problem_and_counts_what_was_whole(store, staffed, shell):
    shell.execute("DROP TRIGGER audit_log_no_delete")
    shell.execute("DELETE FROM audit_log WHERE id = 5")

    result = store.audit.verify()

    assert (result.entries, result.records) == (4, 0)


# --- the table refuses changes -----------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    ["UPDATE audit_log SET operator = 'x' WHERE id = 2", "DELETE FROM audit_log WHERE id = 2",
     "DELETE FROM audit_log"],
)
def test_audit_log_refuses_update_and_delete(store, staffed, shell, change):
    before = shell.execute("SELECT * FROM audit_log ORDER BY id").fetchall()

    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        shell.execute(change)

    assert shell.execute("SELECT * FROM audit_log ORDER BY id").fetchall() == before


def test_audit_log_refuses_changes_through_the_store_connection_too(store, staffed):
    with pytest.raises(sqlite3.IntegrityError):
        with store.write() as db:
            db.execute("UPDATE audit_log SET action = 'login' WHERE id = 1")
    assert store.audit.verify().ok


# --- reading the log ---------------------------------------------------------------------


def test_log_is_newest_first(store, staffed, clock):
    clock.advance(minutes=10)
    store.operators.enable(staffed, "wangfang")

    entries = store.audit.log(staffed)

    assert [e.id for e in entries] == list(range(entry_count(store), 0, -1))
    assert (entries[0].action, entries[0].at) == ("enable", "2026-03-02 09:25:00")
    assert entries[-1].action == "create"
    assert entries[-1].operator == "admin"
    assert entries[-1].detail == {"role": "admin"}


def test_log_pages_and_filters(store, staffed):
    first_page = store.audit.log(staffed, limit=3)
    second_page = store.audit.log(staffed, limit=3, before_id=first_page[-1].id)

    assert [e.id for e in first_page] == [6, 5, 4]
    assert [e.id for e in second_page] == [3, 2, 1]
    assert [e.action for e in store.audit.log(staffed, action="create")] == ["create"] * 4
    assert [e.action for e in store.audit.log(staffed, operator="lihua")] == ["login"]


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.DUTY, Role.MAIL])
def test_log_is_refused_to_desk_duty_and_mail_roles(store, admin, role):
    reader = store.operators.add(admin, "reader", role.value, "reader-pass")

    with pytest.raises(PermissionDenied):
        store.audit.log(reader)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_log_is_open_to_supervisors_and_admins(store, admin, role):
    reader = store.operators.add(admin, "reader", role.value, "reader-pass")

    assert store.audit.log(reader, limit=1)[0].action == "create"


def test_verify_needs_no_login(store, staffed):
    # Anyone holding the file can check it; nothing in the result is confidential.
    assert store.audit.verify().ok


def test_a_record_changed_with_the_shell_cannot_be_changed_again_to_hide_it(store, staffed, shell):
    admin = store.operators.get("admin")
    shell.execute("UPDATE operators SET role = 'admin' WHERE name = 'lihua'")
    before = entry_count(store)

    with pytest.raises(StoreError) as raised:
        store.operators.set_role(admin, "lihua", "reception")

    assert raised.value.key == "err.record_tampered"
    assert entry_count(store) == before
    assert problem_of(store).key == "audit.record_changed"
