"""The duty log driven by keys as a duty officer would, checked in the store."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, DataTable, Input, Static, TextArea

from frontdesk.config import Settings
from frontdesk.screens.duty.correction import CorrectionDialog
from frontdesk.screens.duty.done_note import DoneDialog
from frontdesk.screens.duty.entry_detail import DutyDetailDialog
from frontdesk.screens.duty.entry_form import DutyEntryDialog
from frontdesk.screens.duty.follow_up import FollowUpDialog
from frontdesk.screens.duty.handover import HandoverDialog
from frontdesk.screens.duty.log import DutyLogScreen
from frontdesk.screens.duty.report_preview import ReportPreviewDialog
from frontdesk.screens.duty.report_sent import ReportSentDialog
from frontdesk.screens.duty.report_to import ReportToDialog
from frontdesk.screens.visits.visitor_card import FieldRow
from frontdesk.tui.app import make_app
from frontdesk.tui.widgets.urgent_bar import UrgentBar

from .helpers import SIZE, fill, settle, text_of, until


@pytest.fixture
def officer(add_operator):
    return add_operator("zhiban", "duty", "duty-pass-1", "王立新")


@pytest.fixture
def duty_app(store, clock, tmp_path):
    return make_app(store, Settings(exports_dir=str(tmp_path / "exports")), clock)


async def open_log(app, pilot, officer):
    app.open_desk(officer, "duty")
    await settle(pilot)
    assert isinstance(app.screen, DutyLogScreen)


def row_error(screen, name: str) -> str:
    row = next(r for r in screen.query(FieldRow) if r.name == name)
    return str(row.query_one(".row-error", Static).content) if row.has_class("-invalid") else ""


async def test_quick_entry_by_keys(duty_app, store, officer):
    async with duty_app.run_test(size=SIZE) as pilot:
        await open_log(duty_app, pilot, officer)
        await pilot.press("ctrl+n")
        await pilot.pause()
        form = duty_app.screen
        assert isinstance(form, DutyEntryDialog) and form.focused.id == "d-at"
        await pilot.press("tab", "tab", *"Zhang", "enter", *"13800138000", "enter")
        await pilot.press("ctrl+s")  # no summary yet: refused, nothing saved
        await settle(pilot)
        assert row_error(form, "summary") == "摘要不能为空"
        assert store.db.execute("SELECT count(*) FROM duty_entries").fetchone()[0] == 0
        form.query_one("#d-summary", Input).value = "小区停电"
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(duty_app.screen, DutyLogScreen)
        entry = store.duty.get(officer, "D2026-000001")
        assert (entry.source, entry.phone, entry.summary, entry.kind, entry.at) == (
            "Zhang", "13800138000", "小区停电", "call", "2026-03-02 09:15:00")
        assert duty_app.screen.query_one(DataTable).row_count == 1


async def test_urgent_entry_stands_out_reminds_and_is_reported_with_one_key(duty_app, store, officer, clock):
    entry = store.duty.add(officer, {"summary": "燃气泄漏", "importance": "urgent"})
    async with duty_app.run_test(size=SIZE) as pilot:
        await open_log(duty_app, pilot, officer)
        log = duty_app.screen
        bar = log.query_one(UrgentBar)
        assert bar.display and entry.number in str(bar.content)

        log.check_reminders()
        await settle(pilot)
        assert not duty_app._notifications  # the clock has not run out yet
        clock.advance(minutes=10)
        log.check_reminders()
        await settle(pilot)
        assert any(entry.number in n.message for n in duty_app._notifications)

        await pilot.press("r")
        await pilot.pause()
        assert isinstance(duty_app.screen, ReportToDialog)
        await pilot.press(*"主任", "enter", "enter")
        await settle(pilot)

        assert [r.to for r in store.duty.get(officer, entry.number).reports] == ["主任"]
        assert isinstance(duty_app.screen, DutyLogScreen)
        assert not log.query_one(UrgentBar).display
        assert store.duty.overdue(officer, 10) == []


async def test_follow_up_and_final_report(duty_app, store, officer):
    first = store.duty.add(officer, {"summary": "路面塌陷", "kind": "event", "importance": "important"})
    async with duty_app.run_test(size=SIZE) as pilot:
        await open_log(duty_app, pilot, officer)
        await pilot.press("g")
        await settle(pilot)
        form = duty_app.screen
        assert isinstance(form, FollowUpDialog) and form.focused.id == "d-summary"
        await pilot.press(*"已修复")
        form.query_one("#duty-form-final", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)

        chain = store.duty.chain(officer, first.number)
        assert [(e.summary, e.stage) for e in chain] == [("路面塌陷", "initial"), ("已修复", "final")]
        assert chain[1].importance == "important"


async def test_done_asks_what_was_done_in_one_line(duty_app, store, officer):
    plain = store.duty.add(officer, {"summary": "咨询", "at": "2026-03-02 08:00"})
    assigned = store.duty.add(officer, {"summary": "路灯不亮", "assignee": "城管李"})
    async with duty_app.run_test(size=SIZE) as pilot:
        await open_log(duty_app, pilot, officer)
        log = duty_app.screen
        # The oldest first: one with nobody assigned says so and asks nothing.
        await pilot.press("d")
        await settle(pilot)
        assert duty_app.screen is log
        assert any(plain.number in n.message and "落实人" in n.message for n in duty_app._notifications)
        # Nothing typed: Enter is refused in the dialog, nothing recorded; then one line.
        await pilot.press("down", "d", "enter")
        await settle(pilot)
        dialog = duty_app.screen
        assert isinstance(dialog, DoneDialog)
        assert row_error(dialog, "done_note") == "落实情况不能为空"
        assert store.duty.get(officer, assigned.number).done_at is None
        await pilot.press(*"已报修", "enter")
        await settle(pilot)
        assert duty_app.screen is log
        assert store.duty.get(officer, assigned.number).done_note == "已报修"


async def test_correction_keeps_the_old_version(duty_app, store, officer):
    entry = store.duty.add(officer, {"summary": "停电"})
    async with duty_app.run_test(size=SIZE) as pilot:
        await open_log(duty_app, pilot, officer)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(duty_app.screen, DutyDetailDialog)
        await pilot.press("e")
        await pilot.pause()
        form = duty_app.screen
        assert isinstance(form, CorrectionDialog)
        form.query_one("#d-summary", Input).value = "三栋停电"
        await pilot.press("ctrl+s")  # no reason: refused under the reason
        await settle(pilot)
        assert row_error(form, "correction_reason") == "更正理由不能为空"
        form.query_one("#d-reason", Input).value = "来电人补充"
        await pilot.press("ctrl+s")
        await settle(pilot)

        detail = duty_app.screen
        assert isinstance(detail, DutyDetailDialog)
        history = text_of(detail, "#duty-detail-versions")
        assert "停电" in history and "三栋停电" in history and "来电人补充" in history
        assert store.duty.get(officer, entry.number).version == 2
        # Who wrote and corrected it, by full name.
        shown = text_of(detail, "#duty-detail-entry") + history
        assert "王立新" in shown and "zhiban" not in shown


async def test_handover_then_the_next_officer_signs_to_take_over(duty_app, store, officer, add_operator):
    add_operator("yeban", "duty", "night-pass-1", "陈夜")
    store.duty.add(officer, {"summary": "燃气泄漏", "importance": "urgent"})
    async with duty_app.run_test(size=SIZE) as pilot:
        await open_log(duty_app, pilot, officer)
        await pilot.press("h")
        await settle(pilot)
        handover = duty_app.screen
        assert isinstance(handover, HandoverDialog)
        assert "紧急未报告" in text_of(handover, "#handover-open")
        await pilot.press("ctrl+s")  # no note: refused, nothing handed over
        await settle(pilot)
        assert "交班说明不能为空" in text_of(handover, "#handover-message")
        assert store.shifts.pending() is None
        note = "燃气泄漏待报主任；莲花路口会议通知电话未打通，请早上8点前再通知。"
        handover.query_one("#handover-note", TextArea).text = note
        await pilot.press("ctrl+s")
        await settle(pilot)
        pending = store.shifts.pending()
        assert (pending.from_officer, pending.note) == ("zhiban", note)
        # Officers by their full names, never by their login names.
        shown = text_of(handover, "#handover-open") + text_of(handover, "#handover-history")
        assert "王立新" in shown and "zhiban" not in shown

        await pilot.press(*"yeban", "enter", *"wrong-pass", "enter")
        await settle(pilot)
        assert "不正确" in text_of(handover, "#handover-message")
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k", *"yeban", "enter", *"night-pass-1", "enter")
        await settle(pilot)

        assert store.shifts.history(officer)[0].to_officer == "yeban"
        assert store.shifts.pending() is None
        # The terminal is the incoming officer's now, on the new shift's log, which
        # opens with what was taken over and the whole note.
        await settle(pilot)
        log = duty_app.screen
        assert isinstance(log, DutyLogScreen) and duty_app.operator.name == "yeban"
        assert "陈夜" in text_of(log, "#bar-operator")
        carried = text_of(log, "#duty-carried")
        assert log.query_one("#duty-carried").display
        assert note in carried.replace("\n", "") and "燃气泄漏" in carried
        assert "王立新" in carried and "zhiban" not in carried
        assert log._operator.name == "yeban"


async def test_report_preview_and_export(duty_app, store, officer, clock, tmp_path):
    store.duty.add(officer, {"at": "2026-03-02 07:30", "summary": "重要来电", "importance": "important"})
    async with duty_app.run_test(size=SIZE) as pilot:
        await open_log(duty_app, pilot, officer)
        await pilot.press("p")
        await settle(pilot)
        preview = duty_app.screen
        assert isinstance(preview, ReportPreviewDialog)
        text = text_of(preview, "#preview-text")
        assert "每日值班信息报告" in text and "重要来电" in text
        await pilot.press("t")
        await pilot.press("w")
        await settle(pilot)

        folder = tmp_path / "exports" / "reports"
        assert sorted(p.name for p in folder.iterdir()) == [
            "daily-report-2026-03-02-0800-v1.docx", "daily-report-2026-03-02-0800-v1.txt"]


async def test_the_report_is_marked_sent_by_keys(duty_app, store, officer, clock, tmp_path):
    store.duty.add(officer, {"at": "2026-03-02 07:30", "summary": "重要来电", "importance": "important"})
    async with duty_app.run_test(size=SIZE) as pilot:
        await open_log(duty_app, pilot, officer)
        await pilot.press("p")
        await settle(pilot)
        preview = duty_app.screen
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(duty_app.screen, ReportSentDialog)
        await fill(pilot, {"s-to": "市委总值班室", "s-how": "传真"}, submit="s-at")
        await until(pilot, lambda: duty_app.screen is preview)

        assert "已记录报送：第1版" in text_of(preview, "#preview-status")
        # A matter logged late into the window: built again, it is version 2 and says what changed.
        store.duty.add(officer, {"at": "2026-03-02 07:40", "summary": "又一件急事", "importance": "urgent"})
        await pilot.press("e", "enter")
        await until(pilot, lambda: "又一件急事" in text_of(preview, "#preview-text"))
        await pilot.press("t")
        await until(pilot, lambda: "第2版" in text_of(preview, "#preview-status"))
        assert "-v2.txt" in text_of(preview, "#preview-status")
    sent = store.reports.versions(officer, "2026-03-02 08:00:00")
    assert [(v.version, v.sent_to, v.sent_how) for v in sent] == [(1, "市委总值班室", "传真"), (2, None, None)]


async def test_reception_has_no_duty_log_and_home_counts_urgent(app, store, officer, add_operator):
    clerk = add_operator("jiedai", "reception", "desk-pass-1")
    store.duty.add(officer, {"summary": "燃气泄漏", "importance": "urgent"})
    async with app.run_test(size=SIZE) as pilot:
        app.open_desk(clerk, "duty")
        await settle(pilot)
        assert not isinstance(app.screen, DutyLogScreen)
    assert ("count.duty_urgent_unreported", 1) in store.today_counts()


async def test_the_log_search_finds_a_caller_by_pinyin(duty_app, store, officer):
    store.duty.add(officer, {"kind": "call", "source": "赵铁柱", "summary": "燃气泄漏"})
    store.duty.add(officer, {"kind": "call", "source": "钱多多", "summary": "噪音投诉"})
    async with duty_app.run_test(size=SIZE) as pilot:
        await open_log(duty_app, pilot, officer)
        table = duty_app.screen.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press("ctrl+f", *"ztz")
        await settle(pilot)
        await until(pilot, lambda: table.row_count == 1)
        assert "燃气泄漏" in " ".join(str(c) for c in table.get_row_at(0))
