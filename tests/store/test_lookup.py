"""The quick lookup: every kind of query, newest first, the role filter, catching up."""

from __future__ import annotations

import sqlite3

import pytest

from frontdesk.store import PermissionDenied  # noqa: F401  (the store's refusals)
from frontdesk.store.lookup.index import parse

import testdata


def rid(first17: str) -> str:
    return testdata.resident_id(first17)


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


@pytest.mark.parametrize("query", ["", " ", "z", "12", "--", "12x"])
def test_too_short_to_ask(query):
    assert parse(query) is None


def test_a_query_code_is_found_and_never_mistaken_for_pinyin(store, clerk, visits):
    code = visits["xie"].query_code
    matter = store.matters.of_contact("visit", visits["xie"].id)
    assert matter is not None
    # Its matter first (reception reads matters), then the visit.
    assert numbers(store, clerk, code.lower()) == [matter.number, visits["xie"].number]
    # The first letters of a code are no pinyin: nobody's name begins like that.
    prefix = next((code[:n] for n in (3, 2) if code[:n].isalpha()), None)
    if prefix is not None:
        assert visits["xie"].number not in numbers(store, clerk, prefix) or prefix in ("xj", "xie")


def test_a_corrected_duty_entry_is_found_by_its_new_words(store, admin, clock):
    entry = store.duty.add(admin, {"kind": "call", "source": "王立新", "summary": "水管爆裂"})
    assert [h.number for h in store.lookup.search(admin, "水管")] == [entry.number]
    clock.advance(minutes=5)
    store.duty.correct(admin, entry.number,
                       {"kind": "call", "source": "王立新", "summary": "燃气泄漏", "reason": "听错了"})
    assert [h.number for h in store.lookup.search(admin, "燃气")] == [entry.number]
    assert store.lookup.search(admin, "水管") == []


def test_letters_post_and_documents_are_found_and_accused_persons_by_those_who_may(store, admin):
    mail = store.operators.add(admin, "shoufa", "mail", "mail-pass-1")
    letter = store.letters.register(mail, {
        "received_at": "2026-03-01 09:00", "channel": "post", "kind": "signed",
        "sender": {"name": "孙中山", "address": "福田区园岭街道", "phone": "13600136000"},
        "subject": "反映拆迁补偿问题", "accused": [{"name": "贾金贵", "unit": "某局", "post": "科长"}],
    })
    assert [h.number for h in store.lookup.search(mail, "szs")] == [letter.number]
    assert [h.number for h in store.lookup.search(mail, "拆迁补偿")] == [letter.number]
    for actor in (mail, admin):
        for query in ("贾金贵", "jjg", "jiajingui"):
            assert [h.number for h in store.lookup.search(actor, query)] == [letter.number]
    desk = store.operators.add(admin, "jiedai1", "reception", "desk-pass-1")
    for query in ("贾金贵", "jjg", "szs", "孙中山", "拆迁补偿", "13600136000", "6000", letter.number):
        assert store.lookup.search(desk, query) == []  # sealed: no word of it finds it
    post = store.post.register(mail, {"tracking_number": "XA123456789CN", "sender": "市信访局",
                                       "addressee": "区信访办", "received_at": "2026-03-01 10:00",
                                       "signed_by": "赵丽"})
    assert [h.number for h in store.lookup.search(mail, "XA123456789CN")] == [post.number]
    clerk = store.operators.add(admin, "jiedai2", "reception", "desk-pass-2")
    assert store.lookup.search(clerk, "XA123456789CN") == []  # reception does not read the post


def test_the_last_four_digits_are_one_token_and_more_a_prefix():
    assert parse("1234").match == '"n1234" OR "l1234"'
    assert parse("12345").match == '"n12345" OR "r54321"* OR "12345"*'
    assert parse("123X").match == '"l123x"'


def test_an_id_number_ending_in_x_is_found_by_its_last_four(store, clerk):
    ends_in_x = next(number for n in range(1000)
                     if (number := rid(f"44030419800101{n:03d}")).endswith("X"))
    visit = store.visits.register(clerk, {"visitors": [{"name": "何平", "id_number": ends_in_x}],
                                          "subject": "户籍迁移"})
    for query in (ends_in_x[-4:], ends_in_x[-4:].lower(), ends_in_x[-6:]):
        assert numbers(store, clerk, query) == [visit.number]


