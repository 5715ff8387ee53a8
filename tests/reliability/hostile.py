"""The hostile values the fuzz tests draw from, and how many examples they take.

``FRONTDESK_HOSTILE_EXAMPLES`` sets hypothesis's examples per entry point (10 in CI).
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FRONTDESK_HOSTILE_EXAMPLES", "10"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=list(HealthCheck))


# --- hostile values -------------------------------------------------------------------------

HOSTILE_TEXT = [
    "", " ", "\u3000", "  两端空白  ", "'; DROP TABLE visits; --", "\" OR \"1\"=\"1", "1; DELETE FROM audit_log",
    "%", "_", "%_%", "\\", "*", "NEAR(张三 李四)", "\"", "张三 OR 李四", "^张", "name:张三", "(", ")", "-张三",
    "[b]粗体[/b]", "[/]", "[@click=app.quit]退出[/]", "[link=https://example.com]链接[/link]", "[red]红[/]",
    "\x1b[2J", "\x1b]0;标题\x07", "\x1b[31m红\x1b[0m", "\x9b2J", "\r覆盖", "退格\x08\x08", "\x07",
    "\u202e右到左\u202c", "\u200f\u200e", "\u2066隔离\u2069", "\ufeffBOM", "零\u200b宽", "行\u2028分隔",
    "😀👨‍👩‍👧", "𠀀𪚥", "Z̴̡͉a̸l̶g̸o̵", "ｆｕｌｌ　ｗｉｄｔｈ", "①②", "𐩀", "٣", "\ud800", "\udcd5\udcc5",
    "a\x00b", "\x00", "\n", "一\n二", "\t制表", "x" * 100_000, "中" * 5_000, "1" * 5_000,
    "-", "--help", "-x", "../../etc/passwd", "~", "null", "[]", "{}", "{subject}", "%s%s%n",
]
DATES = [
    "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "1999-12-31", "2026-3-1", "２０２６-０３-０１",
    "2026-03-01T", "昨天", "2026-03-01 25:61", "20260301", "-2026-03-01", "2026-03-01\x00", "0001-01-01",
    "9999-12-30",
]
TIMES = [
    "2026-02-30 10:00", "2026-03-01 24:00", "2026-03-01 23:59:60", "9999-12-31 23:59", "1900-01-01 00:00",
    "2026-03-01T10:00", "2026-03-01 10:00:00.5", "现在", "10:00", "2026-03-01 10:00+08:00", "0001-01-01 00:00",
    "9999-12-31 23:59:59",
]
NUMBERS = [
    "V2026-000001", "v2026-000001", " V2026-000001 ", "V2026-999999", "V0000-000000", "V2026-0000001",
    "L2026-000001", "D2026-000001", "P2026-000001", "S2026-000001", "V-1", "V2026-" + "9" * 5000, "1", "0",
    "-1", "XA123456789CN", "9CN",
]
NAMES = ["admin", "ADMIN", "admin ", "ad min", "ad\u200bmin", "管理员", "a" * 33, "jiedai", "nobody", "yeban"]
OUT_PATHS = [
    "{work}/out.txt", "/nonexistent/folder/out.txt", "{work}", "{work}/" + "x" * 300, "{work}/a\x1b[2J.txt",
    "", "/", "/proc/version", "/dev/full", "{work}/exists.txt", "{work}/新建 文件夹/回执.txt", "-",
]
IN_PATHS = ["/nonexistent/in.json", "{work}", "", "/dev/null", "-", "/proc/self/status", "{work}/" + "x" * 300]
MALFORMED_JSON = [
    b"", b"{", b"[1,", b"{'subject': 1}", b'{"subject": }', "\ufeff{}".encode(), b"1" * 5000,
    b"[" * 100_000, b"NaN", b"\xff\xfe{\x00}", '{"subject": "张三"}'.encode("gbk"), b'{"subject": "a\x00b"}',
    b"\x00" * 10, b'{"a": 1} trailing', b'{"subject": "' + b"x" * 3_000_000 + b'"}', b"null", b"[]", b"3",
    b'"text"', b"true", b"[{}]", b'{"a": 1, "a": 2}', b"{" * 50 + b"}" * 50, b'{"\\ud800": 1}',
]
# Characters a terminal acts on: C0 and C1 controls but tab and newline.
TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def as_argument(text: str) -> str:
    """``text`` as it can arrive in an argument or variable: no NUL, and lone
    surrogates only as Python decodes bytes that are not UTF-8."""
    text = text.replace("\x00", "")
    return "".join(c if not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF else "?" for c in text)


free_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=60),
                      st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE_TEXT), st.text(max_size=20)))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
              st.floats(allow_nan=True, allow_infinity=True), free_text),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(free_text, inner, max_size=3),
    max_leaves=6,
)
KINDS = {
    "text": free_text,
    "name": st.one_of(st.sampled_from(NAMES), free_text),
    "number": st.one_of(st.sampled_from(NUMBERS), free_text),
    "date": st.one_of(st.sampled_from(DATES), free_text),
    "time": st.one_of(st.sampled_from(TIMES), st.sampled_from(DATES), free_text),
    "channel": free_text,
    "out": st.sampled_from(OUT_PATHS),
}


# The text fields of a visit (and their longest lengths) that are stored as given.
TEXT_FIELDS = {
    ("subject",): 200, ("content",): 20_000, ("category",): 40, ("location",): 200, ("special",): 200,
    ("visitors", 0, "name"): 40, ("visitors", 0, "address"): 200,
}


def trimmed(text: str) -> str:
    return text.strip(" \t\r\n\u3000")
