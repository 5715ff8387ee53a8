"""The combined duty roster written out as an XLSX workbook."""

from __future__ import annotations

import io
from pathlib import Path

from frontdesk.i18n import t
from frontdesk.output.cells import xlsx_text_cells
from frontdesk.store.core.files import private_folder, write_private
from frontdesk.store.duty.rosters import Roster, RosterLine


def write_xlsx(roster: Roster, lines: list[RosterLine], path: str | Path) -> Path:
    """The roster as a workbook: every line, then the units missing; the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t("roster.sheet.lines")
    sheet.append([t("roster.title", name=roster.name, start=roster.start_date, end=roster.end_date)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:E1")
    headers = [t(f"roster.col.{c}") for c in ("unit", "day", "name", "post", "phone")]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for line in lines:
        sheet.append([line.unit, line.day, line.name, line.post, line.phone])
    for column, width in zip("ABCDE", (22, 12, 12, 14, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    missing = workbook.create_sheet(t("roster.sheet.missing"))
    missing.append([t("roster.col.unit")])
    for unit in roster.missing:
        missing.append([unit])
    if not roster.missing:
        missing.append([t("report.none")])
    missing.column_dimensions["A"].width = 24
    xlsx_text_cells(workbook)  # a name or phone typed as "=…" stays text
    path = Path(path)
    private_folder(path.parent)
    # Built in memory first: a full disk then fails one plain write, not a zip
    # archive half-closed on the disk.
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_private(path, buffer.getvalue())
    return path
