"""Where each matter stands, kept derived in ``matter_state`` (not audited: built
again from the steps at any time) so the home screen's counts and the lists'
filters read an index instead of every matter's steps.

A row keeps what does not depend on the day asked: the status and unit, the
office's running clock and its due date (``due``), the end of a window the
petitioner has for asking review (``window_due``), and the open supervision's
due date. Overdue on a day is then ``due < day OR supervision_due < day``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from frontdesk.store.matters import rules

if TYPE_CHECKING:
    from sqlite_utils import Database


def _steps(db: Database, matter_id: int) -> list[rules.Step]:
    return [rules.Step(step, at, by, json.loads(data or "{}"), bool(late)) for step, at, by, data, late in db.execute(
        "SELECT step, at, by, data, late FROM matter_steps WHERE matter_id = ? ORDER BY id", [matter_id])]


def refresh(db: Database, matter_id: int) -> None:
    """Derive the matter's row again from its steps (inside the writing transaction)."""
    opened_at = db.execute("SELECT opened_at FROM matters WHERE id = ?", [matter_id]).fetchone()[0]
    write(db, matter_id, _steps(db, matter_id), opened_at)


def write(db: Database, matter_id: int, steps: list[rules.Step], opened_at: str) -> None:
    """The matter's row from ``steps`` (all of them, in order)."""
    # On the earliest day, a window never has passed: its end is kept apart.
    state = rules.state_of(steps, opened_at, date.min)
    window = state.clock in rules.WINDOWS
    db.execute(
        "INSERT OR REPLACE INTO matter_state (matter_id, status, unit, clock, due, window_due, supervision_due)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [matter_id, state.status, state.unit, state.clock,
         None if window or state.due is None else state.due.isoformat(),
         state.due.isoformat() if window and state.due is not None else None,
         state.supervision_due.isoformat() if state.supervision_due else None])


def refresh_missing(db: Database) -> int:
    """Rows for the matters that have none (written in bulk: the demo, an
    upgrade); how many."""
    missing = [row[0] for row in db.execute(
        "SELECT id FROM matters WHERE id NOT IN (SELECT matter_id FROM matter_state) ORDER BY id")]
    for matter_id in missing:
        refresh(db, matter_id)
    return len(missing)
