"""The reception desk's form, driven by keys as an operator would, checked in the store."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Checkbox, Input, Select

from frontdesk.config import Settings
from frontdesk.i18n import set_language
from frontdesk.screens.confirm import ConfirmDialog
from frontdesk.screens.visits.remaining import RemainingHeadsDialog
from frontdesk.screens.visits.slip import SlipDialog
from frontdesk.screens.visits.visit_form import VisitFormScreen
from frontdesk.screens.visits.visitor_card import VisitorCard
from frontdesk.store import Store
from frontdesk.tui.app import make_app
from frontdesk.tui.widgets.history_panel import HistoryPanel

import testdata

NOW = datetime(2026, 3, 2, 9, 15)
SIZE = (110, 40)


def rid(first17: str) -> str:
    return testdata.resident_id(first17)


@pytest.fixture
def desk(tmp_path):
    set_language("zh")
    store = Store.open(tmp_path / "fd.db", create=True, clock=lambda: NOW)
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    reception = store.operators.add(admin, "jiedai", "reception", "desk-pass-1", "陈晓东")
    yield store, reception
    store.close()
    set_language("zh")


async def open_form(store, operator, expect=VisitFormScreen, settings: Settings | None = None):
    app = make_app(store, settings or Settings(), lambda: NOW)
    context = app.run_test(size=SIZE)
    pilot = await context.__aenter__()
    app.open_desk(operator, "visit")
    await pilot.pause()
    assert isinstance(app.screen, expect)
    return app, pilot, context


async def type_into(pilot, widget, text: str, *, by_keys: bool = False, pause: bool = True) -> None:
    """Focus the field and fill it: key by key, or at once as an input method or
    a paste delivers text (``pause=False``: the screen catches up later)."""
    widget.focus()
    if by_keys:
        await pilot.pause()
        widget.value = ""
        await pilot.press(*text)
    else:
        widget.value = text
    if pause or by_keys:
        await pilot.pause()


async def fill_visitor(pilot, card: VisitorCard, name, id_number="", phone="", address="",
                       representative=False, liaison=False) -> None:
    """One visitor's card filled field by field; the screen catches up once at the end."""
    await type_into(pilot, card.query_one(".v-name", Input), name, pause=False)
    if id_number:
        await type_into(pilot, card.query_one(".v-id_number", Input), id_number, pause=False)
    if phone:
        await type_into(pilot, card.query_one(".v-phone", Input), phone, pause=False)
    if address:
        await type_into(pilot, card.query_one(".v-address", Input), address, pause=False)
    card.query_one(".v-representative", Checkbox).value = representative
    card.query_one(".v-liaison", Checkbox).value = liaison
    await pilot.pause()


async def settle(pilot, app) -> None:
    await pilot.pause()  # the form's delays are zero here (conftest)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()  # what the first answers started
    await pilot.pause()


async def test_individual_visit_saved_with_slip(desk):
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        card = screen.query_one(VisitorCard)
        await fill_visitor(pilot, card, "张三", rid("44030419800101123"), "138 0013 8000")
        await type_into(pilot, screen.query_one("#f-subject", Input), "[紧急] 拖欠工资")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, SlipDialog)
        visits = store.visits.on_day(reception, "2026-03-02")
        assert [v.subject for v in visits] == ["[紧急] 拖欠工资"]
        assert visits[0].visitors[0].phone == "13800138000"
        assert visits[0].kind == "individual"
        await pilot.press("enter")  # next visitor: a clean form
        await pilot.pause()
        assert isinstance(app.screen, VisitFormScreen)
        assert app.screen.query_one("#f-subject", Input).value == ""
    finally:
        await context.__aexit__(None, None, None)


async def test_group_of_twelve_with_five_representatives(desk):
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        for _ in range(4):
            await pilot.press("ctrl+n")
            await pilot.pause()
        cards = list(screen.query(VisitorCard))
        assert len(cards) == 5
        for i, card in enumerate(cards):
            await fill_visitor(pilot, card, f"王{i}", rid(f"44030419800101{i + 1:02d}1"),
                               f"1380013800{i}", "福田区园岭街道", representative=True, liaison=i == 0)
        await type_into(pilot, screen.query_one("#f-headcount", Input), "12")
        await type_into(pilot, screen.query_one("#f-subject", Input), "小区物业纠纷")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, SlipDialog)
        (visit,) = store.visits.on_day(reception, "2026-03-02")
        assert (visit.kind, visit.headcount, visit.representatives, visit.signed) == ("group", 12, 5, 7)
        assert visit.liaison.name == "王0"
    finally:
        await context.__aexit__(None, None, None)


