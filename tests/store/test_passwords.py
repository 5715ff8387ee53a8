"""The password rules, login names, signing in without holding the write lock, the last
admin's growing wait, and the owner's recovery of a locked or forgotten admin."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime

import pytest

from frontdesk.store import AuthenticationFailed, ValidationError
from frontdesk.store.shared import operators as operators_module
from frontdesk.store.shared.login_names import skeleton
from frontdesk.store.shared.passwords import common_passwords, validate_password


def refused(error_type, call, *args):
    with pytest.raises(error_type) as caught:
        call(*args)
    error = caught.value
    return error.errors[0] if hasattr(error, "errors") else error


# --- the rules ------------------------------------------------------------------------


@pytest.mark.parametrize(("password", "key"), [
    ("12345678", "err.password_short"),
    ("password", "err.password_short"),
    (" " * 8, "err.password_short"),
    (" " * 12, "err.password_one_class"),
    ("abcdefghijkl", "err.password_one_class"),
    ("ABCDEFGHIJKL", "err.password_one_class"),
    ("193847561029", "err.password_one_class"),
    ("woaini1314", "err.password_common"),
    ("a123456789", "err.password_common"),
    ("WoAiNi1314", "err.password_common"),  # case does not help
    ("qwerty123456", "err.password_common"),
    ("password123!", "err.password_common"),  # a listed word with digits and signs round it
    ("1qaz2wsx3edc", "err.password_common"),
    ("zhang123456", "err.password_common"),
    ("wanghaiyan88", "err.password_is_name"),
    ("WangHaiyan!!", "err.password_is_name"),
])
def test_a_weak_password_is_refused_naming_the_rule(password, key):
    error = refused(ValidationError, validate_password, password, "wanghaiyan")

    assert (error.field, error.key) == ("password", key)


@pytest.mark.parametrize("password", ["admin-pass-1", "brass lamp 47", "十个字符的密码吧2号", "Lamp+Desk+Rain"])
def test_a_password_that_meets_the_rules_is_taken(password):
    assert validate_password(password, "wanghaiyan") == password


def test_the_shipped_list_holds_thousands_of_lower_case_entries():
    listed = common_passwords()

    assert 2_000 < len(listed) < 50_000
    assert {"woaini1314", "a123456789", "5201314", "1qaz2wsx", "qwertyuiop"} <= listed
    assert all(entry == entry.lower() and entry.strip() == entry for entry in listed)


def test_the_new_rules_are_checked_on_every_way_a_password_is_set(store, admin):
    clerk = store.operators.add(admin, "lihua", "reception", "reception-pass")
    calls = [
        (store.operators.add, admin, "wangwu", "reception", "woaini1314"),
        (store.operators.set_password, admin, "lihua", "a123456789"),
        (store.operators.set_password, clerk, "lihua", "lihua12345"),
        (store.operators.recover, "admin", "12345678"),
    ]
    for call, *args in calls:
        keywords = {"os_user": "root"} if call == store.operators.recover else {}
        with pytest.raises(ValidationError):
            call(*args, **keywords)


# --- login names ----------------------------------------------------------------------


@pytest.mark.parametrize("look_alike", [
    "\u0430dmin",  # Cyrillic а
    "ａｄｍｉｎ",  # full-width: NFKC makes it admin
    "Admin", "ADMIN",
    "adm1n", "\u0391DMIN",  # Greek Alpha
    "admi\u0301n",  # a mark on a letter
])
def test_a_name_that_looks_like_an_existing_one_is_refused(store, admin, look_alike):
    error = refused(ValidationError, store.operators.add, admin, look_alike, "reception", "reception-pass")

    assert error.field == "name"
    assert error.key in {"err.operator_exists", "err.name_confusable"}
    assert [op.name for op in store.operators.list()] == ["admin"]


def test_names_are_kept_in_nfkc_and_found_without_case(store, admin):
    added = store.operators.add(admin, "Ｗａｎｇｗｕ", "reception", "reception-pass")

    assert added.name == "Wangwu"
    assert store.operators.get("wangwu") == added
    assert store.operators.authenticate("WANGWU", "reception-pass").name == "Wangwu"


def test_a_chinese_name_is_its_own_skeleton():
    assert skeleton("李华") == "李华"
    assert skeleton("r\u043e\u043et") == skeleton("root") == skeleton("r00t")  # Cyrillic о
    assert skeleton("\u0440\u043e\u043e\u0442") == skeleton("poot")  # Cyrillic р is a p


# --- signing in -----------------------------------------------------------------------


@pytest.mark.real_hashing
def test_scrypt_runs_while_another_terminal_can_write(store, admin, monkeypatch):
    """While the password is checked, a second connection begins a write at once."""
    written = []
    check = operators_module.check_password

    def check_while_another_writes(password, stored):
        other = sqlite3.connect(store.path, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # "database is locked" if sign-in held the lock
        other.execute("ROLLBACK")
        other.close()
        written.append(store.db.conn.in_transaction)
        return check(password, stored)

    monkeypatch.setattr(operators_module, "check_password", check_while_another_writes)
    store.operators.authenticate("admin", "admin-pass-1")
    with pytest.raises(AuthenticationFailed):
        store.operators.authenticate("admin", "wrong-password")

    assert written == [False, False]


def test_an_unknown_name_costs_one_scrypt_as_a_wrong_password_does(store, admin, monkeypatch):
    runs = []
    scrypt = hashlib.scrypt

    def counted(*args, **kwargs):
        runs.append(kwargs["n"])
        return scrypt(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    operators_module._decoy_hash()  # made once per cost, ahead of the first unknown name
    runs.clear()
    unknown = refused(AuthenticationFailed, store.operators.authenticate, "nobody", "x-password")
    wrong = refused(AuthenticationFailed, store.operators.authenticate, "admin", "x-password")

    assert runs == [operators_module._SCRYPT["n"]] * 2
    assert unknown.message == wrong.message


def test_a_locked_out_account_and_a_disabled_one_get_the_same_words(store, admin):
    store.operators.add(admin, "lihua", "reception", "reception-pass")
    store.operators.add(admin, "wangwu", "reception", "reception-pass")
    store.operators.disable(admin, "wangwu")
    for _ in range(5):
        refused(AuthenticationFailed, store.operators.authenticate, "lihua", "wrong-password")

    words = {
        refused(AuthenticationFailed, store.operators.authenticate, name, password).message
        for name, password in (("lihua", "reception-pass"), ("lihua", "x"), ("wangwu", "x"), ("nobody", "x"))
    }

    assert len(words) == 1


def test_the_last_admin_waits_longer_after_each_failure_but_is_never_locked_out(store, admin, clock):
    waits = []
    for _ in range(12):
        refused(AuthenticationFailed, store.operators.authenticate, "admin", "wrong-password")
        until = store.operators.locked_until("admin")
        waits.append(int((until - clock.now).total_seconds()) if until else 0)
        if until:
            clock.set(until)

    assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert [e.action for e in store.audit.log(admin, action="lockout")] == []
    assert store.operators.authenticate("admin", "admin-pass-1").name == "admin"


def test_during_the_wait_even_the_right_password_is_refused(store, admin, clock):
    for _ in range(6):
        refused(AuthenticationFailed, store.operators.authenticate, "admin", "wrong-password")

    refused(AuthenticationFailed, store.operators.authenticate, "admin", "admin-pass-1")
    clock.advance(seconds=2)
    assert store.operators.authenticate("admin", "admin-pass-1").name == "admin"


def test_an_admin_with_another_admin_to_unlock_them_is_locked_out(store, admin, clock):
    store.operators.add(admin, "deputy", "admin", "deputy-pass-1")
    for _ in range(5):
        refused(AuthenticationFailed, store.operators.authenticate, "deputy", "wrong-password")

    assert store.operators.locked_until("deputy") == datetime(2026, 3, 2, 9, 30)
    # ... and once the other admin is locked out too, the remaining one only waits.
    for _ in range(5):
        refused(AuthenticationFailed, store.operators.authenticate, "admin", "wrong-password")
    assert store.operators.locked_until("admin") == datetime(2026, 3, 2, 9, 15, 1)


def test_a_password_from_before_the_rules_signs_in_and_asks_for_a_change(store, admin):
    from frontdesk.store.shared import audit

    with store.write() as db:  # set before the rules existed
        db.execute("UPDATE operators SET password_hash = ? WHERE id = ?",
                   [operators_module.hash_password("12345678"), admin.id])
        audit.append(db, at=store.now(), operator="admin", action="passwd", table="operators",
                     record_id=admin.id)

    signed_in = store.operators.authenticate("admin", "12345678")

    assert signed_in.password_change_due is True
    assert store.audit.log(admin, action="login", limit=1)[0].detail == {"password_change_due": True}
    store.operators.set_password(signed_in, "admin", "brass-lamp-47")
    assert store.operators.authenticate("admin", "brass-lamp-47").password_change_due is False


# --- recovery -------------------------------------------------------------------------


def test_the_owner_recovers_a_locked_and_forgotten_admin(store, admin, clock):
    store.operators.add(admin, "deputy", "admin", "deputy-pass-1")
    for _ in range(5):
        refused(AuthenticationFailed, store.operators.authenticate, "deputy", "wrong-password")

    store.operators.recover("deputy", "brass-lamp-47", os_user="office")

    assert store.operators.locked_until("deputy") is None
    assert store.operators.authenticate("deputy", "brass-lamp-47").name == "deputy"
    entry = store.audit.log(admin, action="recover", limit=1)[0]
    assert (entry.operator, entry.detail) == ("deputy", {"os_user": "office", "was_disabled": False})
    assert store.audit.verify().ok


def test_recovery_is_for_admins_only(store, admin):
    store.operators.add(admin, "lihua", "reception", "reception-pass")

    with pytest.raises(ValidationError) as caught:
        store.operators.recover("lihua", "brass-lamp-47", os_user="office")
    error = caught.value

    assert error.key == "err.recover_not_admin"
