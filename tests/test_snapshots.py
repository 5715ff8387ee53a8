"""Snapshots of every screen in each of its states: fixed terminal size, fixed
clock, steady cursors, workers finished before the picture is taken.

Update with ``pytest tests/test_snapshots.py --snapshot-update`` and look at
the new pictures (``snapshot_report.html`` shows the differences) before
committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from snapshot_support import SIZE, SMALL, fill_and_enter, signed_in, steady
from textual.pilot import Pilot
from textual.widgets import Input

from frontdesk.config import Settings
from frontdesk.i18n import set_language
from frontdesk.tui.app import FrontdeskApp, make_app
from frontdesk.tui.timing import Timing


@pytest.fixture
def app(store, clock) -> FrontdeskApp:
    return make_app(store, Settings(), clock, Timing.instant())


@pytest.fixture
def english(store, clock) -> FrontdeskApp:
    set_language("en")
    return make_app(store, Settings(language="en"), clock, Timing.instant())


class TestLoginScreen:
    def test_empty(self, snap_compare, app, admin):
        assert snap_compare(app, terminal_size=SIZE, run_before=steady)

    def test_empty_in_english(self, snap_compare, english, admin):
        assert snap_compare(english, terminal_size=SIZE, run_before=steady)

    def test_small_terminal(self, snap_compare, app, admin):
        assert snap_compare(app, terminal_size=SMALL, run_before=steady)

    def test_wrong_password(self, snap_compare, app, admin):
        async def refused(pilot: Pilot) -> None:
            await fill_and_enter(
                pilot, {"login-name": "admin", "login-password": "wrong-password"},
                submit="login-password",
            )

        assert snap_compare(app, terminal_size=SIZE, run_before=refused)


class TestFirstRunScreen:
    @pytest.fixture(autouse=True)
    def fixed_path(self, store) -> None:
        # The path is only shown; a fixed one keeps the picture the same on every machine.
        store.path = Path("/srv/frontdesk/frontdesk.db")

    def test_empty(self, snap_compare, app):
        assert snap_compare(app, terminal_size=SIZE, run_before=steady)

    def test_small_terminal(self, snap_compare, app):
        assert snap_compare(app, terminal_size=SMALL, run_before=steady)

    def test_refusals_under_their_fields(self, snap_compare, app):
        async def refused(pilot: Pilot) -> None:
            await fill_and_enter(
                pilot, {"first-name": "admin", "first-password": "short",
                        "first-password-again": "short"},
                submit="first-password-again",
            )

        assert snap_compare(app, terminal_size=SIZE, run_before=refused)


class TestHomeScreen:
    def test_admin(self, snap_compare, app, admin):
        assert snap_compare(app, terminal_size=SIZE, run_before=signed_in)

    def test_admin_in_english(self, snap_compare, english, admin):
        assert snap_compare(english, terminal_size=SIZE, run_before=signed_in)

    def test_small_terminal(self, snap_compare, app, admin):
        assert snap_compare(app, terminal_size=SMALL, run_before=signed_in)

    def test_light_theme(self, snap_compare, store, clock, admin):
        light = make_app(store, Settings(theme="light"), clock, Timing.instant())
        assert snap_compare(light, terminal_size=SIZE, run_before=signed_in)


class TestLockScreen:
    def test_locked(self, snap_compare, app, admin):
        async def locked(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("ctrl+l")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=locked)

    def test_wrong_password(self, snap_compare, app, admin):
        async def refused(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("ctrl+l")
            await steady(pilot)
            await fill_and_enter(pilot, {"lock-password": "wrong"}, submit="lock-password")

        assert snap_compare(app, terminal_size=SMALL, run_before=refused)


class TestOperatorsScreen:
    def test_table(self, snap_compare, app, admin, store):
        store.operators.add(admin, "chen", "reception", "desk-pass-1", "陈晓东")
        store.operators.add(admin, "odd", "mail", "mail-pass-1", "[b]标记[/b]")
        store.operators.disable(admin, "odd")

        async def opened(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("f8")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=opened)

    def test_add_form(self, snap_compare, app, admin):
        async def form(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("f8")
            await steady(pilot)
            await pilot.press("a")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SMALL, run_before=form)


class TestAuditLogScreen:
    def test_after_verify(self, snap_compare, app, admin):
        async def verified(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("f9")
            await steady(pilot)
            await pilot.press("v")
            await steady(pilot)
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(app, terminal_size=SIZE, run_before=verified)


class TestHelpScreen:
    def test_home_keys(self, snap_compare, app, admin):
        async def helped(pilot: Pilot) -> None:
            await signed_in(pilot)
            await pilot.press("f1")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=helped)


async def at_visit_form(pilot: Pilot) -> None:
    await signed_in(pilot)
    await pilot.press("f3")
    await steady(pilot)


def _card_values(pilot: Pilot, index: int, **values) -> None:
    from frontdesk.screens.visits.visitor_card import VisitorCard

    card = list(pilot.app.screen.query(VisitorCard))[index]
    for key, value in values.items():
        widget = card.query_one(f".v-{key}")
        widget.value = value


class TestVisitFormScreen:
    def test_empty(self, snap_compare, app, admin):
        assert snap_compare(app, terminal_size=SIZE, run_before=at_visit_form)

    def test_empty_in_english(self, snap_compare, english, admin):
        assert snap_compare(english, terminal_size=SIZE, run_before=at_visit_form)

    def test_small_terminal(self, snap_compare, app, admin):
        assert snap_compare(app, terminal_size=SMALL, run_before=at_visit_form)

    def test_repeat_visit_in_the_panel(self, snap_compare, app, admin, store):
        store.visits.register(admin, {
            "visited_at": "2026-02-10 10:00",
            "visitors": [{"name": "孙丽", "id_number": "44030419750505123X", "phone": "13600136000"}],
            "subject": "学位申请", "disposition": "transfer", "transfer_unit": "区教育局",
        })

        async def typed(pilot: Pilot) -> None:
            await at_visit_form(pilot)
            _card_values(pilot, 0, name="孙丽", phone="136 0013 6000")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=typed)

    def test_refusals_under_their_fields_in_english(self, snap_compare, english, admin):
        async def refused(pilot: Pilot) -> None:
            await at_visit_form(pilot)
            await pilot.press("ctrl+n")
            await pilot.pause()
            pilot.app.screen.query_one("#f-headcount", Input).value = "7"
            _card_values(pilot, 0, name="Wang", id_number="440304198001011230", representative=True)
            _card_values(pilot, 1, name="Li", representative=True)
            await pilot.press("ctrl+s")
            await steady(pilot)

        assert snap_compare(english, terminal_size=SIZE, run_before=refused)

    def test_slip_after_saving(self, snap_compare, app, admin, store):
        import random

        store.random = random.Random(7)  # the same query code every run

        async def saved(pilot: Pilot) -> None:
            await at_visit_form(pilot)
            _card_values(pilot, 0, name="张三", id_number="440304198001011239", phone="13800138000")
            pilot.app.screen.query_one("#f-subject", Input).value = "[紧急] 拖欠工资"
            await pilot.press("ctrl+s")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=saved)


def _zhou_visits(store, admin) -> None:
    """Two earlier visits of 周杰: one transferred and now overdue, one not accepted."""
    for at, subject, handling in (
        ("2026-02-10 10:00", "噪音扰民", {"disposition": "transfer", "transfer_unit": "区城管局"}),
        ("2026-02-20 10:00", "邻里纠纷", {"disposition": "not_accepted", "not_accepted_reason": "litigation"}),
    ):
        store.visits.register(admin, {"visited_at": at, "subject": subject, **handling,
                                      "visitors": [{"name": "周杰", "id_number": "44030419660606123X"}]})


class TestVisitFormReception:
    """The reception form's documents, signatures and earlier records at 80×24."""

    def test_foreign_passport_flagged(self, snap_compare, app, admin):
        async def typed(pilot: Pilot) -> None:
            await at_visit_form(pilot)
            _card_values(pilot, 0, name="JOHN SMITH", id_type="passport")
            await steady(pilot)
            _card_values(pilot, 0, nationality="USA", id_number="X1234567")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SMALL, run_before=typed)

    def test_refusal_to_sign_asked(self, snap_compare, app, admin):
        async def refused(pilot: Pilot) -> None:
            await at_visit_form(pilot)
            screen = pilot.app.screen
            screen.query_one("#f-headcount", Input).value = "8"
            _card_values(pilot, 0, name="赵一", id_number="440304197001010119", phone="13800130000",
                         address="园岭街道", representative=True, liaison=True)
            screen.query_one("#f-signatures", Input).value = "5"
            screen.query_one("#f-subject", Input).value = "小区停车收费"
            await pilot.press("ctrl+s")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SMALL, run_before=refused)

    def test_earlier_records_with_outcomes_and_the_same_matter(self, snap_compare, app, admin, store):
        _zhou_visits(store, admin)

        async def marked(pilot: Pilot) -> None:
            await at_visit_form(pilot)
            _card_values(pilot, 0, name="周杰", id_number="44030419660606123X")
            await steady(pilot)
            await pilot.press("ctrl+o", "down", "space")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SMALL, run_before=marked)

    def test_earlier_record_opened(self, snap_compare, app, admin, store):
        import random

        store.random = random.Random(7)  # the same query code every run
        _zhou_visits(store, admin)

        async def opened(pilot: Pilot) -> None:
            await at_visit_form(pilot)
            _card_values(pilot, 0, name="周杰", id_number="44030419660606123X")
            await steady(pilot)
            await pilot.press("ctrl+o", "down", "enter")
            await steady(pilot)

        assert snap_compare(app, terminal_size=SMALL, run_before=opened)

    def test_slip_with_the_clerk_copy(self, snap_compare, app, admin, store):
        import random

        store.random = random.Random(7)
        _zhou_visits(store, admin)

        async def saved(pilot: Pilot) -> None:
            await at_visit_form(pilot)
            _card_values(pilot, 0, name="周杰", id_number="44030419660606123X")
            pilot.app.screen.query_one("#f-foreign_organisation").value = True
            await steady(pilot)
            await pilot.press("ctrl+o", "down", "space", "ctrl+o")
            pilot.app.screen.query_one("#f-subject", Input).value = "噪音扰民又起"
            await pilot.press("ctrl+s")
            await steady(pilot)
            pilot.app.screen.query_one("#slip-text").scroll_end(animate=False)  # down to the counterfoil
            await steady(pilot)

        assert snap_compare(app, terminal_size=SMALL, run_before=saved)
