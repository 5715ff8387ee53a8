"""The 24-hour report: its window (both exact ends), its content, its formats."""

from __future__ import annotations

from datetime import datetime

import pytest
from docx import Document
from docx.shared import Pt

from frontdesk.i18n import set_language
from frontdesk.output.report_render import cells, render_md, render_txt, write
from frontdesk.store import PermissionDenied, ValidationError
from frontdesk.store.duty.report import window_end

from testdata import resident_id

OFFICE = "福田区委区政府办公室"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIAISON_ID = resident_id("44030419650312101")


@pytest.fixture
def officer(store, admin):
    return store.operators.add(admin, "zhiban", "duty", "duty-pass-1", "王立新")


def group_visit(store, admin, at: str, subject: str = "欠薪讨薪"):
    visitors = [{"name": "赵联络", "id_number": LIAISON_ID, "phone": "13800138000",
                 "address": "福田区园岭街道", "representative": True, "liaison": True}]
    return store.visits.register(admin, {"visited_at": at, "headcount": 12, "visitors": visitors,
                                         "signed": 11, "subject": subject, "location": "区政府东门"})


def flat(text: str) -> str:
    """The report's text with its line wrapping undone."""
    return "".join(line.strip() for line in text.splitlines())


def daily(store, who, end="2026-03-02 08:00"):
    return store.reports.daily(who, end=end, cutoff="08:00", office=OFFICE)


def test_the_window_includes_its_start_and_excludes_its_end(store, officer, clock):
    clock.set(datetime(2026, 3, 2, 9, 0))
    for at, summary in (("2026-03-01 07:59:59", "前一份"), ("2026-03-01 08:00", "起点"),
                        ("2026-03-02 07:59:59", "终点前"), ("2026-03-02 08:00", "下一份")):
        store.duty.add(officer, {"at": at, "summary": summary, "importance": "important"})

    report = daily(store, officer)

    assert (report.start, report.end) == ("2026-03-01 08:00:00", "2026-03-02 08:00:00")
    assert [e.summary for e in report.entries] == ["起点", "终点前"]
    text = render_txt(report)
    assert "起点" in text and "终点前" in text and "前一份" not in text and "下一份" not in text
    # An entry at exactly 08:00 belongs to the next report.
    assert [e.summary for e in daily(store, officer, end="2026-03-03 08:00").entries] == ["下一份"]


def test_group_visits_at_the_edges_and_the_counts(store, admin, officer, clock):
    clock.set(datetime(2026, 3, 2, 9, 0))
    group_visit(store, admin, "2026-03-01 08:00", "起点的集体访")
    group_visit(store, admin, "2026-03-02 08:00", "终点的集体访")
    store.visits.register(admin, {"visited_at": "2026-03-01 10:00", "subject": "个访",
                                  "visitors": [{"name": "钱", "id_number": resident_id("11010519491231002")}]})

    report = daily(store, officer)

    assert [g.subject for g in report.group_visits] == ["起点的集体访"]
    # The duty room reads visitors' names masked; a supervisor's report names them.
    assert (report.group_visits[0].headcount, report.group_visits[0].liaison,
            report.group_visits[0].location) == (12, "赵**", "区政府东门")
    assert daily(store, admin).group_visits[0].liaison == "赵联络"
    assert report.visit_counts == {"individual": 1, "joint": 0, "group": 1, "people": 13}


def test_no_id_number_in_any_format(store, admin, officer, clock, tmp_path):
    clock.set(datetime(2026, 3, 2, 9, 0))
    group_visit(store, admin, "2026-03-01 15:00")
    report = daily(store, admin)

    docx_path = write(report, "docx", tmp_path / "r.docx")
    docx_text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)

    for text in (render_txt(report), render_md(report), docx_text, repr(report)):
        assert "赵联络" in text
        assert LIAISON_ID not in text and LIAISON_ID[-6:] not in text


def test_an_empty_window_is_a_zero_report(store, officer):
    report = daily(store, officer)
    text = render_txt(report)

    for heading in ("一、值班情况", "二、情况统计", "三、重要和紧急情况", "四、上级通知传达情况", "五、尚待办理事项"):
        assert heading in text
    assert "本时段内无重要紧急情况，零报告。" in text
    assert "值班记录：无。" in text and "来访：无。" in text and "来信：无。" in text
    # Nobody signed in for a shift: who makes the report is the officer on duty.
    assert "值班员：王立新" in text and "值班人员 无" not in text
    assert "含起点" not in text and "zhiban" not in text
    assert "报告时段：3月1日8时至3月2日8时" in text and "2026-03" not in text


