"""A dialog a screen shows again and again (the slip after each visit saved, the
letter just registered), built once and shown anew with each record.

Textual builds a pushed dialog from nothing each time: its widgets composed,
mounted and styled, its layout worked out, before it is drawn, the most of the
time between a save key and the saved record on screen. A ``KeptDialog`` is
installed in the app under a name of its own, so that closing it keeps it
built; the screen fills it with the next record (the dialog's ``reset``) and
pushes it again. Where the desk is prepared in the background after sign-in
(tui/warmup.py), the dialog is built then too, so even the first save only
fills and shows it.

The dialog goes when its screen is unmounted (a lock, a sign-out, the app
closing): the screen calls ``close``.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Generic, TypeVar

from textual.app import ScreenStackError
from textual.screen import Screen

from frontdesk.tui.warmup import styled_now

Dialog = TypeVar("Dialog", bound=Screen)

_names = count(1)


class KeptDialog(Generic[Dialog]):
    """One dialog of a screen, made by ``make`` the first time it is asked for."""

    def __init__(self, make: Callable[[], Dialog]) -> None:
        self._make = make
        self._name = f"kept-dialog-{next(_names)}"
        self._dialog: Dialog | None = None

    @property
    def built(self) -> bool:
        return self._dialog is not None

    def get(self) -> Dialog:
        """The dialog, built (and installed) now if it was not yet: the caller
        fills it with its record and pushes it."""
        dialog = self._dialog
        if dialog is None or dialog._closing or dialog._closed:
            dialog = self._make()
            app = dialog.app
            app.install_screen(dialog, self._name)
            self._dialog = dialog
        return dialog

    def build(self) -> Dialog:
        """Build the dialog now, without showing it (its widgets are composed and
        styled in the next turns of the event loop)."""
        dialog = self.get()
        if not dialog.is_running:
            app = dialog.app
            styled_now(app, dialog)
            app._load_screen_css(dialog)
            app._get_screen(dialog)
        return dialog

    def close(self) -> None:
        """The screen that shows the dialog goes: the dialog goes too (now, or as
        it is closed if it is still shown)."""
        dialog, self._dialog = self._dialog, None
        if dialog is None:
            return
        app = dialog.app
        try:
            app.uninstall_screen(self._name)
        except ScreenStackError:  # pragma: no cover - a screen's stack goes before the screen does
            return
        if dialog.is_running and all(dialog not in stack for stack in app._screen_stacks.values()):
            dialog.remove()
