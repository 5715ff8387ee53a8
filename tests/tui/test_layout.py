"""Every screen and every dialog its own keys open fits 80×24 (the design size) and
120×40, in Chinese and in English: no label wraps, no field label is cut, and
every table column that carries a state is in view without scrolling sideways."""

from __future__ import annotations

import re
import shutil
from string import Formatter

import pytest
from rich.cells import cell_len
from textual.widgets import Checkbox, Input, Label, RadioButton

from frontdesk.config import Settings
from frontdesk.i18n import CATALOG, set_language
from frontdesk.store import Store
from frontdesk.tui.app import make_app
from frontdesk.tui.registry import MAIN_SCREENS
from frontdesk.tui.widgets.field_row import FieldRow
from frontdesk.tui.widgets.fitted_table import FittedTable
from frontdesk.tui.widgets.wrapping import bind_numbers

from .test_random_keys import NOW, _dialog_cases, seeded  # noqa: F401  (a fixture)

SIZES = [(80, 24), (120, 40)]
LANGUAGES = ["zh", "en"]
OPENINGS: dict[str, list[str]] = {}
for _mode, _key in _dialog_cases():
    OPENINGS.setdefault(_mode, []).append(_key)


def _problems(app) -> list[str]:
    """What does not fit on the screen shown now."""
    problems = []
    screen = app.screen
    for label in screen.query(Label):
        if not label.display or label.region.width == 0:
            continue
        text = str(label.render())
        if "\n" in text:
            continue
        if label.content_region.height != 1:
            problems.append(f"label {text!r} takes {label.content_region.height} lines")
    for toggle in [*screen.query(Checkbox), *screen.query(RadioButton)]:
        if not toggle.display or toggle.region.width == 0:
            continue
        need = toggle.render().cell_length
        if need > toggle.content_region.width:
            problems.append(f"check {str(toggle.label)!r} needs {need} cells, has {toggle.content_region.width}")
    for field in screen.query(Input):
        if not field.display or field.region.width == 0 or not field.placeholder:
            continue
        if cell_len(field.placeholder) > field.content_region.width:
            problems.append(f"hint {field.placeholder!r} needs {cell_len(field.placeholder)} cells, "
                            f"has {field.content_region.width}")
    for row in screen.query(FieldRow):
        if row._width is not None and row.label_need > row._width:
            problems.append(f"label {row._label!r} needs {row.label_need} cells, has {row._width}")
    for table in screen.query(FittedTable):
        if not table.display or table.region.width == 0:
            continue
        shown = table.shown_headings
        for heading in table.state_headings:
            if heading not in shown:
                problems.append(f"state column {heading} left out of #{table.id}")
        used = sum(column.get_render_width(table) for column in table.columns.values())
        if used > table.scrollable_content_region.width:
            problems.append(f"#{table.id} is {used} cells wide in {table.scrollable_content_region.width}")
    return problems


async def _look(db_path, mode: str, size: tuple[int, int], lang: str) -> list[str]:
    """Open the main screen ``mode``, then each dialog its own keys open, one by one."""
    store = Store.open(db_path, clock=lambda: NOW)
    problems = []
    try:
        set_language(lang)
        app = make_app(store, Settings(language=lang), lambda: NOW)
        async with app.run_test(size=size) as pilot:
            app.open_desk(store.operators.get("admin"), mode)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            problems += [f"{mode}: {problem}" for problem in _problems(app)]
            depth = len(app.screen_stack)
            for opening in OPENINGS.get(mode, []):
                await pilot.press(opening)
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                problems += [f"{mode} {opening} {type(app.screen).__name__}: {problem}"
                             for problem in _problems(app)]
                while len(app.screen_stack) > depth:
                    app.pop_screen()
                    await pilot.pause()
            assert app._exception is None
        app.write_behind.wait()
        return problems
    finally:
        store.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("mode", [spec.id for spec in MAIN_SCREENS])
async def test_every_screen_and_dialog_fits(mode, size, lang, tmp_path, seeded):  # noqa: F811
    db = tmp_path / "fd.db"
    shutil.copy(seeded, db)
    problems = await _look(db, mode, size, lang)
    assert problems == [], "\n".join(problems)


def test_no_chinese_message_parts_a_number_from_its_word():
    """Every Chinese message, its parameters numbers, keeps each number with the
    Chinese words beside it once shown in a line that wraps."""
    parted = re.compile(r"[\u4e00-\u9fff] +[0-9]|[0-9] +[\u4e00-\u9fff]")
    checked = 0
    for key, (zh, _) in CATALOG.items():
        fields = {name for _, name, _, _ in Formatter().parse(zh) if name}
        if not fields:
            continue
        try:
            filled = zh.format(**{name: 12 for name in fields})
        except (ValueError, KeyError, IndexError):
            continue  # a parameter that is not a number
        checked += 1
        assert not parted.search(bind_numbers(filled)), key
    assert checked > 100
    assert bind_numbers("第 1 位来访人的姓名不能为空") == "第1位来访人的姓名不能为空"
    assert bind_numbers("visitor 1 of 12") == "visitor 1 of 12"


def test_a_state_column_is_never_left_out():
    from frontdesk.tui.widgets.fitted_table import Column

    with pytest.raises(ValueError):
        Column("tui.duty.col.state", drop=1, state=True)
