"""First run, signing in, and the store's refusals shown in the form."""

from __future__ import annotations

from textual.widgets import Input

from frontdesk.i18n import t
from frontdesk.screens.gate.first_run import FirstRunScreen
from frontdesk.screens.gate.login import LoginScreen
from frontdesk.screens.home import HomeScreen
from frontdesk.store import Role
from frontdesk.tui.widgets.wrapping import bind_numbers

from .helpers import SIZE, field_error, fill, settle, sign_in, text_of


async def test_first_run_creates_the_admin_and_lands_on_home(app, store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        # Typed as an operator would: Enter moves on, Enter in the last field saves.
        await pilot.press(*"chief", "enter")
        app.screen.query_one("#first-display-name", Input).value = "王主任"
        await pilot.press("enter")
        for _ in range(2):
            await pilot.press(*"first-pass-1", "enter")
        await settle(pilot)

        assert isinstance(app.screen, HomeScreen)
        assert app.operator.name == "chief"
        created = store.operators.get("chief")
        assert created.role is Role.ADMIN and created.display_name == "王主任"
        assert [e.action for e in store.audit.log(created)][:2] == ["login", "create"]
        assert "login" not in app._screen_stacks


async def test_first_run_shows_each_refusal_under_its_field(app, store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await fill(pilot, {"first-name": "chief", "first-password": "first-pass-1",
                           "first-password-again": "first-pass-2"}, submit="first-password-again")
        assert field_error(screen, "password_again") == t("err.password_mismatch")

        await fill(pilot, {"first-password": "short", "first-password-again": "short"},
                   submit="first-password-again")
        assert field_error(screen, "password_again") == ""
        assert field_error(screen, "password") == bind_numbers(t("err.password_short", min=10))
        assert app.focused is screen.query_one("#first-password", Input)

        await fill(pilot, {"first-name": "has space", "first-password": "first-pass-1",
                           "first-password-again": "first-pass-1"}, submit="first-password-again")
        assert field_error(screen, "name") == t("err.name_spaces", field=t("field.name"))
        assert store.operators.count() == 0
        assert str(store.path) in text_of(screen, "#first-database")


async def test_login_with_the_right_password_opens_home(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        await sign_in(pilot, "admin", "admin-pass-1")
        assert isinstance(app.screen, HomeScreen)
        assert app.operator == admin
        assert "login" not in app._screen_stacks


async def test_enter_in_the_name_field_moves_to_the_password(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"admin", "enter")
        assert app.focused is app.screen.query_one("#login-password", Input)
        await pilot.press(*"admin-pass-1", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_wrong_password_shows_the_store_message_and_clears_the_field(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sign_in(pilot, "admin", "not-the-password")
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        assert text_of(screen, "#login-message") == t("err.login_failed", failures=5, minutes=15)
        assert screen.query_one("#login-password", Input).value == ""
        assert app.focused is screen.query_one("#login-password", Input)


async def test_five_failures_lock_the_operator_out(app, store, admin, clock):
    store.operators.add(admin, "lihua", "reception", "reception-pass")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for attempt in range(1, 6):
            await sign_in(pilot, "lihua", f"wrong-{attempt}")
        refused = t("err.login_failed", failures=5, minutes=15)
        assert text_of(app.screen, "#login-message") == refused

        await sign_in(pilot, "lihua", "reception-pass")
        assert isinstance(app.screen, LoginScreen)
        assert text_of(app.screen, "#login-message") == refused
        assert app.operator is None


async def test_the_last_admin_only_waits_after_five_failures(app, admin, clock):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for attempt in range(1, 7):
            await sign_in(pilot, "admin", f"wrong-{attempt}")
        # The sixth failure in a row: the next attempt is heard after 2 s, not 15 minutes.
        await sign_in(pilot, "admin", "admin-pass-1")
        assert isinstance(app.screen, LoginScreen)

        clock.advance(seconds=2)
        await sign_in(pilot, "admin", "admin-pass-1")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_password_from_before_the_rules_signs_in_and_is_asked_to_change(app, store, admin):
    from frontdesk.screens.system.operator_form import OperatorDialog
    from frontdesk.store.shared import audit
    from frontdesk.store.shared.operators import hash_password

    with store.write() as db:  # set before the rules existed
        db.execute("UPDATE operators SET password_hash = ? WHERE id = ?", [hash_password("12345678"), admin.id])
        audit.append(db, at=store.now(), operator="admin", action="passwd", table="operators", record_id=admin.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sign_in(pilot, "admin", "12345678")
        await settle(pilot)
        assert isinstance(app.screen, OperatorDialog)
        await pilot.press(*"brass-lamp-47", "enter", *"brass-lamp-47", "enter")
        await settle(pilot)

    assert store.operators.authenticate("admin", "brass-lamp-47").password_change_due is False
