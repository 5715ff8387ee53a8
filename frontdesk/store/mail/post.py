"""Registered post (挂号件): signed for at the mail room, registered, and passed
on at once to the unit or person it is for (即时转出), who signs for it.

An item is found by its registration number (P2026-000001) or its tracking
number, whole or by its last digits (the end is what people read out).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import StoreError, ValidationError, ValidationErrors
from frontdesk.store.core.validate import Checks
from frontdesk.store.shared import audit, numbers, record_search
from frontdesk.store.shared.operators import Operator

if TYPE_CHECKING:
    from frontdesk.store.api import Store

KEYS = frozenset({"tracking_number", "sender", "addressee", "received_at", "signed_by"})
VIEWS = ("today", "waiting", "all")
_TRACKING = re.compile(r"^[A-Z0-9]{6,30}$")
_SEPARATORS = re.compile(r"[\s\-－—_.·]")
MIN_TAIL = 4


def normalise_tracking(value: str) -> str:
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def tracking_number(field: str, value: object) -> str:
    """A tracking number: 6-30 letters and digits once spaces and dashes are gone."""
    raw = validate.text(field, value, required=True, max_length=60)
    number = normalise_tracking(raw)
    if not _TRACKING.match(number):
        raise ValidationError(field, "err.post_tracking")
    return number


@dataclass(frozen=True)
class PostItem:
    """A registered item and where it went."""

    id: int
    number: str
    tracking_number: str
    sender: str
    addressee: str
    received_at: str
    signed_by: str
    passed_to: str | None
    passed_at: str | None
    passed_signed_by: str | None
    passed_by: str | None
    created_at: str
    created_by: str
    today: str

    @property
    def waiting(self) -> bool:
        """Not passed on yet."""
        return self.passed_at is None

    @property
    def late(self) -> bool:
        """Still here from an earlier day: it should have gone at once."""
        return self.waiting and self.received_at[:10] < self.today


def _to_item(row: dict, today: str) -> PostItem:
    return PostItem(
        row["id"], row["number"], row["tracking_number"], row["sender"], row["addressee"],
        row["received_at"], row["signed_by"], row["passed_to"], row["passed_at"],
        row["passed_signed_by"], row["passed_by"], row["created_at"], row["created_by"], today,
    )


def collect(data: object, *, now: datetime, default_signer: str):
    """(checked values, refusals) of a registered item."""
    c = Checks()
    if not isinstance(data, dict):
        return None, [ValidationError("post", "err.object")]
    c.unknown_keys(data, KEYS)
    checked = {
        "tracking_number": c.run(tracking_number, "tracking_number", data.get("tracking_number")),
        "sender": c.run(validate.text, "post_sender", data.get("sender"), max_length=100) or "",
        "addressee": c.run(validate.text, "post_addressee", data.get("addressee"), required=True,
                           max_length=100) or "",
        "received_at": c.run(validate.moment, "received_at", data.get("received_at"), now=now),
        "signed_by": c.run(validate.text, "post_signed_by", data.get("signed_by"), max_length=40)
        or default_signer,
    }
    return c.outcome(checked)


class Post:
    """The registered post of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def collect(self, actor: Operator, data: object):
        return collect(data, now=self._store.now(), default_signer=actor.label)

    def register(self, actor: Operator, data: object) -> PostItem:
        """Sign in one registered item; a tracking number is registered once."""
        checked, errors = self.collect(actor, data)
        if errors:
            raise ValidationErrors(errors)
        with self._store.write() as db:
            self._store.operators.require(actor, "post.register")
            known = db.execute("SELECT number FROM post_items WHERE tracking_number = ?",
                               [checked["tracking_number"]]).fetchone()
            if known:
                raise ValidationError("tracking_number", "err.post_duplicate", number=known[0])
            now = self._store.now()
            now_text = now.strftime("%Y-%m-%d %H:%M:%S")
            row = {
                "number": numbers.next_number(db, "post", now.year),
                "tracking_number": checked["tracking_number"],
                "tracking_reversed": checked["tracking_number"][::-1],
                "sender": checked["sender"], "addressee": checked["addressee"],
                "received_at": checked["received_at"].strftime("%Y-%m-%d %H:%M:%S"),
                "signed_by": checked["signed_by"],
                "passed_to": None, "passed_at": None, "passed_signed_by": None, "passed_by": None,
                "created_at": now_text, "created_by": actor.name,
                "updated_at": now_text, "updated_by": actor.name,
            }
            item_id = db.table("post_items").insert(row).last_pk
            assert item_id is not None
            audit.append(db, at=now, operator=actor.name, action="create", table="post_items",
                         record_id=item_id, detail={"number": row["number"]})
        return self._by_id(item_id)

    def pass_on(self, actor: Operator, number: str, to: str, signed_by: str | None = None,
                at: str | None = None) -> PostItem:
        """Record that the item went to ``to``, when, and who signed for it there."""
        to = validate.text("passed_to", to, required=True, max_length=100)
        signed_by = validate.text("passed_signed_by", signed_by, max_length=40) or to
        when = validate.moment("passed_at", at, now=self._store.now())
        with self._store.write() as db:
            self._store.operators.require(actor, "post.register")
            row = self._find_one(db, number)
            if row["passed_at"]:
                raise StoreError("err.post_already_passed", number=row["number"],
                                 to=row["passed_to"], at=row["passed_at"])
            when_text = when.strftime("%Y-%m-%d %H:%M:%S")
            if when_text < row["received_at"]:
                raise ValidationError("passed_at", "err.post_passed_before")
            audit.assert_untouched(db, "post_items", row["id"])
            now = self._store.now()
            db.table("post_items").update(row["id"], {
                "passed_to": to, "passed_at": when_text, "passed_signed_by": signed_by,
                "passed_by": actor.name, "updated_at": now.strftime("%Y-%m-%d %H:%M:%S"),
                "updated_by": actor.name,
            })
            audit.append(db, at=now, operator=actor.name, action="post_pass", table="post_items",
                         record_id=row["id"], detail={"number": row["number"]})
        return self._by_id(row["id"])

    def _find_one(self, db, number: str) -> dict:
        typed = normalise_tracking(number)
        rows = list(db.query(
            "SELECT * FROM post_items WHERE number = ? OR tracking_number = ?",
            [unicodedata.normalize("NFKC", number or "").strip().upper(), typed]))
        if not rows and len(typed) >= MIN_TAIL:
            # The last digits name an item when they name exactly one.
            reversed_tail = typed[::-1]
            rows = list(db.query(
                "SELECT * FROM post_items WHERE tracking_reversed >= ? AND tracking_reversed < ?"
                " LIMIT 2", [reversed_tail, reversed_tail + "~"]))
            if len(rows) > 1:
                raise ValidationError("number", "err.post_ambiguous", number=number)
        if not rows:
            raise ValidationError("number", "err.post_unknown", number=number)
        return rows[0]

    def _by_id(self, item_id: int) -> PostItem:
        row = next(self._store.db.query("SELECT * FROM post_items WHERE id = ?", [item_id]))
        return _to_item(row, self._store.now().date().isoformat())

    def _many(self, sql: str, params: list) -> list[PostItem]:
        today = self._store.now().date().isoformat()
        return [_to_item(row, today) for row in self._store.db.query(sql, params)]

    def get(self, actor: Operator, number: str) -> PostItem:
        """One item by its registration or whole tracking number."""
        self._store.operators.require(actor, "post.read")
        return _to_item(self._find_one(self._store.db, number), self._store.now().date().isoformat())

    def find(self, actor: Operator, typed: str, *, limit: int = 100) -> list[PostItem]:
        """Items whose tracking number is ``typed`` or ends with it (4 characters at
        least), or whose registration number it is (or its serial's digits:
        ``115``); newest first."""
        self._store.operators.require(actor, "post.read")
        tail = normalise_tracking(typed)
        serial = record_search.serial_like(typed)
        where, params = ["number = ?"], [unicodedata.normalize("NFKC", typed).strip().upper()]
        if serial:  # the registration number by its serial's digits
            where.append("number LIKE ?")
            params.append(serial)
        if len(tail) >= MIN_TAIL:
            where.append("(tracking_reversed >= ? AND tracking_reversed < ?)")
            params += [tail[::-1], tail[::-1] + "~"]
        elif serial is None:
            return []
        return self._many(f"SELECT * FROM post_items WHERE {' OR '.join(where)}"
                          " ORDER BY received_at DESC, id DESC LIMIT ?", [*params, limit])

    def listing(self, actor: Operator, view: str = "today", day: str | None = None,
                limit: int = 500, *, query: str | None = None) -> list[PostItem]:
        """``today`` (or ``day``): what came that day and whatever still waits;
        ``waiting``: not passed on; ``all``. Newest first. With a ``query``, the
        items ``find`` names instead."""
        if query:
            return self.find(actor, query)
        self._store.operators.require(actor, "post.read")
        view = validate.choice("view", view, VIEWS, required=True)
        order = " ORDER BY received_at DESC, id DESC LIMIT ?"
        if view == "waiting":
            return self._many("SELECT * FROM post_items WHERE passed_at IS NULL" + order, [limit])
        if view == "all":
            return self._many("SELECT * FROM post_items" + order, [limit])
        start = (validate.day("date", day) if day else self._store.now().date()).isoformat()
        return self._many(
            "SELECT * FROM post_items WHERE (received_at >= ? AND received_at < ?)"
            " OR passed_at IS NULL" + order, [start, start + " 99", limit])

    def counts_today(self) -> tuple[int, int]:
        """Items received today, items not passed on."""
        db = self._store.db
        day = self._store.now().date().isoformat()
        today = db.execute("SELECT count(*) FROM post_items WHERE received_at >= ? AND received_at < ?",
                           [day, day + " 99"]).fetchone()[0]
        waiting = db.execute("SELECT count(*) FROM post_items WHERE passed_at IS NULL").fetchone()[0]
        return today, waiting
