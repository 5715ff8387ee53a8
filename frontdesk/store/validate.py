"""Small checks shared by every store module: plain text fields."""

from __future__ import annotations

import unicodedata

from frontdesk.store.errors import ValidationError

# Characters that are never part of what an operator meant to type: C0/C1
# controls (tab and newline are allowed in multi-line fields), and the escape
# that starts terminal control sequences.
_ALLOWED_CONTROLS = {"\n", "\t"}


def has_control_chars(value: str, *, multiline: bool = False) -> bool:
    for char in value:
        if unicodedata.category(char) == "Cc":
            if multiline and char in _ALLOWED_CONTROLS:
                continue
            return True
    return False


def text(
    field: str,
    value: object,
    *,
    required: bool = False,
    max_length: int = 200,
    multiline: bool = False,
) -> str:
    """A text field, stripped; refused if required and empty, too long or with
    control characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if required and not value:
        raise ValidationError(field, "err.required")
    if len(value) > max_length:
        raise ValidationError(field, "err.too_long", max=max_length)
    if has_control_chars(value, multiline=multiline):
        raise ValidationError(field, "err.control_chars")
    return value
