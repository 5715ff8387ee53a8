"""Registration numbers (登记编号) and query codes (查询码).

Numbers are sequential per channel and year, given inside the saving
transaction, so a rolled-back save gives its number back and no number is ever
used twice or skipped. Query codes avoid characters that are easy to confuse
(0/O, 1/I/L) when read out over the phone.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from frontdesk.store.core.errors import StoreError
from frontdesk.store.shared.channels import CHANNELS

if TYPE_CHECKING:
    from sqlite_utils import Database

QUERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_LENGTH = 6
_SYSTEM = random.SystemRandom()  # the system's source, as secrets uses

SERIES: dict[str, tuple[str, str]] = {
    **{name: (channel.table, channel.prefix) for name, channel in CHANNELS.items()},
    "matter": ("matters", "M"),
}
"""Every numbered series: name -> (table, prefix). The channels' records, and
the matters (信访事项) they are contacts about."""


def next_number(db: Database, channel: str, year: int) -> str:
    """The next number of ``channel`` in ``year``, e.g. ``V2026-000042``."""
    if not db.conn.in_transaction:
        raise RuntimeError("numbers are given inside the saving transaction")
    db.execute(
        "INSERT INTO counters (channel, year, last) VALUES (?, ?, 1)"
        " ON CONFLICT (channel, year) DO UPDATE SET last = last + 1",
        [channel, year],
    )
    last = db.execute(
        "SELECT last FROM counters WHERE channel = ? AND year = ?", [channel, year]
    ).fetchone()[0]
    number = format_number(channel, year, last)
    # Only a counter set back behind the application's back gives a number twice.
    if db.execute(f"SELECT 1 FROM [{SERIES[channel][0]}] WHERE number = ?", [number]).fetchone():
        raise StoreError("err.number_taken", number=number)
    return number


def format_number(channel: str, year: int, sequence: int) -> str:
    """The registration number ``sequence`` of ``channel`` in ``year``: ``V2026-000042``."""
    return f"{SERIES[channel][1]}{year}-{sequence:06d}"


def new_query_code(db: Database, table: str, rng: random.Random | None = None) -> str:
    """A random code not yet used in ``table`` (``rng``: a seeded source for tests)."""
    choose = (rng or _SYSTEM).choice
    while True:
        code = "".join(choose(QUERY_ALPHABET) for _ in range(QUERY_LENGTH))
        if db.execute(f"SELECT 1 FROM [{table}] WHERE query_code = ?", [code]).fetchone() is None:
            return code