async def test_sixth_representative_refused_and_nothing_saved(desk):
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        for _ in range(5):
            await pilot.press("ctrl+n")
            await pilot.pause()
        for i, card in enumerate(screen.query(VisitorCard)):
            await fill_visitor(pilot, card, f"李{i}", rid(f"44030419800101{i + 1:02d}1"),
                               f"1390013900{i}", "福田区南园街道", representative=True, liaison=i == 0)
        await type_into(pilot, screen.query_one("#f-headcount", Input), "12")
        await type_into(pilot, screen.query_one("#f-subject", Input), "征地补偿")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, VisitFormScreen)
        shown = str(screen.query_one("#visitors-error").render())
        assert "五名代表规则" in shown
        assert store.visits.on_day(reception, "2026-03-02") == []
        # What was typed is still on screen.
        assert screen.query_one("#f-subject", Input).value == "征地补偿"
    finally:
        await context.__aexit__(None, None, None)


async def test_conversion_to_individual_visits(desk):
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+n")
        await pilot.pause()
        for i, card in enumerate(screen.query(VisitorCard)):
            await fill_visitor(pilot, card, f"赵{i}", rid(f"44030419900201{i + 1:02d}3"))
        await type_into(pilot, screen.query_one("#f-subject", Input), "拆迁安置")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("enter")  # confirm
        await settle(pilot, app)
        assert isinstance(app.screen, SlipDialog)
        visits = store.visits.on_day(reception, "2026-03-02")
        assert sorted(v.first_name for v in visits) == ["赵0", "赵1", "赵2"]
        assert {(v.kind, v.headcount, v.subject) for v in visits} == {("individual", 1, "拆迁安置")}
    finally:
        await context.__aexit__(None, None, None)


async def test_repeat_visit_found_by_phone_and_name(desk):
    store, reception = desk
    earlier = store.visits.register(reception, {
        "visited_at": "2026-02-10 10:00",
        "visitors": [{"name": "孙丽", "id_number": rid("44030419750505123"), "phone": "13600136000"}],
        "subject": "学位申请",
    })
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        card = screen.query_one(VisitorCard)
        # Same person, another document this time: found by phone and name.
        card.query_one(".v-id_type").value = "passport"
        card.query_one(".v-nationality").value = "CHN"
        await fill_visitor(pilot, card, "孙丽", "E12345678", "136-0013-6000")
        await settle(pilot, app)
        panel = screen.query_one(HistoryPanel)
        assert [r.number for r in panel.history.definite] == [earlier.number]
        assert earlier.number in str(panel.query_one("#history-summary").render())
        await type_into(pilot, screen.query_one("#f-subject", Input), "学位申请进展")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        visits = store.visits.on_day(reception, "2026-03-02")
        assert visits[0].repeat and visits[0].previous_number == earlier.number
    finally:
        await context.__aexit__(None, None, None)


async def test_field_error_shown_before_saving(desk):
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        card = screen.query_one(VisitorCard)
        await type_into(pilot, card.query_one(".v-id_number", Input), "440304198001011230", by_keys=True)
        await pilot.press("tab")  # leave the field
        await settle(pilot, app)
        row = next(r for r in screen.query("FieldRow") if r.name == "visitors.0.id_number")
        assert row.has_class("-invalid")
        assert "校验位" in str(row.query_one(".row-error").render())
    finally:
        await context.__aexit__(None, None, None)


async def test_marking_an_earlier_record_as_the_same_matter(desk):
    store, reception = desk
    earlier = store.visits.register(reception, {
        "visited_at": "2026-02-10 10:00",
        "visitors": [{"name": "周杰", "id_number": rid("44030419660606123")}],
        "subject": "噪音扰民",
    })
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        card = screen.query_one(VisitorCard)
        await fill_visitor(pilot, card, "周杰", rid("44030419660606123"))
        await settle(pilot, app)
        await pilot.press("ctrl+o")  # to the earlier records
        await pilot.press("space")  # mark the highlighted one
        await pilot.pause()
        assert screen.query_one(HistoryPanel).marked.number == earlier.number
        await pilot.press("ctrl+o")  # back to the form
        await type_into(pilot, screen.query_one("#f-subject", Input), "噪音扰民又起")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        (saved,) = [v for v in store.visits.on_day(reception, "2026-03-02")]
        assert saved.same_matter == ("visit", earlier.number)
    finally:
        await context.__aexit__(None, None, None)


