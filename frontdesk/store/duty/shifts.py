"""Shift handover (交接班): the outgoing officer closes the shift with a note and
what is still open; the incoming officer accepts it by signing in.

A shift runs from the acceptance of one handover to the closing of the next.
Both names and times are kept, and the open items as they stood at the
handover, so the history of shifts can be read later as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.shared import audit
from frontdesk.store.shared.operators import Operator

if TYPE_CHECKING:
    from frontdesk.store.api import Store
    from frontdesk.store.duty.log import DutyEntry


@dataclass(frozen=True)
class OpenItem:
    """One open item as it stood at a handover: what it is, its number or id,
    when, and what it says: a log entry's summary, or a notice's title with the
    targets not reached yet (``missing``).

    Handovers saved before the targets were kept apart hold the whole line as
    it was written then in ``text``, with ``missing`` None, where it could not
    be read back into title and targets.
    """

    kind: str  # "unreported_urgent", "open_event", "open_follow_up", "unreported_escalation", "notice"
    ref: str
    at: str
    text: str
    missing: tuple[str, ...] | None = None

    def as_json(self) -> dict:
        """The item as stored with its handover."""
        item: dict[str, object] = {"kind": self.kind, "ref": self.ref, "at": self.at, "text": self.text}
        if self.missing is not None:
            item["missing"] = list(self.missing)
        return item


def _to_item(item: dict) -> OpenItem:
    missing = item.get("missing")
    return OpenItem(item["kind"], item["ref"], item["at"], item["text"],
                    tuple(missing) if missing is not None else None)


@dataclass(frozen=True)
class Handover:
    """One closed shift: who handed over, when, the note, what was open, who took over."""

    id: int
    from_officer: str
    closed_at: str
    note: str
    open_items: tuple[OpenItem, ...]
    to_officer: str | None
    accepted_at: str | None
    from_name: str = ""
    """The outgoing officer's full name (the login name when none is recorded)."""
    to_name: str = ""
    """The incoming officer's full name, "" while nobody has taken over."""

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None


def _entry_item(kind: str, entry: DutyEntry) -> OpenItem:
    return OpenItem(kind, entry.number, entry.at, entry.summary)


