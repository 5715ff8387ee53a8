"""``frontdesk serve``: the whole interface for the office's browsers.

Built on textual-serve: each browser tab opens a websocket, and each websocket
runs ``frontdesk`` (the same program, the same database) as its own process,
so every tab is its own signed-in session with its own operator, idle lock and
drafts, and every rule holds as in a terminal. The database never leaves the
host.

This package sits beside the clients (``tui``, ``commands``) rather than in
them: it runs no screen and no store call itself, only the web server that
starts the interface once per tab; the store knows nothing of it.
"""

from __future__ import annotations

SERVED_VARIABLE = "FRONTDESK_SERVED"
"""Set for each tab's process: ``tls``, ``loopback`` or ``insecure`` (how the
page reached it). The interface reads it to offer keys a browser keeps for
itself and to warn on the sign-in screen when the connection is not encrypted."""
