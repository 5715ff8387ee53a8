"""The quick lookup: every kind of query, newest first, the role filter, catching up."""

from __future__ import annotations

import pytest

from frontdesk.store import PermissionDenied  # noqa: F401  (the store's refusals)
from frontdesk.store.identity import resident_check_digit
from frontdesk.store.lookup import parse


def rid(first17: str) -> str:
    return first17 + resident_check_digit(first17)


ZENG = rid("44030419800101123")
SHAN = rid("44030419810202234")
XIE = rid("11010519820303345")


@pytest.fixture
def clerk(store, admin):
    return store.operators.add(admin, "jiedai", "reception", "desk-pass-1")


@pytest.fixture
def visits(store, clerk, clock):
    saved = {}
    for key, name, id_number, phone, subject, when in (
        ("zeng", "曾国藩", ZENG, "13800138000", "拖欠工资三个月", "2026-02-01 09:00"),
        ("shan", "单田芳", SHAN, "0755-82918000", "小区物业服务纠纷", "2026-02-15 10:00"),
        ("xie", "解缙", XIE, "13912345678", "学位申请", "2026-03-01 11:00"),
    ):
        saved[key] = store.visits.register(clerk, {
            "visited_at": when, "subject": subject,
            "visitors": [{"name": name, "id_number": id_number, "phone": phone}],
        })
    return saved


def numbers(store, actor, query, **kwargs):
    return [hit.number for hit in store.lookup.search(actor, query, **kwargs)]


@pytest.mark.parametrize(("query", "who", "matched"), [
    ("曾国藩", "zeng", "name"),
    ("国藩", "zeng", "name"),
    ("zengguofan", "zeng", "pinyin"),
    ("zeng", "zeng", "pinyin"),
    ("zgf", "zeng", "pinyin"),
    ("shantianfang", "shan", "pinyin"),
    ("stf", "shan", "pinyin"),
    ("xiejin", "xie", "pinyin"),
    ("xj", "xie", "pinyin"),
    ("物业", "shan", "text"),
    ("物业服务", "shan", "text"),
])
def test_names_pinyin_and_words(store, clerk, visits, query, who, matched):
    hits = store.lookup.search(clerk, query)
    assert [h.number for h in hits] == [visits[who].number]
    assert hits[0].matched == matched


def test_id_numbers_whole_or_their_end(store, clerk, visits):
    assert numbers(store, clerk, ZENG) == [visits["zeng"].number]
    assert numbers(store, clerk, ZENG[-4:]) == [visits["zeng"].number]
    assert numbers(store, clerk, XIE[-6:]) == [visits["xie"].number]
    hit = store.lookup.search(clerk, ZENG[-5:])[0]
    assert hit.matched == "id_number" and hit.id_masked == ZENG[:6] + "********" + ZENG[-4:]


def test_phones_whole_or_their_end_and_full_width(store, clerk, visits):
    assert numbers(store, clerk, "13800138000") == [visits["zeng"].number]
    assert numbers(store, clerk, "8000") == [visits["shan"].number, visits["zeng"].number]
    assert numbers(store, clerk, "０７５５－８２９１８０００") == [visits["shan"].number]
    assert numbers(store, clerk, "+86 139 1234 5678") == [visits["xie"].number]
    assert store.lookup.search(clerk, "5678")[0].matched == "phone"


def test_registration_numbers(store, clerk, visits):
    number = visits["shan"].number
    assert numbers(store, clerk, number) == [number]
    assert numbers(store, clerk, number.replace("-", "").lower()) == [number]


def test_newest_first_and_channel_and_date_filters(store, clerk, visits):
    assert numbers(store, clerk, "8000") == [visits["shan"].number, visits["zeng"].number]
    assert numbers(store, clerk, "8000", start="2026-02-10 00:00:00") == [visits["shan"].number]
    assert numbers(store, clerk, "8000", end="2026-02-10 00:00:00") == [visits["zeng"].number]
    assert numbers(store, clerk, "8000", channels=["letter"]) == []


def test_a_new_record_is_found_at_once(store, clerk, visits):
    new = store.visits.register(clerk, {"visitors": [{"name": "曾小贤", "id_number": rid("44030419900101456")}],
                                        "subject": "噪音扰民"})
    assert numbers(store, clerk, "zxx") == [new.number]


def test_a_role_sees_only_channels_it_may_read(store, admin, visits):
    clerk = store.operators.add(admin, "shoufa", "mail", "mail-pass-1")
    assert store.lookup.search(clerk, "曾国藩") == []
    assert store.lookup.channels_for(clerk) == [c for c in store.lookup.channels_for(clerk) if c != "visit"]


@pytest.mark.parametrize("query", ["", " ", "曾", "z", "12", "--"])
def test_too_short_to_ask(query):
    assert parse(query) is None


def test_a_query_code_is_found_and_never_mistaken_for_pinyin(store, clerk, visits):
    code = visits["xie"].query_code
    assert numbers(store, clerk, code.lower()) == [visits["xie"].number]
    # The first letters of a code are no pinyin: nobody's name begins like that.
    prefix = next((code[:n] for n in (3, 2) if code[:n].isalpha()), None)
    if prefix is not None:
        assert visits["xie"].number not in numbers(store, clerk, prefix) or prefix in ("xj", "xie")


def test_a_corrected_duty_entry_is_found_by_its_new_words(store, admin, clock):
    entry = store.duty.add(admin, {"kind": "call", "source": "王立新", "summary": "水管爆裂"})
    assert [h.number for h in store.lookup.search(admin, "水管")] == [entry.number]
    clock.advance(minutes=5)
    store.duty.correct(admin, entry.number, {"kind": "call", "source": "王立新", "summary": "燃气泄漏", "reason": "听错了"})
    assert [h.number for h in store.lookup.search(admin, "燃气")] == [entry.number]
    assert store.lookup.search(admin, "水管") == []


def test_letters_post_and_documents_are_found_and_accused_persons_never(store, admin):
    mail = store.operators.add(admin, "shoufa", "mail", "mail-pass-1")
    letter = store.letters.register(mail, {
        "received_at": "2026-03-01 09:00", "channel": "post", "kind": "signed",
        "sender": {"name": "孙中山", "address": "福田区园岭街道", "phone": "13600136000"},
        "subject": "反映拆迁补偿问题", "accused": [{"name": "贾金贵", "unit": "某局", "post": "科长"}],
    })
    assert [h.number for h in store.lookup.search(mail, "szs")] == [letter.number]
    assert [h.number for h in store.lookup.search(mail, "拆迁补偿")] == [letter.number]
    for actor in (mail, admin):
        assert store.lookup.search(actor, "贾金贵") == []
        assert store.lookup.search(actor, "jjg") == []
    post = store.post.register(mail, {"tracking_number": "XA123456789CN", "sender": "市信访局",
                                       "addressee": "区信访办", "received_at": "2026-03-01 10:00",
                                       "signed_by": "赵丽"})
    assert [h.number for h in store.lookup.search(mail, "XA123456789CN")] == [post.number]
    clerk = store.operators.add(admin, "jiedai2", "reception", "desk-pass-2")
    assert store.lookup.search(clerk, "XA123456789CN") == []  # reception does not read the post
