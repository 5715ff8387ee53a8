"""Text that wraps where a reader expects: a number stays with the Chinese word
before and after it (``第 1 位来访人`` never breaks after ``1``).

Rich breaks lines at any whitespace, a no-break space included, so the spaces a
catalog puts around a number between Chinese words are left out when shown in a
line that may wrap; Chinese reads the same without them.
"""

from __future__ import annotations

import re

_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_AT_NUMBER = re.compile(rf"(?<=[{_CJK}]) +(?=[0-9])|(?<=[0-9]) +(?=[{_CJK}])")


def bind_numbers(text: str) -> str:
    """``text`` without the spaces between a number and the Chinese beside it."""
    return _SPACE_AT_NUMBER.sub("", text)
