"""Operators (操作员): accounts, roles, passwords, logins and lock-outs.

Passwords are kept only as salted scrypt hashes. Failed logins are audit
entries; five in a row lock the operator out for fifteen minutes, counted from
the audit trail itself so no counter can drift from what was logged. The last
admin who is not locked out is never locked out: after five failures each attempt
waits twice as long as the one before (1 s, 2 s, 4 s … at most a minute), so a
stranger at a terminal cannot shut the office out of its own database.

Signing in runs scrypt before the write transaction (which then only records the
attempt), and runs it for an unknown name too, so an unknown name takes as long and
gets the same words as a wrong password.
"""

from __future__ import annotations

import builtins
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import AuthenticationFailed, ValidationError
from frontdesk.store.shared import audit
from frontdesk.store.shared.login_names import look_alike, name_key, normal_name
from frontdesk.store.shared.passwords import MAX_PASSWORD, MIN_PASSWORD, password_problem, validate_password
from frontdesk.store.shared.permissions import Role, require

if TYPE_CHECKING:
    from frontdesk.store.api import Store

__all__ = ["MAX_PASSWORD", "MIN_PASSWORD", "Operator", "Operators", "validate_password"]

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
# The last admin's wait after the fifth failure in a row doubles up to this.
MAX_ADMIN_DELAY = timedelta(seconds=60)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_LOGIN_ACTIONS = ("login", "login_failed", "lockout", "unlock", "recover")
# Set on an imported operator: no password signs in until an admin sets one.
NO_PASSWORD = "!"


@dataclass(frozen=True)
class Operator:
    """A person who signs in: login name, full name, role."""

    id: int
    name: str
    display_name: str
    role: Role
    disabled: bool
    created_at: str
    created_by: str | None
    # Signed in with a password that no longer meets the rules: asked to change it.
    password_change_due: bool = False

    @property
    def label(self) -> str:
        """How the operator is named on screen: full name, else login name."""
        return self.display_name or self.name


# hashlib, hmac and secrets are imported where a password is hashed or checked:
# the sign-in screen is shown before any is.


def hash_password(password: str) -> str:
    import hashlib
    import secrets

    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def _decoy_hash() -> str:
    """A hash at today's cost that no password matches, checked in place of a missing one."""
    key = tuple(sorted(_SCRYPT.items()))
    if key not in _DECOYS:
        _DECOYS[key] = hash_password(f"decoy-{id(_DECOYS)}-{key}")
    return _DECOYS[key]


_DECOYS: dict[tuple, str] = {}


