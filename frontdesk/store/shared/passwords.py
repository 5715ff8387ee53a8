"""The password rules (密码规则) every new password must meet.

At least ten characters, more than one class of character, not a common or leaked
password (the list shipped beside this module, read once), and not the login name,
even decorated with digits or symbols at either end. An existing password that
breaks a rule still signs in: the operator is asked to change it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError

MIN_PASSWORD = 10
MAX_PASSWORD = 256
_LIST = "common_passwords.txt"
_DECORATION = "0123456789!@#$%^&*()-_=+.,;:?~`'\"/\\|[]{}<> "


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list, lower case (comment lines dropped)."""
    text = resources.files(__package__).joinpath(_LIST).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def character_class(char: str) -> str:
    """lower, upper, digit, letter (another script's letters, Chinese included) or symbol."""
    if char.isascii():
        if char.islower():
            return "lower"
        if char.isupper():
            return "upper"
        if char.isdigit():
            return "digit"
        return "symbol"
    category = unicodedata.category(char)
    if category == "Nd":
        return "digit"
    if category.startswith("L"):
        return "letter"
    return "symbol"


def _name_core(password: str) -> str:
    return password.casefold().strip(_DECORATION)


def password_problem(password: str, name: str = "") -> tuple[str, dict] | None:
    """Why ``password`` breaks the rules, as a message key and its values, or None.

    Only the content rules: the caller has checked it is text of a sane length."""
    if len(password) < MIN_PASSWORD:
        return "err.password_short", {"min": MIN_PASSWORD}
    if len({character_class(char) for char in password}) < 2:
        return "err.password_one_class", {}
    folded = unicodedata.normalize("NFKC", password).casefold()
    if folded in common_passwords() or folded.strip(_DECORATION) in common_passwords():
        return "err.password_common", {}
    login = unicodedata.normalize("NFKC", name or "").casefold()
    if login and (folded == login or _name_core(folded) == login):
        return "err.password_is_name", {}
    return None


def validate_password(password: object, name: str = "") -> str:
    """``password`` if it meets the rules for operator ``name``, else refused on the field."""
    if not isinstance(password, str) or not password:
        raise ValidationError("password", "err.required")
    if len(password) > MAX_PASSWORD:
        raise ValidationError("password", "err.too_long", max=MAX_PASSWORD)
    if validate.has_control_chars(password):
        raise ValidationError("password", "err.control_chars")
    problem = password_problem(password, name)
    if problem is not None:
        key, values = problem
        raise ValidationError("password", key, **values)
    return password