class Shifts:
    """The handovers of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def open_items(self, actor: Operator) -> list[OpenItem]:
        """What the shift would hand over now."""
        found = self._store.duty.open_items(actor)
        items = [_entry_item("unreported_urgent", e) for e in found.unreported_urgent]
        items += [_entry_item("open_event", e) for e in found.open_events]
        items += [_entry_item("open_follow_up", e) for e in found.open_follow_ups]
        items += [OpenItem("unreported_escalation", e.number, e.at, e.subject)
                  for e in self._store.escalations.unreported(actor)]
        for notice in self._store.notices.open_notices(actor):
            missing = tuple(target.target for target in notice.targets if not target.reached)
            items.append(OpenItem("notice", str(notice.id), notice.deadline or notice.created_at,
                                  notice.title, missing))
        return items

    def pending(self) -> Handover | None:
        """The handover waiting for the incoming officer, if any."""
        rows = list(self._store.db.query(
            "SELECT * FROM duty_handovers WHERE accepted_at IS NULL ORDER BY id DESC LIMIT 1"))
        return self._to_handover(rows[0]) if rows else None

    def close(self, actor: Operator, note: object) -> Handover:
        """Close the shift with a note (required: the incoming officer reads it
        first); what is open is kept with it."""
        note_text = validate.text("handover_note", note, required=True, max_length=2000, multiline=True)
        items = self.open_items(actor)
        now = self._store.now()
        with self._store.write() as db:
            self._store.operators.require(actor, "duty.write")
            if self.pending() is not None:
                raise ValidationError("handover_note", "err.handover_pending")
            row = {
                "from_officer": actor.name,
                "closed_at": now.strftime("%Y-%m-%d %H:%M:%S"),
                "note": note_text,
                "open_items": json.dumps([item.as_json() for item in items], ensure_ascii=False),
                "to_officer": None,
                "accepted_at": None,
            }
            handover_id = db.table("duty_handovers").insert(row).last_pk
            assert handover_id is not None
            audit.append(db, at=now, operator=actor.name, action="handover",
                         table="duty_handovers", record_id=handover_id,
                         detail={"open_items": len(items)})
        return self.get(handover_id)

    def accept(self, name: str, password: str) -> Handover:
        """The incoming officer signs in to take over the pending handover.

        The sign-in and the right to keep the duty log are checked (and audited)
        first: whether a handover is pending is not said to someone else. The
        officer who handed over cannot take the shift back from themselves.
        """
        incoming = self._store.operators.authenticate(name, password)
        self._store.operators.require(incoming, "duty.write")
        pending = self.pending()
        if pending is None:
            raise ValidationError("handover", "err.handover_none")
        now = self._store.now()
        with self._store.write() as db:
            if incoming.name == pending.from_officer:
                raise ValidationError("name", "err.handover_same_officer")
            audit.assert_untouched(db, "duty_handovers", pending.id)
            changed = db.execute(
                "UPDATE duty_handovers SET to_officer = ?, accepted_at = ?"
                " WHERE id = ? AND accepted_at IS NULL",
                [incoming.name, now.strftime("%Y-%m-%d %H:%M:%S"), pending.id],
            ).rowcount
            if not changed:
                raise ValidationError("handover", "err.handover_none")
            audit.append(db, at=now, operator=incoming.name, action="accept",
                         table="duty_handovers", record_id=pending.id)
        return self.get(pending.id)

    def carried(self, actor: Operator) -> tuple[Handover | None, list[OpenItem]]:
        """What the current shift took over: the last handover once accepted (None
        while it waits, or before any), and those of its items still open now, as
        they stand now."""
        self._store.operators.require(actor, "duty.read")
        rows = list(self._store.db.query("SELECT * FROM duty_handovers ORDER BY id DESC LIMIT 1"))
        if not rows or rows[0]["accepted_at"] is None:
            return None, []
        handover = self._to_handover(rows[0])
        taken = {item.ref for item in handover.open_items}
        return handover, [item for item in self.open_items(actor) if item.ref in taken]

    def full_name(self, name: str | None) -> str:
        """How an officer is named on screen and paper: the full name recorded
        for the login ``name``, else the login name; "" for None."""
        if not name:
            return ""
        operator = self._store.operators.get(name)
        return operator.label if operator is not None else name

    def _to_handover(self, row: dict) -> Handover:
        items = tuple(_to_item(item) for item in json.loads(row["open_items"] or "[]"))
        return Handover(row["id"], row["from_officer"], row["closed_at"], row["note"], items,
                        row["to_officer"], row["accepted_at"], self.full_name(row["from_officer"]),
                        self.full_name(row["to_officer"]))

    def get(self, handover_id: int) -> Handover:
        rows = list(self._store.db.query("SELECT * FROM duty_handovers WHERE id = ?", [handover_id]))
        if not rows:
            raise ValidationError("handover", "err.handover_unknown", id=handover_id)
        return self._to_handover(rows[0])

    def history(self, actor: Operator, limit: int = 100) -> list[Handover]:
        """Handovers newest first."""
        self._store.operators.require(actor, "duty.read")
        return [self._to_handover(row) for row in self._store.db.query(
            "SELECT * FROM duty_handovers ORDER BY id DESC LIMIT ?", [limit])]

    def shift_start(self) -> str | None:
        """When the current shift began: the last handover's acceptance (or its
        closing, while the incoming officer has not signed yet)."""
        row = self._store.db.execute(
            "SELECT coalesce(accepted_at, closed_at) FROM duty_handovers ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    def log_start(self) -> str:
        """Where the duty log of the current shift begins: the shift's start, or
        24 hours back while no shift has ever been handed over."""
        from datetime import timedelta

        return self.shift_start() or (self._store.now() - timedelta(hours=24)).strftime("%Y-%m-%d %H:%M:%S")

    def officers_between(self, start: str, end: str) -> list[str]:
        """Login names of the officers on duty at some time in [start, end): who
        was on duty at the start, who took over and who handed over inside it."""
        db = self._store.db
        names: list[str] = []
        before = db.execute(
            "SELECT to_officer FROM duty_handovers WHERE accepted_at IS NOT NULL AND accepted_at <= ?"
            " ORDER BY accepted_at DESC, id DESC LIMIT 1", [start]).fetchone()
        if before:
            names.append(before[0])
        for closed_by, taken_by, accepted in db.execute(
            "SELECT from_officer, to_officer, accepted_at FROM duty_handovers"
            " WHERE (closed_at >= ? AND closed_at < ?) OR (accepted_at >= ? AND accepted_at < ?)"
            " ORDER BY closed_at, id", [start, end, start, end]):
            names.append(closed_by)
            if taken_by and accepted < end:
                names.append(taken_by)
        return list(dict.fromkeys(names))
