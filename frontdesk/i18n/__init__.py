"""One translation layer for every string an operator sees.

Messages live in catalog modules (``core``, ``cli``, ``tui``, ``desk``, ``duty``, ``mail``) as
``key: (simplified Chinese, English)`` pairs, so a message cannot exist in one
language only. ``t(key, **params)`` formats the message in the current language.
"""

from __future__ import annotations

from frontdesk.i18n import cli as _cli
from frontdesk.i18n import core as _core
from frontdesk.i18n import desk as _desk
from frontdesk.i18n import duty as _duty
from frontdesk.i18n import mail as _mail
from frontdesk.i18n import tui as _tui

LANGUAGES = ("zh", "en")
_INDEX = {"zh": 0, "en": 1}

CATALOG: dict[str, tuple[str, str]] = {}
for _module in (_core, _cli, _tui, _desk, _duty, _mail):
    _clash = CATALOG.keys() & _module.MESSAGES.keys()
    if _clash:
        raise RuntimeError(f"message keys defined twice: {sorted(_clash)}")
    CATALOG.update(_module.MESSAGES)

_current = "zh"


def set_language(lang: str) -> None:
    """Switch every later ``t()`` call to ``lang`` (``zh`` or ``en``)."""
    global _current
    if lang not in _INDEX:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang


def get_language() -> str:
    """The language ``t()`` answers in now."""
    return _current


def t(key: str, /, **params: object) -> str:
    """The message ``key`` in the current language, formatted with ``params``."""
    try:
        text = CATALOG[key][_INDEX[_current]]
    except KeyError:
        raise KeyError(f"no message {key!r} in the catalog") from None
    return text.format(**params) if params else text


def has(key: str) -> bool:
    """Whether ``key`` is a known message."""
    return key in CATALOG
