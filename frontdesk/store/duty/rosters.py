"""Holiday duty rosters (节假日值班人员安排表) collected from the units.

A roster covers a holiday (its first and last day) and the units expected to
send theirs. Each unit's table is imported from CSV or XLSX; a unit that sends
a corrected table replaces its earlier lines, which are kept, marked as
superseded. The combined roster is exported as XLSX.
"""

from __future__ import annotations

import builtins
import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import Message, ValidationError
from frontdesk.store.core.validate import Checks
from frontdesk.store.shared import audit
from frontdesk.store.shared.operators import Operator

if TYPE_CHECKING:
    from frontdesk.store.api import Store

MAX_DAYS = 60
MAX_ROWS = 5000
# Column names a unit's table may use, in Chinese or English.
HEADERS = {
    "unit": ("单位", "单位名称", "unit"),
    "day": ("日期", "值班日期", "date", "day"),
    "name": ("姓名", "值班人员", "值班人", "name"),
    "post": ("职务", "岗位", "值班类别", "post", "role"),
    "phone": ("电话", "联系电话", "手机", "phone"),
}


@dataclass(frozen=True)
class RosterLine:
    """One person on duty on one day for one unit."""

    unit: str
    day: str
    name: str
    post: str
    phone: str


@dataclass(frozen=True)
class Roster:
    """A holiday roster: its days, the units expected, and who has sent theirs."""

    id: int
    name: str
    start_date: str
    end_date: str
    units: tuple[str, ...]
    received: tuple[str, ...]
    created_at: str
    created_by: str

    @property
    def missing(self) -> tuple[str, ...]:
        """Expected units that have not sent their table."""
        return tuple(unit for unit in self.units if unit not in self.received)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed into a spreadsheet comes back as 13800138000.0
    return unicodedata.normalize("NFKC", str(value)).strip()


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value).replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def read_table(path: Path) -> list[list[object]]:
    """The rows of a CSV (UTF-8 or GB18030, as Chinese spreadsheets save it) or
    of the first sheet of an XLSX file."""
    try:
        if path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
            finally:
                workbook.close()
        raw = path.read_bytes()
    except OSError as error:
        raise ValidationError("roster_file", "err.roster_unreadable", path=str(path),
                              detail=error.strerror or str(error)) from error
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise ValidationError("roster_file", "err.roster_unreadable", path=str(path),
                              detail=type(error).__name__) from error
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("roster_file", "err.roster_unreadable", path=str(path), detail="encoding")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:  # a cell longer than any roster's, a NUL byte
        raise ValidationError("roster_file", "err.roster_unreadable", path=str(path),
                              detail=str(error)) from error


def parse_lines(rows: list[list[object]], *, start: date, end: date, unit: str | None
                ) -> list[RosterLine]:
    """The roster lines of a unit's table; every bad row refused at once."""
    rows = [row for row in rows if any(_cell_text(cell) for cell in row)]
    if not rows:
        raise ValidationError("roster_file", "err.roster_empty")
    header = [_cell_text(cell).lower() for cell in rows[0]]
    columns = {key: next((i for i, h in enumerate(header) if h in names), None)
               for key, names in HEADERS.items()}
    for key in ("day", "name"):
        if columns[key] is None:
            raise ValidationError("roster_file", "err.roster_column", column=HEADERS[key][0])
    if columns["unit"] is None and not unit:
        raise ValidationError("roster_file", "err.roster_column", column=HEADERS["unit"][0])
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError("roster_file", "err.too_many", max=MAX_ROWS)
    lines, problems = [], []

    def cell(row: list, key: str) -> object:
        index = columns[key]
        return row[index] if index is not None and index < len(row) else None

    for number, row in enumerate(rows[1:], start=2):
        the_day = _day(cell(row, "day"))
        name = _cell_text(cell(row, "name"))
        row_unit = _cell_text(cell(row, "unit")) or (unit or "")
        if the_day is None:
            problems.append((number, "err.roster_row_date"))
        elif not start <= the_day <= end:
            problems.append((number, "err.roster_row_outside"))
        elif not name:
            problems.append((number, "err.roster_row_name"))
        elif not row_unit:
            problems.append((number, "err.roster_row_unit"))
        elif any(validate.has_control_chars(text) or validate.has_invisible_chars(text) or len(text) > 100
                 for text in (name, row_unit, _cell_text(cell(row, "post")), _cell_text(cell(row, "phone")))):
            problems.append((number, "err.roster_row_text"))
        else:
            lines.append(RosterLine(row_unit, the_day.isoformat(), name,
                                    _cell_text(cell(row, "post")), _cell_text(cell(row, "phone"))))
    if problems:
        shown = tuple(Message(key, {"row": number}) for number, key in problems[:5])
        raise ValidationError("roster_file", "err.roster_rows", count=len(problems), rows=shown)
    if not lines:
        raise ValidationError("roster_file", "err.roster_empty")
    return lines


