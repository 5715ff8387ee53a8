"""The matters screen (办理跟踪) by keys: the list and its views, a matter's
timeline, a step recorded from it, a refusal shown, the query code's status."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from frontdesk.screens.matters.step_form import StepDialog
from frontdesk.screens.matters.timeline import MatterTimelineScreen
from frontdesk.screens.matters.tracking import MatterTrackingScreen
from frontdesk.tui.widgets.controls import ChoiceSelect

from .helpers import SIZE, field_error, settle, sign_in, text_of

VISITOR = {"name": "孙丽", "id_number": "44030419750505123X", "phone": "13600136000"}


def register(store, admin):
    transferred = store.visits.register(admin, {"subject": "学位申请", "disposition": "transfer",
                                                "transfer_unit": "区教育局", "visitors": [VISITOR]})
    late = store.visits.register(admin, {"visited_at": "2026-02-01 10:00", "subject": "拖欠工资",
                                         "visitors": [VISITOR]})
    return transferred, late


async def open_matters(pilot) -> MatterTrackingScreen:
    await sign_in(pilot, "admin", "admin-pass-1")
    await pilot.press("f10")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MatterTrackingScreen)
    return pilot.app.screen


async def test_the_list_shows_open_matters_and_the_overdue_view(app, admin, store):
    transferred, late = register(store, admin)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_matters(pilot)
        table = screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["M2026-000002", "M2026-000001"]
        overdue_cell = table.get_cell("M2026-000002", "due")
        assert "red" in str(overdue_cell.style)
        await pilot.press("v")
        await settle(pilot)
        assert table.row_count == 1 and "已超期" in text_of(screen, "#matter-view-line")


async def test_a_step_is_recorded_from_the_timeline_by_keys(app, admin, store):
    transferred, _late = register(store, admin)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_matters(pilot)
        screen.query_one(DataTable).move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MatterTimelineScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, StepDialog)
        assert app.screen.query_one("#step-name", ChoiceSelect).value == "accept"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MatterTimelineScreen)
        assert "受理" in text_of(app.screen, "#matter-timeline")
        assert store.matters.get(admin, transferred.number).status == "accepted"
        # Out of order: the rule says why, the dialog stays.
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#step-name", ChoiceSelect).value = "recheck_answer"
        app.screen.query_one("#step-summary", Input).value = "维持"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StepDialog)
        assert "复核申请" in field_error(app.screen, "step")
        await pilot.press("escape")
        await settle(pilot)


async def test_a_query_code_shows_the_state_without_personal_data(app, admin, store, clock):
    transferred, _late = register(store, admin)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_matters(pilot)
        await pilot.press("ctrl+f")
        box = screen.query_one("#matter-find-box", Input)
        box.value = transferred.query_code
        await pilot.press("enter")
        await settle(pilot)
        status = text_of(screen, "#matter-status")
        assert "M2026-000001" in status and "已转送" in status and "2026-03-17" in status
        assert "学位" not in status and "孙丽" not in status
        assert isinstance(app.screen, MatterTrackingScreen)
        box.value = "区教育局"
        await pilot.press("enter")
        await settle(pilot)
        assert "区教育局" in text_of(screen, "#matter-view-line")
        assert screen.query_one(DataTable).row_count == 1


async def test_the_step_form_offers_the_units_and_says_what_time_it_understood(app, admin, store):
    """The late matter is routed by keys: the unit typed in part and taken with →, the
    day typed alone read as its start, as the store reads it."""
    _transferred, late = register(store, admin)
    async with app.run_test(size=SIZE) as pilot:
        await open_matters(pilot)  # the late matter is on the first row
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StepDialog)
        assert dialog.query_one("#step-name", ChoiceSelect).value == "transfer"
        dialog.query_one("#step-unit", Input).focus()
        await pilot.press(*"区教", "right", "tab", "tab", *"2026-03-01")
        await settle(pilot)
        assert dialog.query_one("#step-unit", Input).value == "区教育局"
        assert dialog.query_one("#step-at", Input).value == "2026-03-01"
        assert "2026-03-01 00:00" in text_of(dialog, ".row-hint.-shown")
        await pilot.press("ctrl+s")
        await settle(pilot)
        matter = store.matters.get(admin, late.number)
        assert (matter.status, matter.state.unit, matter.steps[-1].at[:16]) == (
            "transferred", "区教育局", "2026-03-01 00:00")