def test_what_a_hit_shows_is_the_record_as_corrected(store, admin, clock):
    entry = store.duty.add(admin, {"kind": "call", "source": "王立新", "phone": "13700137000",
                                   "summary": "水管爆裂"})
    clock.advance(minutes=5)
    store.duty.correct(admin, entry.number, {"kind": "call", "source": "李立新", "phone": "13700137000",
                                             "summary": "燃气泄漏", "reason": "听错了"})
    (hit,) = store.lookup.search(admin, "7000")
    assert (hit.number, hit.name, hit.subject, hit.matched) == (entry.number, "李立新", "燃气泄漏", "phone")


def test_an_index_made_before_it_kept_what_hits_show_is_made_again(store, clerk, visits):
    """A database whose index predates ``add_lookup_fields``: the migration drops
    the index and the next lookup builds it again, with what each hit shows."""
    from frontdesk.store.core.schema import core

    path = store.path
    with store.write() as db:
        # Back to the index as the step before made it, with a document in it.
        db.execute("DELETE FROM _sqlite_migrations WHERE name IN ('add_lookup_fields', 'seal_lookup_documents')")
        for statement in ("DROP TRIGGER lookup_docs_added", "DROP TRIGGER lookup_docs_removed",
                          "DROP TABLE lookup_fts", "DROP TABLE lookup_docs", "DROP TABLE lookup_state"):
            db.execute(statement)
        core.create_lookup_index(db)
        db.execute("INSERT INTO lookup_docs (id, channel, record_id, at, tokens) VALUES (1, 'visit', 1, '', 'x')")
    store.close()
    reopened = type(store).open(path, clock=store._clock)
    try:
        assert reopened.db.execute("SELECT count(*) FROM lookup_docs").fetchone()[0] == 0
        assert reopened.lookup.pending() == 3
        hits = reopened.lookup.search(clerk, ZENG[-4:])
        assert [(h.number, h.name, h.subject) for h in hits] == [
            (visits["zeng"].number, "曾国藩", "拖欠工资三个月")]
        assert numbers(reopened, clerk, "8000") == [visits["shan"].number, visits["zeng"].number]
    finally:
        reopened.close()


def test_a_program_older_than_the_index_cannot_add_a_document_answers_show_nothing_of(store):
    """Another terminal still running the version before: its documents lack what
    answers show, so adding one fails instead of leaving records no answer shows."""
    with pytest.raises(sqlite3.IntegrityError), store.write() as db:
        db.execute("INSERT INTO lookup_docs (id, channel, record_id, at, tokens) VALUES (1, 'visit', 1, '', 'x')")


def test_terminals_catching_up_together_share_the_work(store, clerk, visits):
    """Each batch goes on from the last record indexed, so a second catch-up after
    (or beside) the first indexes nothing again."""
    told: list[int] = []
    store.lookup.refresh(progress=told.append)
    with store.write() as db:
        db.execute("DELETE FROM lookup_state")  # as if another terminal had not marked it done
    again: list[int] = []
    store.lookup.refresh(progress=again.append)
    assert sum(told) == 3 and sum(again) == 0
    assert numbers(store, clerk, "zgf") == [visits["zeng"].number]


def test_pending_counts_what_refresh_reports_as_progress(store, clerk, visits, clock):
    # Nothing indexed yet: the records of every channel.
    told: list[int] = []
    assert store.lookup.pending() == 3
    store.lookup.refresh(progress=told.append)
    assert sum(told) == 3 and store.lookup.pending() == 0
    # Then the changes since: a visit and its visitor.
    clock.advance(minutes=1)
    store.visits.register(clerk, {"visitors": [{"name": "左宗棠", "id_number": rid("43062419800101111")}],
                                  "subject": "征地补偿"})
    told.clear()
    pending = store.lookup.pending()
    store.lookup.refresh(progress=told.append)
    assert pending == sum(told) > 0 and store.lookup.pending() == 0


