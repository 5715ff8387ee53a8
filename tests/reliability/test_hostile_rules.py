"""Hostile values at the store's visit rules, without the command line:
``visits.collect()`` never raises and names a field for each refusal, and
``register()`` stores a value exactly as meant or refuses it with the rules'
first refusal (see test_hostile_input.py for the commands).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk.store import Store, ValidationError
from frontdesk.store.core.errors import field_label

from .hostile import EXAMPLES, HOSTILE_TEXT, TERMINAL_CONTROLS, TEXT_FIELDS, free_text, json_values, trimmed

# --- the store's rules, without the command line ----------------------------------------------------

VISIT_KEYS = ["visited_at", "headcount", "visitors", "signed", "subject", "content", "category", "location",
              "papers", "concerned", "disposition", "transfer_unit", "not_accepted_reason", "notice",
              "escalate", "skipped_levels", "disturbance", "special", "same_matter"]
VISITOR_KEYS = ["name", "id_type", "id_number", "phone", "address", "postcode", "representative", "liaison"]
HUGE_INTS = [10**5000, -(10**5000), 2**63, -(2**63) - 1]
store_values = st.one_of(json_values, st.sampled_from(HUGE_INTS), st.sampled_from(HOSTILE_TEXT),
                         st.sampled_from([float("nan"), float("inf"), b"bytes", object(), (1, 2), {1, 2}]))
visitors = st.dictionaries(st.sampled_from(VISITOR_KEYS), store_values, max_size=8)
visits = st.one_of(
    store_values,
    st.dictionaries(st.sampled_from(VISIT_KEYS) | free_text,
                    st.one_of(store_values, st.lists(st.one_of(visitors, store_values), max_size=3)),
                    max_size=10),
)
KNOWN_FIELD = re.compile(r"^(visit|visitors(\.\d+(\.(" + "|".join(VISITOR_KEYS) + r"))?)?|"
                         + "|".join(VISIT_KEYS) + r")$")


@pytest.fixture(scope="module")
def rules_store(tmp_path_factory) -> Iterator[tuple]:
    store = Store.open(tmp_path_factory.mktemp("rules") / "fd.db", create=True,
                       clock=lambda: datetime(2026, 3, 2, 9, 15))
    admin = store.operators.create_first_admin("admin", "admin-pass-1")
    yield store, admin
    store.close()


@settings(max_examples=EXAMPLES * 20, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=visits)
def test_collect_never_raises_and_names_a_field_for_each_refusal(rules_store, data):
    store, _admin = rules_store
    _checked, errors, _warnings = store.visits.collect(data)
    for error in errors:
        assert isinstance(error, ValidationError)
        unknown_key = error.key == "err.unknown_key"
        assert unknown_key or KNOWN_FIELD.match(error.field), error.field
        message = error.message
        assert field_label(error.field) in message or unknown_key, (error.field, message)
        assert "\n" not in message and not TERMINAL_CONTROLS.search(message), repr(message)


@settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=list(HealthCheck))
@given(place=st.sampled_from(sorted(TEXT_FIELDS)), value=store_values)
def test_register_stores_exactly_or_refuses_with_the_rules_first_refusal(rules_store, place, value):
    store, admin = rules_store
    data = {"visitors": [{"name": "张三", "id_number": "11010519491231002X", "address": "园岭"}],
            "subject": "拖欠工资"}
    holder = data
    for step in place[:-1]:
        holder = holder[step]
    holder[place[-1]] = value
    _checked, errors, _warnings = store.visits.collect(data)
    try:
        saved = store.visits.register(admin, data)
    except ValidationError as error:
        assert errors and (error.field, error.key) == (errors[0].field, errors[0].key)
        return
    assert not errors
    stored = saved
    for step in place:
        stored = stored[step] if isinstance(step, int) else getattr(stored, step)
    if value is None:
        assert stored == ""
    elif isinstance(value, str):
        assert stored == trimmed(value)
    else:
        assert isinstance(value, int) and not isinstance(value, bool) and stored == str(value)
    assert store.audit.verify().ok
