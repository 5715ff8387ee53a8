"""Operators (操作员): accounts, roles, passwords, logins and lock-outs.

Passwords are kept only as salted scrypt hashes. Failed logins are audit
entries; five in a row lock the operator out for fifteen minutes, counted from
the audit trail itself so no counter can drift from what was logged.
"""

from __future__ import annotations

import builtins
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import AuthenticationFailed, ValidationError
from frontdesk.store.shared import audit
from frontdesk.store.shared.permissions import Role, require

if TYPE_CHECKING:
    from frontdesk.store.api import Store

MIN_PASSWORD = 8
MAX_PASSWORD = 256
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_LOGIN_ACTIONS = ("login", "login_failed", "lockout", "unlock")


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


def check_password(password: str, stored: str) -> bool:
    import hashlib
    import hmac

    try:
        _scheme, n, r, p, salt, digest = stored.split("$")
        computed = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), dklen=32, n=int(n), r=int(r), p=int(p)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed.hex(), digest)


def validate_password(password: object) -> str:
    if not isinstance(password, str) or not password:
        raise ValidationError("password", "err.required")
    if len(password) < MIN_PASSWORD:
        raise ValidationError("password", "err.password_short", min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise ValidationError("password", "err.too_long", max=MAX_PASSWORD)
    if validate.has_control_chars(password):
        raise ValidationError("password", "err.control_chars")
    return password


def validate_name(name: object) -> str:
    name = validate.text("name", name, required=True, max_length=32)
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
        rows = list(self._store.db.query("SELECT * FROM operators WHERE name = ?", [name]))
        return _to_operator(rows[0]) if rows else None

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
            valid_password = c.run(validate_password, password)
        with self._store.write() as db:
            if self.count():
                raise ValidationError("name", "err.not_first_run")
            return self._insert(db, None, valid_name, valid_display_name, Role.ADMIN, valid_password)

    def add(
        self, actor: Operator, name: str, role: str, password: str, display_name: str = ""
    ) -> Operator:
        """A new operator; admin only."""
        with validate.Checks() as c:
            valid_name = c.run(validate_name, name)
            valid_role = c.run(validate_role, role)
            valid_display_name = c.run(validate.text, "display_name", display_name, max_length=40)
            valid_password = c.run(validate_password, password)
        assert valid_name is not None  # leaving the checks raised otherwise
        with self._store.write() as db:
            self.require(actor, "operator.manage")
            if self.get(valid_name) is not None:
                raise ValidationError("name", "err.operator_exists", name=valid_name)
            return self._insert(db, actor.name, valid_name, valid_display_name, valid_role, valid_password)

    def _insert(self, db, by: str | None, name, display_name, role, password) -> Operator:
        now = self._store.now_text()
        row_id = db.table("operators").insert(
            {
                "name": name,
                "display_name": display_name,
                "role": role.value,
                "password_hash": hash_password(password),
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
        password = validate_password(password)
        if actor.name == name:
            with self._store.write() as db:
                me = self._current(actor)
                audit.assert_untouched(db, "operators", me.id)
                db.table("operators").update(
                    me.id,
                    {"password_hash": hash_password(password),
                     "updated_at": self._store.now_text(), "updated_by": actor.name},
                )
                audit.append(db, at=self._store.now(), operator=actor.name,
                             action="passwd", table="operators", record_id=me.id)
                return self._written(name)
        return self._change(actor, name, "passwd", {"password_hash": hash_password(password)})

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
        """When the operator's lock-out ends, or None if they are not locked out."""
        target = self.get(name)
        if target is None:
            return None
        return self._locked_until(target.id)

    def _recent_logins(self, operator_id: int, limit: int) -> builtins.list[tuple[str, str]]:
        marks = ",".join("?" for _ in _LOGIN_ACTIONS)
        return self._store.db.execute(
            f"SELECT action, at FROM audit_log WHERE record_table = 'operators'"
            f" AND record_id = ? AND action IN ({marks}) ORDER BY id DESC LIMIT ?",
            [operator_id, *_LOGIN_ACTIONS, limit],
        ).fetchall()

    def _locked_until(self, operator_id: int) -> datetime | None:
        recent = self._recent_logins(operator_id, 1)
        if not recent or recent[0][0] != "lockout":
            return None
        until = datetime.strptime(recent[0][1], "%Y-%m-%d %H:%M:%S") + LOCKOUT
        return until if until > self._store.now() else None

    def _failures_in_row(self, operator_id: int) -> int:
        count = 0
        for action, _at in self._recent_logins(operator_id, MAX_FAILURES):
            if action != "login_failed":
                break
            count += 1
        return count

    def authenticate(self, name: str, password: str) -> Operator:
        """The operator, if the name and password are right and the account may sign in.

        Every attempt is written to the audit trail.
        """
        name = (name or "").strip()
        now = self._store.now()
        with self._store.write() as db:
            target = self.get(name) if name else None
            if target is None:
                audit.append(db, at=now, operator=None, action="login_failed",
                             detail={"name": _hint(name)})
                error = AuthenticationFailed("err.login_failed")
            elif target.disabled:
                audit.append(db, at=now, operator=name, action="login_failed",
                             table="operators", record_id=target.id, changed=False,
                             detail={"reason": "disabled"})
                error = AuthenticationFailed("err.operator_disabled", name=name)
            elif (until := self._locked_until(target.id)) is not None:
                # Logged under its own action, so it neither stretches nor restarts
                # the lock-out, which is counted from the login actions.
                audit.append(db, at=now, operator=name, action="login_locked",
                             table="operators", record_id=target.id, changed=False)
                error = AuthenticationFailed("err.locked_out", until=until.strftime("%H:%M"))
            elif check_password(password or "", self._password_hash(target.id)):
                audit.append(db, at=now, operator=name, action="login",
                             table="operators", record_id=target.id, changed=False)
                return target
            else:
                audit.append(db, at=now, operator=name, action="login_failed",
                             table="operators", record_id=target.id, changed=False)
                failures = self._failures_in_row(target.id)
                if failures >= MAX_FAILURES:
                    audit.append(db, at=now, operator=name, action="lockout",
                                 table="operators", record_id=target.id, changed=False)
                    until = now + LOCKOUT
                    error = AuthenticationFailed("err.locked_out", until=until.strftime("%H:%M"))
                else:
                    error = AuthenticationFailed(
                        "err.login_failed_left", left=MAX_FAILURES - failures,
                        minutes=int(LOCKOUT.total_seconds() // 60),
                    )
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
