"""Incoming documents driven by keys: a classified stub whose title cannot be
typed, readers added, a leader's instruction, a tick at a time; and the
registers showing what another terminal saved."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import DataTable, Input, Select, Static

from frontdesk.config import Settings
from frontdesk.i18n import set_language
from frontdesk.screens.mail.doc_detail import DocDetailDialog
from frontdesk.screens.mail.doc_form import DocFormDialog
from frontdesk.screens.mail.registers import MailRegistersScreen
from frontdesk.store import Store
from frontdesk.tui.app import make_app

from .helpers import field_error, settle, until

NOW = datetime(2026, 3, 2, 9, 15)
SIZE = (110, 40)
PLANTED = "甄金丝雀绝密方案"


@pytest.fixture
def room(tmp_path):
    set_language("zh")
    store = Store.open(tmp_path / "fd.db", create=True, clock=lambda: NOW)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    clerk = store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽")
    yield store, clerk
    store.close()


def a_document(store, clerk, title: str = "关于做好春节值班的通知", at: str = "2026-03-02 08:00"):
    return store.documents.register(clerk, {"received_at": at, "issuer": "市政府办公厅", "title": title,
                                            "readers": ["王主任", "李副主任"]})


def table_numbers(screen, tab: str) -> list[str]:
    table = screen.query_one(f"#table-{tab}", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_a_classified_title_cannot_be_typed_and_the_stub_keeps_copies_page_and_line(room):
    store, clerk = room
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await settle(pilot)
        await pilot.press("3", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DocFormDialog)
        assert not form.query_one("#d-paper_page").parent.display  # not before a level is chosen
        # The title typed first, then the level chosen: the title goes at once.
        await pilot.press("tab", "tab", *PLANTED, "alt+1", "enter", "down", "enter")
        await settle(pilot)
        assert form.query_one("#d-secrecy", Select).value == "secret"
        title, content = form.query_one("#d-title", Input), form.query_one("#d-content", Input)
        line = form.query_one("#d-paper_line", Input)
        assert (title.value, title.disabled, content.disabled) == ("", True, True)
        assert form.query_one("#d-classified").display
        # Tab skips what a stub may not hold: time, copies, page, line.
        await pilot.press("tab", "tab", "ctrl+u", "3", "tab", "1", "2", "tab", *"4机密", "enter")
        await settle(pilot)
        assert title.value == "" and line.value == "4"
        assert isinstance(app.screen, MailRegistersScreen)
        (stub,) = store.documents.listing(clerk, "all")
        assert (stub.secrecy, stub.title, stub.copies, stub.paper_page, stub.paper_line) == (
            "secret", "", 3, 12, 4)
        row = [str(cell) for cell in app.screen.query_one("#table-docs", DataTable).get_row_at(0)]
        assert "密件：登记本12页4行" in row
        await pilot.press("ctrl+f", *"金丝雀")
        await settle(pilot)
        assert table_numbers(app.screen, "docs") == []
        await pilot.press("ctrl+u", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DocDetailDialog)
        shown = str(app.screen.query_one("#doc-text", Static).content)
        assert "份数：3" in shown and "第 12 页第 4 行" in shown and PLANTED not in shown
        assert app.screen.check_action("instruct", ()) is False  # the stub's circulation is on paper
    assert not any(PLANTED in str(hit) for hit in store.lookup.search(clerk, "金丝雀"))


async def test_a_page_is_asked_for_and_choosing_none_again_gives_the_fields_back(room):
    store, clerk = room
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await settle(pilot)
        await pilot.press("3", "n", "alt+1", "enter", "down", "down", "enter", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DocFormDialog)
        rows = {row.name: row for row in form.query("FieldRow")}
        assert rows["paper_page"].has_class("-invalid") and rows["paper_line"].has_class("-invalid")
        assert store.documents.listing(clerk, "all") == []
        await pilot.press("alt+1", "enter", "up", "up", "enter")
        await settle(pilot)
        assert not form.query_one("#d-title", Input).disabled
        assert not rows["paper_page"].display


async def test_a_classified_draft_holding_a_title_never_puts_it_on_screen(room, monkeypatch):
    store, clerk = room
    shown: list[str] = []
    watch = Input._watch_value

    def watched(self, value: str) -> None:
        shown.append(value)
        watch(self, value)

    monkeypatch.setattr(Input, "_watch_value", watched)
    store.drafts.keep(clerk, "document", {"secrecy": "secret", "title": PLANTED, "copies": "2",
                                          "paper_page": "7", "paper_line": "1"})
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await settle(pilot)
        await pilot.press("3", "n")
        await settle(pilot)
        await pilot.press("enter")  # go on with the draft
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DocFormDialog)
        assert form.query_one("#d-paper_page", Input).value == "7"
        assert "7" in shown and PLANTED not in shown
        assert form.query_one("#d-title", Input).value == ""
        assert form.query_one("#d-title", Input).disabled


async def test_readers_added_an_instruction_recorded_and_a_reader_ticked_at_a_time(room):
    store, clerk = room
    saved = a_document(store, clerk)
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await settle(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DocDetailDialog)
        await pilot.press("a", *"区长,办公室", "enter", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DocDetailDialog)
        assert [r.reader for r in store.documents.get(clerk, saved.number).readers] == [
            "王主任", "李副主任", "区长", "办公室"]
        await pilot.press("i", *"王主任", "enter", "ctrl+u", *"9:05", "enter", *"请办公室牵头落实", "enter")
        await settle(pilot)
        shown = str(app.screen.query_one("#doc-text", Static).content)
        assert "批示：2026-03-02 09:05 王主任：请办公室牵头落实" in shown
        await pilot.press("down", "t", "ctrl+u", *"8:50", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DocDetailDialog)
        readers = store.documents.get(clerk, saved.number).readers
        assert (readers[1].reader, readers[1].read_at) == ("李副主任", "2026-03-02 08:50:00")
        await pilot.press("down", "t", "ctrl+u", *"7:00", "enter")  # before the document came: refused
        await settle(pilot)
        assert "不能早于收文时间" in field_error(app.screen, "read_at")
        await pilot.press("escape", "escape")
        await settle(pilot)
    (instruction,) = store.documents.get(clerk, saved.number).instructions
    assert (instruction.leader, instruction.at, instruction.by) == ("王主任", "2026-03-02 09:05:00", "shoufa")


async def test_the_register_shows_another_terminals_save_and_keeps_the_cursor(room, tmp_path):
    store, clerk = room
    first = a_document(store, clerk, "第一份通知", "2026-03-02 08:00")
    second = a_document(store, clerk, "第二份通知", "2026-03-02 08:30")
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "mail")
        await settle(pilot)
        await pilot.press("3", "down")
        await settle(pilot)
        screen = app.screen
        assert table_numbers(screen, "docs") == [second.number, first.number]
        table = screen.query_one("#table-docs", DataTable)
        assert table.cursor_row == 1
        reads = []
        listing = store.documents.listing
        store.documents.listing = lambda *a, **k: reads.append(1) or listing(*a, **k)  # type: ignore[method-assign]
        await pilot.pause(0.3)
        assert reads == []  # nothing saved: the tables are not read again
        with Store.open(store.path, clock=lambda: NOW) as other:
            third = a_document(other, clerk, "第三份通知", "2026-03-02 09:00")
        await until(pilot, lambda: table_numbers(screen, "docs") == [third.number, second.number, first.number])
        assert table_numbers(screen, "docs")[table.cursor_row] == first.number
        assert reads  # read again once, because something was saved
        # Typing in the search line while another save comes: all of it is the search's.
        await pilot.press("ctrl+f", *"通知3nvp12ai")
        with Store.open(store.path, clock=lambda: NOW) as other:
            a_document(other, clerk, "第四份", "2026-03-02 09:10")
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.screen is screen and screen.tab == "docs"
        assert screen.query_one("#search-docs", Input).value == "通知3nvp12ai"
        assert screen.focused is screen.query_one("#search-docs", Input)
