"""Every record form keeps a draft: typed in a burst, it survives a lock, a quit
and a crash, is offered back and fills the same fields; the discard key asks,
then empties the form and the kept draft; quitting with typing asks first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from textual.widgets import Input, Select, TextArea

from frontdesk.config import Settings
from frontdesk.i18n import t
from frontdesk.screens.confirm import ConfirmDialog, QuitDialog
from frontdesk.screens.duty.entry_form import DutyEntryDialog
from frontdesk.screens.duty.follow_up import FollowUpDialog
from frontdesk.screens.duty.log import DutyLogScreen
from frontdesk.screens.mail.doc_form import DocFormDialog
from frontdesk.screens.mail.letter_form import LetterFormScreen
from frontdesk.screens.mail.post_form import PostFormDialog
from frontdesk.screens.visits.visit_form import VisitFormScreen
from frontdesk.tui.app import make_app
from frontdesk.tui.record_form import RecordForm

from .helpers import SIZE, burst, fill, settle, until


@dataclass(frozen=True)
class FormCase:
    """How to reach one form and what to type into it."""

    form: str
    """The store's name for its draft."""
    screen: type
    mode: str
    """The main screen it is on (or opened from)."""
    opener: tuple[str, ...]
    """Keys on that screen that open the form (none for a main screen's form)."""
    keys: tuple[str, ...]
    """A burst typed from the field the form opens in."""
    extra: tuple[tuple[str, Any], ...]
    """Further values put into fields by selector: choices, long text."""
    tab: str = ""
    """The register tab the opener works in."""

    @property
    def dialog(self) -> bool:
        return bool(self.opener)


CASES = [
    FormCase("visit", VisitFormScreen, "visit", (),
             ("钱七", "tab", "tab", "440304198808081230"),
             (("#f-subject", "噪音扰民"), ("#f-category", "城建国土"), ("#f-content", "楼下夜间施工\n第二行"),
              ("#f-disposition", "transfer"))),
    FormCase("letter", LetterFormScreen, "letter", (),
             ("张三", "tab", "某街道办", "ctrl+n", "现金两百元"),
             (("#f-letter_channel", "registered"), ("#f-subject", "物业纠纷"), ("#f-content", "反映物业问题"),
              ("#f-proposal", "no_transfer"))),
    FormCase("duty", DutyEntryDialog, "duty", ("ctrl+n",),
             ("tab", "tab", "张先生", "enter", "13800138000", "enter", "小区停电"),
             (("#d-importance", "urgent"), ("#d-kind", "event"), ("#d-details", "三栋整栋停电"))),
    FormCase("post", PostFormDialog, "mail", ("n",),
             ("XA123456789CN", "enter", "某公司", "enter", "区教育局"), (), tab="tab-post"),
    FormCase("document", DocFormDialog, "mail", ("n",),
             ("tab", "tab", "tab", "区政府办", "tab", "区府办〔2026〕1号", "tab", "关于做好防汛工作的通知"),
             (("#d-urgency", "urgent"),), tab="tab-docs"),
]
IDS = [case.form for case in CASES]
SHARED = [case for case in CASES if case.form in ("visit", "duty")]
"""What the form base does alike for every form (a crash, an unfit draft, a draft
declined, quitting without keeping): tried on a main screen's form with visitor
cards and on a dialog; the rest is tried on every form."""
SHARED_IDS = [case.form for case in SHARED]


def put(screen, selector: str, value: Any) -> None:
    widget = screen.query_one(selector)
    if isinstance(widget, TextArea):
        widget.text = value
    elif isinstance(widget, Select):
        widget.value = value
    else:
        assert isinstance(widget, Input)
        widget.value = value


async def start(store, clock):
    app = make_app(store, Settings(), clock)
    app.told = []  # what the operator was told (a notice may expire)
    notify = app.notify

    def told(message, *args, **kwargs):
        app.told.append(message)
        return notify(message, *args, **kwargs)

    app.notify = told
    context = app.run_test(size=SIZE)
    pilot = await context.__aenter__()
    return app, pilot, context


