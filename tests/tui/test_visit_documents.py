"""The visit form by keys: a passport's nationality and the rule for foreign
contacts; how many of a group signed, and a refusal to sign."""

from __future__ import annotations

from textual.widgets import Input

from frontdesk.screens.visits.refused import RefusedSignaturesDialog
from frontdesk.screens.visits.remaining import RemainingHeadsDialog
from frontdesk.screens.visits.slip import SlipDialog
from frontdesk.screens.visits.visit_form import VisitFormScreen
from frontdesk.screens.visits.visitor_card import VisitorCard

from .helpers import burst, field_error
from .test_visit_form import desk, open_form, rid  # noqa: F401  (the fixture)


def _row(screen, name: str):
    return next(r for r in screen.query("FieldRow") if r.name == name)


async def test_a_foreign_passport_holder_is_flagged_on_the_form_and_the_clerk_copy(desk):  # noqa: F811
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        nationality = _row(screen, "visitors.0.nationality")
        assert not nationality.display
        # Name; the document type: passport (the second); its nationality: the second, 美国.
        await burst(pilot, "John Smith", "tab", "enter", "down", "enter")
        assert nationality.display
        await burst(pilot, "tab", "enter", "down", "down", "enter", "tab", "X1234567")
        card = screen.query_one(VisitorCard)
        assert card.values()["nationality"] == "USA"
        foreign = _row(screen, "foreign_organisation")  # a warning under its row, not a refusal
        assert foreign.has_class("-warned") and field_error(screen, "foreign_organisation") == ""
        assert "及时向主管部门请示，不得擅自答复" in str(foreign.query_one(".row-error").render())
        # And at the top of the form, in sight wherever the form is scrolled.
        assert "及时向主管部门请示，不得擅自答复" in str(screen.query_one("#visit-kind").render())
        screen.query_one("#f-subject", Input).focus()
        await burst(pilot, "签证咨询", "ctrl+s")
        assert isinstance(app.screen, SlipDialog)
        (visit,) = store.visits.on_day(reception, "2026-03-02")
        assert visit.foreign_contact and visit.visitors[0].nationality == "USA"
        assert visit.visitors[0].id_type == "passport" and "id_document" in visit.papers
        slip = app.screen.slip_text()
        visitor_part, clerk_part = slip.split("存根")
        assert "不得擅自答复" in clerk_part and "不得擅自答复" not in visitor_part
    finally:
        await context.__aexit__(None, None, None)


async def test_a_chinese_passport_needs_its_own_format_and_no_flag(desk):  # noqa: F811
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await burst(pilot, "李雷", "tab", "enter", "down", "enter", "tab", "enter", "down", "enter",
                    "tab", "X1234567", "tab")
        assert "中国护照号码" in field_error(screen, "visitors.0.id_number")
        screen.query_one(".v-id_number", Input).focus()
        await burst(pilot, *["backspace"] * 8, "E12345678")
        screen.query_one("#f-subject", Input).focus()
        await burst(pilot, "出入境咨询", "ctrl+s")
        assert isinstance(app.screen, SlipDialog)
        (visit,) = store.visits.on_day(reception, "2026-03-02")
        assert visit.visitors[0].nationality == "CHN" and not visit.foreign_contact
        assert "存根" not in app.screen.slip_text()
    finally:
        await context.__aexit__(None, None, None)


async def test_a_foreign_organisation_ticked_by_keys(desk):  # noqa: F811
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        screen.query_one(".v-id_number", Input).focus()
        await burst(pilot, rid("44030419800101123"))
        screen.query_one("#f-foreign_organisation").focus()
        await burst(pilot, "space")
        assert "不得擅自答复" in str(_row(screen, "foreign_organisation").query_one(".row-error").render())
        screen.query_one(".v-name", Input).focus()
        await burst(pilot, "王五")
        screen.query_one("#f-subject", Input).focus()
        await burst(pilot, "某基金会来访", "ctrl+s")
        assert isinstance(app.screen, SlipDialog)
        (visit,) = store.visits.on_day(reception, "2026-03-02")
        assert visit.foreign_contact and visit.foreign_organisation
    finally:
        await context.__aexit__(None, None, None)


async def _group_of_eight_with_two_representatives(pilot, screen) -> None:
    """Eight came; two representatives (the first the liaison) listed."""
    screen.query_one("#f-headcount", Input).focus()
    await burst(pilot, "backspace", "8")
    for index, (name, first17) in enumerate((("赵一", "44030419700101011"), ("钱二", "44030419700101022"))):
        if index:
            await burst(pilot, "ctrl+n")
        card = list(screen.query(VisitorCard))[index]
        card.query_one(".v-name", Input).focus()
        await burst(pilot, name)
        card.query_one(".v-id_number", Input).focus()
        await burst(pilot, rid(first17), "tab", "1380013000" + str(index), "tab", "园岭街道" + name)
        card.query_one(".v-representative").focus()
        await burst(pilot, "space", *(["tab", "space"] if index == 0 else []))
    screen.query_one("#f-subject", Input).focus()
    await burst(pilot, "小区停车收费")


async def test_a_refusal_to_sign_is_recorded_after_asking(desk):  # noqa: F811
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await _group_of_eight_with_two_representatives(pilot, screen)
        signatures = _row(screen, "signatures")
        assert signatures.display
        screen.query_one("#f-signatures", Input).focus()
        await burst(pilot, "4", "ctrl+s")
        assert isinstance(app.screen, RefusedSignaturesDialog)
        question = str(app.screen.query_one("#refused-question").render())
        assert "应签名认可 6 人，4 人已签，2 人拒绝签名" in question and "Ctrl+G" in question
        await burst(pilot, "escape")
        assert app.screen is screen and store.visits.on_day(reception, "2026-03-02") == []
        await burst(pilot, "ctrl+s", "s")
        assert isinstance(app.screen, SlipDialog)
        (visit,) = store.visits.on_day(reception, "2026-03-02")
        assert (visit.signed, visit.signatures, visit.refused_to_sign) == (6, 4, 2)
        clerk_part = app.screen.slip_text().split("存根")[1]
        assert "4 人已签，2 人拒签" in clerk_part
    finally:
        await context.__aexit__(None, None, None)


async def test_a_refusal_to_sign_leads_to_one_by_one(desk):  # noqa: F811
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await _group_of_eight_with_two_representatives(pilot, screen)
        screen.query_one("#f-signatures", Input).focus()
        await burst(pilot, "0", "ctrl+s")
        assert isinstance(app.screen, RefusedSignaturesDialog)
        await burst(pilot, "g")
        assert isinstance(app.screen, RemainingHeadsDialog)
        await burst(pilot, "l", "enter")
        assert isinstance(app.screen, SlipDialog)
        visits = store.visits.on_day(reception, "2026-03-02")
        assert len(visits) == 2 and {v.kind for v in visits} == {"individual"}
        assert sorted(v.batch_left for v in visits) == [0, 6]
    finally:
        await context.__aexit__(None, None, None)


async def test_everyone_signed_saves_without_asking(desk):  # noqa: F811
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await _group_of_eight_with_two_representatives(pilot, screen)
        await burst(pilot, "ctrl+s")
        assert isinstance(app.screen, SlipDialog)
        (visit,) = store.visits.on_day(reception, "2026-03-02")
        assert (visit.signed, visit.signatures, visit.refused_to_sign) == (6, 6, 0)
        assert isinstance(screen, VisitFormScreen)
    finally:
        await context.__aexit__(None, None, None)
