"""The channel registry: one entry per kind of numbered record, and everything that
asks it (numbering, the lookup, a person's history, the role filter) agrees."""

from __future__ import annotations

import pytest

from frontdesk.store.shared import numbers, people
from frontdesk.store.shared.channels import CHANNELS, PEOPLE_CHANNELS, by_table
from frontdesk.store.shared.permissions import PERMISSIONS, Role, allowed


def test_every_channel_names_real_columns_and_a_real_permission(store):
    db = store.db
    for channel in CHANNELS.values():
        columns = set(db[channel.table].columns_dict)
        wanted = {"id", "number", channel.at, channel.subject, channel.transferred_to} - {None}
        assert wanted <= columns, channel.name
        assert channel.read_permission in PERMISSIONS
        assert by_table(channel.table) is channel
    assert len({c.prefix for c in CHANNELS.values()}) == len(CHANNELS)
    assert by_table("operators") is None


def test_the_people_channels_are_those_with_a_history():
    assert PEOPLE_CHANNELS == ("visit", "duty", "letter")
    assert all(CHANNELS[name].transferred_to for name in PEOPLE_CHANNELS)


@pytest.mark.parametrize("name", list(CHANNELS))
def test_numbers_take_the_channel_prefix(store, name):
    with store.write() as db:
        number = numbers.next_number(db, name, 2026)
    assert number == f"{CHANNELS[name].prefix}2026-000001" == numbers.format_number(name, 2026, 1)


@pytest.mark.parametrize("role", list(Role))
def test_the_lookup_offers_the_channels_the_role_may_read(store, admin, role):
    actor = admin if role == "admin" else store.operators.add(admin, f"r{role}", role, "pass-word-1")
    assert store.lookup.channels_for(actor) == [
        name for name, channel in CHANNELS.items() if allowed(role, channel.read_permission)]


def test_history_reads_each_channel_through_the_registry(store, admin):
    clerk = store.operators.add(admin, "jiedai", "reception", "desk-pass-1")
    visit = store.visits.register(clerk, {
        "visited_at": "2026-02-01 09:00", "subject": "拖欠工资",
        "visitors": [{"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000"}]})
    found = people.history(store.db, people=[{"name": "张三", "phone": "13800138000"}])
    assert [(r.channel, r.number, r.subject) for r in found.definite] == [("visit", visit.number, "拖欠工资")]
    assert people.find_record(store.db, "visit", visit.number) is not None
    assert people.find_record(store.db, "nowhere", visit.number) is None


@pytest.mark.parametrize("name", list(CHANNELS))
def test_every_channel_has_a_lookup_reader(store, name):
    assert CHANNELS[name].reader(store.db, "id > ?", [0], 10) == []