def test_a_surname_alone_finds_the_people_who_bear_it_newest_first(store, clerk, visits, clock):
    wang = [store.visits.register(clerk, {"visited_at": when, "subject": "噪音扰民",
                                          "visitors": [{"name": name, "id_number": rid(first17)}]})
            for name, when, first17 in (("王五", "2026-02-20 09:00", "44030419800101201"),
                                        ("王立新", "2026-02-21 09:00", "44030419800101202"))]
    ouyang = store.visits.register(clerk, {"visited_at": "2026-02-22 09:00", "subject": "户籍迁移",
                                           "visitors": [{"name": "欧阳娜娜",
                                                         "id_number": rid("44030419800101203")}]})
    hits = store.lookup.search(clerk, "王")
    assert [h.number for h in hits] == [wang[1].number, wang[0].number]
    assert {h.matched for h in hits} == {"name"}
    assert numbers(store, clerk, "曾") == [visits["zeng"].number]
    assert numbers(store, clerk, "欧阳") == [ouyang.number]
    assert numbers(store, clerk, "立") == []  # a given name's character is no surname
    assert numbers(store, clerk, "赵") == []


def test_phone_and_id_prefixes_find_records(store, clerk, visits):
    assert numbers(store, clerk, "1391234") == [visits["xie"].number]
    assert store.lookup.search(clerk, "1391234")[0].matched == "phone"
    assert numbers(store, clerk, "440304") == [visits["shan"].number, visits["zeng"].number]
    assert numbers(store, clerk, XIE[:10]) == [visits["xie"].number]
    assert store.lookup.search(clerk, XIE[:10])[0].matched == "id_number"


def test_a_registration_number_is_found_by_its_serial_digits(store, clerk, visits):
    number = visits["shan"].number  # V2026-000002
    serial = number.split("-")[1]
    for query in (serial.lstrip("0").rjust(3, "0"), serial, number, number.replace("-", "")):
        hits = store.lookup.search(clerk, query)
        assert [h.number for h in hits][:1] == [number], query
    assert store.lookup.search(clerk, serial)[0].matched == "number"


def test_fifteen_and_eighteen_digit_ids_find_each_other(store, clerk):
    from frontdesk.store.lookup.index import other_id_form

    eighteen = rid("44030419800101777")
    fifteen = eighteen[:6] + eighteen[8:17]
    assert other_id_form(fifteen) == eighteen.lower() and other_id_form(eighteen) == fifteen
    old = store.visits.register(clerk, {"visited_at": "2026-01-05 09:00", "subject": "旧证来访",
                                        "visitors": [{"name": "钱七", "id_number": fifteen}]})
    new = store.visits.register(clerk, {"visited_at": "2026-02-05 09:00", "subject": "新证来访",
                                        "visitors": [{"name": "钱七", "id_number": eighteen}]})
    assert numbers(store, clerk, fifteen) == [new.number, old.number]
    assert numbers(store, clerk, eighteen) == [new.number, old.number]


def test_people_are_parted_so_a_name_with_spaces_stays_one_person(store, clerk):
    from frontdesk.i18n import get_language
    from frontdesk.output.labels import people_label

    group = store.visits.register(clerk, {"subject": "征地补偿", "headcount": 3, "visitors": [
        {"name": name, "id_number": rid(f"4403041980010130{n}"), "representative": True, "liaison": n == 0}
        for n, name in enumerate(("石欣强", "李四", "王五"))]})
    alone = store.visits.register(clerk, {"subject": "签证咨询", "visitors": [
        {"name": "John Smith", "id_type": "passport", "id_number": "E12345678", "nationality": "USA"}]})
    hits = {h.number: h.name for h in store.lookup.search(clerk, "石欣强")}
    assert get_language() == "zh"
    assert people_label(hits[group.number]) == "石欣强等3人"
    (hit,) = store.lookup.search(clerk, "john")
    assert hit.number == alone.number and people_label(hit.name) == "John Smith"


def test_new_ways_to_find_never_reach_a_sealed_record(store, admin):
    """Surname, serial digits and number prefixes find a sealed letter only for
    the roles that read accusations."""
    mail = store.operators.add(admin, "shoufa", "mail", "mail-pass-1")
    desk = store.operators.add(admin, "jiedai1", "reception", "desk-pass-1")
    letter = store.letters.register(mail, {
        "received_at": "2026-03-01 09:00", "channel": "post", "kind": "signed",
        "sender": {"name": "孙中山", "address": "福田区园岭街道", "phone": "13600136000"},
        "subject": "反映拆迁补偿问题", "accused": [{"name": "贾金贵", "unit": "某局", "post": "科长"}],
    })
    serial = letter.number.split("-")[1]
    for query in ("孙", "贾", serial, serial.lstrip("0").rjust(3, "0"), "1360013"):
        assert letter.number in numbers(store, mail, query), query
        assert store.lookup.search(desk, query) == [], query
