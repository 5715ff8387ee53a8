"""The home screen: who is signed in, the time, what the operator's desk must
act on today (``store.agenda``; overdue and urgent in red) and the screens."""

from __future__ import annotations

from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from frontdesk.i18n import t
from frontdesk.output.labels import role_label
from frontdesk.store.agenda import DUE_SOON_DAYS
from frontdesk.tui.base import FrontdeskScreen
from frontdesk.tui.context import Desk
from frontdesk.tui.widgets.controls import TopBar
from frontdesk.tui.widgets.key_footer import KeyFooter
from frontdesk.tui.workers import StoreDone, StoreRefused


def date_text(moment: datetime) -> str:
    """The date with its weekday, then the time, in the operator's language."""
    day = t(
        "tui.home.date", year=moment.year, month=moment.month, day=moment.day,
        weekday=t(f"tui.weekday.{moment.weekday()}"),
    )
    return f"{day}  {moment:%H:%M:%S}"


class HomeScreen(FrontdeskScreen[None]):
    """Where every operator lands after signing in."""

    CSS_PATH = "home.tcss"
    TITLE_KEY = "tui.screen.home"

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._store = desk.store
        self._settings = desk.settings
        self._operator = desk.operator
        self._clock = desk.clock
        self._main_screens = desk.main_screens

    def compose(self) -> ComposeResult:
        yield TopBar(self.title_text, self._settings.office_name, self._operator)
        with Vertical(id="home-body"):
            with Horizontal(id="home-who"):
                # One line with the time: the agenda below needs the rows at 80×24,
                # the urgent bar showing too.
                yield Static(Text(t("tui.home.greeting", name=self._operator.label)), id="home-greeting")
                yield Static(Text(t("tui.home.role", role=role_label(self._operator.role))), id="home-role")
                yield Static(Text(date_text(self._clock())), id="home-clock")
            with Horizontal(id="home-panels"):
                with Vertical(id="home-today", classes="home-panel"):
                    yield Label(t("tui.home.today"), classes="home-panel-title", markup=False)
                    yield Static(t("tui.home.loading"), id="home-counts", markup=False)
                with Vertical(id="home-screens", classes="home-panel"):
                    yield Label(t("tui.home.screens"), classes="home-panel-title", markup=False)
                    yield Static(self._screens_table(), id="home-screen-list")
        yield KeyFooter()

    def _screens_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for spec in self._main_screens:
            table.add_row(spec.key.upper(), Text(spec.palette_label))
        return table

    def on_mount(self) -> None:
        self.set_interval(1, self.show_time)

    def on_screen_resume(self) -> None:
        self.show_time()
        self.load_counts()

    def show_time(self) -> None:
        if not self.is_current:
            return  # another screen is shown; the clock is set again when this one comes back
        clock = self.query_one("#home-clock", Static)
        now = Text(date_text(self._clock()))
        # Each second: laid out again only when the time's width changed.
        before = clock.content
        clock.update(now, layout=not isinstance(before, Text) or before.cell_len != now.cell_len)

    def load_counts(self) -> None:
        self.run_store("counts", self._store.agenda, self._operator, group="load", exclusive=True)

    @on(StoreDone)
    def show_counts(self, event: StoreDone) -> None:
        """The agenda's lines: a count, or a text (who is on duty); red when
        something is overdue or urgent."""
        rows: list[tuple[Text, Text]] = []
        for line in event.result:
            style = "bold red" if line.alert else ""
            label = Text(t(line.key, days=DUE_SOON_DAYS), style=style)
            if line.amount is None:
                none = "tui.home.no_leader" if line.key == "count.duty_leader" else "tui.home.nobody_on_duty"
                rows.append((label, Text(line.text or t(none))))
            else:
                rows.append((label, Text(str(line.amount), style=style)))
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        # A name (who is on duty, the leader) is kept whole: a narrow panel shortens the label.
        table.add_column(justify="right", style="bold", no_wrap=True,
                         min_width=max((value.cell_len for _, value in rows), default=0))
        for label, value in rows:
            table.add_row(label, value)
        self.query_one("#home-counts", Static).update(table)

    @on(StoreRefused)
    def show_counts_failure(self, event: StoreRefused) -> None:
        self.query_one("#home-counts", Static).update(Text(event.error.message))