async def open_form(app, pilot, operator, case: FormCase, *, signed_in: bool = False):
    """Bring up the form (after a draft question, if one is asked); answers its screen."""
    if not signed_in:
        app.open_desk(operator, case.mode)
        await settle(pilot)
    if case.tab:
        app.screen.query_one("TabbedContent").active = case.tab
        await settle(pilot)
    if case.opener:
        await pilot.press(*case.opener)
        await settle(pilot)


async def type_case(pilot, case: FormCase) -> dict:
    """Type the case's burst and values; answers the form's data once its draft is kept."""
    await burst(pilot, *case.keys)
    screen = pilot.app.screen
    assert isinstance(screen, case.screen)
    for selector, value in case.extra:
        put(screen, selector, value)
    await settle(pilot)
    data = screen.form_data()
    assert screen.dirty
    return data


def kept(store, operator, form: str):
    draft = store.drafts.get(operator, form)
    return None if draft is None else draft.data


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_a_draft_survives_a_lock_is_offered_back_and_fills_the_same_fields(store, admin, clock, case):
    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, case)
        typed = await type_case(pilot, case)
        await until(pilot, lambda: kept(store, admin, case.form) == typed)
        await pilot.press("ctrl+l")
        await settle(pilot)
        app.write_behind.wait()
        assert kept(store, admin, case.form) == typed
        await fill(pilot, {"lock-password": "admin-pass-1"}, submit="lock-password")
        await settle(pilot)
        await open_form(app, pilot, admin, case, signed_in=True)
        assert isinstance(app.screen, ConfirmDialog)
        # Enter answers the question and the keys after it land in the form's first field.
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, case.screen)
        assert form.form_data() == typed
        assert kept(store, admin, case.form) == typed
    finally:
        await context.__aexit__(None, None, None)


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_quitting_with_typing_asks_then_keeps_the_draft(store, admin, clock, case):
    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, case)
        typed = await type_case(pilot, case)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, case.screen)
        assert app.screen.form_data() == typed
        await pilot.press("ctrl+q", "enter")  # keep the draft and quit
        await settle(pilot)
        assert not app.is_running
    finally:
        await context.__aexit__(None, None, None)
    assert kept(store, admin, case.form) == typed

    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, case)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.form_data() == typed
    finally:
        await context.__aexit__(None, None, None)


@pytest.mark.parametrize("case", SHARED, ids=SHARED_IDS)
async def test_quitting_may_throw_the_typing_away(store, admin, clock, case):
    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, case)
        await type_case(pilot, case)
        await pilot.press("ctrl+q", "d")
        await settle(pilot)
        assert not app.is_running
    finally:
        await context.__aexit__(None, None, None)
    assert kept(store, admin, case.form) is None


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_the_discard_key_asks_then_empties_the_form_and_the_draft(store, admin, clock, case):
    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, case)
        form = app.screen
        blank = form.form_data()
        first = type(form.focused)
        await type_case(pilot, case)
        await until(pilot, lambda: kept(store, admin, case.form) is not None)
        # Asked first: Esc keeps everything.
        await burst(pilot, "ctrl+d", "escape")
        assert app.screen is form and form.dirty and kept(store, admin, case.form) is not None
        # One burst: the key, the answer typed before the question shows, then new typing.
        await burst(pilot, "ctrl+d", "enter", "王")
        app.write_behind.wait()
        assert app.screen is form and type(form.focused) is first
        if isinstance(form.focused, Input):  # the new typing went into the emptied form's first field
            assert form.focused.value.endswith("王")
            form.focused.value = form.focused.value.removesuffix("王")
            await settle(pilot)
        assert form.form_data() == blank and not form.dirty
        assert kept(store, admin, case.form) is None
        assert app.told[-1] == t("tui.draft.discarded")
    finally:
        await context.__aexit__(None, None, None)
    assert kept(store, admin, case.form) is None


