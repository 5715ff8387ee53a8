"""Text that renders honestly: a direction control (U+202E shows "gpj.exe" as
"exe.jpg") or a zero-width character is refused in every text field of every
record, the refusal naming the field; nothing is saved.

One rule in ``validate.text`` serves every field: hypothesis tries it on any
text, and every text of a sample of each kind of record is tried in turn."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk.store import StoreError, ValidationError
from frontdesk.store.core import validate
from frontdesk.store.duty.rosters import parse_lines

import testdata

INVISIBLE = sorted("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2060\ufeff")
# What an operator may type: any character but controls, lone surrogates and the invisible ones.
TYPED = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=validate.INVISIBLE),
                max_size=80)


@settings(max_examples=300, deadline=None)
@given(TYPED, st.sampled_from(INVISIBLE), st.integers(min_value=0, max_value=80), st.booleans())
def test_any_text_with_an_invisible_character_is_refused_naming_the_field(typed, char, at, multiline):
    at = min(at, len(typed))
    with pytest.raises(ValidationError) as refused:
        validate.text("subject", typed[:at] + char + typed[at:], max_length=200, multiline=multiline)
    assert [(e.field, e.key) for e in refused.value.errors] == [("subject", "err.invisible_chars")]


@settings(max_examples=300, deadline=None)
@given(TYPED)
def test_text_without_them_is_kept_as_typed(typed):
    assert validate.text("subject", typed, max_length=200) == typed.strip(" \t\r\n\u3000")


def test_the_refusal_says_which_field_in_the_operators_words():
    error = ValidationError("subject", "err.invisible_chars")
    assert error.message.startswith("事由含有看不见的方向控制符或零宽字符")


# A valid sample of each kind of record (the fixed clock stands at 2026-03-02 09:15).
YESTERDAY = "2026-03-01 10:30"
SAMPLES = {
    "visit": {
        "visited_at": YESTERDAY, "headcount": 1, "subject": "拖欠工资", "content": "公司拖欠三个月工资。",
        "category": "劳动社保", "location": "福田区", "disposition": "answered",
        "visitors": [{"name": "张三", "id_number": testdata.resident_id("44030419650312101"),
                      "phone": "13800138000", "address": "深圳市福田区园岭街道", "postcode": "518000"}]},
    "letter": {
        "received_at": YESTERDAY, "channel": "registered", "kind": "signed",
        "sender": {"name": "李四", "unit": "某公司", "address": "福田区园岭街道", "phone": "13800138002"},
        "signers": 1, "subject": "反映干部作风问题", "content": "详见来信", "pages_stated": 2, "pages_received": 2,
        "enclosures": [{"item": "现金", "amount": 200, "returned": False}],
        "accused": [{"name": "王五", "unit": "某管理处", "post": "处长", "rank": "正处"}],
        "proposal": "transfer", "transfer_to": "区纪委监委"},
    "duty": {
        "at": YESTERDAY, "kind": "hotline", "source": "市民周", "phone": "13800138001", "summary": "燃气泄漏",
        "importance": "important", "action": "通知燃气公司", "assignee": "安监李"},
    "post": {"tracking_number": "XA 1234 5678 9CN", "sender": "市人社局", "addressee": "区教育局",
             "received_at": YESTERDAY, "signed_by": "赵丽"},
    "doc": {"issuer": "市政府办公厅", "doc_number": "深府办〔2026〕3号", "title": "关于春节值班的通知",
            "copies": 3, "urgency": "urgent", "secrecy": "none", "readers": ["王主任", "李副主任"]},
    "notice": {"title": "防汛会议", "content": "明日九时开会", "targets": ["区水务局", "园岭街道办"]},
}


def collector(store, admin, kind):
    return {
        "visit": store.visits.collect, "letter": store.letters.collect, "duty": store.duty.collect,
        "post": lambda data: store.post.collect(admin, data), "doc": store.documents.collect,
        "notice": store.notices.collect,
    }[kind]


def text_leaves(value, path=()) -> Iterator[tuple]:
    """The path of every text in a nested input."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_leaves(item, (*path, index))


def with_char(data, path, char):
    changed = copy.deepcopy(data)
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = holder[path[-1]][:1] + char + holder[path[-1]][1:]
    return changed


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_every_text_of_every_record_is_checked(store, admin, kind):
    collect = collector(store, admin, kind)
    assert collect(SAMPLES[kind])[1] == [], "the sample itself must be valid"
    leaves = list(text_leaves(SAMPLES[kind]))
    assert len(leaves) >= 4
    for path in leaves:
        for char in ("\u202e", "\u200b"):
            errors = collect(with_char(SAMPLES[kind], path, char))[1]
            assert errors, (kind, path, char)
            # The refusal names the field that holds the character.
            named = str(path[-1]) if not isinstance(path[-1], int) else str(path[-2])
            assert any(named in error.field or error.field.split(".")[0] in map(str, path) for error in errors), (
                kind, path, [(e.field, e.key) for e in errors])


def test_nothing_is_saved_and_the_refusal_names_the_visitors_field(store, admin):
    data = with_char(SAMPLES["visit"], ("visitors", 0, "address"), "\u2067")
    with pytest.raises(StoreError) as refused:
        store.visits.register(admin, data)
    assert [e.key for e in refused.value.errors] == ["err.invisible_chars"]
    assert "address" in refused.value.errors[0].field
    assert store.db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0


def test_a_display_name_and_a_roster_row_are_refused_too(store, admin):
    with pytest.raises(StoreError) as refused:
        store.operators.add(admin, "lihua", "reception", "reception-pass-1", "李\u200b华")
    assert [(e.field, e.key) for e in refused.value.errors] == [("display_name", "err.invisible_chars")]
    rows = [["日期", "姓名", "职务"], ["2026-05-01", "刘\u202e一", "带班领导"]]
    with pytest.raises(ValidationError) as refused_row:
        parse_lines(rows, start=date(2026, 5, 1), end=date(2026, 5, 5), unit="区教育局")
    assert refused_row.value.errors[0].params["rows"][0].key == "err.roster_row_text"
