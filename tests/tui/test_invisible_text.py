"""Direction controls and zero-width characters typed (or pasted) into the visit
form are refused under their field, in the operator's words, and nothing is saved."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Input

from frontdesk.config import Settings
from frontdesk.i18n import set_language, t
from frontdesk.screens.visits.visitor_card import FieldRow, VisitorCard
from frontdesk.store import Store
from frontdesk.store.core.errors import field_label
from frontdesk.tui.app import make_app
from frontdesk.tui.widgets.wrapping import bind_numbers

from .helpers import settle
from testdata import resident_id

NOW = datetime(2026, 3, 2, 9, 15)


@pytest.fixture
def desk(tmp_path):
    set_language("zh")
    store = Store.open(tmp_path / "fd.db", create=True, clock=lambda: NOW)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    yield store, admin
    store.close()


def row_error(screen, name: str) -> str:
    row = next(row for row in screen.query(FieldRow) if row.name == name)
    return str(row.query_one(".row-error").render()) if row.has_class("-invalid") else ""


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff"])
async def test_invisible_characters_are_refused_under_their_field(desk, char):
    store, admin = desk
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=(120, 45)) as pilot:
        app.open_desk(admin, "visit")
        await pilot.pause()
        form = app.screen
        card = form.query_one(VisitorCard)
        card.query_one(".v-name", Input).value = "张" + char + "三"
        card.query_one(".v-id_number", Input).value = resident_id("44030419800101123")
        form.query_one("#f-subject", Input).value = "拖欠工资gpj." + char + "exe"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert app.is_running and app.screen is form
        assert store.visits.on_day(admin, "2026-03-02") == []
        for field in ("subject", "visitors.0.name"):
            assert row_error(form, field) == bind_numbers(t("err.invisible_chars", field=field_label(field)))
