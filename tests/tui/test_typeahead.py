"""Keys typed ahead of the screen land where they would have landed one by one."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from textual import events
from textual.widgets import Input

from frontdesk.config import Settings
from frontdesk.screens.duty.entry_form import DutyEntryDialog
from frontdesk.screens.duty.log import DutyLogScreen
from frontdesk.screens.home import HomeScreen
from frontdesk.screens.mail.letter_detail import LetterDetailDialog
from frontdesk.screens.mail.letter_form import LetterFormScreen
from frontdesk.screens.visits.slip import SlipDialog
from frontdesk.screens.visits.visit_form import VisitFormScreen
from frontdesk.screens.visits.visitor_card import VisitorCard
from frontdesk.store import Store
from frontdesk.tui.app import make_app

import testdata
from .helpers import SIZE, burst, key_event, keys_of, settle


async def test_a_burst_with_tab_fills_name_and_password(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "admin", "tab", "admin-pass-1")
        screen = app.screen
        assert screen.query_one("#login-name", Input).value == "admin"
        assert screen.query_one("#login-password", Input).value == "admin-pass-1"


async def test_tabbing_back_into_a_filled_field_keeps_it_and_types_at_its_end(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "admin", "tab", "admin-pass-1", "shift+tab", "x")
        name = app.screen.query_one("#login-name", Input)
        assert name.value == "adminx"
        assert name.selection.is_empty and name.cursor_position == len("adminx")


async def test_a_paste_in_a_burst_goes_into_the_field_focused_at_its_turn(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for event in [*map(key_event, "admin"), key_event("tab"), events.Paste("admin-pass-1")]:
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        await app.keys_landed()
        screen = app.screen
        assert screen.query_one("#login-name", Input).value == "admin"
        assert screen.query_one("#login-password", Input).value == "admin-pass-1"


async def test_a_burst_signs_in_and_keeps_typing_on_the_next_screen(app, admin):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "admin", "enter", "admin-pass-1", "enter")
        assert isinstance(app.screen, HomeScreen)


# the forms, filled by one burst each ----------------------------------------------

NOW = datetime(2026, 3, 2, 9, 15)
FORM_SIZE = (110, 40)


@pytest.fixture
def office(tmp_path):
    store = Store.open(tmp_path / "fd.db", create=True, clock=lambda: NOW)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    people = {
        "reception": store.operators.add(admin, "jiedai", "reception", "desk-pass-1", "陈晓东"),
        "mail": store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽"),
        "duty": store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王立新"),
    }
    yield store, people
    store.close()


async def open_screen(store, operator, mode: str):
    app = make_app(store, Settings(), lambda: NOW)
    context = app.run_test(size=FORM_SIZE)
    pilot = await context.__aenter__()
    app.open_desk(operator, mode)
    await settle(pilot)
    return app, pilot, context


ID_NUMBER = testdata.resident_id("44030419700825107")


async def test_a_wedge_burst_fills_name_id_and_phone_of_a_visitor(office):
    store, people = office
    app, pilot, context = await open_screen(store, people["reception"], "visit")
    try:
        screen = app.screen
        assert isinstance(screen, VisitFormScreen)
        card = screen.query_one(VisitorCard)
        assert app.focused is card.query_one(".v-name", Input)
        await burst(pilot, "张伟", "tab", "tab", ID_NUMBER, "tab", "13812340002", "enter")
        assert card.query_one(".v-name", Input).value == "张伟"
        assert card.query_one(".v-id_number", Input).value == ID_NUMBER
        assert card.query_one(".v-phone", Input).value == "13812340002"
        assert card.query_one(".v-address", Input).value == ""
    finally:
        await context.__aexit__(None, None, None)


async def test_a_visit_typed_in_one_burst_is_saved_and_the_next_starts_in_the_name(office):
    store, people = office
    reception = people["reception"]
    app, pilot, context = await open_screen(store, reception, "visit")
    try:
        screen = app.screen
        subject = screen.query_one("#f-subject", Input)
        # Name, ID type, ID number, phone, then the jump to 事由 by Tab from the last card field.
        await burst(pilot, "张伟", "tab", "tab", ID_NUMBER, "tab", "13812340002", "tab",
                    "福田区园岭街道")
        card = screen.query_one(VisitorCard)
        assert card.query_one(".v-address", Input).value == "福田区园岭街道"
        subject.focus()
        await pilot.pause()
        await burst(pilot, "拖欠工资", "ctrl+s")
        assert isinstance(app.screen, SlipDialog)
        (visit,) = store.visits.on_day(reception, "2026-03-02")
        person = visit.visitors[0]
        assert (visit.subject, person.name, person.phone, person.address) == (
            "拖欠工资", "张伟", "13812340002", "福田区园岭街道")
        # Stored whole, shown masked.
        assert person.id_number == ID_NUMBER[:6] + "*" * 8 + ID_NUMBER[-4:]
        # Enter on the slip: the next visitor's name is typed at once.
        await burst(pilot, "enter", "李四")
        assert app.screen is screen
        card = screen.query_one(VisitorCard)
        assert card.query_one(".v-name", Input).value == "李四"
        assert app.focused is card.query_one(".v-name", Input)
    finally:
        await context.__aexit__(None, None, None)


async def test_a_duty_entry_typed_in_one_burst_is_saved_and_selected_in_the_log(office):
    store, people = office
    officer = people["duty"]
    store.duty.add(officer, {"summary": "早先一条", "at": "2026-03-02 08:00"})
    app, pilot, context = await open_screen(store, officer, "duty")
    try:
        log = app.screen
        assert isinstance(log, DutyLogScreen)
        await burst(pilot, "ctrl+n")
        form = app.screen
        assert isinstance(form, DutyEntryDialog)
        assert form.focused.id == "d-at"  # the event time comes first
        # Time kept, kind kept, caller, phone, summary by Enter; saved; the log's `r`
        # then reports the new entry.
        await burst(pilot, "tab", "tab", "张三", "enter", "13800138000", "enter", "小区停电", "ctrl+s")
        assert app.screen is log
        (entry,) = [e for e in store.duty.since(officer, "2026-03-01 00:00") if e.summary == "小区停电"]
        assert (entry.source, entry.phone, entry.kind, entry.at) == (
            "张三", "13800138000", "call", "2026-03-02 09:15:00")
        assert log.current() is not None and log.current().number == entry.number
    finally:
        await context.__aexit__(None, None, None)


async def test_a_letter_typed_in_one_burst_is_saved_and_the_next_starts_at_the_sender(office):
    store, people = office
    clerk = people["mail"]
    app, pilot, context = await open_screen(store, clerk, "letter")
    try:
        form = app.screen
        assert isinstance(form, LetterFormScreen)
        assert app.focused is form.query_one("#f-sender-name", Input)
        # sender name, unit (empty), phone, address, ID (empty), signers (kept), subject,
        # category (kept), location, content, requests; then save.
        await burst(pilot, "张三", "tab", "tab", "13800138000", "tab", "福田区园岭", "tab", "tab", "tab",
                    "小区物业", "tab", "tab", "园岭街道", "tab", "电梯停用三个月", "tab", "维修电梯", "ctrl+s")
        assert isinstance(app.screen, LetterDetailDialog)
        (letter,) = store.letters.listing(clerk, "today")
        assert (letter.subject, letter.location, letter.requests) == ("小区物业", "园岭街道", "维修电梯")
        assert (letter.sender_name, letter.sender_phone, letter.sender_address, letter.sender_unit) == (
            "张三", "13800138000", "福田区园岭", "")
        # Closing the record: the next letter's sender is typed at once.
        await burst(pilot, "escape", "王五")
        assert app.screen is form
        assert form.query_one("#f-sender-name", Input).value == "王五"
        assert form.query_one("#f-subject", Input).value == ""
    finally:
        await context.__aexit__(None, None, None)


async def test_the_key_that_opens_the_post_form_and_the_item_typed_after_it_in_one_burst(office):
    store, people = office
    clerk = people["mail"]
    app, pilot, context = await open_screen(store, clerk, "mail")
    try:
        registers = app.screen
        registers.query_one("TabbedContent").active = "tab-post"
        await settle(pilot)
        await burst(pilot, "n", "XA123456789CN", "tab", "区信访局", "tab", "区教育局", "ctrl+s")
        assert app.screen is registers
        (item,) = store.post.listing(clerk, "all")
        assert (item.tracking_number, item.sender, item.addressee) == ("XA123456789CN", "区信访局", "区教育局")
    finally:
        await context.__aexit__(None, None, None)


async def test_the_key_that_opens_the_document_form_and_the_document_typed_after_it(office):
    store, people = office
    clerk = people["mail"]
    app, pilot, context = await open_screen(store, clerk, "mail")
    try:
        registers = app.screen
        registers.query_one("TabbedContent").active = "tab-docs"
        await settle(pilot)
        # The form opens in the issuer (secrecy, urgency and received time kept), then number, title.
        await burst(pilot, "n", "区政府办", "tab", "福办〔2026〕1号", "tab",
                    "关于做好节日值班的通知", "ctrl+s")
        assert app.screen is registers
        (doc,) = store.documents.listing(clerk, "all")
        assert (doc.issuer, doc.doc_number, doc.title) == ("区政府办", "福办〔2026〕1号", "关于做好节日值班的通知")
    finally:
        await context.__aexit__(None, None, None)


def slow_sign_in(monkeypatch, seconds: float) -> list[float]:
    """Signing in takes ``seconds`` (a busy machine, a stuck disk); the list
    answered gets the time each such call came back."""
    from frontdesk.store.shared.operators import Operators

    authenticate = Operators.authenticate
    returned: list[float] = []

    def slow(self, name, password):
        time.sleep(seconds)
        try:
            return authenticate(self, name, password)
        finally:
            returned.append(time.monotonic())

    monkeypatch.setattr(Operators, "authenticate", slow)
    return returned


async def test_keys_wait_for_a_sign_in_slower_than_two_seconds_then_land_in_the_visit_form(office, monkeypatch):
    """On a busy machine signing in and building the desk took over two seconds:
    the keys typed meanwhile wait for it instead of going to the screen before."""
    store, people = office
    slow_sign_in(monkeypatch, 2.5)
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=FORM_SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "jiedai", "tab", "desk-pass-1", "enter", "f3", "张伟", "tab", "tab", ID_NUMBER)
        screen = app.screen
        assert isinstance(screen, VisitFormScreen)
        card = screen.query_one(VisitorCard)
        assert card.query_one(".v-name", Input).value == "张伟"
        assert card.query_one(".v-id_number", Input).value == ID_NUMBER


async def test_a_call_that_hangs_holds_the_keys_only_so_long(office, monkeypatch):
    """A store call stuck past the limit lets the keys go on (once): the app keeps running."""
    from frontdesk.tui import typeahead

    store, people = office
    monkeypatch.setattr(typeahead, "LIMIT", 0.3)
    returned = slow_sign_in(monkeypatch, 3.0)
    app = make_app(store, Settings(), lambda: NOW)
    async with app.run_test(size=FORM_SIZE) as pilot:
        await pilot.pause()
        for key in keys_of("jiedai", "tab", "desk-pass-1", "enter", "x"):
            event = key_event(key)
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        await app.keys_landed()
        assert not returned  # the keys went on before the call came back
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)
