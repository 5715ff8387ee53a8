"""Every word a Chinese screen shows is Chinese: no raw message key and no English word
besides key names, format names and data (login names, paths) the snapshots hold.

Read from the snapshot pictures of tests/test_snapshots.py and tests/test_snapshots_desks.py,
which draw the screens with fixed data; a snapshot whose test name says ``english`` shows the English interface."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).parent / "__snapshots__"
CHINESE = sorted(p for folder in ("test_snapshots", "test_snapshots_desks") for p in (SNAPSHOTS / folder).glob("*.svg")
                 if "english" not in p.name.lower())

# A message key: a known namespace, then dotted lower-case parts.
RAW_KEY = re.compile(r"\b(?:tui|field|err|warn|cli|count|kind|duty|mail|slip|report|role|roster)"
                     r"\.[a-z_]+(?:\.[a-z_0-9]+)*\b")
# What may stand in Latin letters on a Chinese screen: keys as printed on the keyboard,
# format names, the program's name and the data the snapshots were drawn with.
ALLOWED = {
    "Ctrl", "Shift", "Alt", "Esc", "Enter", "Tab", "Space", "Home", "End", "PgUp", "PgDn", "Del",
    "Word", "Markdown", "Excel",
    "frontdesk", "frontdesk.db", "srv", "admin", "admi", "chen", "odd",
    "zs",  # the lookup's example of pinyin initials
}


def shown_lines(svg: Path) -> list[str]:
    """The text of a snapshot, row by row."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for match in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg.read_text()):
        x, y = float(match.group(1)), float(match.group(2))
        rows.setdefault(y, []).append((x, html.unescape(re.sub("<[^>]+>", "", match.group(3)))))
    return ["".join(part for _, part in sorted(row)).replace("\xa0", " ") for _, row in sorted(rows.items())]


def test_there_are_chinese_snapshots_to_read():
    assert len(CHINESE) >= 20


@pytest.mark.parametrize("svg", CHINESE, ids=lambda p: p.stem)
def test_a_chinese_screen_shows_no_raw_key_and_no_english_word(svg):
    lines = shown_lines(svg)
    raw = [line.strip() for line in lines if RAW_KEY.search(line)]
    # Capitals alone are codes (query codes, tracking numbers), not words.
    english = sorted({word for line in lines for word in re.findall(r"[A-Za-z][A-Za-z.]+", line)
                      if not word.isupper() and word not in ALLOWED})
    assert raw == []
    assert english == []
