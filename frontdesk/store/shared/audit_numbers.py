"""The numbers each series has given, checked against its counter: part of
``audit verify`` (a counter deleted, set back or pushed ahead, a numbered record
cut out), and what a restore reads to continue above every number given."""

from __future__ import annotations

import json

from sqlite_utils import Database

from frontdesk.store.shared.audit import Problem
from frontdesk.store.shared.numbers import SERIES, format_number


def issued_numbers(db: Database) -> dict[tuple[str, int], list[int]]:
    """Every number each series (channel, year) has on record, in order."""
    issued: dict[tuple[str, int], list[int]] = {}
    for channel, (table, prefix) in SERIES.items():
        if not db[table].exists():
            continue
        start = len(prefix) + 1
        for year, sequence in db.execute(
            f"SELECT CAST(substr(number, ?, 4) AS INTEGER), CAST(substr(number, ?) AS INTEGER)"
            f" FROM [{table}] WHERE number LIKE ? ORDER BY 1, 2",
            [start, start + 5, f"{prefix}____-%"],
        ):
            issued.setdefault((channel, year), []).append(sequence)
    return issued


def raised_numbers(db: Database) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """The counters a restore raised above the backup's numbers, per series: (from, to)
    pairs, the numbers after ``from`` up to ``to`` never given on this database (they
    were given on the one the restore replaced)."""
    raised: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for (detail,) in db.execute("SELECT detail FROM audit_log WHERE action = 'restore' ORDER BY id"):
        values = json.loads(detail or "{}")
        for item in values.get("raised", []) if isinstance(values, dict) else []:
            try:
                key = (str(item["channel"]), int(item["year"]))
                pair = (int(item["from"]), int(item["to"]))
            except (KeyError, TypeError, ValueError):
                continue
            raised.setdefault(key, []).append(pair)
    return raised


def check_counters(db: Database) -> Problem | None:
    """Each number counter stands exactly at the highest number its series has
    given (a save that rolls back gives its number back), and no number of a
    series is missing: a counter deleted, set back or pushed ahead behind the
    application's back, or a numbered record cut out, shows here. The one
    exception is written in the trail: a restore raises a counter above the
    backup's numbers (to the highest the replaced database had given), audited,
    so the numbers it skips are not missing and the counter may stand there."""
    if not db["counters"].exists():
        return None
    counters = {(channel, year): last for channel, year, last in db.execute("SELECT channel, year, last FROM counters")}
    issued = issued_numbers(db)
    raised = raised_numbers(db)
    for (channel, year), sequences in sorted(issued.items()):
        highest = sequences[-1]
        last = counters.get((channel, year))
        if last is None:
            return Problem("audit.counter_missing", {"number": format_number(channel, year, highest)})
        if highest > last:
            return Problem("audit.counter_behind", {"number": format_number(channel, year, highest), "last": last})
        skipped = raised.get((channel, year), [])
        given = set(sequences)
        for expected in range(1, highest + 1):
            if expected not in given and not any(low < expected <= high for low, high in skipped):
                return Problem("audit.number_missing", {"number": format_number(channel, year, expected)})
    for (channel, year), last in sorted(counters.items()):
        highest = issued.get((channel, year), [0])[-1]
        highest = max([highest, *(high for _low, high in raised.get((channel, year), []))])
        if channel in SERIES and last > highest:
            return Problem("audit.counter_ahead", {
                "series": format_number(channel, year, 0)[:-7], "last": last, "highest": highest,
            })
    return None
