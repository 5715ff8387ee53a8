"""The mail room's screens driven by keys: a letter with enclosures, the
registers, and accused persons never shown to
the reception desk."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Input, Select, Static

from frontdesk.config import Settings
from frontdesk.i18n import set_language, t
from frontdesk.screens.mail.letter_close import LetterCloseDialog
from frontdesk.screens.mail.letter_detail import LetterDetailDialog
from frontdesk.screens.mail.letter_form import LetterFormScreen
from frontdesk.screens.mail.letter_parts import EnclosureRow, LetterHistoryPanel
from frontdesk.screens.mail.post_pass import PostPassDialog
from frontdesk.screens.mail.registers import MailRegistersScreen
from frontdesk.store import Store
from frontdesk.tui.app import make_app
from frontdesk.tui.widgets.controls import ChoiceSelect

NOW = datetime(2026, 3, 2, 9, 15)
SIZE = (110, 40)
CANARY = "甄金丝雀"


@pytest.fixture
def room(tmp_path):
    set_language("zh")
    store = Store.open(tmp_path / "fd.db", create=True, clock=lambda: NOW)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    clerk = store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽")
    desk = store.operators.add(admin, "jiedai", "reception", "desk-pass-1", "陈晓东")
    yield store, clerk, desk
    store.close()


async def settle(pilot) -> None:
    await pilot.pause()  # the form's delays are zero here (conftest)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # what the first answers started
    await pilot.pause()


async def typed(pilot, selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    await pilot.pause()
    widget.value = text
    await pilot.pause()


async def test_a_letter_with_enclosures_is_registered_as_a_repeat(room):
    store, clerk, _desk = room
    earlier = store.letters.register(clerk, {"received_at": "2026-02-20 10:00", "subject": "物业",
                                             "sender": {"name": "张三", "phone": "13800138000"}})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "letter")
        await pilot.pause()
        assert isinstance(app.screen, LetterFormScreen)
        await typed(pilot, "#f-sender-name", "张三")
        await typed(pilot, "#f-sender-phone", "138 0013 8000")
        await settle(pilot)
        summary = str(app.screen.query_one(LetterHistoryPanel).query_one("#history-summary", Static).content)
        assert "重复信" in summary and earlier.number in summary
        await typed(pilot, "#f-subject", "[紧急] 小区物业再次反映")
        await typed(pilot, "#f-pages_stated", "3")
        await typed(pilot, "#f-pages_received", "2")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"现金")
        row = app.screen.query_one(EnclosureRow)
        row.query_one(".e-kind", Select).value = "cash"
        row.query_one(".e-amount", Input).value = "200"
        await pilot.press("ctrl+n")
        await pilot.pause()
        list(app.screen.query(EnclosureRow))[1].query_one(".e-item", Input).value = "身份证复印件"
        app.screen.query_one("#f-proposal", Select).value = "submit"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LetterDetailDialog)
        shown = str(app.screen.query_one("#detail-text", Static).content)
        assert "页数不符" in shown and "[紧急]" in shown
        (saved,) = store.letters.listing(clerk, "today")
        assert (saved.kind, saved.previous_number, saved.pages_mismatch) == ("repeat", earlier.number, True)
        assert [(e.item, e.amount, e.held) for e in saved.enclosures] == [
            ("现金", "200.00", True), ("身份证复印件", "", True)]
        # Return the cash from the record, then close is still refused for the copy.
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        status = str(app.screen.query_one("#detail-status", Static).content)
        assert "身份证复印件" in status
        assert store.letters.get(clerk, saved.number).enclosures[0].returned_by == "shoufa"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LetterFormScreen)
        assert app.screen.query_one("#f-subject", Input).value == ""


async def test_refusals_show_under_their_fields_and_nothing_is_saved(room):
    store, clerk, _desk = room
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "letter")
        await pilot.pause()
        app.screen.query_one("#f-letter_kind", Select).value = "signed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = {row.name: row for row in app.screen.query("FieldRow")}
        assert rows["subject"].has_class("-invalid")
        assert rows["sender.name"].has_class("-invalid")
        assert store.letters.listing(clerk, "all") == []


async def test_registered_post_is_passed_on_from_the_register(room):
    store, clerk, _desk = room
    store.post.register(clerk, {"tracking_number": "XA123456789CN", "addressee": "区教育局"})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await pilot.pause()
        app.screen.query_one("TabbedContent").active = "tab-post"
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PostPassDialog)
        await typed(pilot, "#pp-signed_by", "李四")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (item,) = store.post.listing(clerk, "all")
        assert (item.passed_to, item.passed_signed_by, item.passed_by) == ("区教育局", "李四", "shoufa")


async def test_reception_sees_an_accusing_letter_sealed_in_the_register_and_its_detail(room):
    store, clerk, desk = room
    saved = store.letters.register(clerk, {
        "received_at": "2026-03-02 08:00", "sender": {"name": "张三", "phone": "13800138000"},
        "subject": "反映干部作风问题", "accused": [{"name": CANARY, "unit": "金丝雀管理处"}],
    })
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(desk, "mail")
        await pilot.pause()
        assert isinstance(app.screen, MailRegistersScreen)
        assert app.screen.tabs == ("letters",)
        for query in (CANARY, "张三", "作风"):
            await typed(pilot, "#search-letters", query)
            await settle(pilot)
            assert app.screen.query_one("#table-letters").row_count == 0, query
        await typed(pilot, "#search-letters", "")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        table = app.screen.query_one("#table-letters")
        row = " ".join(str(cell) for cell in table.get_row_at(0))
        assert saved.number in row and "检举控告类来信（内容按规定不予显示）" in row
        assert "张三" not in row and "作风" not in row
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LetterDetailDialog)
        shown = str(app.screen.query_one("#detail-text", Static).content)
        assert saved.number in shown and "检举控告类来信（内容按规定不予显示）" in shown
        for secret in (CANARY, "金丝雀", "张三", "13800138000", "反映干部作风问题"):
            assert secret not in shown
        assert app.screen.check_action("handle", ()) is False


async def test_an_open_dropdown_says_its_key_in_the_operator_language(room):
    store, clerk, _desk = room
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "letter")
        await settle(pilot)
        dropdowns = list(app.screen.query(ChoiceSelect))
        assert dropdowns, "the letter form has dropdowns"
        dropdowns[0].focus()
        await pilot.pause()
        await pilot.press("enter")  # opens the list
        await settle(pilot)
        described = [b.binding.description for b in app.screen.active_bindings.values()]
        assert t("tui.key.close") in described
        assert not [d for d in described if "Dismiss" in d or "menu" in d]


async def test_closing_a_letter_asks_for_its_outcome_and_esc_leaves_it_open(room):
    store, clerk, _desk = room
    saved = store.letters.register(clerk, {"received_at": "2026-03-02 08:00", "subject": "物业",
                                           "sender": {"name": "张三", "phone": "13800138000"},
                                           "proposal": "submit"})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "letter")
        await pilot.pause()
        app.push_screen(LetterDetailDialog(store, clerk, saved.number))
        await settle(pilot)
        await pilot.press("c", "escape")
        await settle(pilot)
        assert isinstance(app.screen, LetterDetailDialog)
        assert store.letters.get(clerk, saved.number).closed_at is None
        await pilot.press("c", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LetterCloseDialog)
        assert {row.name for row in app.screen.query("FieldRow.-invalid")} == {"outcome"}
        assert store.letters.get(clerk, saved.number).closed_at is None
        await pilot.press(*"已转区住建局", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LetterDetailDialog)
        shown = str(app.screen.query_one("#detail-text", Static).content)
        assert "办结情况：已转区住建局" in shown
        closed = store.letters.get(clerk, saved.number)
        assert (closed.closed_by, closed.outcome) == ("shoufa", "已转区住建局")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, LetterDetailDialog)  # closed: `c` no longer offered


async def test_the_return_note_shows_in_the_record_and_the_register(room):
    store, clerk, _desk = room
    saved = store.letters.register(clerk, {"received_at": "2026-03-02 08:00", "subject": "物业",
                                           "sender": {"name": "张三", "phone": "13800138000"},
                                           "enclosures": [{"item": "房产证复印件"}]})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await settle(pilot)
        table = app.screen.query_one("#table-letters")
        assert "1 件未退" in " ".join(str(cell) for cell in table.get_row_at(0))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r", "tab", "tab", *"XA123", "enter")
        await settle(pilot)
        shown = str(app.screen.query_one("#detail-text", Static).content)
        assert "退回备注：XA123" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MailRegistersScreen)
        row = " ".join(str(cell) for cell in app.screen.query_one("#table-letters").get_row_at(0))
        assert saved.number in row and "已退 XA123" in row


async def test_opening_checks_speak_once_reached_and_are_summed_up_at_save(room):
    store, clerk, _desk = room
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "letter")
        await settle(pilot)
        opening = app.screen.query_one("#opening-error", Static)
        assert str(opening.content) == ""  # a fresh form says nothing
        await pilot.press(*"张三", "tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab",
                          "shift+tab")
        await settle(pilot)
        assert "尚未加盖收信章" in str(opening.content) and "邮票邮戳不完整" in str(opening.content)
        await pilot.press("space")  # 邮票邮戳完整 ticked
        await settle(pilot)
        assert "邮票邮戳不完整" not in str(opening.content)
        await typed(pilot, "#f-sender-phone", "13800138000")
        await typed(pilot, "#f-subject", "物业")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LetterDetailDialog)
        status = str(app.screen.query_one("#detail-status", Static).content)
        assert status == "拆封检查未勾选：已加盖收信章、信封信笺已装订"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LetterFormScreen)
        assert str(app.screen.query_one("#opening-error", Static).content) == ""  # the next letter too


async def test_every_register_finds_a_record_by_its_number_digits(room):
    store, clerk, _desk = room
    numbers = {"letters": store.letters.register(clerk, {"received_at": "2026-02-02 08:00", "subject": "物业",
                                                         "sender": {"name": "张三", "phone": "13800138000"},
                                                         "proposal": "submit"}).number,
               "post": store.post.register(clerk, {"tracking_number": "XA123456789CN", "addressee": "区教育局",
                                                   "received_at": "2026-02-02 08:00"}).number,
               "docs": store.documents.register(clerk, {"received_at": "2026-02-02 08:00",
                                                        "secrecy": "secret",
                                                        "paper_page": 1, "paper_line": 1}).number}
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await settle(pilot)
        for tab, number in numbers.items():
            app.screen.query_one("TabbedContent").active = f"tab-{tab}"
            await settle(pilot)
            for typed in ("1", "000001", number):
                await pilot.press("ctrl+f", "ctrl+u", *typed)
                await settle(pilot)
                table = app.screen.query_one(f"#table-{tab}")
                assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [number], (tab, typed)


async def test_each_register_has_its_key_and_the_search_line_keeps_what_is_typed(room):
    store, clerk, desk = room
    store.post.register(clerk, {"tracking_number": "XA123456789CN", "addressee": "区教育局"})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await settle(pilot)
        tabs = app.screen.query_one("TabbedContent")
        await pilot.press("3")
        await settle(pilot)
        assert tabs.active == "tab-docs"
        await pilot.press("2")
        await settle(pilot)
        assert tabs.active == "tab-post"
        await pilot.press("ctrl+f", *"1vnp23", "enter")  # typed behind Ctrl+F: all the search's
        await settle(pilot)
        assert isinstance(app.screen, MailRegistersScreen) and tabs.active == "tab-post"
        assert app.screen.query_one("#search-post", Input).value == "1vnp23"
        assert app.screen._views["post"] == "today"
        await pilot.press("1")
        await settle(pilot)
        assert tabs.active == "tab-letters"
        keys = {b.id for _k, b in app.screen._bindings if b.id}
        assert {"mail-tab-letters", "mail-tab-post", "mail-tab-docs"} <= keys
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(desk, "mail")  # reception reads letters only
        await settle(pilot)
        assert app.screen.check_action("show_tab", ("post",)) is False
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.query_one("TabbedContent").active == "tab-letters"


async def test_a_document_reader_is_chased_from_its_record(room):
    store, clerk, _desk = room
    saved = store.documents.register(clerk, {"received_at": "2026-02-20 09:00", "issuer": "市政府办公厅",
                                             "title": "关于做好春节值班的通知", "readers": ["王主任", "李副主任"]})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await settle(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        await pilot.press("down", "u", "escape")  # asked, then not logged
        await settle(pilot)
        assert store.documents.get(clerk, saved.number).chases == ()
        await pilot.press("u", *"明天送回", "enter")
        await settle(pilot)
        shown = str(app.screen.query_one("#doc-text", Static).content)
        assert "李副主任（电话）答复：明天送回" in shown
        (chase,) = store.documents.get(clerk, saved.number).chases
        assert (chase.reader, chase.how, chase.answer, chase.by) == ("李副主任", "phone", "明天送回", "shoufa")


async def test_a_letter_kept_on_a_final_matter_is_not_transferred_from_its_record(room):
    store, clerk, _desk = room
    admin = store.operators.get("admin")
    visit = store.visits.register(admin, {"subject": "拖欠工资", "visitors": [
        {"name": "张三", "id_number": "440304197008251070", "phone": "13800138000"}]})
    for step in ({"step": "transfer", "unit": "区教育局"}, {"step": "accept"}, {"step": "answer", "summary": "a"},
                 {"step": "review_request"}, {"step": "review_answer", "summary": "b"},
                 {"step": "recheck_request"}, {"step": "recheck_answer", "summary": "c"}):
        store.matters.step(admin, visit.number, step)
    kept = store.letters.register(clerk, {"subject": "拖欠工资", "sender": {"name": "张三", "phone": "13800138000"},
                                          "same_matter": {"channel": "visit", "number": visit.number}})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await settle(pilot)
        assert isinstance(app.screen, MailRegistersScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LetterDetailDialog) and app.screen.letter.number == kept.number
        await pilot.press("h")
        await settle(pilot)
        app.screen.query_one("#h-proposal", Select).value = "transfer"
        app.screen.query_one("#h-transfer_to", Select).value = "区教育局"
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = str(app.screen.query_one("#detail-status", Static).content)
        assert "已经复核终结" in status and "重新登记" in status
        assert store.letters.get(clerk, kept.number).proposal is None