class Rosters:
    """The holiday rosters of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def create(self, actor: Operator, name: object, start: object, end: object,
               units: list[str] | tuple[str, ...]) -> Roster:
        """A new roster for the days ``start``..``end`` expecting ``units``."""
        with Checks() as c:
            roster_name = c.run(validate.text, "roster_name", name, required=True, max_length=60)
            first = c.run(validate.day, "roster_start", start)
            last = c.run(validate.day, "roster_end", end)
            if not c.errors and first is not None and last is not None:
                if last < first:
                    c.refuse("roster_end", "err.roster_end_before_start")
                elif last - first > timedelta(days=MAX_DAYS):
                    c.refuse("roster_end", "err.roster_too_long", days=MAX_DAYS)
            expected = list(dict.fromkeys(u.strip() for u in units if u and u.strip()))
            if not expected:
                c.refuse("roster_units", "err.roster_units_required")
        assert first is not None and last is not None  # leaving the checks raised otherwise
        now = self._store.now()
        with self._store.write() as db:
            self._store.operators.require(actor, "duty.write")
            if db.execute("SELECT 1 FROM duty_rosters WHERE name = ?", [roster_name]).fetchone():
                raise ValidationError("roster_name", "err.roster_exists", name=roster_name)
            roster_id = db.table("duty_rosters").insert({
                "name": roster_name, "start_date": first.isoformat(),
                "end_date": last.isoformat(),
                "units": json.dumps(expected, ensure_ascii=False),
                "created_at": self._store.now_text(), "created_by": actor.name,
            }).last_pk
            audit.append(db, at=now, operator=actor.name, action="create", table="duty_rosters",
                         record_id=roster_id)
        return self.get(actor, roster_id)

    def _id(self, key: object) -> int:
        text = str(key or "").strip()
        row = self._store.db.execute(
            "SELECT id FROM duty_rosters WHERE name = ? OR (? != '' AND CAST(id AS TEXT) = ?)",
            [text, text, text]).fetchone()
        if row is None:
            raise ValidationError("roster", "err.roster_unknown", name=text)
        return row[0]

    def get(self, actor: Operator, key: object) -> Roster:
        """A roster by its id or name."""
        self._store.operators.require(actor, "duty.read")
        roster_id = self._id(key)
        row = next(self._store.db.query("SELECT * FROM duty_rosters WHERE id = ?", [roster_id]))
        received = [r[0] for r in self._store.db.execute(
            "SELECT DISTINCT unit FROM duty_roster_lines WHERE roster_id = ? AND superseded_at IS NULL"
            " ORDER BY unit", [roster_id])]
        return Roster(row["id"], row["name"], row["start_date"], row["end_date"],
                      tuple(json.loads(row["units"])), tuple(received), row["created_at"], row["created_by"])

    def list(self, actor: Operator) -> list[Roster]:
        """Every roster, the latest holiday first."""
        self._store.operators.require(actor, "duty.read")
        ids = [r[0] for r in self._store.db.execute("SELECT id FROM duty_rosters ORDER BY start_date DESC, id DESC")]
        return [self.get(actor, roster_id) for roster_id in ids]

    def import_file(self, actor: Operator, key: object, path: str | Path, unit: str | None = None) -> Roster:
        """Import a unit's table (CSV or XLSX); the units in it replace their earlier lines."""
        roster = self.get(actor, key)
        path = Path(path)
        lines = parse_lines(read_table(path), start=date.fromisoformat(roster.start_date),
                            end=date.fromisoformat(roster.end_date), unit=(unit or "").strip() or None)
        now = self._store.now()
        now_text = self._store.now_text()
        with self._store.write() as db:
            self._store.operators.require(actor, "duty.write")
            for unit_name in dict.fromkeys(line.unit for line in lines):
                for (line_id,) in db.execute(
                    "SELECT id FROM duty_roster_lines WHERE roster_id = ? AND unit = ?"
                    " AND superseded_at IS NULL", [roster.id, unit_name]).fetchall():
                    audit.assert_untouched(db, "duty_roster_lines", line_id)
                    db.table("duty_roster_lines").update(line_id, {"superseded_at": now_text,
                                                             "superseded_by": actor.name})
                    audit.append(db, at=now, operator=actor.name, action="supersede",
                                 table="duty_roster_lines", record_id=line_id)
            for line in lines:
                line_id = db.table("duty_roster_lines").insert({
                    "roster_id": roster.id, "unit": line.unit, "day": line.day, "name": line.name,
                    "post": line.post, "phone": line.phone, "source_file": path.name[:200],
                    "imported_at": now_text, "imported_by": actor.name,
                    "superseded_at": None, "superseded_by": None,
                }).last_pk
                audit.append(db, at=now, operator=actor.name, action="create",
                             table="duty_roster_lines", record_id=line_id)
        return self.get(actor, roster.id)

    def lines(self, actor: Operator, key: object, day: str | None = None) -> builtins.list[RosterLine]:
        """The current lines, by day and unit; only ``day``'s with it."""
        roster = self.get(actor, key)
        where = "roster_id = ? AND superseded_at IS NULL"
        params: builtins.list[object] = [roster.id]
        if day:
            where += " AND day = ?"
            params.append(validate.day("date", day).isoformat())
        return [RosterLine(r["unit"], r["day"], r["name"], r["post"], r["phone"])
                for r in self._store.db.query(
                    f"SELECT * FROM duty_roster_lines WHERE {where} ORDER BY day, unit, id", params)]

    def on_duty(self, actor: Operator, day: str) -> builtins.list[tuple[str, RosterLine]]:
        """Who is on duty on ``day`` in every roster that covers it: (roster name, line)."""
        the_day = validate.day("date", day).isoformat()
        self._store.operators.require(actor, "duty.read")
        return [(r["roster"], RosterLine(r["unit"], r["day"], r["name"], r["post"], r["phone"]))
                for r in self._store.db.query(
                    "SELECT l.*, r.name AS roster FROM duty_roster_lines l JOIN duty_rosters r"
                    " ON r.id = l.roster_id WHERE l.day = ? AND l.superseded_at IS NULL"
                    " ORDER BY r.start_date, l.unit, l.id", [the_day])]

    # --- the 带班领导 of a day, kept in the duty room's own roster (store/duty/shift_roster.py)

    def set_leader(self, actor: Operator, day: object, name: object, shift: object = None) -> str:
        """Record ``name`` as the 带班领导 of the shifts of ``day`` (both, or
        ``shift`` alone); the officers rostered stay. The name."""
        leader = validate.text("leader_name", name, required=True, max_length=30)
        self._store.duty_roster.set(actor, day, shift, leader=leader)
        return leader

    def leader_on(self, day: str) -> str:
        """The 带班领导 recorded for the shifts of ``day`` ("YYYY-MM-DD"), or ""."""
        return self._store.duty_roster.leader_on(day)
