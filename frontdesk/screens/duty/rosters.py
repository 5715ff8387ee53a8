"""Holiday duty rosters (节假日值班人员安排表): who is on duty on a date, which
units have not sent theirs; import a unit's CSV or XLSX, export the combined
roster as XLSX into the exports folder, start the roster of a new holiday."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.output.rosters import write_xlsx
from frontdesk.store import Operator, Store
from frontdesk.store.duty.rosters import Roster, RosterLine
from frontdesk.tui.base import FrontdeskModal
from frontdesk.tui.widgets.controls import ChoiceSelect
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.widgets.text_input import TextInput
from frontdesk.tui.workers import StoreDone, StoreRefused


class RostersDialog(FrontdeskModal[None]):
    """The rosters, one at a time."""

    CSS_PATH = "duty_rosters.tcss"
    TITLE_KEY = "tui.duty.rosters.title"

    BINDINGS = [
        Binding("i", "import_file", "tui.duty.key.import", id="roster-import", tooltip="tui.duty.tip.import"),
        Binding("x", "export", "tui.duty.key.export_roster", id="roster-export", tooltip="tui.duty.tip.export_roster"),
        Binding("ctrl+n", "new_roster", "tui.duty.key.new_roster", id="roster-new", tooltip="tui.duty.tip.new_roster"),
        Binding("escape", "close", "tui.key.close", id="roster-close", tooltip="tui.tip.close"),
    ]

    def __init__(self, store: Store, settings: Settings, operator: Operator) -> None:
        super().__init__()
        self._store = store
        self._settings = settings
        self._operator = operator
        self._chosen: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="rosters-box"):
            yield Static(Text(t("tui.duty.rosters.title")), id="rosters-title")
            with Horizontal(id="rosters-choose"):
                yield ChoiceSelect([], prompt=t("tui.duty.rosters.none"), compact=True, id="roster-choice")
                yield TextInput(max_length=10, compact=True, id="roster-day",
                                placeholder=t("tui.duty.rosters.day_hint"))
            yield DataTable(id="rosters-table", zebra_stripes=True, cursor_type="row")
            yield Static("", id="rosters-missing")
            with Vertical(id="rosters-import"):
                yield FieldRow(t("field.roster_file"), TextInput(compact=True, id="import-path",
                                                                 placeholder=t("tui.duty.rosters.path_hint")),
                               name="roster_file")
                yield FieldRow(t("roster.col.unit"), TextInput(compact=True, id="import-unit",
                                                               placeholder=t("tui.duty.rosters.unit_hint")),
                               name="unit")
            with Vertical(id="rosters-new"):
                yield FieldRow(t("field.roster_name"), TextInput(max_length=60, compact=True, id="new-name"),
                               name="roster_name")
                yield FieldRow(t("field.roster_start"), TextInput(max_length=10, compact=True, id="new-start",
                                                                  placeholder="YYYY-MM-DD"), name="roster_start")
                yield FieldRow(t("field.roster_end"), TextInput(max_length=10, compact=True, id="new-end",
                                                                placeholder="YYYY-MM-DD"), name="roster_end")
            yield Static("", id="rosters-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in ("unit", "day", "name", "post", "phone"):
            table.add_column(t(f"roster.col.{column}"))
        self.query_one("#rosters-import").display = False
        self.query_one("#rosters-new").display = False
        self.load()

    def _day(self) -> str:
        return self.query_one("#roster-day", Input).value.strip()

    def load(self, chosen: int | None = None, day: str = "") -> None:
        self.run_store("load", self._read, chosen, day, group="load", exclusive=True)

    def _read(self, chosen: int | None, day: str) -> tuple[list[Roster], Roster | None, list[RosterLine]]:
        """The rosters, the one shown (``chosen``, else the first) and its lines on ``day``."""
        rosters = self._store.rosters.list(self._operator)
        pick = next((r for r in rosters if r.id == chosen), rosters[0] if rosters else None)
        lines = self._store.rosters.lines(self._operator, pick.id, day or None) if pick else []
        return rosters, pick, lines

    def show(self, rosters: list[Roster], chosen: Roster | None, lines: list[RosterLine]) -> None:
        choice = self.query_one("#roster-choice", ChoiceSelect)
        self._chosen = chosen.id if chosen else None
        with choice.prevent(ChoiceSelect.Changed):
            choice.set_options([(f"{r.name}（{r.start_date}–{r.end_date}）", r.id) for r in rosters])
            if chosen:
                choice.value = chosen.id
        table = self.query_one(DataTable)
        table.clear()
        for line in lines:
            table.add_row(Text(line.unit), Text(line.day), Text(line.name), Text(line.post), Text(line.phone))
        missing = self.query_one("#rosters-missing", Static)
        if chosen:
            names = t("sep.list").join(chosen.missing) or t("report.none")
            missing.update(Text(t("tui.duty.rosters.missing", count=len(chosen.missing), units=names)))
            missing.set_class(bool(chosen.missing), "-missing")
        else:
            missing.update(Text(t("tui.duty.rosters.start_hint")))

    @on(ChoiceSelect.Changed, "#roster-choice")
    def roster_chosen(self, event: ChoiceSelect.Changed) -> None:
        if isinstance(event.value, int):  # a roster's id, not the blank choice
            self.load(event.value, self._day())

    @on(Input.Submitted, "#roster-day")
    def day_chosen(self) -> None:
        self.load(self._chosen, self._day())

    def _message(self, text: str, error: bool = False) -> None:
        message = self.query_one("#rosters-message", Static)
        message.update(Text(text))
        message.set_class(error, "-error")

    def action_import_file(self) -> None:
        if self._chosen is None:
            self._message(t("tui.duty.rosters.start_hint"), True)
            return
        self.query_one("#rosters-import").display = True
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    def to_unit(self) -> None:
        self.query_one("#import-unit", Input).focus()

    @on(Input.Submitted, "#import-unit")
    def import_submitted(self) -> None:
        path = self.query_one("#import-path", Input).value.strip()
        unit = self.query_one("#import-unit", Input).value
        self.run_store("import", self._store.rosters.import_file, self._operator, self._chosen,
                       Path(path).expanduser(), unit or None, group="save")

    def action_export(self) -> None:
        if self._chosen is not None:
            self.run_store("export", self._export, self._chosen, group="save")

    def _export(self, roster_id: int) -> tuple[str, bool]:
        """The message after writing the roster's workbook, and whether it tells of a failure."""
        roster = self._store.rosters.get(self._operator, roster_id)
        path = self._settings.exports_path / "rosters" / f"roster-{roster.id}-{roster.start_date}.xlsx"
        lines = self._store.rosters.lines(self._operator, roster.id)
        self._store.audit.note_export(self._operator, "roster_export", "duty.read",
                                      file=path.name, rows=len(lines))
        try:
            write_xlsx(roster, lines, path)
        except OSError as error:
            return t("tui.duty.export_failed", detail=str(error)), True
        return t("tui.duty.exported", path=str(path)), False

    def action_new_roster(self) -> None:
        self.query_one("#rosters-new").display = True
        self.query_one("#new-name", Input).focus()

    @on(Input.Submitted, "#new-name, #new-start")
    def next_field(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#new-end")
    def new_submitted(self) -> None:
        name, start, end = (self.query_one(f"#new-{key}", Input).value for key in ("name", "start", "end"))
        self.run_store("create", self._store.rosters.create, self._operator, name, start, end,
                       self._settings.units, group="save")

    @on(StoreRefused)
    def refused(self, event: StoreRefused) -> None:
        self._message(event.error.message, True)

    @on(StoreDone)
    def done(self, event: StoreDone) -> None:
        if event.request == "load":
            self.show(*event.result)
            return
        failed = False
        if event.request == "import":
            text = t("tui.duty.rosters.imported", received=len(event.result.received),
                     units=len(event.result.units))
        elif event.request == "export":
            text, failed = event.result
        else:
            self._chosen = event.result.id
            text = t("tui.duty.rosters.created", name=event.result.name)
        self._message(text, failed)
        if not failed:
            self.query_one("#rosters-import").display = False
            self.query_one("#rosters-new").display = False
            self.query_one(DataTable).focus()
            self.load(self._chosen, self._day())

    def action_close(self) -> None:
        self.dismiss(None)
