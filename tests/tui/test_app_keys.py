"""Help, navigation, the command palette, the audit screen, themes and language."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.command import CommandList
from textual.widgets import DataTable, Input

from frontdesk.i18n import set_language, t
from frontdesk.screens.gate.login import LoginScreen
from frontdesk.screens.help import HelpDialog
from frontdesk.screens.home import HomeScreen
from frontdesk.screens.system.audit_log import AuditLogScreen, detail_text
from frontdesk.screens.system.operators import OperatorsScreen
from frontdesk.tui.app import make_app

from .helpers import SIZE, settle, sign_in, text_of, until


async def test_help_lists_the_keys_of_the_screen_and_the_app(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpDialog)
        keys = dict(help_screen._keys)
        assert keys["a"] == t("tui.key.operator_add")
        assert keys["p"] == t("tui.key.operator_password")
        assert keys["F1 / ?"] == t("tui.key.help")
        assert keys["Ctrl+L"] == t("tui.key.lock")
        assert keys["F8"] == t("tui.screen.operators")
        assert list(keys)[-1] == "Shift+Tab"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OperatorsScreen)


async def test_help_in_a_dialog_lists_the_dialog_keys(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        keys = dict(app.screen._keys)
        assert keys["Ctrl+S"] == t("tui.key.save")
        assert keys["Esc"] == t("tui.key.cancel")
        assert keys["Ctrl+L"] == t("tui.key.lock")
        assert "F8" not in keys


async def test_function_keys_switch_main_screens(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, AuditLogScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_palette_offers_main_screens_prefixed_by_job(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        palette.query_one(Input).value = t("tui.screen.audit")
        entry = t("tui.palette.entry", job=t("tui.job.system"), label=t("tui.screen.audit"))
        # The palette searches a moment after typing (Textual's own delay): wait for it.
        await until(pilot, lambda: any(entry in str(option.prompt)
                                       for option in palette.query_one(CommandList).options))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditLogScreen)


async def test_the_palette_says_no_match_in_the_operator_language(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "zzzz"
        # The palette says so a moment after its search ends (Textual's own delay).
        await until(pilot, lambda: any(t("tui.palette.no_matches") in str(option.prompt)
                                       for option in app.screen.query_one(CommandList).options))


async def test_the_audit_screen_lists_entries_and_verifies_the_chain(app, admin, store):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("f9")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        newest = table.get_row_at(0)
        assert newest[3] == Text(t("action.login"))
        assert newest[4] == Text(t("tui.audit.table.operators") + "#1")
        await pilot.press("v")
        await settle(pilot)
        result = store.audit.verify()
        assert text_of(app.screen, "#audit-status") == t(
            "audit.ok", entries=result.entries, records=result.records
        )
        assert app.screen.query_one("#audit-status").has_class("-ok")


async def test_the_audit_screen_verifies_against_the_heads_beside_the_exports(app, admin, store, settings):
    from frontdesk.store.shared.audit import HEADS_FILE_NAME

    heads = settings.exports_path / HEADS_FILE_NAME
    heads.parent.mkdir(parents=True)
    heads.write_text("40:0123456789abcdef\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert text_of(app.screen, "#audit-status") == (
            f"第 40 条审计日志已不存在，但{heads}记有它作为链头：日志末尾的条目被删除")


async def test_the_theme_key_switches_and_is_remembered_per_operator(app, admin, store):
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "admin", "admin-pass-1")
        assert app.theme == "frontdesk-dark"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == "frontdesk-light"
        assert store.operators.preference(admin, "theme") == "light"


async def test_a_remembered_theme_applies_at_sign_in(app, admin, store):
    store.operators.set_preference(admin, "theme", "light")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "frontdesk-dark"
        await sign_in(pilot, "admin", "admin-pass-1")
        assert app.theme == "frontdesk-light"


async def test_names_are_shown_as_typed_not_as_markup(app, store, add_operator):
    add_operator("odd", "reception", display_name="[b]x[/b]")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "odd", "operator-pass-1")
        assert text_of(app.screen, "#home-greeting") == t("tui.home.greeting", name="[b]x[/b]")


async def test_english_mode_speaks_english(store, admin, settings, clock):
    set_language("en")
    app = make_app(store, settings, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert text_of(app.screen, "#login-title") == "Operator sign-in"
        await sign_in(pilot, "admin", "wrong-password")
        assert text_of(app.screen, "#login-message") == (
            "wrong login name or password (after 5 failures in a row, wait 15 minutes)"
        )
        await sign_in(pilot, "admin", "admin-pass-1")
        assert text_of(app.screen, "#home-role") == "Role: administrator"
        assert "Monday 2026-03-02" in text_of(app.screen, "#home-clock")


def test_the_audit_screen_names_the_numbers_a_restore_dropped():
    from frontdesk.store.shared.audit import AuditEntry

    entry = AuditEntry(7, "2026-03-02 09:15:00", "admin", "restore", None, None, None, {
        "path": "b.db", "dropped": ["V2026-000003–V2026-000004"],
        "raised": [{"channel": "visit", "year": 2026, "from": 2, "to": 4}]})
    shown = detail_text(entry)
    assert shown.startswith("文件=b.db 恢复去掉的编号=[\"V2026-000003–V2026-000004\"] 续编的计数=")


@pytest.mark.parametrize(("detail", "shown"), [
    ({"step": "transfer"}, "转送"),
    ({"role": "duty"}, "值班员"),
    ({"reason": "disabled"}, "已停用"),
    ({"password_change_due": True}, "是"),
    ({"reason": "材料不全"}, "材料不全"),  # a reason typed by the operator is data
    ({"step": "create_matters"}, "create_matters"),  # an upgrade step has no label: as stored
])
def test_the_audit_screen_shows_coded_details_by_their_labels(detail, shown):
    from frontdesk.store.shared.audit import AuditEntry

    entry = AuditEntry(7, "2026-03-02 09:15:00", "admin", "create", None, None, None, detail)
    assert detail_text(entry).split("=", 1)[1] == shown
