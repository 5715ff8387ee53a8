"""What the Pilot tests do over and over: wait, fill fields, sign in."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, Static

from frontdesk.tui.widgets.field_row import FieldRow

SIZE = (100, 30)


async def settle(pilot: Pilot) -> None:
    """Let thread workers finish and their messages be handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def until(pilot: Pilot, condition: Callable[[], bool], *, seconds: float = 5.0) -> None:
    """Let the app run until ``condition()`` holds (a thread the test holds back cannot
    be awaited); fails after ``seconds``, so a slow machine waits longer, never less."""
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await pilot.pause(0.01)
    assert condition(), "the app did not get there in time"


async def fill(pilot: Pilot, values: dict[str, str], *, submit: str | None = None) -> None:
    """Put ``values`` into the inputs named by id (Pilot types a key in some
    tens of milliseconds; the typing itself is Textual's to test), then press
    Enter in the input ``submit``."""
    screen = pilot.app.screen
    for input_id, value in values.items():
        screen.query_one(f"#{input_id}", Input).value = value
    if submit is not None:
        screen.query_one(f"#{submit}", Input).focus()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)


async def sign_in(pilot: Pilot, name: str, password: str) -> None:
    """Fill the sign-in form and press Enter in the password field."""
    await fill(pilot, {"login-name": name, "login-password": password}, submit="login-password")


def text_of(screen, selector: str) -> str:
    """The plain text a Static shows."""
    return str(screen.query_one(selector, Static).content)


def field_error(screen, name: str) -> str:
    """The refusal shown under the form field ``name`` ("" when none)."""
    row = next(f for f in screen.query(FieldRow) if f.name == name)
    if not row.has_class("-invalid"):
        return ""
    return str(row.query_one(".row-error", Static).content)


def key_event(key: str) -> events.Key:
    """The Key event a terminal sends for ``key`` ("a", "王", "tab", "shift+tab", "ctrl+s")."""
    if len(key) == 1:
        name = _character_to_key(key) if not key.isalnum() else key
        return events.Key(name, key)
    return events.Key(key, "\t" if key == "tab" else "\r" if key == "enter" else None)


def keys_of(*parts: str) -> list[str]:
    """Keys from parts: a known key name ("tab", "enter", "ctrl+n") stays one key,
    any other part is typed character by character."""
    keys: list[str] = []
    for part in parts:
        if part in _NAMED or "+" in part and len(part) > 1:
            keys.append(part)
        else:
            keys.extend(part)
    return keys


_NAMED = {"tab", "shift+tab", "enter", "escape", "up", "down", "left", "right", "home", "end",
          "backspace", "delete", "space", "pageup", "pagedown", *(f"f{n}" for n in range(1, 13))}


async def burst(pilot: Pilot, *parts: str) -> None:
    """Type ``parts`` as one burst: every key is handed to the app before it handles
    the first, as the terminal driver does with what one read brought (a fast typist,
    a keyboard-wedge reader). Then wait until all of them have landed."""
    app = pilot.app
    driver = app._driver
    assert driver is not None
    for key in keys_of(*parts):
        event = key_event(key)
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()
    await app.keys_landed()
    await settle(pilot)
