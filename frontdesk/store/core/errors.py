"""The store's exceptions. Each carries a message key so every client shows the
same words in the operator's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from frontdesk.i18n import has, t


@dataclass(frozen=True)
class Message:
    """A message key and its parameters, put in words only when shown: an error
    parameter that must be read in the reader's language (a label, a nested message)."""

    key: str
    params: dict = field(default_factory=dict)


def shown(value: object) -> object:
    """An error parameter as the reader sees it: a Message in words, a list or
    tuple joined as a list, anything else as it is."""
    if isinstance(value, Message):
        return t(value.key, **{name: shown(item) for name, item in value.params.items()})
    if isinstance(value, (list, tuple)):
        return t("sep.list").join(str(shown(item)) for item in value)
    return value


def _shown_params(params: dict) -> dict:
    return {name: shown(value) for name, value in params.items()}


def field_label(field: str) -> str:
    """The operator's name for a field: ``visitors.1.phone`` is the second visitor's phone."""
    parts = field.split(".")
    # An item of a known list; anything else (an unknown key such as "a.1" in a
    # JSON file) is named as it was given.
    listed = (len(parts) in (2, 3) and parts[1].isascii() and parts[1].isdigit()
              and len(parts[1]) < 6 and has(f"field.{parts[0]}_item"))
    if listed and len(parts) == 3:
        # A person's name on a record, not an operator's login name.
        item = field_label("display_name" if parts[2] == "name" else parts[2])
        return t(f"field.{parts[0]}_item", n=int(parts[1]) + 1, item=item)
    if listed:
        # The whole item (a visitor, not one of its fields).
        whole = f"field.{parts[0]}_whole"
        if has(whole):
            return t(whole, n=int(parts[1]) + 1)
        return t(f"field.{parts[0]}_item", n=int(parts[1]) + 1, item="").strip()
    return t(f"field.{field}") if has(f"field.{field}") else field


# What splits a line besides the controls t() already shows as escapes.
_LINE_BREAKS = {"\n": "\\n", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def one_line(message: str) -> str:
    """A message for one line of stderr or one line under a field."""
    for brk, shown in _LINE_BREAKS.items():
        message = message.replace(brk, shown)
    return message


class StoreError(Exception):
    """Base of every refusal the store gives a client."""

    exit_code = 1

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    @property
    def message(self) -> str:
        """The refusal in the operator's current language, on one line (a value
        typed with a line break in it shows the break as ``\\n``)."""
        return one_line(t(self.key, **_shown_params(self.params)))

    def __str__(self) -> str:
        return self.message

    @property
    def errors(self) -> Sequence[StoreError]:
        """Every refusal this one stands for, in form order: here only itself.
        A client shows each (one line each, or each under its field)."""
        return [self]


class ValidationError(StoreError):
    """An input was refused; ``field`` names it (the form puts the message there)."""

    def __init__(self, field: str, key: str, **params: object) -> None:
        self.field = field
        super().__init__(key, **params)

    @property
    def message(self) -> str:
        return one_line(t(self.key, field=field_label(self.field), **_shown_params(self.params)))

    @property
    def errors(self) -> list[ValidationError]:
        return [self]


class ValidationErrors(ValidationError):
    """Every refusal of one input at once, in form order (``errors``).

    It is a ValidationError standing for the first refusal (its ``field``,
    ``key``, ``params`` and ``message``), so a client that shows a single
    refusal, or catches ValidationError, works as it did; a form shows
    ``errors`` under their fields, the command line prints one line each."""

    def __init__(self, errors: list[ValidationError]) -> None:
        if not errors:
            raise ValueError("ValidationErrors needs at least one refusal")
        # A refusal that already stands for several is spread out, so
        # ``errors`` is always flat.
        self._errors = [one for error in errors for one in error.errors]
        first = self._errors[0]
        super().__init__(first.field, first.key, **first.params)

    @property
    def errors(self) -> list[ValidationError]:
        return list(self._errors)


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
        "bad_path": 3,
        "locked": 6,
        "too_new": 7,
        "network": 8,
    }

    def __init__(self, kind: str, key: str, **params: object) -> None:
        self.kind = kind
        self.exit_code = self.EXIT_CODES[kind]
        super().__init__(key, **params)