def test_content_of_a_busy_window(store, admin, officer, clock):
    clock.set(datetime(2026, 3, 1, 22, 0))
    urgent = store.duty.add(officer, {"at": "2026-03-01 21:50", "kind": "hotline", "source": "市民周",
                                      "summary": "[紧急] 燃气泄漏", "importance": "urgent",
                                      "action": "通知燃气公司", "assignee": "安监李"})
    store.duty.add(officer, {"at": "2026-03-01 21:55", "kind": "event", "summary": "路面塌陷",
                             "importance": "important", "reported_to": [{"to": "组长", "at": "2026-03-01 21:58"}]})
    store.duty.add(officer, {"at": "2026-03-01 21:56", "summary": "一般来电"})
    clock.set(datetime(2026, 3, 2, 8, 30))

    report = daily(store, officer)
    text = flat(render_txt(report))

    assert dict(report.entry_counts) == {"call": 0, "hotline": 1, "fax": 0, "event": 1, "notice": 0,
                                         "instruction": 0, "other": 1}
    assert [e.number for e in report.entries] == [urgent.number, "D2026-000002"]
    assert [o.label for o in report.officers] == ["王立新"]
    assert [line.number for line in report.unreported_urgent] == [urgent.number]
    assert [line.number for line in report.open_events] == ["D2026-000002"]
    assert [line.number for line in report.open_follow_ups] == [urgent.number]
    assert "值班记录共 3 条：区长专线 1 条、事件 1 条、其他 1 条。" in text
    assert "（一）区长专线" in text and "（二）事件" in text
    assert "尚未报告领导" in text and "已报组长（3月1日21时58分）" in text
    assert "[紧急] 燃气泄漏" in text  # user text printed as typed
    assert "制表：王立新　3月2日8时30分" in text and "签发：" in text
    assert f"校验：第 {report.audit_entry} 条 {report.audit_hash[:8]}…" in text
    assert report.audit_hash not in text
    assert report.audit_entry == store.audit.head()[0]


def test_an_event_is_told_once_with_its_chain(store, officer, clock):
    clock.set(datetime(2026, 3, 1, 22, 0))
    first = store.duty.add(officer, {"at": "2026-03-01 21:45", "kind": "event", "summary": "莲花路路面塌陷",
                                     "details": "塌陷约2平方米，无人员伤亡", "importance": "urgent",
                                     "action": "通知区住建局"})
    clock.set(datetime(2026, 3, 2, 1, 0))
    store.duty.add(officer, {"at": "2026-03-01 22:40", "summary": "已围挡，交警到场", "follow_up_of": first.number})
    clock.set(datetime(2026, 3, 2, 7, 0))

    report = daily(store, officer)
    text = flat(render_txt(report))

    assert len(report.events) == 1 and [link.stage for link in report.events[0].links] == ["initial", "follow_up"]
    # The matter's head, then the open events and the urgent ones not reported to a leader.
    assert text.count("莲花路路面塌陷") == 3
    assert "初报（3月1日21时45分）：塌陷约2平方米，无人员伤亡；处理：通知区住建局；尚未报告领导。" in text
    assert "续报一（3月1日22时40分）：已围挡，交警到场。" in text
    assert "尚未终报。" in text and "处理：无" not in text

    store.duty.add(officer, {"at": "2026-03-02 06:30", "summary": "道路恢复通行", "follow_up_of": first.number,
                             "final": True})
    text = flat(render_txt(daily(store, officer)))
    assert "终报（3月2日6时30分）：道路恢复通行。" in text and "尚未终报" not in text


def test_notices_say_who_was_reached_and_who_not(store, officer, clock):
    clock.set(datetime(2026, 3, 1, 10, 0))
    notice = store.notices.add(officer, {"title": "防汛会议通知", "content": "明早9时开会",
                                         "targets": ["区住建局", "莲花街道"]})
    clock.set(datetime(2026, 3, 1, 10, 20))
    store.notices.tick(officer, notice.id, "区住建局", person="李科长")

    report = daily(store, officer)
    text = render_txt(report)

    assert report.notices[0].missing == ("莲花街道",)
    assert "防汛会议通知（3月1日10时收到）" in text
    assert "已通知：区住建局（李科长，3月1日10时20分）" in text and "未通知到：莲花街道" in text
    assert "零报告" in text  # a notice relayed is not an important matter


