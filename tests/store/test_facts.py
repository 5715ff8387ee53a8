"""Records hold facts: a not-accepted notice and a handover's open notices are
kept as codes and names, and read in the reader's language; the step that
turns the old translated text of existing records back into them."""

from __future__ import annotations

import json

from frontdesk.i18n import set_language, t
from frontdesk.output.audit_text import problem_message
from frontdesk.output.duty_text import open_item_text
from frontdesk.output.slips import notice_text, visit_json, visit_lines, visit_slip
from frontdesk.store import Store
from frontdesk.store.core.schema.facts import WRITTEN_NOTICES
from frontdesk.store.shared import audit

from visit_data import individual

LITIGATION_ZH, LITIGATION_EN = WRITTEN_NOTICES["litigation"]


def test_the_written_notices_are_the_catalogs_words():
    # The step's copy recognises what the program wrote: the catalog as it stands.
    for reason, (zh, en) in WRITTEN_NOTICES.items():
        set_language("zh")
        assert t(f"notice.{reason}") == zh
        set_language("en")
        assert t(f"notice.{reason}") == en


def test_a_visit_registered_in_english_reads_in_chinese(store, clerk):
    set_language("en")
    visit = store.visits.register(clerk, individual(disposition="not_accepted", not_accepted_reason="litigation"))
    assert notice_text(visit) == LITIGATION_EN

    set_language("zh")
    again = store.visits.get(clerk, visit.number)
    assert again.notice == "" and again.not_accepted_reason == "litigation"
    assert notice_text(again) == LITIGATION_ZH
    slip = visit_slip(again, office_name="某区信访局", inquiry_phone="0755-00000000")
    assert LITIGATION_ZH in slip and LITIGATION_EN not in slip
    assert any(LITIGATION_ZH in line for line in visit_lines(again))
    assert visit_json(again)["notice"] == LITIGATION_ZH
    assert visit_json(again)["notice_key"] == "notice.litigation"


def test_a_handover_closed_in_english_reads_in_chinese(store, duty):
    set_language("en")
    store.notices.add(duty, {"title": "防汛会议", "targets": ["区水务局", "园岭街道办"]})
    handover = store.shifts.close(duty, "交班")
    assert open_item_text(handover.open_items[0]) == "防汛会议: 区水务局, 园岭街道办"

    set_language("zh")
    item = store.shifts.get(handover.id).open_items[0]
    assert (item.text, item.missing) == ("防汛会议", ("区水务局", "园岭街道办"))
    assert open_item_text(item) == "防汛会议：区水务局、园岭街道办"


# --- the step that converts old records ------------------------------------------------------


def _write_old_style(store: Store, table: str, record_id: int, column: str, value: str) -> None:
    """Put ``value`` where the program before the step wrote its text, with an
    audit entry as that program made one, so the chain holds."""
    with store.write() as db:
        db.execute(f"UPDATE [{table}] SET [{column}] = ? WHERE id = ?", [value, record_id])
        audit.append(db, at=store.now(), operator="old-program", action="create",
                     table=table, record_id=record_id)


def _reopen_before_the_step(store: Store, path) -> Store:
    """Forget that the step was applied and open the database again: it runs on
    the rows as the older program left them."""
    with store.write() as db:
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'convert_texts_to_codes'")
    store.close()
    return Store.open(path)