async def test_a_supervisor_reveals_id_numbers_on_screen_and_it_is_audited(desk):
    from frontdesk.screens.visits.visit_detail import VisitDetailDialog
    from frontdesk.screens.visits.visit_list import VisitListDialog

    store, reception = desk
    admin = store.operators.get("admin")
    boss = store.operators.add(admin, "kezhang", "supervisor", "boss-pass-1", "李科长")
    id_number = rid("44030419770707123")
    saved = store.visits.register(reception, {
        "visitors": [{"name": "吴敏", "id_number": id_number}], "subject": "社保断缴"})
    for operator, may_reveal in ((reception, False), (boss, True)):
        app, pilot, context = await open_form(store, operator)
        try:
            await pilot.press("ctrl+f")
            await settle(pilot, app)
            assert isinstance(app.screen, VisitListDialog)
            await pilot.press("down")  # from the search line to the list
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, VisitDetailDialog)
            shown = str(app.screen.query_one("#detail-text").render())
            assert id_number not in shown and id_number[:6] in shown
            await pilot.press("r")
            await settle(pilot, app)
            shown = str(app.screen.query_one("#detail-text").render())
            assert (id_number in shown) is may_reveal
        finally:
            await context.__aexit__(None, None, None)
    reveals = store.audit.log(admin, action="reveal")
    assert [(e.operator, e.record_id) for e in reveals] == [("kezhang", saved.id)]


async def test_a_half_filled_form_survives_closing_and_is_offered_back(desk):
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        card = screen.query_one(VisitorCard)
        await fill_visitor(pilot, card, "钱七", rid("44030419880808123"), "13700137000")
        await type_into(pilot, screen.query_one("#f-subject", Input), "噪音扰民")
    finally:
        await context.__aexit__(None, None, None)  # closed without saving
    assert store.drafts.get(reception, "visit").data["subject"] == "噪音扰民"
    from frontdesk.screens.confirm import ConfirmDialog

    app, pilot, context = await open_form(store, reception, expect=ConfirmDialog)
    try:
        await pilot.press("enter")  # yes, continue with it
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#f-subject", Input).value == "噪音扰民"
        assert screen.query_one(VisitorCard).values()["name"] == "钱七"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert store.drafts.get(reception, "visit") is None  # saved: the draft is gone
    finally:
        await context.__aexit__(None, None, None)


async def test_another_operator_is_not_offered_someone_elses_draft(desk):
    store, reception = desk
    store.drafts.keep(reception, "visit", {"subject": "别人的草稿"})
    admin = store.operators.get("admin")
    app, pilot, context = await open_form(store, admin)
    try:
        await pilot.pause()
        assert isinstance(app.screen, VisitFormScreen)
        assert app.screen.query_one("#f-subject", Input).value == ""
    finally:
        await context.__aexit__(None, None, None)


async def test_a_full_disk_keeps_what_was_typed_and_says_why(desk, monkeypatch):
    from frontdesk.store import StorageError

    store, reception = desk

    def disk_full(*args, **kwargs):
        raise StorageError("err.disk_full")

    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        card = screen.query_one(VisitorCard)
        await fill_visitor(pilot, card, "周五", rid("44030419700101123"))
        await type_into(pilot, screen.query_one("#f-subject", Input), "停水三天")
        monkeypatch.setattr(store.visits, "register", disk_full)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, VisitFormScreen)
        assert "磁盘已满" in str(screen.query_one("#visit-message").render())
        assert screen.query_one("#f-subject", Input).value == "停水三天"
        assert card.values()["name"] == "周五"
        monkeypatch.undo()  # space is back: the same form saves
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert [v.subject for v in store.visits.on_day(reception, "2026-03-02")] == ["停水三天"]
    finally:
        await context.__aexit__(None, None, None)


