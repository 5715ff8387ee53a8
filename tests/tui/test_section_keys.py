"""Alt+digit jumps to a section of the long forms, as a terminal sends it, in bursts."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Select

from frontdesk.config import Settings
from frontdesk.i18n import has, set_language, t
from frontdesk.screens.duty.entry_form import DutyEntryDialog
from frontdesk.screens.help import HelpDialog
from frontdesk.screens.mail.doc_form import DocFormDialog
from frontdesk.screens.mail.letter_form import LetterFormScreen
from frontdesk.screens.mail.post_form import PostFormDialog
from frontdesk.screens.visits.visit_form import VisitFormScreen
from frontdesk.screens.visits.visitor_card import VisitorCard
from frontdesk.store import Store
from frontdesk.tui.app import make_app
from frontdesk.tui.bindings import JUMP_ACTION
from frontdesk.tui.record_form import RecordForm

from .helpers import key_event, settle

NOW = datetime(2026, 3, 2, 9, 15)


# What Textual reads for Esc and a digit, which tmux and most terminals send for
# Alt+digit: the character macOS types for Option+digit ("\x1b1" is "¡"). The
# tmux test (test_typeahead_terminal.py) sends real Alt keys to the program.
ESC_DIGIT = {"1": "¡", "2": "™", "3": "£", "4": "¢"}
CONTROL = {"\t": "tab", "\x0e": "ctrl+n"}


def terminal(data: str) -> list[events.Key]:
    """The keys Textual reads from what a terminal sends (Alt+1 is sent as Esc 1)."""
    keys: list[events.Key] = []
    characters = iter(data)
    for character in characters:
        if character == "\x1b":
            character = ESC_DIGIT[next(characters)]
        keys.append(key_event(CONTROL.get(character, character)))
    return keys


async def burst_from_terminal(pilot: Pilot, data: str) -> None:
    """Every key of ``data`` handed to the app before it handles the first (one read
    of the terminal), then wait until all have landed."""
    app = pilot.app
    for event in terminal(data):
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()
    await app.keys_landed()
    await settle(pilot)


@pytest.fixture
def office(tmp_path):
    store = Store.open(tmp_path / "fd.db", create=True, clock=lambda: NOW)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    yield store, admin
    store.close()


async def opened(store, operator, mode: str, size=(80, 24)):
    app = make_app(store, Settings(), lambda: NOW)
    context = app.run_test(size=size)
    pilot = await context.__aenter__()
    app.open_desk(operator, mode)
    await settle(pilot)
    return app, pilot, context


def assert_typing_at_end(field: Input) -> None:
    assert field.has_focus
    assert field.selection.is_empty and field.cursor_position == len(field.value)


async def test_visit_form_sections_in_one_burst(office):
    store, admin = office
    app, pilot, context = await opened(store, admin, "visit")
    try:
        screen = app.screen
        assert isinstance(screen, VisitFormScreen)
        # 事由 one key away, typed at once; then 处理; then back to the first name.
        await burst_from_terminal(pilot, "\x1b2拖欠工资\x1b3\x1b1张伟\t\t")
        subject = screen.query_one("#f-subject", Input)
        name = screen.query_one(VisitorCard).query_one(".v-name", Input)
        assert subject.value == "拖欠工资"
        assert name.value == "张伟"
        assert app.focused is screen.query_one(VisitorCard).query_one(".v-id_number", Input)
        await burst_from_terminal(pilot, "\x1b3")
        assert app.focused is screen.query_one("#f-disposition", Select)
        # The same keys as a terminal that reports Alt in full sends them.
        await pilot.press("alt+2", *"已三个月")
        assert subject.value == "拖欠工资已三个月"
        assert_typing_at_end(subject)
    finally:
        await context.__aexit__(None, None, None)


async def test_a_jump_lands_at_the_end_of_a_filled_field_and_scrolls_it_into_view(office):
    store, admin = office
    app, pilot, context = await opened(store, admin, "visit")
    try:
        screen = app.screen
        screen.query_one("#f-subject", Input).value = "拖欠工资"
        await burst_from_terminal(pilot, "\x1b3\x1b2 x")
        subject = screen.query_one("#f-subject", Input)
        assert subject.value == "拖欠工资 x"  # nothing selected: the space wiped nothing
        assert_typing_at_end(subject)
        await burst_from_terminal(pilot, "\x1b3")
        await pilot.pause()
        form = screen.query_one("#visit-form")
        disposition = screen.query_one("#f-disposition", Select)
        assert form.scroll_y > 0
        assert form.region.contains_region(disposition.region)
    finally:
        await context.__aexit__(None, None, None)


async def test_esc_and_a_digit_past_the_sections_or_off_a_form_stay_characters(office):
    store, admin = office
    app, pilot, context = await opened(store, admin, "visit")
    try:
        screen = app.screen
        # The visit form has three sections: Esc 4 ("¢") is typed as itself.
        await burst_from_terminal(pilot, "\x1b2\x1b4")
        assert screen.query_one("#f-subject", Input).value == "¢"
        app.switch_mode("lookup")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await burst_from_terminal(pilot, "\x1b3")
        assert app.focused.value == "£"
    finally:
        await context.__aexit__(None, None, None)


async def test_letter_form_sections_in_one_burst(office):
    store, admin = office
    app, pilot, context = await opened(store, admin, "letter")
    try:
        screen = app.screen
        assert isinstance(screen, LetterFormScreen)
        assert app.focused is screen.query_one("#f-sender-name", Input)
        await burst_from_terminal(pilot, "\x1b3反映物业问题\x1b2李四\t某公司\x1b4")
        assert screen.query_one("#f-subject", Input).value == "反映物业问题"
        assert screen.query_one("#f-sender-name", Input).value == "李四"
        assert screen.query_one("#f-sender-unit", Input).value == "某公司"
        assert app.focused is screen.query_one("#f-proposal", Select)
        await burst_from_terminal(pilot, "\x1b1")
        assert_typing_at_end(screen.query_one("#f-received_at", Input))
    finally:
        await context.__aexit__(None, None, None)


async def test_duty_entry_sections_in_one_burst(office):
    store, admin = office
    app, pilot, context = await opened(store, admin, "duty")
    try:
        await burst_from_terminal(pilot, "\x0e\x1b3停电\x1b2王五\t13900000000\x1b4已通知供电局")
        dialog = app.screen
        assert isinstance(dialog, DutyEntryDialog)
        values = {key: dialog.query_one(f"#d-{key}", Input).value for key in ("source", "phone", "summary", "action")}
        assert values == {"source": "王五", "phone": "13900000000", "summary": "停电", "action": "已通知供电局"}
        await burst_from_terminal(pilot, "\x1b1")
        assert_typing_at_end(dialog.query_one("#d-at", Input))
    finally:
        await context.__aexit__(None, None, None)


async def test_post_form_opens_in_the_tracking_number_and_the_document_form_in_the_issuer(office):
    store, admin = office
    app, pilot, context = await opened(store, admin, "mail")
    try:
        screen = app.screen
        app.push_screen(PostFormDialog(store, admin))
        await settle(pilot)
        # The number on the item's label comes first (a wedge reader types it);
        # the time and who signed are filled in already.
        assert app.focused is app.screen.query_one("#p-tracking_number", Input)
        app.pop_screen()
        await settle(pilot)
        assert app.screen is screen
        app.push_screen(DocFormDialog(store, admin))
        await settle(pilot)
        dialog = app.screen
        # 密级 and 紧急程度 come chosen (none, normal): the issuer is the first typed.
        assert app.focused is dialog.query_one("#d-issuer", Input)
        await burst_from_terminal(pilot, "\x1b3全体\x1b1")
        assert dialog.query_one("#d-readers", Input).value == "全体"
        assert app.focused is dialog.query_one("#d-secrecy", Select)
    finally:
        await context.__aexit__(None, None, None)


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_help_lists_each_jump_key(office, language):
    set_language(language)
    store, admin = office
    app, pilot, context = await opened(store, admin, "visit", size=(100, 40))
    try:
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpDialog)
        lines = [strip.text.strip(" │╭╮╰╯─") for strip in app.screen._compositor.render_strips()]
        for number, section in enumerate(VisitFormScreen.SECTIONS, 1):
            assert any(f"Alt+{number}" in line and t(section.jump) in line for line in lines), (
                number, lines)
    finally:
        await context.__aexit__(None, None, None)
        set_language("zh")


def _forms(base=RecordForm):
    for form in base.__subclasses__():
        yield form
        yield from _forms(form)


def test_every_section_is_named_in_both_languages_and_has_its_key():
    forms = [form for form in _forms() if form.SECTIONS]
    assert {VisitFormScreen, LetterFormScreen, DutyEntryDialog, DocFormDialog} <= set(forms)
    for form in forms:
        actions = {binding.action for _key, binding in form._merged_bindings}
        for index, section in enumerate(form.SECTIONS):
            assert has(section.name) and has(section.jump), section
            assert f"{JUMP_ACTION}({index})" in actions, (form, section)
