"""The duty room's own roster: the officer and the 带班领导 of each shift."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from frontdesk.store import PermissionDenied, ValidationError
from frontdesk.store.duty.shift_roster import shift_at


@pytest.fixture
def officer(store, admin):
    return store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王立新")


@pytest.fixture
def night(store, admin):
    return store.operators.add(admin, "yeban", "duty", "night-pass-1", "陈夜")


def test_a_shift_runs_from_eight_to_six_and_the_night_into_the_next_morning():
    assert shift_at(datetime(2026, 3, 2, 7, 59)) == ("2026-03-01", "night")
    assert shift_at(datetime(2026, 3, 2, 8, 0)) == ("2026-03-02", "day")
    assert shift_at(datetime(2026, 3, 2, 17, 59)) == ("2026-03-02", "day")
    assert shift_at(datetime(2026, 3, 2, 18, 0)) == ("2026-03-02", "night")


def test_officer_and_leader_by_shift_the_last_set_counts(store, officer, night, clock):
    (day,) = store.duty_roster.set(officer, "2026-03-02", "白班", officer="王立新", leader="李主任")
    (evening,) = store.duty_roster.set(officer, "2026-03-02", "night", officer="yeban")

    assert (day.officer, day.officer_name, day.leader, day.starts, day.ends) == (
        "zhiban", "王立新", "李主任", "2026-03-02 08:00:00", "2026-03-02 18:00:00")
    assert (evening.officer_name, evening.leader, evening.ends) == ("陈夜", "", "2026-03-03 08:00:00")
    # A change keeps the other field; "" clears one; the earlier rows stay.
    store.duty_roster.set(officer, "2026-03-02", "day", leader="张副主任")
    assert store.duty_roster.shift(night, "2026-03-02", "day").officer_name == "王立新"
    assert store.duty_roster.shift(night, "2026-03-02", "day").leader == "张副主任"
    store.duty_roster.set(officer, "2026-03-02", "day", officer="")
    assert store.duty_roster.shift(night, "2026-03-02", "day").officer == ""
    assert store.db.execute("SELECT count(*) FROM duty_shift_roster").fetchone()[0] == 4
    listed = store.duty_roster.days(night, "2026-03-01", 2)
    assert [(s.day, s.shift, s.officer_name, s.leader) for s in listed] == [
        ("2026-03-01", "day", "", ""), ("2026-03-01", "night", "", ""),
        ("2026-03-02", "day", "", "张副主任"), ("2026-03-02", "night", "陈夜", "")]
    # A week asked for from the calendar's last days stops at its end.
    assert [(s.day, s.shift) for s in store.duty_roster.days(night, "9999-12-30", 7)] == [
        ("9999-12-30", "day"), ("9999-12-30", "night")]
    assert store.audit.verify().ok


def test_the_shift_now_and_the_shifts_of_a_window(store, officer, night, clock):
    clock.set(datetime(2026, 3, 2, 21, 30))
    store.duty_roster.set(officer, "2026-03-01", "night", officer="zhiban", leader="李主任")
    store.duty_roster.set(officer, "2026-03-02", "day", officer="yeban", leader="李主任")
    store.duty_roster.set(officer, "2026-03-02", "night", officer="zhiban", leader="张副主任")

    now = store.duty_roster.now()
    assert (now.day, now.shift, now.officer_name, now.leader) == ("2026-03-02", "night", "王立新", "张副主任")
    window = store.duty_roster.between("2026-03-02 08:00:00", "2026-03-03 08:00:00")
    assert [(s.shift, s.officer) for s in window] == [("day", "yeban"), ("night", "zhiban")]
    assert store.rosters.leader_on("2026-03-02") == "李主任、张副主任"


def test_an_officer_must_keep_the_duty_log_and_nobody_else_may_roster(store, officer, admin):
    clerk = store.operators.add(admin, "jiedai", "reception", "desk-pass-1", "李华")
    for who, field in (("李华", "roster_officer"), ("nobody", "roster_officer")):
        with pytest.raises(ValidationError) as error:
            store.duty_roster.set(officer, "2026-03-02", "day", officer=who)
        assert error.value.field == field
    with pytest.raises(ValidationError) as error:
        store.duty_roster.set(officer, "2026-03-02", "noon", officer="zhiban")
    assert error.value.field == "roster_shift"
    with pytest.raises(ValidationError) as error:
        store.duty_roster.set(officer, "03/02", "day", leader="李主任")
    assert error.value.field == "roster_day"
    with pytest.raises(PermissionDenied):
        store.duty_roster.set(clerk, "2026-03-02", "day", leader="李主任")
    with pytest.raises(PermissionDenied):
        store.duty_roster.days(clerk, "2026-03-02")
    assert store.db.execute("SELECT count(*) FROM duty_shift_roster").fetchone()[0] == 0


def test_the_leader_of_a_day_sets_both_shifts_in_the_same_roster(store, officer, night):
    store.duty_roster.set(officer, "2026-05-01", "night", officer="yeban")

    assert store.rosters.set_leader(officer, "2026-05-01", " 陈主任 ") == "陈主任"

    both = store.duty_roster.days(officer, "2026-05-01", 1)
    assert [(s.leader, s.officer) for s in both] == [("陈主任", ""), ("陈主任", "yeban")]
    store.rosters.set_leader(officer, "2026-05-01", "刘主任", shift="夜班")
    assert store.rosters.leader_on("2026-05-01") == "陈主任、刘主任"
    with pytest.raises(ValidationError):
        store.rosters.set_leader(officer, "2026-05-01", " ")


def test_a_leader_set_by_day_before_shifts_still_counts(store, officer):
    store.db.execute("INSERT INTO duty_leaders (day, name, set_at, set_by) VALUES"
                     " ('2026-04-30', '旧主任', '2026-04-29 10:00:00', 'zhiban')")

    assert store.rosters.leader_on("2026-04-30") == "旧主任"
    assert store.duty_roster.shift(officer, "2026-04-30", "night").leader == "旧主任"


def test_roster_rows_are_never_changed_or_deleted(store, officer):
    store.duty_roster.set(officer, "2026-03-02", "day", leader="李主任")
    for sql in ("DELETE FROM duty_shift_roster", "UPDATE duty_shift_roster SET leader = 'x'"):
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute(sql)