def check_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches ``stored``; one scrypt run whatever ``stored`` is,
    so a missing or unusable hash takes as long as a wrong password."""
    import hashlib
    import hmac

    usable = True
    try:
        _scheme, n, r, p, salt, digest = (stored or "").split("$")
        salt_bytes, cost = bytes.fromhex(salt), (int(n), int(r), int(p))
    except (ValueError, TypeError):
        usable = False
        _scheme, n, r, p, salt, digest = _decoy_hash().split("$")
        salt_bytes, cost = bytes.fromhex(salt), (int(n), int(r), int(p))
    try:
        computed = hashlib.scrypt(password.encode(errors="surrogatepass"), salt=salt_bytes,
                                  n=cost[0], r=cost[1], p=cost[2], dklen=32)
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(computed.hex(), digest) and usable


def validate_name(name: object) -> str:
    """A login name in its kept form (NFKC), refused if it cannot be one."""
    name = validate.text("name", name, required=True, max_length=32)
    name = normal_name(name)
    if any(char.isspace() for char in name):
        raise ValidationError("name", "err.name_spaces")
    # Invisible characters (zero-width spaces, direction marks) would make two
    # names that look the same.
    if any(unicodedata.category(char) == "Cf" for char in name):
        raise ValidationError("name", "err.name_invisible")
    return name


def validate_role(role: object) -> Role:
    if isinstance(role, str) and role in {r.value for r in Role}:
        return Role(role)
    raise ValidationError("role", "err.role_unknown", choices=", ".join(r.value for r in Role))


def _hint(typed: str) -> str:
    """An unknown login name as the audit keeps it: its first character and its
    length only, since a password typed into the name field must not be kept."""
    return f"{typed[:1]}…({len(typed)})" if typed else ""


def _parse(at: str) -> datetime:
    return datetime.strptime(at, "%Y-%m-%d %H:%M:%S")


def _to_operator(row: dict) -> Operator:
    return Operator(
        id=row["id"],
        name=row["name"],
        display_name=row["display_name"],
        role=Role(row["role"]),
        disabled=bool(row["disabled"]),
        created_at=row["created_at"],
        created_by=row["created_by"],
    )


class Operators:
    """The operators of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # reading -------------------------------------------------------------

    def count(self) -> int:
        """How many operators exist (0 on a brand-new database)."""
        return self._store.conn.execute("SELECT count(*) FROM operators").fetchone()[0]

    def get(self, name: str) -> Operator | None:
        """The operator called ``name``: NFKC form, case ignored (an exact match first)."""
        row = self._row(name)
        return _to_operator(row) if row else None

    def _row(self, name: str) -> dict | None:
        db = self._store.db
        exact = list(db.query("SELECT * FROM operators WHERE name = ?", [name]))
        if exact:
            return exact[0]
        key = name_key(name)
        if not key:
            return None
        # Few operators: folding each name in Python handles every script's case.
        matches = [row for row in db.query("SELECT * FROM operators ORDER BY id") if name_key(row["name"]) == key]
        return matches[0] if matches else None

    def list(self) -> list[Operator]:
        return [_to_operator(row) for row in self._store.db.query("SELECT * FROM operators ORDER BY id")]

    def _current(self, actor: Operator) -> Operator:
        """The actor as the database knows it now (role or status may have changed)."""
        now = self.get(actor.name)
        if now is None or now.disabled:
            raise AuthenticationFailed("err.operator_disabled", name=actor.name)
        return now

    def require(self, actor: Operator, action: str) -> Operator:
        """Check the actor's current role against the permission table."""
        current = self._current(actor)
        require(current.role, action)
        return current

    # creating and changing ---------------------------------------------------

    def create_first_admin(self, name: str, password: str, display_name: str = "") -> Operator:
        """The first administrator of a brand-new database (nobody is signed in yet)."""
        with validate.Checks() as c:
            valid_name = c.run(validate_name, name)
            valid_display_name = c.run(validate.text, "display_name", display_name, max_length=40)
            c.run(validate_password, password, normal_name(str(name or "")))
        hashed = hash_password(password)  # before the write lock: scrypt is slow on purpose
        with self._store.write() as db:
            if self.count():
                raise ValidationError("name", "err.not_first_run")
            return self._insert(db, None, valid_name, valid_display_name, Role.ADMIN, hashed)

    def add(
        self, actor: Operator, name: str, role: str, password: str, display_name: str = ""
    ) -> Operator:
        """A new operator; admin only."""
        with validate.Checks() as c:
            valid_name = c.run(validate_name, name)
            valid_role = c.run(validate_role, role)
            valid_display_name = c.run(validate.text, "display_name", display_name, max_length=40)
            c.run(validate_password, password, normal_name(str(name or "")))
        assert valid_name is not None  # leaving the checks raised otherwise
        self.require(actor, "operator.manage")
        hashed = hash_password(password)  # before the write lock: scrypt is slow on purpose
        with self._store.write() as db:
            self.require(actor, "operator.manage")
            existing = self.get(valid_name)
            if existing is not None:
                raise ValidationError("name", "err.operator_exists", name=existing.name)
            similar = look_alike(valid_name, [op.name for op in self.list()])
            if similar is not None:
                raise ValidationError("name", "err.name_confusable", name=similar)
            return self._insert(db, actor.name, valid_name, valid_display_name, valid_role, hashed)

    def _insert(self, db, by: str | None, name, display_name, role, password_hash: str) -> Operator:
        now = self._store.now_text()
        row_id = db.table("operators").insert(
            {
                "name": name,
                "display_name": display_name,
                "role": role.value,
                "password_hash": password_hash,
                "disabled": 0,
                "created_at": now,
                "created_by": by,
                "updated_at": now,
                "updated_by": by,
            }
        ).last_pk
        audit.append(
            db, at=self._store.now(), operator=by or name, action="create",
            table="operators", record_id=row_id, detail={"role": role.value},
        )
        return self._written(name)

    def _written(self, name: str) -> Operator:
        """The operator this transaction has just written."""
        found = self.get(name)
        assert found is not None
        return found

    def _change(self, actor: Operator, name: str, action: str, values: dict) -> Operator:
        with self._store.write() as db:
            self.require(actor, "operator.manage")
            target = self.get(name)
            if target is None:
                raise ValidationError("name", "err.operator_unknown", name=name)
            audit.assert_untouched(db, "operators", target.id)
            if values.get("disabled") == 1 and target.role is Role.ADMIN:
                admins = db.execute(
                    "SELECT count(*) FROM operators WHERE role = 'admin' AND disabled = 0 AND id != ?",
                    [target.id],
                ).fetchone()[0]
                if admins == 0:
                    raise ValidationError("name", "err.last_admin")
            if values.get("role") and values["role"] != "admin" and target.role is Role.ADMIN:
                admins = db.execute(
                    "SELECT count(*) FROM operators WHERE role = 'admin' AND disabled = 0 AND id != ?",
                    [target.id],
                ).fetchone()[0]
                if admins == 0:
                    raise ValidationError("role", "err.last_admin")
            db.table("operators").update(
                target.id,
                {**values, "updated_at": self._store.now_text(), "updated_by": actor.name},
            )
            audit.append(
                db, at=self._store.now(), operator=actor.name, action=action,
                table="operators", record_id=target.id,
                detail={k: v for k, v in values.items() if k != "password_hash"} or None,
            )
            return self._written(name)

    def disable(self, actor: Operator, name: str) -> Operator:
        """Stop an operator from signing in; the account and its history stay."""
        return self._change(actor, name, "disable", {"disabled": 1})

    def enable(self, actor: Operator, name: str) -> Operator:
        return self._change(actor, name, "enable", {"disabled": 0})

    def set_role(self, actor: Operator, name: str, role: str) -> Operator:
        return self._change(actor, name, "update", {"role": validate_role(role).value})

    def set_password(self, actor: Operator, name: str, password: str) -> Operator:
        """An admin sets anyone's password; every operator may set their own."""
        target = self.get(name)
        password = validate_password(password, target.name if target else normal_name(name))
        hashed = hash_password(password)  # before the write lock
        if target is not None and target.id == actor.id:
            with self._store.write() as db:
                me = self._current(actor)
                audit.assert_untouched(db, "operators", me.id)
                db.table("operators").update(
                    me.id,
                    {"password_hash": hashed,
                     "updated_at": self._store.now_text(), "updated_by": actor.name},
                )
                audit.append(db, at=self._store.now(), operator=actor.name,
                             action="passwd", table="operators", record_id=me.id)
                return self._written(me.name)
        return self._change(actor, name, "passwd", {"password_hash": hashed})

    def unlock(self, actor: Operator, name: str) -> None:
        """Lift a lock-out before its fifteen minutes are over."""
        with self._store.write() as db:
            self.require(actor, "operator.manage")
            target = self.get(name)
            if target is None:
                raise ValidationError("name", "err.operator_unknown", name=name)
            audit.append(db, at=self._store.now(), operator=actor.name, action="unlock",
                         table="operators", record_id=target.id, changed=False)

    # signing in ------------------------------------------------------------

    def locked_until(self, name: str) -> datetime | None:
        """When the operator's lock-out (or the last admin's wait) ends, or None."""
        target = self.get(name)
        if target is None:
            return None
        return self._locked_until(target)

    def _recent_logins(self, operator_id: int, limit: int) -> builtins.list[tuple[str, str]]:
        marks = ",".join("?" for _ in _LOGIN_ACTIONS)
        return self._store.db.execute(
            f"SELECT action, at FROM audit_log WHERE record_table = 'operators'"
            f" AND record_id = ? AND action IN ({marks}) ORDER BY id DESC LIMIT ?",
            [operator_id, *_LOGIN_ACTIONS, limit],
        ).fetchall()

    def _lockout_ends(self, operator_id: int) -> datetime | None:
        recent = self._recent_logins(operator_id, 1)
        if not recent or recent[0][0] != "lockout":
            return None
        until = _parse(recent[0][1]) + LOCKOUT
        return until if until > self._store.now() else None

    def _locked_until(self, target: Operator) -> datetime | None:
        if self._is_last_admin(target):
            return self._admin_wait_ends(target.id)
        return self._lockout_ends(target.id)

    def _is_last_admin(self, target: Operator) -> bool:
        """An enabled admin with no other enabled admin who could sign in and unlock."""
        if target.role is not Role.ADMIN or target.disabled:
            return False
        others = self._store.db.execute(
            "SELECT id FROM operators WHERE role = 'admin' AND disabled = 0 AND id != ?", [target.id]
        ).fetchall()
        return all(self._lockout_ends(other_id) is not None for (other_id,) in others)

    def _failures(self, operator_id: int, limit: int) -> builtins.list[str]:
        """The times of the failures in a row since the last login, unlock or lock-out."""
        times = []
        for action, at in self._recent_logins(operator_id, limit):
            if action != "login_failed":
                break
            times.append(at)
        return times

    def _admin_wait_ends(self, operator_id: int) -> datetime | None:
        """The last admin's next attempt is heard only after a wait that doubles with each
        failure past the fifth: 1 s, 2 s, 4 s … at most MAX_ADMIN_DELAY."""
        failures = self._failures(operator_id, MAX_FAILURES + 8)
        if len(failures) < MAX_FAILURES:
            return None
        wait = min(timedelta(seconds=2 ** (len(failures) - MAX_FAILURES)), MAX_ADMIN_DELAY)
        until = _parse(failures[0]) + wait
        return until if until > self._store.now() else None

    def authenticate(self, name: str, password: str) -> Operator:
        """The operator, if the name and password are right and the account may sign in.

        Every attempt is written to the audit trail. A wrong password, an unknown name,
        a locked-out account and an admin's wait all get the same words.
        """
        typed = (name or "").strip()
        row = self._row(typed) if typed else None
        # The slow part, outside any transaction: other terminals keep saving meanwhile.
        right = check_password(password or "", row["password_hash"] if row else None)
        now = self._store.now()
        refused = AuthenticationFailed("err.login_failed", failures=MAX_FAILURES,
                                       minutes=int(LOCKOUT.total_seconds() // 60))
        with self._store.write() as db:
            target = self.get(row["name"]) if row else None
            if target is None:
                audit.append(db, at=now, operator=None, action="login_failed",
                             detail={"name": _hint(typed)})
                error = refused
            elif self._locked_until(target) is not None:
                # Logged under its own action, so it neither stretches nor restarts
                # the lock-out, which is counted from the login actions.
                audit.append(db, at=now, operator=target.name, action="login_locked",
                             table="operators", record_id=target.id, changed=False)
                error = refused
            elif right and target.disabled:
                audit.append(db, at=now, operator=target.name, action="login_failed",
                             table="operators", record_id=target.id, changed=False,
                             detail={"reason": "disabled"})
                error = AuthenticationFailed("err.operator_disabled", name=target.name)
            elif right and row and self._password_hash(target.id) == row["password_hash"]:
                weak = password_problem(password, target.name) is not None
                audit.append(db, at=now, operator=target.name, action="login",
                             table="operators", record_id=target.id, changed=False,
                             detail={"password_change_due": True} if weak else None)
                return replace(target, password_change_due=weak)
            else:
                audit.append(db, at=now, operator=target.name, action="login_failed",
                             table="operators", record_id=target.id, changed=False)
                failures = len(self._failures(target.id, MAX_FAILURES))
                if failures >= MAX_FAILURES and not self._is_last_admin(target):
                    audit.append(db, at=now, operator=target.name, action="lockout",
                                 table="operators", record_id=target.id, changed=False)
                error = refused
        # Raised after the commit, so the failed attempt stays in the trail.
        raise error

    def _password_hash(self, operator_id: int) -> str:
        return self._store.db.execute(
            "SELECT password_hash FROM operators WHERE id = ?", [operator_id]
        ).fetchone()[0]

    def check_password(self, operator: Operator, password: str) -> bool:
        """Unlocking a locked screen: the same operator's password, audited like a login."""
        try:
            self.authenticate(operator.name, password)
        except AuthenticationFailed:
            return False
        return True

    def recover(self, name: str, password: str, *, os_user: str) -> Operator:
        """A new password for an admin who is locked out or forgotten, given by whoever owns
        the database file (the caller checks that): enabled, lock-out lifted, audited with
        the OS account that did it."""
        target = self.get(name)
        if target is None:
            raise ValidationError("name", "err.operator_unknown", name=name)
        if target.role is not Role.ADMIN:
            raise ValidationError("name", "err.recover_not_admin", name=target.name)
        hashed = hash_password(validate_password(password, target.name))
        with self._store.write() as db:
            db.table("operators").update(
                target.id,
                {"password_hash": hashed, "disabled": 0,
                 "updated_at": self._store.now_text(), "updated_by": target.name},
            )
            audit.append(db, at=self._store.now(), operator=target.name, action="recover",
                         table="operators", record_id=target.id,
                         detail={"os_user": os_user, "was_disabled": target.disabled})
        return self._written(target.name)

    # preferences -----------------------------------------------------------

    def preference(self, operator: Operator, key: str, default: str | None = None) -> str | None:
        row = self._store.db.execute(
            "SELECT value FROM preferences WHERE operator_id = ? AND key = ?", [operator.id, key]
        ).fetchone()
        return row[0] if row else default

    def set_preference(self, operator: Operator, key: str, value: str) -> None:
        with self._store.write() as db:
            db.execute(
                "INSERT INTO preferences (operator_id, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT (operator_id, key) DO UPDATE SET value = excluded.value",
                [operator.id, key, value],
            )
