"""The earlier-records panel of the visit form by keys: what came of each record
and by when, overdue ones marked; Enter opens one read only; the record marked as
the same matter shows on the form and the slip."""

from __future__ import annotations

from frontdesk.screens.visits.earlier_record import EarlierRecordDialog
from frontdesk.screens.visits.slip import SlipDialog
from frontdesk.tui.widgets.history_panel import HistoryList, HistoryPanel

from .helpers import burst
from .test_visit_form import desk, open_form, rid  # noqa: F401  (the fixture)

ID = rid("44030419660606123")


def _earlier(store, reception):
    transferred = store.visits.register(reception, {
        "visited_at": "2026-02-10 10:00", "visitors": [{"name": "周杰", "id_number": ID}],
        "subject": "噪音扰民", "disposition": "transfer", "transfer_unit": "区城管局"})
    refused = store.visits.register(reception, {
        "visited_at": "2026-02-20 10:00", "visitors": [{"name": "周杰", "id_number": ID}],
        "subject": "邻里纠纷", "disposition": "not_accepted", "not_accepted_reason": "litigation"})
    return transferred, refused


async def test_earlier_records_say_what_came_of_them_and_open_read_only(desk):  # noqa: F811
    store, reception = desk
    transferred, refused = _earlier(store, reception)
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await burst(pilot, "周杰", "tab", "tab", ID)
        panel = screen.query_one(HistoryPanel)
        assert [r.number for r in panel.history.definite] == [refused.number, transferred.number]
        shown = [str(panel.query_one(HistoryList).get_option_at_index(i).prompt) for i in range(2)]
        assert "不予受理：应通过诉讼、仲裁、行政复议解决" in shown[0] and "已逾期" not in shown[0]
        assert "转送 区城管局 期限2026-02-25 已逾期" in shown[1]
        await burst(pilot, "ctrl+o", "down", "enter")
        assert isinstance(app.screen, EarlierRecordDialog)
        text = str(app.screen.query_one("#detail-text").render())
        assert transferred.number in text and "噪音扰民" in text and "区城管局" in text
        assert not {"r", "p", "e", "h", "c"} & set(app.screen.active_bindings)  # read only
        await burst(pilot, "escape")
        assert app.screen is screen and app.focused is panel.query_one(HistoryList)
    finally:
        await context.__aexit__(None, None, None)


async def test_the_same_matter_shows_on_the_form_and_the_slip(desk):  # noqa: F811
    store, reception = desk
    transferred, _refused = _earlier(store, reception)
    app, pilot, context = await open_form(store, reception)
    try:
        screen = app.screen
        await burst(pilot, "周杰", "tab", "tab", ID, "ctrl+o", "down", "space")
        line = screen.query_one("#visit-same-matter")
        assert line.display and f"同一事项：来访 {transferred.number}（2026-02-10）" in str(line.render())
        await burst(pilot, "ctrl+o")
        screen.query_one("#f-subject").focus()
        await burst(pilot, "噪音扰民又起", "ctrl+s")
        assert isinstance(app.screen, SlipDialog)
        clerk_part = app.screen.slip_text().split("存根")[1]
        assert f"同一事项：来访 {transferred.number}" in clerk_part
        await burst(pilot, "enter")
        assert app.screen is screen and not line.display
    finally:
        await context.__aexit__(None, None, None)


def test_the_panel_says_a_matter_ended_instead_of_its_old_deadline():
    from frontdesk.store.shared.people import PriorRecord
    from frontdesk.tui.widgets.history_panel import record_text

    record = PriorRecord("visit", 1, "V2026-000001", "2026-02-10 10:00", "噪音扰民", "区城管局", "id_number",
                         outcome="transfer", matter="M2026-000001", matter_status="final")
    shown = record_text(record, possible=False, marked=False).plain
    assert "事项 M2026-000001 已终结" in shown and "期限" not in shown and "已逾期" not in shown
    running = PriorRecord("visit", 1, "V2026-000001", "2026-02-10 10:00", "噪音扰民", "区城管局", "id_number",
                          outcome="transfer", due_date="2026-02-25", overdue=True, matter="M2026-000001",
                          matter_status="transferred")
    shown = record_text(running, possible=False, marked=False).plain
    assert "期限2026-02-25" in shown.replace(" ", "") and "已逾期" in shown and "已终结" not in shown