async def test_an_accusation_is_refused_for_another_unit_than_the_discipline_organs(desk):
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await fill_visitor(pilot, screen.query_one(VisitorCard), "张三", rid("44030419800101123"))
        await type_into(pilot, screen.query_one("#f-subject", Input), "检举某局副局长")
        screen.query_one("#f-category", Select).value = "纪检监察"
        screen.query_one("#f-disposition", Select).value = "transfer"
        await pilot.pause()
        screen.query_one("#f-transfer_unit", Select).value = "区教育局"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, VisitFormScreen)
        row = next(r for r in screen.query("FieldRow") if r.name == "transfer_unit")
        assert row.has_class("-invalid") and "纪检监察机关" in str(row.query_one(".row-error").render())
        assert store.visits.on_day(reception, "2026-03-02") == []
        screen.query_one("#f-transfer_unit", Select).value = "区纪委监委"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, SlipDialog)
        # Saved, and sealed for the desk from now on.
        (visit,) = store.visits.on_day(reception, "2026-03-02")
        assert visit.sealed and visit.subject == ""
    finally:
        await context.__aexit__(None, None, None)


async def _six_representatives_of(pilot, screen, headcount: str) -> None:
    await pilot.press(*["ctrl+n"] * 5)
    await pilot.pause()
    for i, card in enumerate(screen.query(VisitorCard)):
        await fill_visitor(pilot, card, f"李{i}", rid(f"44030419800101{i + 1:02d}1"),
                           f"1390013900{i}", "福田区南园街道", representative=True, liaison=i == 0)
    await type_into(pilot, screen.query_one("#f-headcount", Input), headcount)
    await type_into(pilot, screen.query_one("#f-subject", Input), "征地补偿")


async def test_one_by_one_records_the_heads_that_left_and_links_the_visits(desk, tmp_path):
    store, reception = desk
    app, pilot, context = await open_form(store, reception, settings=Settings(exports_dir=str(tmp_path / "out")))
    try:
        screen = app.screen
        await _six_representatives_of(pilot, screen, "8")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        shown = str(screen.query_one("#visitors-error").render())
        assert "五名代表规则：代表最多5名，现有6名，可按 Ctrl+G 按个访登记" in shown
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, RemainingHeadsDialog)
        assert "来访 8 人，表上只有 6 人" in str(app.screen.query_one("#remaining-question").render())
        await pilot.press("l", "enter")  # they left; confirmed
        await settle(pilot, app)
        assert isinstance(app.screen, SlipDialog)
        visits = sorted(store.visits.on_day(reception, "2026-03-02"), key=lambda v: v.number)
        assert len(visits) == 6 and {v.batch for v in visits} == {"V2026-000001"}
        assert [v.batch_left for v in visits] == [2, 0, 0, 0, 0, 0]
        assert "批次：V2026-000001" in app.screen.slip_text()
        await pilot.press("p")  # no printer set up: said so, and the slips kept as files
        await settle(pilot, app)
        status = str(app.screen.query_one("#slip-status").render())
        path = tmp_path / "out" / "slips" / f"slip-{visits[-1].number}.txt"
        assert status.startswith("没有设置打印机，回执已存为文件：") and status.endswith(str(path))
        assert "批次：V2026-000001" in path.read_text(encoding="utf-8")
    finally:
        await context.__aexit__(None, None, None)


async def test_one_by_one_lists_the_remaining_heads_first(desk):
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await _six_representatives_of(pilot, screen, "7")
        await pilot.press("ctrl+g", "a")
        await settle(pilot, app)
        cards = list(screen.query(VisitorCard))
        assert len(cards) == 7 and app.screen is screen
        await pilot.press(*"周七")  # the cursor is in the new card's name
        await fill_visitor(pilot, cards[6], "周七", rid("44030419800101071"))
        await pilot.press("ctrl+g", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, SlipDialog)
        visits = store.visits.on_day(reception, "2026-03-02")
        assert len(visits) == 7 and len({v.batch for v in visits}) == 1
        assert "周七" in {v.first_name for v in visits}
    finally:
        await context.__aexit__(None, None, None)


