"""The warning every screen where a password is typed shows when the interface
is served to a browser without encryption (``frontdesk serve --insecure-http``)."""

from __future__ import annotations

import os

from textual.widgets import Static

from frontdesk.i18n import t
from frontdesk.serve import SERVED_VARIABLE


def served_unencrypted() -> bool:
    """Whether this interface runs in a browser tab of a server started with ``--insecure-http``."""
    return os.environ.get(SERVED_VARIABLE) == "insecure"


class UnencryptedWarning(Static):
    """The password typed below crosses the network in clear: said in the error colour."""

    DEFAULT_CSS = """
    UnencryptedWarning { width: 100%; height: auto; text-align: center; color: $text-error; text-style: bold; }
    """

    def __init__(self, *, id: str) -> None:  # noqa: A002 - Textual's own name for it
        super().__init__(t("tui.login.insecure"), id=id, markup=False)
