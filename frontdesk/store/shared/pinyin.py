"""Pinyin keys of a Chinese name, so operators can type 张三 as ``zhangsan`` or ``zs``.

Surnames with a special reading (曾 zeng, 单 shan, 解 xie ...) get that reading as
well as the common one, since operators type either.
"""

from __future__ import annotations

from functools import lru_cache

# Surnames read differently from the character's common reading.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",), "单": ("shan",), "解": ("xie",), "仇": ("qiu",), "区": ("ou",),
    "朴": ("piao",), "查": ("zha",), "盖": ("ge",), "乐": ("yue", "le"), "覃": ("qin",),
    "缪": ("miao",), "翟": ("zhai",), "任": ("ren",), "种": ("chong",), "员": ("yun",),
    "召": ("shao",), "折": ("she",), "繁": ("po",), "秘": ("bi",), "尉": ("yu", "wei"),
    "万": ("wan", "mo"), "长": ("chang",), "重": ("chong",), "沈": ("shen",),
    "石": ("shi",), "柏": ("bai",), "薄": ("bo",), "宓": ("mi", "fu"), "隗": ("wei",),
    "句": ("gou",), "阚": ("kan",), "葛": ("ge",), "燕": ("yan",), "华": ("hua",),
}


@lru_cache(maxsize=8192)
def _common(char: str) -> str:
    """The character's usual reading (the character itself, lower-cased, if it has none)."""
    from pypinyin import Style, lazy_pinyin

    found = lazy_pinyin(char, style=Style.NORMAL, errors=lambda c: c.lower())
    return found[0].lower() if found else char.lower()


def name_keys(name: str) -> tuple[str, str]:
    """Space-separated full pinyin spellings and initials of a name (each variant
    of the surname's reading and of the given name's common reading).

    Read character by character from a cache: names are short, and a phrase
    dictionary would not know them anyway.
    """
    name = (name or "").strip()
    if not name:
        return "", ""
    rest: list[str] = []
    for char in name[1:]:
        if char.isascii():
            if rest and rest[-1].isascii() and rest[-1].isalnum() and char.isalnum():
                rest[-1] += char.lower()
            else:
                rest.append(char.lower())
        else:
            rest.append(_common(char))
    rest = [r for r in rest if r.strip()]
    # The surname's special readings and its everyday one; not every reading a
    # dictionary knows (董 would also be "zhong"), which only finds strangers.
    first = list(SURNAME_READINGS.get(name[0], ()))
    first.append(_common(name[0]))
    first = list(dict.fromkeys(f for f in first if f.strip()))
    full = {f + "".join(rest) for f in first}
    initials = {f[0] + "".join(r[0] for r in rest) for f in first}
    return " ".join(sorted(full)), " ".join(sorted(initials))