async def test_a_case_shows_its_deadline_from_the_visit_and_needs_its_unit(desk):
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await fill_visitor(pilot, screen.query_one(VisitorCard), "张三", rid("44030419800101123"))
        await type_into(pilot, screen.query_one("#f-visited_at", Input), "2026-02-27 16:00")
        await type_into(pilot, screen.query_one("#f-subject", Input), "拖欠工资")
        due = screen.query_one("#visit-due")
        assert not due.display
        screen.query_one("#f-disposition", Select).value = "case"
        await pilot.pause()
        assert due.display and str(due.render()) == "办理期限：2026-04-28（自来访之日起 60 日）"
        row = next(r for r in screen.query("FieldRow") if r.name == "transfer_unit")
        assert row.display and str(row.query_one(".row-label").render()) == "交办单位"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, VisitFormScreen)
        assert "立案交办须写明交办单位" in str(row.query_one(".row-error").render())
        assert store.visits.on_day(reception, "2026-02-27") == []
        screen.query_one("#f-transfer_unit", Select).value = "区教育局"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, SlipDialog)
        (visit,) = store.visits.on_day(reception, "2026-02-27")
        assert (visit.transfer_unit, visit.due_date) == ("区教育局", "2026-04-28")
    finally:
        await context.__aexit__(None, None, None)


async def test_a_valid_id_number_ticks_the_id_document_and_an_untick_is_asked_about(desk):
    store, reception = desk
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        papers = screen.query_one("#f-papers")
        await fill_visitor(pilot, screen.query_one(VisitorCard), "张三", rid("44030419800101123"))
        await type_into(pilot, screen.query_one("#f-subject", Input), "拖欠工资")
        assert list(papers.selected) == ["id_document"]
        papers.focus()
        await pilot.press("space", "down", "space")  # untick the ID document, tick the letter
        await pilot.pause()
        assert list(papers.selected) == ["introduction_letter"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "未勾选“有效证件”" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.focused is papers
        assert store.visits.on_day(reception, "2026-03-02") == []
        await pilot.press("ctrl+s", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, SlipDialog)
        (visit,) = store.visits.on_day(reception, "2026-03-02")
        assert visit.papers == ("introduction_letter",)
        await pilot.press("enter")  # the next visitor starts clean, highlight included
        await settle(pilot, app)
        assert app.screen is screen
        assert list(papers.selected) == [] and papers.highlighted is None
    finally:
        await context.__aexit__(None, None, None)


async def test_an_id_number_typed_with_another_name_is_flagged_on_the_form(desk):
    store, reception = desk
    store.visits.register(reception, {"visited_at": "2026-02-01 10:00", "subject": "拖欠工资",
                                      "visitors": [{"name": "张三", "id_number": rid("44030419800101123")}]})
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        card = screen.query_one(VisitorCard)
        await fill_visitor(pilot, card, "张山", rid("44030419800101123"))
        await pilot.press("tab")  # leaving the number checks it
        await settle(pilot, app)
        row = next(r for r in screen.query("FieldRow") if r.name == "visitors.0.id_number")
        assert "可能登记错误" in str(row.query_one(".row-error").render())
        card.query_one(".v-name", Input).focus()
        await pilot.press("backspace", *"三", "tab")
        await settle(pilot, app)
        assert "可能登记错误" not in str(row.query_one(".row-error").render())
    finally:
        await context.__aexit__(None, None, None)


async def test_the_visit_detail_shows_the_query_code_and_reprints_the_slip(desk, tmp_path):
    from frontdesk.screens.visits.visit_detail import VisitDetailDialog

    store, reception = desk
    saved = store.visits.register(reception, {
        "visitors": [{"name": "吴敏", "id_number": rid("44030419770707123")}], "subject": "社保断缴"})
    app, pilot, context = await open_form(store, reception, settings=Settings(exports_dir=str(tmp_path / "out")))
    try:
        await pilot.press("ctrl+f")
        await settle(pilot, app)
        await pilot.press("down", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, VisitDetailDialog)
        assert f"查询码：{saved.query_code}" in str(app.screen.query_one("#detail-text").render())
        await pilot.press("p")  # no printer set up: said so, and the slip kept as a file
        await settle(pilot, app)
        path = tmp_path / "out" / "slips" / f"slip-{saved.number}.txt"
        status = str(app.screen.query_one("#detail-status").render())
        assert status.replace("\n", "") == f"没有设置打印机，回执已存为文件：{path}"
        assert saved.query_code in path.read_text(encoding="utf-8")
    finally:
        await context.__aexit__(None, None, None)
