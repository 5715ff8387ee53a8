"""Demo data: synthetic visits that obey the same rules as registered ones."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import pytest

from frontdesk.output.audit_text import problem_message
from frontdesk.store import Store
from frontdesk.store.demo import visits as demo_module
from frontdesk.store.demo.visits import Demo
from frontdesk.store.shared.identity import check_resident, normalise_phone
from frontdesk.store.visits.rules import MAX_REPRESENTATIVES, kind_of

COUNT = 300


def fill(store: Store, actor, *, seed: int = 7, count: int = COUNT, years: int = 3) -> None:
    assert Demo(store, seed).visits(actor, count, years=years) == count


def rows(store: Store, table: str) -> list[dict]:
    return list(store.db.query(f"SELECT * FROM [{table}] ORDER BY id"))


def people_by_visit(store: Store) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    for party in rows(store, "parties"):
        assert party["channel"] == "visit"
        found[party["record_id"]].append(party)
    return found


def filled_ok(store: Store) -> bool:
    result = store.audit.verify()
    assert result.ok, problem_message(result.problem)
    return True


@pytest.fixture
def filled(store, admin) -> Store:
    fill(store, admin)
    return store


def test_demo_makes_the_number_of_visits_asked_for_with_their_audit_entries(filled):
    visits, parties = rows(filled, "visits"), rows(filled, "parties")
    assert len(visits) == COUNT
    result = filled.audit.verify()
    assert result.ok, problem_message(result.problem)
    assert result.records >= len(visits) + len(parties)


def test_every_demo_id_number_and_phone_passes_the_checks(filled, clock):
    for party in rows(filled, "parties"):
        assert party["id_type"] == "resident"
        checked = check_resident("id_number", party["id_number"], clock().date())
        assert checked.value == party["id_number"] and not checked.legacy
        assert normalise_phone("phone", party["phone"]) == party["phone"]
        assert party["name"] and party["address"] and len(party["postcode"]) == 6


def test_demo_kinds_and_representatives_follow_the_rules(filled):
    people = people_by_visit(filled)
    kinds = set()
    for visit in rows(filled, "visits"):
        listed = people[visit["id"]]
        kinds.add(visit["kind"])
        assert visit["kind"] == kind_of(visit["headcount"])
        assert len({p["id_number"] for p in listed}) == len(listed)
        if visit["headcount"] == 1:
            assert len(listed) == 1
            assert (visit["representatives"], visit["signed"]) == (0, 0)
            assert not listed[0]["representative"] and not listed[0]["liaison"]
            continue
        reps = [p for p in listed if p["representative"]]
        liaisons = [p for p in listed if p["liaison"]]
        assert 1 <= len(reps) <= MAX_REPRESENTATIVES
        assert visit["representatives"] == len(reps)
        assert visit["signed"] == visit["headcount"] - len(reps)
        assert len(liaisons) == 1 and liaisons[0]["representative"]
    assert kinds == {"individual", "joint", "group"}


def test_demo_repeat_visits_point_to_an_earlier_visit_of_the_same_person(filled):
    visits = rows(filled, "visits")
    by_number = {v["number"]: v for v in visits}
    people = people_by_visit(filled)
    ids_of = {v["id"]: {p["id_number"] for p in people[v["id"]]} for v in visits}
    repeats = [v for v in visits if v["repeat"]]
    assert len(repeats) >= COUNT // 10
    for visit in visits:
        if not visit["repeat"]:
            assert visit["previous_number"] is None and visit["previous_at"] is None
            continue
        previous = by_number[visit["previous_number"]]
        assert previous["visited_at"] == visit["previous_at"]
        assert previous["visited_at"] < visit["visited_at"]
        assert ids_of[previous["id"]] & ids_of[visit["id"]]


def test_a_demo_visit_whose_person_came_before_is_a_repeat(filled):
    seen: set[str] = set()
    people = people_by_visit(filled)
    for visit in sorted(rows(filled, "visits"), key=lambda v: (v["visited_at"], v["id"])):
        ids = {p["id_number"] for p in people[visit["id"]]}
        assert bool(visit["repeat"]) == bool(ids & seen), visit["number"]
        seen |= ids


def numbered_without_gaps(store: Store) -> list[str]:
    """The years whose visits are numbered 1..n in time order, the counter at n."""
    by_year: dict[str, list[dict]] = defaultdict(list)
    for visit in rows(store, "visits"):
        assert visit["number"][1:5] == visit["visited_at"][:4]
        by_year[visit["number"][1:5]].append(visit)
    counters = dict(store.db.execute("SELECT year, last FROM counters WHERE channel = 'visit'").fetchall())
    for year, visits in by_year.items():
        visits.sort(key=lambda v: v["number"])
        assert [v["number"] for v in visits] == [f"V{year}-{n:06d}" for n in range(1, len(visits) + 1)]
        times = [v["visited_at"] for v in visits]
        assert times == sorted(times)
        assert counters[int(year)] == len(visits)
    return sorted(by_year)


def test_demo_numbers_run_per_year_without_gaps_in_time_order(filled):
    assert numbered_without_gaps(filled) == ["2023", "2024", "2025", "2026"]
    codes = [v["query_code"] for v in rows(filled, "visits")]
    assert len(set(codes)) == len(codes)


def test_demo_visits_lie_in_the_past_years_and_office_hours(filled, clock):
    now = clock().strftime("%Y-%m-%d %H:%M:%S")
    earliest = (clock() - timedelta(days=3 * 365)).strftime("%Y-%m-%d %H:%M:%S")
    for visit in rows(filled, "visits"):
        assert earliest <= visit["visited_at"] <= now
        if visit["visited_at"][:10] < now[:10]:
            assert 8 <= int(visit["visited_at"][11:13]) <= 17


def test_a_dense_demo_keeps_repeat_visits_in_order_and_today_in_the_past(store, admin, clock):
    # Several visits a day: repeats on the same day and visits this morning occur.
    fill(store, admin, seed=3, count=1500, years=1)
    visits = rows(store, "visits")
    by_number = {v["number"]: v for v in visits}
    now = clock().strftime("%Y-%m-%d %H:%M:%S")
    assert any(v["visited_at"][:10] == now[:10] for v in visits)
    for visit in visits:
        assert visit["visited_at"] <= now
        if visit["repeat"]:
            assert by_number[visit["previous_number"]]["visited_at"] < visit["visited_at"]


def test_the_same_seed_gives_the_same_records(tmp_path, clock):
    def made(name: str, seed: int) -> tuple[list[dict], list[dict]]:
        with Store.open(tmp_path / name, create=True, clock=clock) as store:
            admin = store.operators.create_first_admin("admin", "admin-pass-1")
            fill(store, admin, seed=seed, count=120)
            return rows(store, "visits"), rows(store, "parties")

    first, again, other = made("a.db", 11), made("b.db", 11), made("c.db", 12)
    assert first == again
    assert first != other


def test_registering_after_the_demo_continues_its_numbers_and_finds_its_people(filled, admin, clock):
    visits = rows(filled, "visits")
    last = max(v["number"] for v in visits if v["number"].startswith("V2026-"))
    newest = max(visits, key=lambda v: (v["visited_at"], v["id"]))
    person = people_by_visit(filled)[newest["id"]][0]
    clock.advance(minutes=30)
    visit = filled.visits.register(admin, {
        "visitors": [{"name": person["name"], "id_number": person["id_number"]}],
        "subject": "再次反映",
    })
    assert visit.number == f"V2026-{int(last[6:]) + 1:06d}"
    assert visit.repeat
    assert visit.previous_number == newest["number"]
    assert filled.audit.verify().ok


def test_demo_operators_are_added_once(store, admin):
    demo = Demo(store)
    added = demo.operators(admin, "demo-pass-1")
    assert sorted(added) == ["jiedai1", "kezhang", "shoufa1", "zhiban1"]
    assert demo.operators(admin, "demo-pass-1") == []
    assert {op.name: op.role.value for op in store.operators.list()}["jiedai1"] == "reception"


def test_only_an_admin_makes_demo_data(store, admin):
    from frontdesk.store import PermissionDenied

    clerk = store.operators.add(admin, "lihua", "reception", "reception-pass")
    with pytest.raises(PermissionDenied):
        Demo(store).visits(clerk, 10)
    assert rows(store, "visits") == []


def test_progress_is_reported_in_chunks_that_add_up(store, admin, monkeypatch):
    monkeypatch.setattr(demo_module, "BATCH", 100)
    seen: list[int] = []
    Demo(store, 5).visits(admin, 250, years=2, progress=seen.append)
    assert seen == [100, 100, 50]
    assert filled_ok(store)
    assert numbered_without_gaps(store) == ["2024", "2025", "2026"]
    assert datetime.strptime(rows(store, "visits")[-1]["visited_at"], "%Y-%m-%d %H:%M:%S") <= store.now()
