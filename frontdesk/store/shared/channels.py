"""The channels (渠道) records come in by, in one place: 来访 visit, 来信 letter,
值班 duty, 登记邮件 post, 公文 doc.

Per channel: the table of its records, the letter its registration numbers begin
with, the permission a role needs to read them, the columns of a record's time
and subject, and how its records read into the quick lookup. Numbering, the
lookup, the cross-channel history of a person and the role filter all ask here.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.store.shared.channel_readers import (
    Reader,
    read_documents,
    read_duty,
    read_letters,
    read_post,
    read_visits,
)


@dataclass(frozen=True)
class Channel:
    """One kind of numbered record."""

    name: str
    table: str
    prefix: str
    """The letter before a registration number: ``V`` of ``V2026-000042``."""
    read_permission: str
    at: str
    """The column of the record's time (when it came in)."""
    subject: str | None
    """The column saying what it is about (post has none)."""
    reader: Reader
    """How its records read into the lookup index (and show in its answers)."""
    transferred_to: str | None = None
    """Where it was sent on, shown in a person's history."""
    people: bool = False
    """Its people are in ``parties``: their history finds it, and it can be
    named as the same matter (同一事项) of another record."""


# In the lookup's order (its channel filter steps through them so).
CHANNELS: dict[str, Channel] = {
    channel.name: channel for channel in (
        Channel("visit", "visits", "V", "visit.read", "visited_at", "subject", read_visits,
                transferred_to="transfer_unit", people=True),
        Channel("duty", "duty_entries", "D", "duty.read", "at", "summary", read_duty,
                transferred_to="assignee", people=True),
        Channel("letter", "letters", "L", "letter.read", "received_at", "subject", read_letters,
                transferred_to="transfer_to", people=True),
        Channel("post", "post_items", "P", "post.read", "received_at", None, read_post),
        Channel("doc", "documents", "S", "doc.read", "received_at", "title", read_documents),
    )
}

PEOPLE_CHANNELS: tuple[str, ...] = tuple(name for name, channel in CHANNELS.items() if channel.people)
"""The channels a person's history covers and a same matter may be named from."""


_BY_TABLE = {channel.table: channel for channel in CHANNELS.values()}


def by_table(table: str) -> Channel | None:
    """The channel whose records are in ``table``, if any."""
    return _BY_TABLE.get(table)
