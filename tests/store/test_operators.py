"""Operators: accounts, roles, passwords, logins and lock-outs."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk.store import (
    AuthenticationFailed,
    PermissionDenied,
    Role,
    ValidationError,
)
from frontdesk.store.shared.operators import (
    MAX_PASSWORD,
    MIN_PASSWORD,
    check_password,
    validate_name,
    validate_password,
)

NON_ADMIN_ROLES = [role for role in Role if role is not Role.ADMIN]


def written(store) -> tuple[int, int]:
    """How many operators and audit entries the database holds."""
    return (
        store.db.execute("SELECT count(*) FROM operators").fetchone()[0],
        store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
    )


def last_entry(store) -> dict:
    return next(iter(store.db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")))


def refused(error_type, call, *args, **kwargs):
    with pytest.raises(error_type) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.fixture
def clerk(store, admin):
    return store.operators.add(admin, "lihua", "reception", "reception-pass", "李华")


# --- the first administrator -------------------------------------------------------


def test_first_admin_is_an_audited_administrator(store, admin):
    assert admin.name == "admin"
    assert admin.display_name == "管理员"
    assert admin.role is Role.ADMIN
    assert not admin.disabled
    assert admin.created_at == "2026-03-02 09:15:00"
    assert admin.created_by is None
    entry = last_entry(store)
    assert (entry["action"], entry["operator"], entry["record_id"]) == ("create", "admin", admin.id)


def test_first_admin_can_be_created_only_once(store, admin):
    before = written(store)

    error = refused(ValidationError, store.operators.create_first_admin, "second", "second-pass")

    assert error.field == "name"
    assert error.key == "err.not_first_run"
    assert written(store) == before
    assert store.operators.get("second") is None


def test_brand_new_database_has_no_operators(store):
    assert store.operators.count() == 0
    assert store.operators.list() == []


# --- adding ------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_admin_adds_an_operator_of_each_role(store, admin, clock, role):
    clock.advance(minutes=5)

    added = store.operators.add(admin, f"op_{role.value}", role.value, "some-password", "王芳")

    assert added.role is role
    assert added.display_name == "王芳"
    assert added.created_by == "admin"
    assert added.created_at == "2026-03-02 09:20:00"
    assert store.operators.get(f"op_{role.value}") == added
    assert [op.name for op in store.operators.list()] == ["admin", f"op_{role.value}"]
    entry = last_entry(store)
    assert entry["action"] == "create"
    assert entry["operator"] == "admin"
    assert entry["record_id"] == added.id
    assert entry["at"] == "2026-03-02 09:20:00"


def test_name_and_display_name_are_stripped(store, admin):
    added = store.operators.add(admin, "  zhangwei \n", "duty", "duty-pass-1", "  张伟 ")

    assert (added.name, added.display_name) == ("zhangwei", "张伟")


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"name": ""}, "name", "err.required"),
        ({"name": "   "}, "name", "err.required"),
        ({"name": "li hua"}, "name", "err.name_spaces"),
        ({"name": "li\u3000hua"}, "name", "err.name_spaces"),
        ({"name": "x" * 33}, "name", "err.too_long"),
        ({"name": "li\x1b[31mhua"}, "name", "err.control_chars"),
        ({"name": "admin"}, "name", "err.operator_exists"),
        ({"role": "boss"}, "role", "err.role_unknown"),
        ({"role": ""}, "role", "err.role_unknown"),
        ({"password": ""}, "password", "err.required"),
        ({"password": "1234567"}, "password", "err.password_short"),
        ({"password": "p" * (MAX_PASSWORD + 1)}, "password", "err.too_long"),
        ({"password": "pass\x00word"}, "password", "err.control_chars"),
        ({"password": "pass\tword!"}, "password", "err.control_chars"),
        ({"display_name": "名" * 41}, "display_name", "err.too_long"),
        ({"display_name": "李\x07华"}, "display_name", "err.control_chars"),
    ],
)
def test_refused_input_names_its_field_and_writes_nothing(store, admin, changes, field, key):
    values = {"name": "lihua", "role": "reception", "password": "reception-pass",
              "display_name": "李华", **changes}
    before = written(store)

    error = refused(ValidationError, store.operators.add, admin, **values)

    assert (error.field, error.key) == (field, key)
    assert error.message  # a sentence in the catalog, not a bare key
    assert not error.message.startswith("err.")
    assert written(store) == before


def test_refusal_message_names_the_field_in_the_operators_language(store, admin):
    error = refused(ValidationError, store.operators.add, admin, "li hua", "reception", "pass-word-1")

    assert error.message == "登录名不能含有空格"


@pytest.mark.real_hashing
def test_password_needs_ten_characters(store, admin):
    assert refused(ValidationError, validate_password, "a" * (MIN_PASSWORD - 1)).field == "password"

    added = store.operators.add(admin, "zhaolei", "mail", "十个字符的密码吧2号")

    assert store.operators.authenticate("zhaolei", "十个字符的密码吧2号") == added


# --- passwords are stored only as scrypt hashes ---------------------------------------


@pytest.mark.real_hashing
def test_passwords_are_stored_only_as_salted_scrypt_hashes(store, tmp_path):
    secrets_typed = ["Plain-Secret-甲乙丙-001", "Plain-Secret-甲乙丙-002"]
    first = store.operators.create_first_admin("admin", secrets_typed[0])
    store.operators.add(first, "lihua", "reception", secrets_typed[1])
    store.operators.add(first, "wangfang", "reception", secrets_typed[1])
    store.operators.set_password(first, "lihua", "Plain-Secret-甲乙丙-003")
    secrets_typed.append("Plain-Secret-甲乙丙-003")

    hashes = dict(store.db.execute("SELECT name, password_hash FROM operators").fetchall())
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("fd.db")}
    store.close()
    files["fd.db (closed)"] = (tmp_path / "fd.db").read_bytes()

    for secret in secrets_typed:
        for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le")):
            for name, content in files.items():
                assert encoded not in content, f"plain password found in {name}"
    for stored in hashes.values():
        scheme, n, r, p, salt, digest = stored.split("$")
        assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
        assert len(bytes.fromhex(salt)) == 16
        assert len(bytes.fromhex(digest)) == 32
    assert hashes["wangfang"] != hashes["admin"]
    assert check_password(secrets_typed[1], hashes["wangfang"])
    assert not check_password(secrets_typed[0], hashes["wangfang"])


def test_same_password_gets_a_different_salt(store, admin):
    store.operators.add(admin, "lihua", "reception", "same-password")
    store.operators.add(admin, "wangfang", "reception", "same-password")

    hashes = [row[0] for row in store.db.execute(
        "SELECT password_hash FROM operators WHERE name IN ('lihua', 'wangfang')")]

    assert hashes[0] != hashes[1]


def test_damaged_hash_never_matches():
    assert not check_password("anything", "")
    assert not check_password("anything", "scrypt$notanumber$8$1$00$00")
    assert not check_password("anything", "md5$deadbeef")


# --- permissions -----------------------------------------------------------------------


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_only_an_admin_manages_operators(store, admin, role):
    actor = store.operators.add(admin, "actor", role.value, "actor-pass-1")
    store.operators.add(admin, "target", "reception", "target-pass-1")
    before = written(store)

    attempts = [
        (store.operators.add, (actor, "newbie", "reception", "newbie-pass")),
        (store.operators.disable, (actor, "target")),
        (store.operators.disable, (actor, "admin")),
        (store.operators.enable, (actor, "target")),
        (store.operators.set_role, (actor, "actor", "admin")),
        (store.operators.set_password, (actor, "target", "taken-over-1")),
        (store.operators.unlock, (actor, "target")),
    ]
    for call, args in attempts:
        error = refused(PermissionDenied, call, *args)
        assert error.key == "err.permission"

    assert written(store) == before
    assert store.operators.get("actor").role is role
    assert store.operators.authenticate("target", "target-pass-1").name == "target"


def test_permission_refusal_says_who_may(store, admin, clerk):
    error = refused(PermissionDenied, store.operators.disable, clerk, "admin")

    assert error.message == "权限不足：管理操作员需要以下角色之一：系统管理员"


def test_role_changed_after_login_is_what_counts(store, admin):
    store.operators.add(admin, "deputy", "admin", "deputy-pass-1")
    store.operators.add(admin, "lihua", "reception", "reception-pass")
    deputy = store.operators.authenticate("deputy", "deputy-pass-1")
    clerk = store.operators.authenticate("lihua", "reception-pass")

    store.operators.set_role(admin, "deputy", "reception")
    store.operators.set_role(admin, "lihua", "admin")

    # The Operator objects still say what the role was at login.
    assert deputy.role is Role.ADMIN and clerk.role is Role.RECEPTION
    assert refused(PermissionDenied, store.operators.add, deputy, "x1", "duty", "duty-pass-1")
    assert refused(PermissionDenied, store.audit.log, deputy)
    assert store.operators.add(clerk, "x2", "duty", "duty-pass-1").created_by == "lihua"
    assert store.operators.get("x1") is None


def test_operator_disabled_after_login_can_do_nothing_more(store, admin):
    store.operators.add(admin, "deputy", "admin", "deputy-pass-1")
    deputy = store.operators.authenticate("deputy", "deputy-pass-1")

    store.operators.disable(admin, "deputy")

    error = refused(AuthenticationFailed, store.operators.add, deputy, "x1", "duty", "duty-pass-1")
    assert error.key == "err.operator_disabled"
    assert store.operators.get("x1") is None


# --- disabling, enabling, roles -----------------------------------------------------------


def test_last_active_admin_cannot_be_disabled(store, admin):
    before = written(store)

    error = refused(ValidationError, store.operators.disable, admin, "admin")

    assert error.key == "err.last_admin"
    assert written(store) == before
    assert not store.operators.get("admin").disabled


def test_an_admin_can_be_disabled_while_another_stays(store, admin):
    store.operators.add(admin, "deputy", "admin", "deputy-pass-1")

    assert store.operators.disable(admin, "deputy").disabled
    assert refused(ValidationError, store.operators.disable, admin, "admin").key == "err.last_admin"

    store.operators.enable(admin, "deputy")
    assert store.operators.disable(admin, "admin").disabled
    assert store.operators.get("deputy").disabled is False


def test_last_active_admin_cannot_be_demoted(store, admin):
    error = refused(ValidationError, store.operators.set_role, admin, "admin", "supervisor")

    assert error.key == "err.last_admin"
    assert store.operators.get("admin").role is Role.ADMIN


def test_disabled_operator_keeps_the_record_and_cannot_log_in(store, admin, clerk):
    store.operators.disable(admin, "lihua")
    before = written(store)

    error = refused(AuthenticationFailed, store.operators.authenticate, "lihua", "reception-pass")

    assert error.key == "err.operator_disabled"
    assert written(store) == (before[0], before[1] + 1)
    entry = last_entry(store)
    assert (entry["action"], entry["operator"], entry["record_id"]) == ("login_failed", "lihua", clerk.id)
    assert store.operators.get("lihua").disabled

    store.operators.enable(admin, "lihua")
    assert store.operators.authenticate("lihua", "reception-pass").name == "lihua"


def test_changing_an_unknown_operator_names_the_field(store, admin):
    for call in (store.operators.disable, store.operators.enable, store.operators.unlock):
        error = refused(ValidationError, call, admin, "nobody")
        assert (error.field, error.key) == ("name", "err.operator_unknown")


def test_operators_are_never_deleted(store, admin, clerk):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        with store.write() as db:
            db.execute("DELETE FROM operators WHERE id = ?", [clerk.id])
    assert store.operators.get("lihua") is not None


# --- passwords -------------------------------------------------------------------------


def test_operator_changes_their_own_password(store, admin, clerk):
    store.operators.set_password(clerk, "lihua", "new-reception-pass")

    refused(AuthenticationFailed, store.operators.authenticate, "lihua", "reception-pass")
    assert store.operators.authenticate("lihua", "new-reception-pass").name == "lihua"
    entry = store.audit.log(admin, action="passwd")[0]
    assert (entry.operator, entry.record_id, entry.detail) == ("lihua", clerk.id, None)


def test_admin_sets_a_password_without_logging_the_hash(store, admin, clerk):
    store.operators.set_password(admin, "lihua", "reset-by-admin")

    assert store.operators.authenticate("lihua", "reset-by-admin").name == "lihua"
    entry = store.audit.log(admin, action="passwd")[0]
    assert entry.operator == "admin"
    assert entry.detail is None


def test_new_password_is_validated_before_anything_is_written(store, admin, clerk):
    before = written(store)

    error = refused(ValidationError, store.operators.set_password, clerk, "lihua", "short")

    assert (error.field, error.key) == ("password", "err.password_short")
    assert written(store) == before
    assert store.operators.authenticate("lihua", "reception-pass").name == "lihua"


# --- logins and lock-outs ------------------------------------------------------------------


def test_login_and_failed_login_are_in_the_audit_trail(store, admin, clerk, clock):
    clock.advance(minutes=1)
    refused(AuthenticationFailed, store.operators.authenticate, "lihua", "wrong-password")
    clock.advance(minutes=1)
    store.operators.authenticate("lihua", "reception-pass")
    clock.advance(minutes=1)
    refused(AuthenticationFailed, store.operators.authenticate, "nobody", "whatever-1")

    entries = store.audit.log(admin, limit=3)

    assert [(e.at, e.action, e.operator, e.record_id) for e in entries] == [
        ("2026-03-02 09:18:00", "login_failed", None, None),
        ("2026-03-02 09:17:00", "login", "lihua", clerk.id),
        ("2026-03-02 09:16:00", "login_failed", "lihua", clerk.id),
    ]
    assert entries[0].detail == {"name": "n…(6)"}  # first character and length only


def test_wrong_password_says_the_rule_not_how_many_tries_are_left(store, clerk):
    # A count of tries left would tell a stranger that the name exists.
    errors = [refused(AuthenticationFailed, store.operators.authenticate, "lihua", "wrong-password")
              for _ in range(3)]

    assert {(e.key, e.message) for e in errors} == {
        ("err.login_failed", "登录名或密码不正确（连续失败 5 次后须等待 15 分钟再试）")
    }


def test_unknown_name_and_wrong_password_look_alike(store, clerk):
    unknown = refused(AuthenticationFailed, store.operators.authenticate, "nobody", "x-password")
    wrong = refused(AuthenticationFailed, store.operators.authenticate, "lihua", "x-password")

    assert unknown.message == wrong.message
    assert unknown.message.startswith("登录名或密码不正确")


def fail_five_times(store, name):
    errors = [
        refused(AuthenticationFailed, store.operators.authenticate, name, "wrong-password")
        for _ in range(5)
    ]
    return errors[-1]


@pytest.mark.real_hashing
def test_five_failed_logins_lock_out_for_fifteen_minutes(store, clerk, clock):
    fifth = fail_five_times(store, "lihua")

    assert fifth.key == "err.login_failed"  # the same words as an unknown name
    assert store.operators.locked_until("lihua") == datetime(2026, 3, 2, 9, 30)

    clock.advance(minutes=14, seconds=59)
    during = refused(AuthenticationFailed, store.operators.authenticate, "lihua", "reception-pass")
    assert during.message == fifth.message

    clock.advance(seconds=1)
    assert store.operators.locked_until("lihua") is None
    # One failure after the lock-out has run out starts a new count.
    refused(AuthenticationFailed, store.operators.authenticate, "lihua", "wrong-password")
    assert store.operators.locked_until("lihua") is None
    assert store.operators.authenticate("lihua", "reception-pass").name == "lihua"


def test_lock_out_is_written_to_the_audit_trail(store, admin, clerk):
    fail_five_times(store, "lihua")

    actions = [e.action for e in store.audit.log(admin, limit=6)]

    assert actions == ["lockout"] + ["login_failed"] * 5


def test_attempt_during_the_lock_out_is_written_to_the_audit_trail(store, admin, clerk, clock):
    fail_five_times(store, "lihua")
    clock.advance(minutes=3)
    before = written(store)

    refused(AuthenticationFailed, store.operators.authenticate, "lihua", "reception-pass")

    assert written(store) == (before[0], before[1] + 1)
    entry = store.audit.log(admin, limit=1)[0]
    assert (entry.operator, entry.record_id, entry.at) == ("lihua", clerk.id, "2026-03-02 09:18:00")
    assert entry.action == "login_locked"
    # ... and the attempt does not stretch or restart the lock-out.
    assert store.operators.locked_until("lihua") == datetime(2026, 3, 2, 9, 30)
    clock.advance(minutes=12)
    assert store.operators.authenticate("lihua", "reception-pass").name == "lihua"


def test_successful_login_resets_the_count(store, clerk):
    for _ in range(4):
        refused(AuthenticationFailed, store.operators.authenticate, "lihua", "wrong-password")
    store.operators.authenticate("lihua", "reception-pass")

    for _ in range(4):
        refused(AuthenticationFailed, store.operators.authenticate, "lihua", "wrong-password")

    assert store.operators.locked_until("lihua") is None


def test_admin_lifts_a_lock_out(store, admin, clerk):
    fail_five_times(store, "lihua")

    store.operators.unlock(admin, "lihua")

    assert store.operators.locked_until("lihua") is None
    assert store.operators.authenticate("lihua", "reception-pass").name == "lihua"
    entry = store.audit.log(admin, action="unlock")[0]
    assert (entry.operator, entry.record_id) == ("admin", clerk.id)


def test_lock_out_of_one_operator_leaves_the_others_alone(store, admin, clerk):
    fail_five_times(store, "lihua")

    assert store.operators.authenticate("admin", "admin-pass-1").name == "admin"
    assert store.operators.locked_until("admin") is None


# --- validation rules, for any input ---------------------------------------------------------

CONTROL = st.characters(categories=["Cc"])
VISIBLE = st.characters(exclude_categories=["Cc", "Cf", "Cs", "Zs", "Zl", "Zp"]).filter(
    lambda char: not char.isspace()
)
NO_CONTROL = st.characters(exclude_categories=["Cc", "Cs"])


@given(
    before=st.text(VISIBLE, min_size=1, max_size=12),
    control=CONTROL,
    after=st.text(VISIBLE, min_size=1, max_size=12),
)
def test_name_with_a_control_character_inside_is_refused(before, control, after):
    error = refused(ValidationError, validate_name, before + control + after)

    assert error.field == "name"
    assert error.key == "err.control_chars"


@given(
    name=st.text(VISIBLE, min_size=1, max_size=20),
    control=CONTROL.filter(lambda char: not char.isspace()),
    at=st.integers(min_value=0, max_value=20),
)
def test_name_with_a_non_blank_control_character_anywhere_is_refused(name, control, at):
    error = refused(ValidationError, validate_name, name[:at] + control + name[at:])

    assert (error.field, error.key) == ("name", "err.control_chars")


@given(st.text(VISIBLE, min_size=1, max_size=32).filter(lambda n: unicodedata.normalize("NFKC", n) == n))
def test_any_short_visible_name_in_its_normal_form_is_accepted_as_typed(name):
    assert validate_name(name) == name


@settings(max_examples=40)
@given(st.text(VISIBLE, min_size=33, max_size=40))
def test_name_longer_than_32_is_refused(name):
    assert refused(ValidationError, validate_name, name).key == "err.too_long"


@given(st.text(NO_CONTROL, min_size=MIN_PASSWORD - 4, max_size=MAX_PASSWORD - 4))
def test_any_password_of_10_to_256_characters_of_two_kinds_is_accepted(rest):
    password = "Zq7!" + rest  # four kinds at the start; no listed password begins so
    assert validate_password(password) == password


@given(
    password=st.text(NO_CONTROL, min_size=MIN_PASSWORD, max_size=MAX_PASSWORD - 1),
    control=CONTROL,
    at=st.integers(min_value=0, max_value=MAX_PASSWORD),
)
def test_password_with_any_control_character_is_refused(password, control, at):
    error = refused(ValidationError, validate_password, password[:at] + control + password[at:])

    assert (error.field, error.key) == ("password", "err.control_chars")


@given(st.text(NO_CONTROL, min_size=1, max_size=MIN_PASSWORD - 1))
def test_password_shorter_than_10_is_refused(password):
    error = refused(ValidationError, validate_password, password)

    assert (error.field, error.key) == ("password", "err.password_short")


@settings(max_examples=40)
@given(st.text(NO_CONTROL, min_size=MAX_PASSWORD + 1, max_size=MAX_PASSWORD + 10))
def test_password_longer_than_256_is_refused(password):
    assert refused(ValidationError, validate_password, password).key == "err.too_long"


@given(st.one_of(st.none(), st.integers(), st.just("")))
def test_missing_password_is_required(password):
    assert refused(ValidationError, validate_password, password).key == "err.required"


@pytest.mark.parametrize(("invisible", "key"), [
    ("\u200b", "err.invisible_chars"), ("\u200e", "err.invisible_chars"), ("\u2066", "err.invisible_chars"),
    ("\ufeff", "err.invisible_chars"), ("\u00ad", "err.name_invisible"),
])
def test_a_name_with_an_invisible_character_is_refused(invisible, key):
    # Direction controls and zero-width characters are refused in every text;
    # a name refuses every other format character too (a soft hyphen).
    error = refused(ValidationError, validate_name, "admin" + invisible)
    assert (error.field, error.key) == ("name", key)


def test_a_control_character_at_the_end_is_refused_not_trimmed():
    error = refused(ValidationError, validate_name, "ab\x1f")
    assert error.key == "err.control_chars"


def test_a_password_typed_into_the_name_field_is_not_kept_in_the_audit(store, admin):
    with pytest.raises(AuthenticationFailed):
        store.operators.authenticate("admin-pass-1", "admin")
    (entry,) = store.audit.log(admin, action="login_failed", limit=1)
    assert "admin-pass-1" not in str(entry.detail)
    assert entry.detail == {"name": "a…(12)"}
