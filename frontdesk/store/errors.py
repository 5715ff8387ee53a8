"""The store's exceptions. Each carries a message key so every client shows the
same words in the operator's language."""

from __future__ import annotations

from frontdesk.i18n import t


class StoreError(Exception):
    """Base of every refusal the store gives a client."""

    exit_code = 1

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    @property
    def message(self) -> str:
        """The refusal in the operator's current language."""
        params = {
            name: t(value) if name == "field" and isinstance(value, str) and value.startswith("field.") else value
            for name, value in self.params.items()
        }
        return t(self.key, **params)

    def __str__(self) -> str:
        return self.message


class ValidationError(StoreError):
    """An input was refused; ``field`` names it (the form puts the message there)."""

    def __init__(self, field: str, key: str, **params: object) -> None:
        self.field = field
        params.setdefault("field", f"field.{field}")
        super().__init__(key, **params)


class PermissionDenied(StoreError):
    """The operator's role may not do this."""


class AuthenticationFailed(StoreError):
    """Wrong name or password, a disabled operator, or a locked-out one."""


class StorageError(StoreError):
    """A save could not be written (disk full, read-only, busy); nothing was saved."""


class DatabaseOpenError(StoreError):
    """The database file cannot be used; ``kind`` says why, ``exit_code`` is per kind."""

    EXIT_CODES = {
        "missing": 3,
        "not_database": 4,
        "truncated": 4,
        "readonly": 5,
        "not_dir": 3,
        "locked": 6,
        "too_new": 7,
    }

    def __init__(self, kind: str, key: str, **params: object) -> None:
        self.kind = kind
        self.exit_code = self.EXIT_CODES[kind]
        super().__init__(key, **params)