def test_the_leader_on_duty_and_the_duty_phone(store, officer, clock):
    clock.set(datetime(2026, 3, 1, 9, 0))
    store.rosters.set_leader(officer, "2026-03-01", "陈主任")
    store.rosters.set_leader(officer, "2026-03-01", "刘副主任")
    store.rosters.set_leader(officer, "2026-03-02", "别的日子")

    report = store.reports.daily(officer, end="2026-03-02 08:00", office=OFFICE, duty_phone="0755-82918111")
    text = render_txt(report)

    assert report.leader == "刘副主任"
    assert "带班领导：刘副主任" in text and "值班电话：0755-82918111" in text
    assert "带班领导：未登记" in render_txt(daily(store, officer, end="2026-03-04 08:00"))
    with pytest.raises(ValidationError):
        store.rosters.set_leader(officer, "2026-03-01", "  ")


def test_the_roster_names_the_officers_and_leaders_of_the_windows_shifts(store, admin, officer, clock):
    store.operators.add(admin, "yeban", "duty", "night-pass-1", "陈夜")
    store.duty_roster.set(officer, "2026-03-01", "day", officer="zhiban", leader="李主任")
    store.duty_roster.set(officer, "2026-03-01", "night", officer="陈夜", leader="张副主任")
    store.duty_roster.set(officer, "2026-03-02", "day", officer="yeban", leader="别的班")

    report = daily(store, admin)
    text = flat(render_txt(report))

    assert [o.label for o in report.officers] == ["王立新", "陈夜"] and report.leader == "李主任、张副主任"
    assert "带班领导：李主任、张副主任" in text and "值班员：王立新、陈夜" in text
    assert "zhiban" not in text and "yeban" not in text and "管理员" not in text.split("制表")[0]


def test_letters_are_counted_when_the_mail_room_counts_them(store, officer, monkeypatch):
    class Letters:
        def count_between(self, start, end):
            assert (start, end) == ("2026-03-01 08:00:00", "2026-03-02 08:00:00")
            return 4

    monkeypatch.setattr(store, "letters", Letters(), raising=False)

    assert "来信 4 件。" in render_txt(daily(store, officer))


def test_the_text_fits_80_columns(store, officer, clock):
    clock.set(datetime(2026, 3, 2, 7, 0))
    store.duty.add(officer, {"summary": "长" * 150 + "long words " * 4, "importance": "urgent",
                             "source": "市委总值班室" * 5, "action": "x" * 300 + "\n第二行"})

    lines = render_txt(daily(store, officer)).splitlines()

    assert max(cells(line) for line in lines) <= 80
    # Nothing lost in the wrapping: listed once as a matter and once as not reported.
    assert "".join(lines).count("长") == 300
    assert any(line.startswith("       第二行") for line in lines)


def test_the_default_end_is_today_at_the_cut_off():
    now = datetime(2026, 3, 2, 9, 15)

    assert window_end(None, now=now, cutoff="08:00") == datetime(2026, 3, 2, 8, 0)
    assert window_end("2026-03-01", now=now, cutoff="07:30") == datetime(2026, 3, 1, 7, 30)
    assert window_end("2026-03-01 20:15", now=now, cutoff="08:00") == datetime(2026, 3, 1, 20, 15)
    with pytest.raises(ValidationError) as error:
        window_end("yesterday", now=now, cutoff="08:00")
    assert error.value.field == "report_end"


