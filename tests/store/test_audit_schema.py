"""``verify`` checks the schema against the one this version's steps make, and the
numbers: each counter at the highest number of its series, no number missing."""

from __future__ import annotations

import sqlite3

import pytest

from frontdesk.output.audit_text import problem_message


@pytest.fixture
def registered(store, admin):
    """Three visits: V…-000001 to V…-000003."""
    for subject in ("拖欠工资", "噪音扰民", "物业纠纷"):
        visitor = {"name": "张三", "id_number": "11010519491231002X"}
        store.visits.register(admin, {"subject": subject, "visitors": [visitor]})
    assert store.audit.verify().ok
    return admin


@pytest.fixture
def shell(store):
    conn = sqlite3.connect(store.path, isolation_level=None)
    yield conn
    conn.close()


def problem_of(store):
    result = store.audit.verify()
    assert not result.ok, "verify() found nothing wrong"
    return result.problem


@pytest.mark.parametrize(
    ("sql", "key", "name"),
    [
        ("CREATE TABLE lookup_copy (name TEXT, id_number TEXT)", "audit.schema_extra", "lookup_copy"),
        ("CREATE VIEW everyone AS SELECT name FROM parties", "audit.schema_extra", "everyone"),
        ("CREATE INDEX visits_subject ON visits (subject)", "audit.schema_extra", "visits_subject"),
        ("CREATE TRIGGER copy_parties AFTER INSERT ON parties BEGIN SELECT 1; END",
         "audit.schema_extra", "copy_parties"),
        ("DROP TRIGGER visits_never_deleted", "audit.schema_missing", "visits_never_deleted"),
        ("DROP TRIGGER audit_log_no_update", "audit.schema_missing", "audit_log_no_update"),
        ("DROP INDEX parties_name", "audit.schema_missing", "parties_name"),
        ("DROP TRIGGER audit_log_no_delete; CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
         " WHEN old.id < 0 BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
         "audit.schema_changed", "audit_log_no_delete"),
    ],
)
def test_a_schema_object_added_removed_or_changed_is_found(store, registered, shell, sql, key, name):
    shell.executescript(sql)
    problem = problem_of(store)
    assert (problem.key, problem.params["name"]) == (key, name)
    assert name in problem_message(problem)


def test_the_schema_words_name_the_kind(store, registered, shell):
    shell.execute("DROP TRIGGER visits_never_deleted")
    assert "触发器“visits_never_deleted”" in problem_message(problem_of(store))


@pytest.mark.parametrize(
    ("sql", "key"),
    [
        ("DELETE FROM counters", "audit.counter_missing"),
        ("UPDATE counters SET last = last + 5000", "audit.counter_ahead"),
        ("UPDATE counters SET last = 1", "audit.counter_behind"),
        ("INSERT INTO counters (channel, year, last) VALUES ('visit', 1999, 4)", "audit.counter_ahead"),
    ],
)
def test_a_counter_deleted_or_moved_is_found(store, registered, shell, sql, key):
    shell.execute(sql)
    assert problem_of(store).key == key


def test_a_number_missing_from_a_series_is_found(store, registered, shell):
    # Renumbering a record (and its entry's hash along with it) leaves a hole.
    number = shell.execute("SELECT number FROM visits WHERE id = 2").fetchone()[0]
    shell.execute("UPDATE visits SET number = ? WHERE id = 2", [number[:-6] + "000009"])
    shell.execute("UPDATE counters SET last = 9")
    problems = {problem_of(store).key}
    # The record's own hash differs too; with the audited content put back by hand the
    # hole is what remains.
    assert problems & {"audit.record_changed", "audit.number_missing"}
    from frontdesk.store.shared.audit_numbers import check_counters

    assert check_counters(store.db).key == "audit.number_missing"
    assert check_counters(store.db).params["number"] == number
