"""Formula-safe exports: a CSV or XLSX cell whose text starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written so that a spreadsheet shows
it as text. CSV: behind an apostrophe. XLSX: a string cell (never a formula)
with the quote prefix, checked by opening the workbook with openpyxl.

Every writer of a spreadsheet file is covered: the letter register (CSV) and
the combined duty roster (XLSX), each from the command line."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from frontdesk.output.cells import csv_cell, xlsx_text_cells
from frontdesk.output.mail_text import letters_csv
from frontdesk.output.rosters import write_xlsx
from frontdesk.store.duty.rosters import Roster, RosterLine

from cli_support import as_admin, run

FORMULAS = ['=HYPERLINK("http://example.com/x","点此查看")', "=1+1", "+86 138 0013 8000", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1", "=cmd|' /c calc'!A1", "#N/A"]
PLAIN = ["张三", "13800138000", "2026-05-01", "", "a=b", "1-2"]


@pytest.mark.parametrize("value", FORMULAS[:-1])
def test_a_csv_cell_that_starts_like_a_formula_gets_an_apostrophe(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", [*PLAIN, "#N/A", None, 12, -3])
def test_other_cells_are_written_as_they_are(value):
    assert csv_cell(value) == value


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.startswith("xl/worksheets/"))


def test_every_text_cell_of_a_roster_workbook_is_a_string(tmp_path):
    roster = Roster(1, "=劳动节", "2026-05-01", "2026-05-05", ("区教育局", "@区民政局"), ("区教育局",),
                    "2026-03-02 09:15:00", "admin")
    lines = [RosterLine("区教育局", "2026-05-01", name, "-带班领导", phone)
             for name, phone in zip(FORMULAS + PLAIN, reversed(FORMULAS + PLAIN), strict=True)]
    path = write_xlsx(roster, lines, tmp_path / "roster.xlsx")
    assert "<f>" not in sheet_xml(path)
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    written = {(row[2].value, row[4].value): row for row in sheet.iter_rows(min_row=3)}
    for name, phone in ((line.name, line.phone) for line in lines):
        cells = written[(name or None, phone or None)]
        for cell in cells:
            if isinstance(cell.value, str):
                assert cell.data_type == "s", (cell.coordinate, cell.value)
                assert cell.quotePrefix == cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    assert workbook.worksheets[1]["A2"].value == "@区民政局"
    assert workbook.worksheets[1]["A2"].data_type == "s"


def test_xlsx_text_cells_undoes_what_openpyxl_guessed():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["=1+1", "#N/A", 5])
    assert [c.data_type for c in workbook.active[1]] == ["f", "e", "n"]
    xlsx_text_cells(workbook)
    assert [c.data_type for c in workbook.active[1]] == ["s", "s", "n"]


def test_the_letter_register_csv(store, admin):
    earlier = "2026-03-02 08:30"
    for subject in FORMULAS[:4]:
        store.letters.register(admin, {"received_at": earlier, "channel": "post", "kind": "signed",
                                       "sender": {"name": "@李四", "phone": "13800138002"}, "subject": subject,
                                       "content": "详见来信"})
    cells = list(csv.reader(io.StringIO(letters_csv(store.letters.listing(admin, "all")).lstrip("\ufeff"))))
    subjects = {row[5] for row in cells[1:]}
    assert subjects == {"'" + subject for subject in FORMULAS[:4]}
    assert {row[4] for row in cells[1:]} == {"'@李四"}


# --- from the command line ---------------------------------------------------------------------


@pytest.mark.usefixtures("clean_environment")
def test_the_letter_export_and_the_roster_export_from_the_command_line(db, tmp_path):
    earlier = (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    letter = tmp_path / "letter.json"
    letter.write_text(json.dumps({"received_at": earlier, "channel": "post", "kind": "signed",
                                  "sender": {"name": "李四", "phone": "13800138002"}, "subject": FORMULAS[0],
                                  "content": "详见"}),
                      encoding="utf-8")
    assert run("--db", db, "letter", "add", str(letter), env=as_admin()).exit_code == 0
    assert run("--db", db, "letter", "export", str(tmp_path / "letters.csv"), env=as_admin()).exit_code == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "letters.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][5] == "'" + FORMULAS[0]

    assert run("--db", db, "duty", "roster", "add", "劳动节", "--start", "2026-05-01", "--end", "2026-05-05",
               "--unit", "区教育局", env=as_admin()).exit_code == 0
    table = tmp_path / "edu.csv"
    table.write_text("日期,姓名,职务,电话\n2026-05-01,=1+1,-带班领导,+86 13800138000\n", encoding="utf-8")
    result = run("--db", db, "duty", "roster", "import", "劳动节", str(table), "--unit", "区教育局",
                 env=as_admin())
    assert result.exit_code == 0, result.output
    out = tmp_path / "roster.xlsx"
    assert run("--db", db, "duty", "roster", "export", "劳动节", "-o", str(out), env=as_admin()).exit_code == 0
    assert "<f>" not in sheet_xml(out)
    row = [cell for cell in load_workbook(out).worksheets[0][3]]
    assert [(c.value, c.data_type, bool(c.quotePrefix)) for c in row[2:]] == [
        ("=1+1", "s", True), ("-带班领导", "s", True), ("+86 13800138000", "s", True)]
