"""A table whose columns fit the width it is given: the columns that carry a
state are always in view; at a narrow width the long text columns are cut short
and the less important columns left out, and the choice is made again whenever
the table is resized."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from frontdesk.i18n import t


@dataclass(frozen=True)
class Column:
    """One column of a ``FittedTable``.

    ``heading`` is a message key. ``drop`` > 0 lets the column be left out when
    the table is too narrow, the highest first; ``shrink`` > 0 lets a text column
    be cut to as few cells (but no fewer) before any column is left out. A
    ``state`` column (what is late, unreported, missing) is never left out and is
    the first to get its full width back.
    """

    heading: str
    drop: int = 0
    shrink: int = 0
    state: bool = False

    def __post_init__(self) -> None:
        if self.state and self.drop:
            raise ValueError(f"the state column {self.heading!r} cannot be left out")


Cell = Text | str
Row = tuple[str, Sequence[Cell]]
"""A row's key and its cells, one for every column in the table's order."""


class FittedTable(DataTable[Cell]):
    """A row table built from ``Column``s; ``show`` gives it its rows."""

    def __init__(self, columns: Sequence[Column], **kwargs) -> None:
        super().__init__(**kwargs)
        self.fitted_columns = tuple(columns)
        self._rows: list[Row] = []
        self._plan: tuple[tuple[int, int], ...] = ()
        """The columns shown (by index) and their widths."""

    def on_mount(self) -> None:
        self._refill()

    def show(self, rows: Iterable[Row]) -> None:
        """Replace the rows (the cursor stays on the same line number)."""
        self._rows = list(rows)
        self._refill()

    @property
    def rows_shown(self) -> list[Row]:
        """The rows as last given (each with all its cells, shown or not)."""
        return list(self._rows)

    @property
    def state_headings(self) -> list[str]:
        """The message keys of the columns that carry a state."""
        return [column.heading for column in self.fitted_columns if column.state]

    @property
    def shown_headings(self) -> list[str]:
        """The message keys of the columns in view, in their order."""
        return [self.fitted_columns[index].heading for index, _ in self._plan]

    def _available(self) -> int:
        width = self.size.width or self.app.size.width
        return max(1, width - self.styles.scrollbar_size_vertical)

    def plan(self, available: int) -> tuple[tuple[int, int], ...]:
        """Which columns to show at ``available`` cells, and how wide each is."""
        pad = 2 * self.cell_padding
        natural = [cell_len(t(column.heading)) for column in self.fitted_columns]
        for _, cells in self._rows:
            for index, cell in enumerate(cells[: len(natural)]):
                natural[index] = max(natural[index], cell_len(cell.plain if isinstance(cell, Text) else cell))
        least = [min(width, column.shrink) if column.shrink else width
                 for width, column in zip(natural, self.fitted_columns, strict=True)]
        shown = list(range(len(self.fitted_columns)))
        droppable = sorted((i for i in shown if self.fitted_columns[i].drop),
                           key=lambda i: (-self.fitted_columns[i].drop, -i))
        while sum(least[i] + pad for i in shown) > available and droppable:
            shown.remove(droppable.pop(0))
        spare = available - sum(least[i] + pad for i in shown)
        widths = dict(enumerate(least))
        for index in sorted(shown, key=lambda i: not self.fitted_columns[i].state):
            give = max(0, min(spare, natural[index] - least[index]))
            widths[index] += give
            spare -= give
        return tuple((index, widths[index]) for index in shown)

    def _refill(self) -> None:
        plan = self.plan(self._available())
        keep = self.cursor_row
        self._plan = plan
        self.clear(columns=True)
        for index, width in plan:
            self.add_column(Text(t(self.fitted_columns[index].heading)), width=width,
                            key=self.fitted_columns[index].heading)
        for key, cells in self._rows:
            shown = []
            for index, _ in plan:
                cell = cells[index]
                text = cell.copy() if isinstance(cell, Text) else Text(cell)
                text.no_wrap, text.overflow = True, "ellipsis"
                shown.append(text)
            self.add_row(*shown, key=key)
        if self._rows and keep >= 0:
            self.move_cursor(row=min(keep, len(self._rows) - 1))

    def on_resize(self, event: events.Resize) -> None:
        if self.plan(self._available()) != self._plan:
            self._refill()
