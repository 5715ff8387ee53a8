"""Whether a kept draft still fits its form: a draft written by an older layout of
the form is refused whole rather than half loaded."""

from __future__ import annotations

from typing import Any


def fits_form(template: Any, data: Any, optional: frozenset[str] = frozenset()) -> bool:
    """Whether ``data`` is shaped like ``template`` (a form's data): the same keys or
    fewer (plus ``optional``), each value of its kind."""
    if not isinstance(data, dict) or not isinstance(template, dict):
        return False
    for key, value in data.items():
        if key not in template:
            if key in optional:
                continue
            return False
        if not _value_fits(template[key], value):
            return False
    return True


def _value_fits(expected: Any, value: Any) -> bool:
    if expected is None or value is None:  # a choice left blank
        return value is None or isinstance(value, (str, int)) and not isinstance(value, bool)
    if isinstance(expected, bool):
        return isinstance(value, bool)
    if isinstance(expected, str):
        return isinstance(value, str)
    if isinstance(expected, dict):
        return fits_form(expected, value)
    if isinstance(expected, list):
        if not isinstance(value, list):
            return False
        if expected and isinstance(expected[0], dict):
            return all(fits_form(expected[0], item) for item in value)
        return all(isinstance(item, (str, dict)) and (not isinstance(item, dict) or all(
            isinstance(v, (str, bool)) for v in item.values())) for item in value)
    return type(value) is type(expected)
