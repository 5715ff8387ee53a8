"""签名认可: how many of the visitors who are not representatives actually signed;
a refusal to sign is kept on the record."""

from __future__ import annotations

import pytest

from frontdesk.store import ValidationError

from visit_data import individual, several, written


def test_all_sign_when_nothing_else_is_said(store, clerk):
    saved = store.visits.register(clerk, several(12, 5))
    assert (saved.signed, saved.signatures, saved.refused_to_sign) == (7, 7, 0)


def test_a_refusal_to_sign_is_a_recorded_fact(store, clerk):
    data = several(12, 5, signatures=3)
    _checked, errors, warnings = store.visits.collect(data)
    assert errors == [] and ("signatures", "warn.not_all_signed") in [(w.field, w.key) for w in warnings]
    saved = store.visits.register(clerk, data)
    assert (saved.signed, saved.signatures, saved.refused_to_sign) == (7, 3, 4)
    again = store.visits.get(clerk, saved.number)
    assert (again.signatures, again.refused_to_sign) == (3, 4)
    row = store.db.execute("SELECT signed, refused FROM visit_signatures WHERE visit_id = ?",
                           [saved.id]).fetchone()
    assert tuple(row) == (3, 4)
    assert store.audit.verify().ok


def test_nobody_signing_is_recorded_too(store, clerk):
    saved = store.visits.register(clerk, several(3, 1, signatures="0"))
    assert (saved.signed, saved.signatures, saved.refused_to_sign) == (2, 0, 2)


@pytest.mark.parametrize(("signatures", "key"), [(8, "err.signatures_over"), (-1, "err.range"),
                                                   ("几个", "err.whole_number")])
def test_more_signatures_than_people_to_sign_are_refused(store, clerk, signatures, key):
    before = written(store)
    with pytest.raises(ValidationError) as caught:
        store.visits.register(clerk, several(12, 5, signatures=signatures))
    assert [(e.field, e.key) for e in caught.value.errors] == [("signatures", key)]
    assert written(store) == before


def test_an_individual_visit_has_no_signatures(store, clerk):
    with pytest.raises(ValidationError) as caught:
        store.visits.register(clerk, individual(signatures=1))
    assert caught.value.field == "signatures"
    assert store.visits.register(clerk, individual()).refused_to_sign == 0