@pytest.mark.parametrize("case", SHARED, ids=SHARED_IDS)
async def test_a_crash_keeps_the_draft(store, admin, clock, case, monkeypatch, tmp_path):
    crash_log = tmp_path / "data" / "crash.log"
    monkeypatch.setenv("FRONTDESK_CRASH_LOG", str(crash_log))
    monkeypatch.setattr(RecordForm, "keep_draft", lambda self: None)  # only the crash keeps it

    def failing(self, *args):
        raise RuntimeError("boom")

    monkeypatch.setattr(case.screen, "action_save", failing)
    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, case)
        typed = await type_case(pilot, case)
        assert kept(store, admin, case.form) is None
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.write_behind.wait()
        assert app.is_running and app.unexpected_errors == 1
        assert kept(store, admin, case.form) == typed
        assert "went on" in crash_log.read_text(encoding="utf-8")
    finally:
        await context.__aexit__(None, None, None)


@pytest.mark.parametrize("case", SHARED, ids=SHARED_IDS)
async def test_a_draft_of_an_older_layout_is_refused_cleanly(store, admin, clock, case):
    store.drafts.keep(admin, case.form, {"a_field_no_longer_there": "x", "subject": ["not", "text"]})
    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, case)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, case.screen) and app.is_running
        assert not form.dirty
        assert app.told == [t("tui.draft.unfit")]
        assert kept(store, admin, case.form) is None
    finally:
        await context.__aexit__(None, None, None)


@pytest.mark.parametrize("case", SHARED, ids=SHARED_IDS)
async def test_no_is_an_answer_to_the_draft_question(store, admin, clock, case):
    store.drafts.keep(admin, case.form, {})
    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, case)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, case.screen)
        assert kept(store, admin, case.form) is None
    finally:
        await context.__aexit__(None, None, None)


async def test_quitting_a_clean_form_does_not_ask(store, admin, clock):
    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, CASES[0])
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running
    finally:
        await context.__aexit__(None, None, None)
    assert kept(store, admin, "visit") is None


async def test_escape_on_a_dialog_with_typing_keeps_the_draft_and_says_so(store, admin, clock):
    case = CASES[2]
    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, case)
        typed = await type_case(pilot, case)
        await pilot.press("escape")
        await settle(pilot)
        app.write_behind.wait()
        assert isinstance(app.screen, DutyLogScreen)
        assert app.told[-1] == t("tui.draft.kept", form=t("tui.duty.form.title"))
        assert kept(store, admin, "duty") == typed
    finally:
        await context.__aexit__(None, None, None)


async def test_escape_on_a_follow_up_with_typing_asks_first(store, admin, clock):
    entry = store.duty.add(admin, {"summary": "小区停电", "at": "2026-03-02 09:00"})
    app, pilot, context = await start(store, clock)
    try:
        app.open_desk(admin, "duty")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FollowUpDialog)
        await burst(pilot, "已恢复供电", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await burst(pilot, "escape")  # no: back to the typing
        assert app.screen is form and form.query_one("#d-summary", Input).value.endswith("已恢复供电")
        await burst(pilot, "escape", "enter")  # yes: close without it
        assert isinstance(app.screen, DutyLogScreen)
        assert [e.number for e in store.duty.chain(admin, entry.number)] == [entry.number]
    finally:
        await context.__aexit__(None, None, None)
    assert kept(store, admin, "duty") is None


@pytest.mark.parametrize("case", SHARED, ids=SHARED_IDS)
async def test_the_terminal_going_away_keeps_the_draft_without_asking(store, admin, clock, case, monkeypatch):
    monkeypatch.setattr(RecordForm, "keep_draft", lambda self: None)  # only the hang-up keeps it
    app, pilot, context = await start(store, clock)
    try:
        await open_form(app, pilot, admin, case)
        typed = await type_case(pilot, case)
        assert kept(store, admin, case.form) is None
        app.hang_up()  # what SIGHUP or the terminal device hanging up calls (tui/hangup.py)
        await settle(pilot)
        assert not app.is_running
    finally:
        await context.__aexit__(None, None, None)
    app.write_behind.wait()
    assert kept(store, admin, case.form) == typed
