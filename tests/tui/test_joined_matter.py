"""The matter a visit or letter joins, over its form, by keys: its number, state,
unit and due date (overdue in red); a final matter proposes not accepted
(已经复核终结), and handling it after all asks for an overrule note."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Input, Select

from frontdesk.config import Settings
from frontdesk.i18n import set_language
from frontdesk.screens.mail.letter_form import LetterFormScreen
from frontdesk.screens.visits.slip import SlipDialog
from frontdesk.tui.app import make_app
from frontdesk.tui.joining import JoinedMatterLine
from frontdesk.tui.widgets.history_panel import HistoryPanel

from .helpers import burst, field_error
from .test_visit_form import desk, open_form, rid  # noqa: F401  (the fixture)

ID = rid("44030419660606123")
TO_FINAL = ({"step": "accept"}, {"step": "answer", "summary": "a"}, {"step": "review_request"},
            {"step": "review_answer", "summary": "b"}, {"step": "recheck_request"},
            {"step": "recheck_answer", "summary": "c"})


def _earlier(store, reception, *, final: bool = False):
    visit = store.visits.register(reception, {
        "visited_at": "2026-02-10 10:00", "visitors": [{"name": "周杰", "id_number": ID}],
        "subject": "噪音扰民", "disposition": "transfer", "transfer_unit": "区城管局"})
    if final:
        for step in TO_FINAL:
            store.matters.step(reception, visit.number, step)
    return visit, store.matters.get(reception, visit.number)


def _line(screen) -> JoinedMatterLine:
    return screen.query_one(JoinedMatterLine)


async def test_the_matter_being_joined_shows_over_the_form(desk):  # noqa: F811
    store, reception = desk
    earlier, matter = _earlier(store, reception)
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        assert not _line(screen).display  # a new matter: nothing to say
        await burst(pilot, "周杰", "tab", "tab", ID, "ctrl+o", "space")
        line = _line(screen)
        shown = line.render()
        # Acceptance was due 15 days after the transfer (2026-02-25): today, 2026-03-02, it is late.
        assert line.display and str(shown) == f"并入 {matter.number} · 已转送 区城管局 · 2026-02-25 到期 已超期"
        late = next(span for span in shown.spans if "red" in str(span.style))
        assert str(shown)[late.start:late.end] == "2026-02-25 到期 已超期"
        # Not final: nothing proposed, no note asked for.
        assert screen.query_one("#f-disposition", Select).value is Select.NULL
        assert not next(r for r in screen.query("FieldRow") if r.name == "matter_overrule").display
        await burst(pilot, "space")  # unmarked: a new matter again
        assert not line.display
    finally:
        await context.__aexit__(None, None, None)


async def test_a_final_matter_is_proposed_as_not_accepted_and_overruled_with_a_note(desk):  # noqa: F811
    store, reception = desk
    earlier, matter = _earlier(store, reception, final=True)
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await burst(pilot, "周杰", "tab", "tab", ID, "ctrl+o", "space")
        assert str(_line(screen).render()) == f"并入 {matter.number} · 已终结 区城管局 · 建议不予受理（已经复核终结）"
        # Proposed, visibly, before the save.
        assert screen.query_one("#f-disposition", Select).value == "not_accepted"
        assert screen.query_one("#f-not_accepted_reason", Select).value == "re_reviewed"
        row = next(r for r in screen.query("FieldRow") if r.name == "matter_overrule")
        assert row.display is False and row.query_one(Input).id == "f-matter_overrule"
        # The operator handles it after all: the note is asked for, and the save refused without it.
        screen.query_one("#f-subject", Input).focus()
        await burst(pilot, "噪音扰民又起", "alt+3", "enter", "up", "up", "enter", "tab", "enter", "down", "enter")
        assert screen.query_one("#f-disposition", Select).value == "transfer"
        assert row.display
        await burst(pilot, "ctrl+s")
        assert app.screen is screen
        refusal = field_error(screen, "matter_overrule")
        assert matter.number in refusal and "已经复核终结，建议不予受理；改为受理须填写说明" in refusal
        # The live checks after it keep it in place until the note is typed.
        screen.check_form()
        assert field_error(screen, "matter_overrule") == refusal
        assert app.focused is screen.query_one("#f-matter_overrule", Input)
        await burst(pilot, "提出新的事实", "ctrl+s")
        assert isinstance(app.screen, SlipDialog)
        visit = store.visits.listing(reception)[0]
        joined = store.matters.of_contact("visit", store.db.execute(
            "SELECT id FROM visits WHERE number = ?", [visit.number]).fetchone()[0])
        assert joined is not None and joined.number != matter.number and not joined.final
        assert store.db.execute("SELECT overruled_note FROM matter_contacts ORDER BY id DESC LIMIT 1"
                                ).fetchone()[0] == "提出新的事实"
        await burst(pilot, "enter")  # the next visitor: a clean form
        assert not _line(screen).display and not row.display
        assert screen.query_one("#f-matter_overrule", Input).value == ""
    finally:
        await context.__aexit__(None, None, None)


async def test_the_letter_form_shows_the_matter_and_proposes_no_transfer(desk):  # noqa: F811
    store, reception = desk
    earlier, matter = _earlier(store, reception, final=True)
    admin = store.operators.get("admin")
    assert admin is not None
    clerk = store.operators.add(admin, "shoufa", "mail", "mail-pass-1", "赵丽")
    set_language("en")
    app = make_app(store, Settings(), lambda: datetime(2026, 3, 2, 9, 15))
    async with app.run_test(size=(110, 40)) as pilot:
        app.open_desk(clerk, "letter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LetterFormScreen)
        screen.query_one("#f-sender-id_number", Input).focus()
        await burst(pilot, ID, "ctrl+o", "space")
        assert screen.query_one(HistoryPanel).marked is not None
        assert str(_line(screen).render()) == \
            f"Joins {matter.number} · final 区城管局 · proposed as not accepted (re-reviewed, final)"
        assert screen.query_one("#f-proposal", Select).value == "no_transfer"
        assert screen.query_one("#f-no_transfer_reason", Select).value == "finally_handled"
        screen.query_one("#f-proposal", Select).value = "submit"
        await pilot.pause()
        assert next(r for r in screen.query("FieldRow") if r.name == "matter_overrule").display
        assert screen.form_data()["matter_overrule"] == ""