def test_the_docx_is_an_a4_official_document(store, officer, tmp_path, clock):
    clock.set(datetime(2026, 3, 2, 7, 0))
    store.duty.add(officer, {"summary": "重要来电", "importance": "important"})

    path = write(daily(store, officer), "docx", tmp_path / "report.docx")
    document = Document(str(path))

    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    title = document.paragraphs[0]
    assert title.text == "每日值班信息报告"
    east_asian = title.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asian == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    body = next(p for p in document.paragraphs if "重要来电" in p.text)
    assert body.runs[0].font.size == Pt(16)
    assert body.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    footer_xml = section.footer._element.xml + section.even_page_footer._element.xml
    assert footer_xml.count("PAGE") == 2
    # GB/T 9704: 22 lines a page by the line grid; 28 characters a line by the
    # body's character spacing. No character grid: LibreOffice pads digits and
    # Latin letters on one out to whole cells (12月1 日8 时).
    grid = section._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "lines" and grid.get(f"{W}charSpace") is None
    type_height = (section.page_height - section.top_margin - section.bottom_margin) / 12700  # points
    assert round(type_height / (int(grid.get(f"{W}linePitch")) / 20)) == 22
    pitch = 16 + int(document.styles["Normal"].element.rPr.find(f"{W}spacing").get(f"{W}val")) / 20
    type_width = (section.page_width - section.left_margin - section.right_margin) / 12700
    assert 28 * pitch <= type_width < 29 * pitch
    # Dates and counts as one run with the Chinese around them, no space added between.
    assert document.styles["Normal"].element.pPr.find(f"{W}autoSpaceDN").get(f"{W}val") == "0"
    # The Normal style has the body font and the East Asian language is Chinese.
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(f"{W}eastAsia") == "仿宋_GB2312" and normal.font.size == Pt(16)
    assert normal.element.rPr.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    defaults = document.styles.element.find(f"{W}docDefaults").find(f"{W}rPrDefault").find(f"{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    # The properties name the office and frontdesk, and this report's time.
    core = document.core_properties
    assert core.author == OFFICE and core.created.year == 2026 and "frontdesk" in core.comments
    app = document.part.package.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties").blob.decode()
    assert "<Application>frontdesk</Application>" in app and "Microsoft" not in app and "2013" not in app
    assert "Microsoft" not in core.author + (core.last_modified_by or "")
    font_table = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable").blob.decode()
    assert "仿宋_GB2312" in font_table and 'w:val="仿宋"' in font_table


def test_the_report_in_english(store, officer):
    set_language("en")

    text = render_txt(daily(store, officer))

    assert "Daily duty report" in text and "Letters: none." in text


def test_only_the_duty_room_and_supervisors_produce_it(store, admin):
    clerk = store.operators.add(admin, "shoufa", "mail", "mail-pass-1")

    with pytest.raises(PermissionDenied):
        daily(store, clerk)


def test_sending_freezes_a_version_and_a_change_makes_the_next(store, officer, clock):
    clock.set(datetime(2026, 3, 1, 22, 0))
    store.duty.add(officer, {"at": "2026-03-01 21:00", "summary": "重要来电", "importance": "important"})
    clock.set(datetime(2026, 3, 2, 8, 20))

    first = daily(store, officer)
    sent = store.reports.mark_sent(officer, first, to="市委总值班室", how="传真", at="2026-03-02 08:15")
    row = store.db.execute('SELECT content, hash FROM duty_report_versions WHERE "end" = ?', [first.end]).fetchone()

    assert (sent.version, sent.sent_to, sent.sent_how) == (1, "市委总值班室", "传真")
    assert sent.sent_at == "2026-03-02 08:15:00"
    assert row[1] == first.content_hash() and "重要来电" in row[0]
    assert daily(store, officer).version == 1 and daily(store, officer).previous is None
    with pytest.raises(ValidationError) as error:
        store.reports.mark_sent(officer, daily(store, officer), to="市委总值班室", how="传真")
    assert error.value.field == "report_sent_to"
    with pytest.raises(ValidationError):  # a sending time ahead of now
        store.reports.mark_sent(officer, first, to="市委", how="传真", at="2026-03-02 09:30")

    number = store.duty.add(officer, {"at": "2026-03-01 23:00", "summary": "迟到的急事", "importance": "urgent"}).number
    changed = daily(store, officer)
    store.reports.record_export(officer, changed, "txt", "report-v2.txt")

    assert (changed.version, changed.previous.version) == (2, 1)
    # Only what changed: the earlier entry, the same as frozen, is not "corrected".
    assert changed.changes == (("added", number), ("entry_counts", ""), ("unreported_urgent", ""))
    assert "（第2版，较第1版：新增" in flat(render_txt(changed))
    assert [v.version for v in store.reports.versions(officer, first.end)] == [1, 2]
    assert store.audit.verify().problem is None


def test_an_entry_logged_into_a_sent_window_is_late_in_the_next(store, officer, clock):
    clock.set(datetime(2026, 3, 2, 8, 20))
    store.reports.mark_sent(officer, daily(store, officer), to="市委总值班室", how="传真")
    clock.set(datetime(2026, 3, 2, 10, 0))
    late = store.duty.add(officer, {"at": "2026-03-01 23:00", "summary": "夜里漏记的来电"})
    store.duty.add(officer, {"at": "2026-03-02 09:00", "summary": "今天的来电"})

    following = daily(store, officer, end="2026-03-03 08:00")
    text = flat(render_txt(following))

    assert [e.number for e in following.late] == [late.number]
    assert "补报" in text and "夜里漏记的来电" in text and "零报告" not in text
    # The window it belongs to says it too, as a new version.
    assert daily(store, officer).version == 2
