"""The operators screen: who sees it, and each change through its keys."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import DataTable, Select

from frontdesk.i18n import t
from frontdesk.output.labels import role_label
from frontdesk.screens.confirm import ConfirmDialog
from frontdesk.screens.home import HomeScreen
from frontdesk.screens.system.operator_form import OperatorDialog
from frontdesk.screens.system.operators import OperatorsScreen
from frontdesk.store import AuthenticationFailed, Role

from .helpers import SIZE, field_error, fill, settle, sign_in


async def open_operators(pilot) -> OperatorsScreen:
    await sign_in(pilot, "admin", "admin-pass-1")
    await pilot.press("f8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, OperatorsScreen)
    return pilot.app.screen


def select_row(screen, name: str) -> None:
    table = screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(name))


async def test_admin_adds_an_operator_through_the_form(app, admin, store):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_operators(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, OperatorDialog)
        app.screen.query_one("#form-role", Select).value = Role.DUTY.value
        await fill(pilot, {"form-name": "zhou", "form-display-name": "[b]周值班",
                           "form-password": "duty-pass-1", "form-password-again": "duty-pass-1"})
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert app.screen is screen
        added = store.operators.get("zhou")
        assert added.role is Role.DUTY and added.display_name == "[b]周值班"
        table = screen.query_one(DataTable)
        assert table.get_cell("zhou", "tui.operators.col.display_name") == Text("[b]周值班")
        assert table.get_cell("zhou", "tui.operators.col.role") == Text(role_label(Role.DUTY))
        assert table.get_row_index("zhou") == table.cursor_row


async def test_the_form_shows_refusals_and_stays_open(app, admin, store, add_operator):
    add_operator("taken", "reception")
    async with app.run_test(size=SIZE) as pilot:
        await open_operators(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await fill(pilot, {"form-name": "taken", "form-password": "pass-word-1",
                           "form-password-again": "pass-word-2"}, submit="form-password-again")
        assert field_error(form, "password_again") == t("err.password_mismatch")

        await fill(pilot, {"form-password-again": "pass-word-1"}, submit="form-password-again")
        assert app.screen is form
        assert field_error(form, "name") == t("err.operator_exists", name="taken")

        await fill(pilot, {"form-name": "t\u0430ken", "form-password": "woaini1314",  # a Cyrillic а
                           "form-password-again": "woaini1314"}, submit="form-password-again")
        assert field_error(form, "password") == t("err.password_common")
        await fill(pilot, {"form-password": "pass-word-1", "form-password-again": "pass-word-1"},
                   submit="form-password-again")
        assert field_error(form, "name") == t("err.name_confusable", name="taken")

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OperatorsScreen)
        assert store.operators.count() == 2


async def test_disable_asks_first_and_enable_does_not(app, admin, store, add_operator):
    add_operator("li", "reception")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_operators(pilot)
        select_row(screen, "li")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert not store.operators.get("li").disabled

        await pilot.press("d", "enter")
        await settle(pilot)
        assert store.operators.get("li").disabled
        assert screen.query_one(DataTable).get_cell("li", "tui.operators.col.status").plain == t("tui.status.disabled")

        await pilot.press("d")
        await settle(pilot)
        assert not store.operators.get("li").disabled


async def test_the_last_admin_cannot_be_disabled(app, admin, store):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_operators(pilot)
        select_row(screen, "admin")
        await pilot.press("d", "enter")
        await settle(pilot)
        assert not store.operators.get("admin").disabled
        assert [n.message for n in app._notifications] == [t("err.last_admin")]


async def test_reset_password_and_unlock(app, admin, store, add_operator):
    add_operator("li", "reception")
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            store.operators.authenticate("li", "wrong-password")
    assert store.operators.locked_until("li") is not None
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_operators(pilot)
        select_row(screen, "li")
        status = screen.query_one(DataTable).get_cell("li", "tui.operators.col.status")
        assert status.plain == t("tui.status.locked", until="09:30")
        await pilot.press("u")
        await settle(pilot)
        assert store.operators.locked_until("li") is None

        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, OperatorDialog)
        await fill(pilot, {"form-password": "new-pass-12", "form-password-again": "new-pass-12"},
                   submit="form-password-again")
        assert app.screen is screen
        assert store.operators.authenticate("li", "new-pass-12").name == "li"


async def test_a_reception_operator_has_no_operators_screen(app, admin, add_operator):
    add_operator("desk", "reception")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "desk", "operator-pass-1")
        assert "operators" not in [spec.id for spec in app.main_screens]
        assert "operators" not in app._modes and "audit" not in app._modes
        await pilot.press("f8")
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        keys = [description for _keys, description in app.documented_keys(app.screen)]
        assert t("tui.screen.operators") not in keys and t("tui.screen.audit") not in keys
