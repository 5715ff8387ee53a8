"""The bar at the top of every screen, the lock screen included, while an urgent
duty entry has not been reported to a leader: each entry's number and the
minutes since the event, and the key that reports it from anywhere. Only
numbers and minutes: the lock screen shows it to whoever walks by."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from frontdesk.i18n import t

SHOWN = 3
"""Entries named in the bar; the rest are counted."""


@dataclass(frozen=True)
class Urgent:
    """An urgent entry not reported yet: its number and the event's time."""

    number: str
    at: datetime

    def minutes(self, now: datetime) -> int:
        return max(0, int((now - self.at).total_seconds() // 60))


class UrgentBar(Static):
    """Hidden while nothing urgent waits."""

    DEFAULT_CSS = """
    UrgentBar {
        display: none;
        height: 1;
        padding: 0 1;
        background: $error;
        color: $text;
        text-style: bold;
    }
    """

    def show_urgent(self, urgent: Sequence[Urgent], now: datetime) -> None:
        self.display = bool(urgent)
        if not urgent:
            return
        named = t("sep.list").join(t("tui.urgent.item", number=u.number, minutes=u.minutes(now))
                                   for u in urgent[:SHOWN])
        more = t("tui.urgent.more", count=len(urgent) - SHOWN) if len(urgent) > SHOWN else ""
        self.update(Text(t("tui.urgent.bar", count=len(urgent), items=named + more)))
