"""What the snapshot tests share: the sizes, waiting for a steady screen, signing in,
and the apps they draw (tests/test_snapshots.py, tests/test_snapshots_desks.py)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TextArea

SIZE = (100, 30)
SMALL = (80, 24)


async def steady(pilot: Pilot) -> None:
    """Wait for the keys and what they set off (workers, mounts, scrolling), then
    stop the cursors blinking."""
    await pilot.pause()
    await pilot.app.keys_landed()
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    # A table sizes its columns to new rows when it is next idle; on a busy machine the
    # picture could be taken before, with every column as narrow as its heading.
    for _ in range(200):
        if not any(table._require_update_dimensions or table._updated_cells
                   for table in pilot.app.screen.query(DataTable)):
            break
        await pilot.pause(0.01)
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


async def fill_and_enter(pilot: Pilot, values: dict[str, str], submit: str) -> None:
    for input_id, value in values.items():
        pilot.app.screen.query_one(f"#{input_id}", Input).value = value
    pilot.app.screen.query_one(f"#{submit}", Input).focus()
    await pilot.pause()
    await pilot.press("enter")
    await steady(pilot)


async def signed_in(pilot: Pilot) -> None:
    await fill_and_enter(
        pilot, {"login-name": "admin", "login-password": "admin-pass-1"}, submit="login-password"
    )