def test_old_records_are_converted_and_the_audit_trail_holds(store, clerk, duty, tmp_path):
    english = store.visits.register(clerk, individual(disposition="not_accepted", not_accepted_reason="litigation"))
    chinese = store.visits.register(clerk, individual(disposition="not_accepted", not_accepted_reason="accusation"))
    typed = store.visits.register(clerk, individual(disposition="not_accepted", not_accepted_reason="litigation",
                                                    notice="请到区人民法院立案庭咨询。"))
    other_reason = store.visits.register(clerk, individual(disposition="not_accepted",
                                                           not_accepted_reason="re_reviewed"))
    _write_old_style(store, "visits", english.id, "notice", LITIGATION_EN)
    _write_old_style(store, "visits", chinese.id, "notice", WRITTEN_NOTICES["accusation"][0])
    # The statutory words of another reason are not this visit's own: kept as written.
    _write_old_style(store, "visits", other_reason.id, "notice", LITIGATION_ZH)

    flood = store.notices.add(duty, {"title": "防汛会议", "targets": ["区水务局", "园岭街道办"]})
    store.notices.add(duty, {"title": "Flood meeting: prep", "targets": ["Water Bureau, east", "Street office"]})
    store.duty.add(duty, {"summary": "燃气泄漏", "importance": "urgent"})
    handover = store.shifts.close(duty, "交班")
    items = [item.as_json() for item in handover.open_items]
    assert [item["kind"] for item in items] == ["unreported_urgent", "notice", "notice"]
    for item in items:
        item.pop("missing", None)
    old_lines = {str(flood.id): "防汛会议：区水务局、园岭街道办"}
    for item in items[1:]:
        item["text"] = old_lines.get(item["ref"], "Flood meeting: prep: Water Bureau, east, Street office")
    items.sort(key=lambda item: (item["kind"] != "unreported_urgent", item["ref"] != str(flood.id)))
    old_items = [dict(items[0]), dict(items[1]), dict(items[2]),
                 {"kind": "notice", "ref": "99", "at": "2026-03-02 09:00:00", "text": "已删除的通知：某单位"}]
    _write_old_style(store, "duty_handovers", handover.id, "open_items", json.dumps(old_items, ensure_ascii=False))
    assert store.audit.verify().ok

    path = store.path
    reopened = _reopen_before_the_step(store, path)
    try:
        result = reopened.audit.verify()
        assert result.ok, problem_message(result.problem)
        visits = {v.id: v for v in (reopened.visits.get(clerk, n.number)
                                    for n in (english, chinese, typed, other_reason))}
        assert visits[english.id].notice == "" and notice_text(visits[english.id]) == LITIGATION_ZH
        assert visits[chinese.id].notice == ""
        assert visits[typed.id].notice == "请到区人民法院立案庭咨询。"
        assert visits[other_reason.id].notice == LITIGATION_ZH

        converted = reopened.shifts.get(handover.id).open_items
        assert converted[0].text == "燃气泄漏" and converted[0].missing is None
        assert (converted[1].text, converted[1].missing) == ("防汛会议", ("区水务局", "园岭街道办"))
        assert (converted[2].text, converted[2].missing) == ("Flood meeting: prep",
                                                              ("Water Bureau, east", "Street office"))
        # Unknown to the step: the line stays as it was written, and reads so.
        assert (converted[3].text, converted[3].missing) == ("已删除的通知：某单位", None)
        assert open_item_text(converted[3]) == "已删除的通知：某单位"

        summary = audit.entries(reopened.db, action="migrate", limit=10)
        assert summary[0].detail == {
            "step": "convert_texts_to_codes",
            "visits_converted": [english.number, chinese.number], "visits_kept": 2,
            "handovers_converted": [handover.id], "open_items_kept": 1,
        }
        assert {(e.record_table, e.record_id) for e in summary[1:]} == {
            ("visits", english.id), ("visits", chinese.id), ("duty_handovers", handover.id)}
    finally:
        reopened.close()


def test_a_record_changed_behind_the_programs_back_is_not_converted(store, clerk, tmp_path):
    visit = store.visits.register(clerk, individual(disposition="not_accepted", not_accepted_reason="litigation"))
    with store.write() as db:  # no audit entry: as with the sqlite3 shell
        db.execute("UPDATE visits SET notice = ? WHERE id = ?", [LITIGATION_ZH, visit.id])

    reopened = _reopen_before_the_step(store, store.path)
    try:
        assert reopened.visits.get(clerk, visit.number).notice == LITIGATION_ZH
        assert not reopened.audit.verify().ok
    finally:
        reopened.close()


def test_a_new_database_has_nothing_to_convert(store):
    assert audit.entries(store.db, action="migrate") == []
