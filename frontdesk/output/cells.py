"""Cells a spreadsheet shows as text, never runs: a register's text is typed by
the public (a letter's subject, a caller's name), and a spreadsheet program
takes a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula: ``=HYPERLINK("http://…", "点此")`` in a
subject would become a live link, ``=cmd|' /c calc'!A1`` worse.

The rule holds for every text cell, whatever it holds: a phone written
``+86 138…`` or a note starting with ``-`` gets it too (a program that read
them as numbers or formulas would mangle them anyway). Numbers written as
numbers are left as they are; no writer here has one today.

- CSV: such a cell starts with an apostrophe (``'=HYPERLINK(…)``), which
  spreadsheet programs take as "this is text".
- XLSX: every text cell is stored as a string, never a formula (openpyxl makes
  any text starting with ``=`` a formula), and such a cell carries the
  quote-prefix style, so editing it in the program keeps it text too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value: object) -> bool:
    """Whether a spreadsheet would read ``value`` as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """``value`` as a CSV cell: text that starts like a formula behind an apostrophe."""
    return "'" + value if starts_like_formula(value) else value  # type: ignore[operator]


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_cell(value) for value in values]


def xlsx_text_cells(workbook: Any) -> None:
    """Every text cell of every sheet of an openpyxl ``workbook`` kept as text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if starts_like_formula(cell.value):
                        cell.quotePrefix = True
