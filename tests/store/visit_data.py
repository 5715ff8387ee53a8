"""What the visit tests share: people with valid ID numbers, visits of each
kind, and checks that nothing was written."""

from __future__ import annotations

import pytest

from frontdesk.output.audit_text import problem_message
from frontdesk.store import ValidationError

import testdata


def resident_id(area: str, born: str, sequence: int) -> str:
    first17 = f"{area}{born}{sequence:03d}"
    return testdata.resident_id(first17)


IDS = [resident_id("440304", f"19{60 + i:02d}0{1 + i % 9}1{i % 9}", 100 + i) for i in range(16)]
PHONES = [f"1380013{i:04d}" for i in range(16)]
ZHANG_ID, LI_ID, ZENG_ID = IDS[0], IDS[1], IDS[2]


def person(name: str, index: int, **fields) -> dict:
    """A visitor with the index-th ID number and phone, and an address."""
    return {"name": name, "id_number": IDS[index], "phone": PHONES[index],
            "address": f"深圳市福田区园岭街道{index + 1}号", "postcode": "518000", **fields}


def individual(name: str = "张三", index: int = 0, **fields) -> dict:
    return {"visitors": [person(name, index)], "subject": "拖欠工资", **fields}


def several(headcount: int, representatives: int, *, liaison: int = 0, **fields) -> dict:
    """``representatives`` listed representatives of ``headcount`` people; the
    ``liaison``-th of them is the liaison."""
    visitors = [
        person(f"代表{i + 1}", i, representative=True, liaison=(i == liaison))
        for i in range(representatives)
    ]
    return {"headcount": headcount, "visitors": visitors, "subject": "旧改项目拆迁补偿", **fields}


def written(store) -> tuple[int, int, int, int]:
    """Visits, people on records, audit entries and the visit counter."""
    db = store.db
    counter = db.execute("SELECT coalesce(max(last), 0) FROM counters WHERE channel = 'visit'").fetchone()[0]
    return (
        db.execute("SELECT count(*) FROM visits").fetchone()[0],
        db.execute("SELECT count(*) FROM parties").fetchone()[0],
        db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
        counter,
    )


def refused(call, *args, error_type=ValidationError, **kwargs):
    with pytest.raises(error_type) as caught:
        call(*args, **kwargs)
    return caught.value


def refused_and_nothing_written(store, call, *args, **kwargs) -> ValidationError:
    before = written(store)
    error = refused(call, *args, **kwargs)
    assert written(store) == before
    return error


def verified(store) -> bool:
    result = store.audit.verify()
    assert result.problem is None, problem_message(result.problem)
    return True
