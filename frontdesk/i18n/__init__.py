"""One translation layer for every string an operator sees.

Messages live in catalog modules (``core``, ``storage``, ``cli``, ``tui``, ``desk``, ``duty``, ``mail``, ``keys``) as
``key: (simplified Chinese, English)`` pairs, so a message cannot exist in one
language only. ``t(key, **params)`` formats the message in the current language.
"""

from __future__ import annotations

import os
import re

from frontdesk.i18n import cli as _cli
from frontdesk.i18n import core as _core
from frontdesk.i18n import desk as _desk
from frontdesk.i18n import duty as _duty
from frontdesk.i18n import keys as _keys
from frontdesk.i18n import mail as _mail
from frontdesk.i18n import matters as _matters
from frontdesk.i18n import serve as _serve
from frontdesk.i18n import storage as _storage
from frontdesk.i18n import tui as _tui

LANGUAGES = ("zh", "en")
"""The interface's languages, in the order of each catalog entry's texts."""
_INDEX = {lang: position for position, lang in enumerate(LANGUAGES)}

CATALOG: dict[str, tuple[str, str]] = {}
for _module in (_core, _storage, _cli, _tui, _desk, _duty, _mail, _matters, _keys, _serve):
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


# What a terminal acts on instead of showing (C0 and C1 controls but tab and
# newline), and lone surrogates, which cannot be written out at all.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with what a terminal would act on written as escapes: a typed
    ``\\x1b[2J`` is shown as those characters, never executed."""
    return _UNSHOWABLE.sub(lambda found: ascii(found.group())[1:-1], text)


def t(key: str, /, **params: object) -> str:
    """The message ``key`` in the current language, formatted with ``params``.

    Text and paths among the params are made ``visible``: they may be anything
    an operator typed or a file held.
    """
    try:
        text = CATALOG[key][_INDEX[_current]]
    except KeyError:
        raise KeyError(f"no message {key!r} in the catalog") from None
    if not params:
        return text
    shown = {name: visible(os.fspath(value)) if isinstance(value, (str, os.PathLike)) else value
             for name, value in params.items()}
    return text.format(**shown)


def has(key: str) -> bool:
    """Whether ``key`` is a known message."""
    return key in CATALOG
