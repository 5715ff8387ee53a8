"""Text that looks like Rich or Textual markup, typed into the visit form, is
shown as typed on the slip, in today's list, in the visit's details and in the
lookup, and never acted on: ``[@click=app.quit]`` does not quit when clicked.
Escape sequences cannot be stored at all: the form refuses them under their
field and the app carries on."""

from __future__ import annotations

from datetime import datetime

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable, Input

from frontdesk.config import Settings
from frontdesk.i18n import set_language, t
from frontdesk.screens.lookup import LookupScreen
from frontdesk.screens.visits.slip import SlipDialog
from frontdesk.screens.visits.visit_detail import VisitDetailDialog
from frontdesk.screens.visits.visit_form import VisitFormScreen
from frontdesk.screens.visits.visit_list import VisitListDialog
from frontdesk.screens.visits.visitor_card import FieldRow, VisitorCard
from frontdesk.store import Store
from frontdesk.store.core.errors import field_label
from frontdesk.tui.app import make_app
from frontdesk.tui.widgets.wrapping import bind_numbers

from testdata import resident_id

NOW = datetime(2026, 3, 2, 9, 15)
SIZE = (120, 45)
ID = resident_id("44030419800101123")
NAME = "[b]张三[/b]"
SUBJECT = "[@click=app.quit]退出[/] [red]红头[/red] [link=https://example.com]链接[/link] \\[x]"


@pytest.fixture
def desk(tmp_path):
    set_language("zh")
    store = Store.open(tmp_path / "fd.db", create=True, clock=lambda: NOW)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    yield store, admin
    store.close()


def shown(widget: Widget) -> list[str]:
    """The lines the widget puts on the screen, as plain text."""
    width, height = widget.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def squeezed(text: str) -> str:
    """Without white space: a long line may wrap at any space."""
    return "".join(text.split())


def shows(widget: Widget, text: str) -> bool:
    """Whether the widget shows ``text`` as typed (wrapped or not)."""
    return squeezed(text) in squeezed("".join(shown(widget)))


def row_error(screen, name: str) -> str:
    row = next(row for row in screen.query(FieldRow) if row.name == name)
    return str(row.query_one(".row-error").render()) if row.has_class("-invalid") else ""


async def settle(pilot) -> None:
    await pilot.pause()  # the form's delays are zero here (conftest)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # what the first answers started
    await pilot.pause()


async def click_on(pilot, widget: Widget, text: str) -> None:
    """Click the first cell of ``text`` where the widget shows it."""
    for y, line in enumerate(shown(widget)):
        if text in line:
            x = cell_len(line[:line.index(text)])
            await pilot.click(widget, offset=(x, y))
            await pilot.pause()
            return
    raise AssertionError(f"{text!r} is not on the screen")


async def test_markup_typed_into_the_form_is_shown_as_typed_and_never_run(desk):
    store, admin = desk
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(admin, "visit")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, VisitFormScreen)
        card = form.query_one(VisitorCard)
        card.query_one(".v-name", Input).value = NAME
        card.query_one(".v-id_number", Input).value = ID
        form.query_one("#f-subject", Input).value = SUBJECT
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert [v.subject for v in store.visits.on_day(admin, "2026-03-02")] == [SUBJECT]
        slip = app.screen
        assert isinstance(slip, SlipDialog)
        slip_text = next(w for w in slip.query("#slip-text Static"))
        assert shows(slip_text, NAME) and shows(slip_text, SUBJECT), shown(slip_text)
        await click_on(pilot, slip_text, "退出")
        assert app.is_running and app.screen is slip

        await pilot.press("enter")  # next visitor
        await pilot.pause()
        await pilot.press("ctrl+f")  # today's visits
        await settle(pilot)
        assert isinstance(app.screen, VisitListDialog)
        listed = app.screen.query_one(DataTable)
        assert shows(listed, NAME) and shows(listed, SUBJECT[:30]), shown(listed)
        await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, VisitDetailDialog)
        text = detail.query_one("#detail-text")
        assert shows(text, NAME) and shows(text, SUBJECT), shown(text)
        await click_on(pilot, text, "退出")
        assert app.is_running and app.screen is detail


async def test_markup_in_a_name_and_subject_shows_as_typed_in_the_lookup(desk):
    store, admin = desk
    store.visits.register(admin, {"visitors": [{"name": NAME, "id_number": ID}], "subject": SUBJECT})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(admin, "lookup")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        await pilot.press(*"张三")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert shows(table, NAME) and shows(table, SUBJECT[:20]), shown(table)
        await click_on(pilot, table, "退出")
        assert app.is_running


@pytest.mark.parametrize("typed", ["\x1b[2J", "标题\x1b]0;x\x07", "回车\r覆盖", "\x9b31m"])
async def test_escape_sequences_are_refused_under_their_field_and_the_app_goes_on(desk, typed):
    store, admin = desk
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(admin, "visit")
        await pilot.pause()
        form = app.screen
        card = form.query_one(VisitorCard)
        card.query_one(".v-name", Input).value = "张三" + typed
        card.query_one(".v-id_number", Input).value = ID
        form.query_one("#f-subject", Input).value = "拖欠" + typed
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert app.is_running and app.screen is form
        assert store.visits.on_day(admin, "2026-03-02") == []
        for field in ("subject", "visitors.0.name"):
            assert row_error(form, field) == bind_numbers(t("err.control_chars", field=field_label(field)))
