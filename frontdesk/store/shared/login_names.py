"""Login names (登录名): one normal form, compared without case, look-alikes refused.

A name is kept in its NFKC form (full-width ``ａｄｍｉｎ`` is ``admin``) and compared
case-folded (``Admin`` is ``admin``). A new name whose *skeleton* equals an existing
one's is refused: the skeleton folds case and maps the Cyrillic and Greek letters that
look like Latin ones (``аdmin`` with a Cyrillic а), and digits that pass for letters
(``adm1n``, ``r00t``), onto one letter, as Unicode's confusable detection (UTS #39)
does. The table is deliberately small: login names are typed by an office's staff, so
Latin, digits and Chinese cover them; a Chinese character has no Latin look-alike.
"""

from __future__ import annotations

import unicodedata

# Cyrillic and Greek letters that render like a Latin letter in common terminal fonts
# (lower case; names are case-folded first), then digits and pairs that pass for letters.
_LOOK_ALIKES = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ь": "b", "г": "r", "п": "n", "л": "n",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ϲ": "c", "ζ": "z", "μ": "u",
    # Latin letters with a look-alike without marks that NFKC keeps apart
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h",
    # digits and signs read as letters
    "0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "$": "s", "@": "a",
})
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def normal_name(name: str) -> str:
    """The form a login name is kept in: NFKC, surrounding spaces dropped."""
    return unicodedata.normalize("NFKC", name or "").strip()


def name_key(name: str) -> str:
    """What two names must share to be the same name: NFKC, case-folded."""
    return normal_name(name).casefold()


def skeleton(name: str) -> str:
    """What two names that look alike share (marks dropped, look-alikes mapped)."""
    decomposed = unicodedata.normalize("NFD", name_key(name))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Twice: a Cyrillic і becomes i, which in turn passes for l.
    shape = bare.translate(_LOOK_ALIKES).translate(_LOOK_ALIKES)
    for pair, letter in _PAIRS:
        shape = shape.replace(pair, letter)
    return shape


def look_alike(name: str, existing: list[str]) -> str | None:
    """The first of ``existing`` that ``name`` could be taken for, if any."""
    shape = skeleton(name)
    return next((other for other in existing if skeleton(other) == shape), None)
