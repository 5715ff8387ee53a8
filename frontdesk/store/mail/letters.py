"""Petition letters (来信): registering, handling, returning enclosures, closing,
and reading them with the accused persons filtered by role.

The rules are in ``letter_rules``. Accused persons (被检举人) are read only by
the roles of ``accused.read``: every reading function takes the actor, and a
letter that accuses anyone or is filed as an accusation is sealed for the
others (``sealing``): they get its number, date and channel, nothing else, and
find it by its number alone. Those who may read accused persons find letters
by their names and units, so repeat accusations against one official show.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import StoreError, ValidationError
from frontdesk.store.mail import letter_rules
from frontdesk.store.shared import audit, numbers, people, record_search, sealing
from frontdesk.store.shared.identity import mask_id
from frontdesk.store.shared.operators import Operator
from frontdesk.store.shared.people import PersonHistory
from frontdesk.store.shared.permissions import allowed

if TYPE_CHECKING:
    from frontdesk.store.api import Store

VIEWS = ("today", "pending", "held", "overdue", "all")


@dataclass(frozen=True)
class Enclosure:
    """Something that came with the letter, held until returned to the sender."""

    position: int
    item: str
    kind: str
    amount_cents: int | None
    received_at: str
    held_at: str
    held_by: str
    returned_at: str | None
    returned_how: str | None
    returned_by: str | None
    return_note: str

    @property
    def held(self) -> bool:
        return self.returned_at is None

    @property
    def amount(self) -> str:
        """The cash amount in yuan as text ("200.00"), or ""."""
        if self.amount_cents is None:
            return ""
        return f"{self.amount_cents // 100}.{self.amount_cents % 100:02d}"


@dataclass(frozen=True)
class Accused:
    """A person the letter accuses; ``id_number`` is masked."""

    name: str
    unit: str
    identity: str
    post: str
    rank: str
    id_number: str


@dataclass(frozen=True)
class Prior:
    channel: str
    number: str
    at: str


@dataclass(frozen=True)
class Letter:
    """A registered letter as the reading operator may see it.

    ``accused`` is empty and ``accused_hidden`` true for roles that may not
    read accused persons; ``accused_count`` says how many the letter names.
    """

    id: int
    number: str
    received_at: str
    channel: str
    kind: str
    sender_name: str
    sender_unit: str
    sender_address: str
    sender_phone: str
    sender_id_number: str
    signers: int
    letter_date: str | None
    addressee: str
    subject: str
    content: str
    requests: str
    reasons: str
    category: str
    location: str
    opening: dict
    pages_stated: int | None
    pages_received: int | None
    enclosures: tuple[Enclosure, ...]
    accused: tuple[Accused, ...]
    accused_count: int
    accused_hidden: bool
    proposal: str | None
    transfer_to: str | None
    no_transfer_reason: str | None
    opinion: str
    due_date: str
    handled_at: str | None
    handled_by: str | None
    repeat: bool
    previous_number: str | None
    previous_at: str | None
    previous: tuple[Prior, ...]
    same_matter: tuple[str, str] | None
    closed_at: str | None
    closed_by: str | None
    created_at: str
    created_by: str
    overdue: bool
    outcome: str = ""
    """What came of the letter, given when it was closed."""
    sealed: bool = False
    """An accusation read by a role that may not: only ``number``,
    ``received_at`` and ``channel`` are filled, the rest blank."""

    @property
    def pages_mismatch(self) -> bool:
        """The pages received differ from those the letter states (kept and shown)."""
        return letter_rules.pages_differ(self.pages_stated, self.pages_received)

    @property
    def joint(self) -> bool:
        return self.signers > 1

    @property
    def held_enclosures(self) -> tuple[Enclosure, ...]:
        return tuple(e for e in self.enclosures if e.held)

    @property
    def names_accused(self) -> bool:
        return self.accused_count > 0


def _sealed_letter(row: dict) -> Letter:
    """A sealed letter as a role that may not read it gets it: number, date, channel."""
    return Letter(
        id=row["id"], number=row["number"], received_at=row["received_at"], channel=row["channel"],
        kind="", sender_name="", sender_unit="", sender_address="", sender_phone="",
        sender_id_number="", signers=0, letter_date=None, addressee="", subject="", content="",
        requests="", reasons="", category="", location="", opening={}, pages_stated=None,
        pages_received=None, enclosures=(), accused=(), accused_count=0, accused_hidden=True,
        proposal=None, transfer_to=None, no_transfer_reason=None, opinion="", due_date="",
        handled_at=None, handled_by=None, repeat=False, previous_number=None, previous_at=None,
        previous=(), same_matter=None, closed_at=None, closed_by=None, created_at=row["created_at"],
        created_by="", overdue=False, sealed=True,
    )


def _to_letter(row: dict, sender: dict | None, enclosures: list[dict], accused: list[dict],
               *, show_accused: bool, today: str, outcome: str = "") -> Letter:
    if not show_accused and sealing.letter_sealed(len(accused), row["category"]):
        return _sealed_letter(row)
    sender = sender or {}
    same = (row["same_matter_channel"], row["same_matter_number"]) if row["same_matter_channel"] else None
    return Letter(
        id=row["id"], number=row["number"], received_at=row["received_at"], channel=row["channel"],
        kind=row["kind"], sender_name=sender.get("name") or "", sender_unit=row["sender_unit"],
        sender_address=sender.get("address") or "", sender_phone=sender.get("phone") or "",
        sender_id_number=mask_id(sender.get("id_number")), signers=row["signers"],
        letter_date=row["letter_date"], addressee=row["addressee"], subject=row["subject"],
        content=row["content"], requests=row["requests"], reasons=row["reasons"],
        category=row["category"], location=row["location"], opening=json.loads(row["opening"]),
        pages_stated=row["pages_stated"], pages_received=row["pages_received"],
        enclosures=tuple(
            Enclosure(e["position"], e["item"], e["kind"], e["amount_cents"], e["received_at"],
                      e["held_at"], e["held_by"], e["returned_at"], e["returned_how"],
                      e["returned_by"], e["return_note"])
            for e in sorted(enclosures, key=lambda e: e["position"])
        ),
        accused=tuple(
            Accused(a["name"], a["unit"], a["identity"], a["post"], a["rank"], mask_id(a["id_number"]))
            for a in sorted(accused, key=lambda a: a["position"])
        ) if show_accused else (),
        accused_count=len(accused), accused_hidden=not show_accused,
        proposal=row["proposal"], transfer_to=row["transfer_to"],
        no_transfer_reason=row["no_transfer_reason"], opinion=row["opinion"],
        due_date=row["due_date"], handled_at=row["handled_at"], handled_by=row["handled_by"],
        repeat=bool(row["repeat"]), previous_number=row["previous_number"],
        previous_at=row["previous_at"],
        previous=tuple(Prior(**p) for p in json.loads(row["priors"])),
        same_matter=same, closed_at=row["closed_at"], closed_by=row["closed_by"],
        created_at=row["created_at"], created_by=row["created_by"],
        overdue=row["proposal"] is None and row["due_date"] < today, outcome=outcome,
    )


class Letters:
    """The petition letters of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # checking ------------------------------------------------------------------

    def collect(self, data: object):
        """Every refusal and warning for ``data`` at once (for a form), nothing written."""
        return letter_rules.collect(data, now=self._store.now())

    def due_for(self, received_at: object) -> date | None:
        """When the proposed handling of a letter received at ``received_at`` is due, as
        the form shows it while the clerk types; None while that is not a valid time."""
        try:
            received = validate.moment("received_at", received_at, now=self._store.now())
        except ValidationError:
            return None
        return letter_rules.due_date(received.date())

    def history(self, actor: Operator, sender: dict, exclude_number: str | None = None) -> PersonHistory:
        """What the office already has for this sender (as typed): letters, visits,
        calls, as ``actor``'s role may read them (``Visits.history``)."""
        found = self._store.visits.history(actor, [sender])
        if exclude_number:
            return PersonHistory(
                tuple(r for r in found.definite if r.number != exclude_number),
                tuple(r for r in found.possible if r.number != exclude_number),
            )
        return found

    # registering ---------------------------------------------------------------

    def register(self, actor: Operator, data: object) -> Letter:
        """Check and save one letter with its sender, enclosures and accused persons."""
        checked = letter_rules.check(data, now=self._store.now())
        with self._store.write() as db:
            self._store.operators.require(actor, "letter.register")
            letter_id = self._insert(db, actor, checked, data)
        return self._get_by_id(actor, letter_id)

    def _earlier(self, db, checked: letter_rules.CheckedLetter, received: str):
        if not checked.has_sender:
            return PersonHistory((), ())
        found = people.history(db, people=[dict(checked.sender)])
        # Earlier or at the same moment: registered before this one, it came first.
        return PersonHistory(tuple(r for r in found.definite if r.at <= received),
                             tuple(r for r in found.possible if r.at <= received))

    def _insert(self, db, actor: Operator, checked: letter_rules.CheckedLetter, data: object = None) -> int:
        now = self._store.now()
        now_text = now.strftime("%Y-%m-%d %H:%M:%S")
        received = checked.received_at.strftime("%Y-%m-%d %H:%M:%S")
        found = self._earlier(db, checked, received)
        earlier = next((r for r in found.definite if r.channel == "letter"), None)
        previous_number, previous_at = (earlier.number, earlier.at) if earlier else (None, None)
        if checked.previous_number and earlier is None:
            row = db.execute("SELECT number, received_at FROM letters WHERE number = ?",
                             [checked.previous_number]).fetchone()
            if row is None or row[1] > received:
                raise ValidationError("previous_number", "err.letter_unknown",
                                      number=checked.previous_number)
            previous_number, previous_at = row
        kind = checked.kind
        if previous_number and kind == "signed":
            kind = "repeat"  # an earlier letter of the same sender makes it a repeat letter
        if kind == "repeat" and previous_number is None:
            raise ValidationError("letter_kind", "err.letter_repeat_unknown")
        same = checked.same_matter
        if same is not None and people.find_record(db, same[0], same[1]) is None:
            raise ValidationError("same_matter", "err.same_matter_unknown", number=same[1])
        handled = checked.proposal is not None
        priors = [{"channel": r.channel, "number": r.number, "at": r.at} for r in found.definite]
        row = {
            "number": numbers.next_number(db, "letter", now.year),
            "received_at": received, "channel": checked.channel, "kind": kind,
            "letter_date": checked.letter_date.isoformat() if checked.letter_date else None,
            "addressee": checked.addressee, "sender_unit": checked.sender_unit,
            "signers": checked.signers, "subject": checked.subject, "content": checked.content,
            "requests": checked.requests, "reasons": checked.reasons,
            "category": checked.category, "location": checked.location,
            "opening": json.dumps(checked.opening, sort_keys=True),
            "pages_stated": checked.pages_stated, "pages_received": checked.pages_received,
            "proposal": checked.proposal, "transfer_to": checked.transfer_to,
            "no_transfer_reason": checked.no_transfer_reason, "opinion": checked.opinion,
            "due_date": letter_rules.due_date(checked.received_at.date()).isoformat(),
            "handled_at": now_text if handled else None,
            "handled_by": actor.name if handled else None,
            "repeat": int(previous_number is not None), "previous_number": previous_number,
            "previous_at": previous_at, "priors": json.dumps(priors, ensure_ascii=False),
            "same_matter_channel": same[0] if same else None,
            "same_matter_number": same[1] if same else None,
            "closed_at": None, "closed_by": None,
            "created_at": now_text, "created_by": actor.name,
            "updated_at": now_text, "updated_by": actor.name,
        }
        letter_id = db.table("letters").insert(row).last_pk
        audit.append(db, at=now, operator=actor.name, action="create", table="letters",
                     record_id=letter_id, detail={"number": row["number"]})
        if checked.has_sender:
            party_id = db.table("parties").insert(
                people.party_row("letter", letter_id, 0, checked.sender)).last_pk
            audit.append(db, at=now, operator=actor.name, action="create", table="parties",
                         record_id=party_id)
        for position, item in enumerate(checked.enclosures):
            enclosure = {
                "letter_id": letter_id, "position": position, "item": item["item"],
                "kind": item["kind"], "amount_cents": item["amount_cents"],
                "received_at": received, "held_at": now_text, "held_by": actor.name,
                "returned_at": now_text if item["returned"] else None,
                "returned_how": item["returned_how"],
                "returned_by": actor.name if item["returned"] else None,
                "return_note": item["return_note"],
            }
            enclosure_id = db.table("letter_enclosures").insert(enclosure).last_pk
            audit.append(db, at=now, operator=actor.name, action="create",
                         table="letter_enclosures", record_id=enclosure_id)
        for position, person in enumerate(checked.accused):
            accused_id = db.table("letter_accused").insert({"letter_id": letter_id, "position": position,
                                                      **person}).last_pk
            audit.append(db, at=now, operator=actor.name, action="create", table="letter_accused",
                         record_id=accused_id)
        self._store.matters.join_record(db, actor, "letter", letter_id, data)
        return letter_id

    # changing ------------------------------------------------------------------

    def _open_letter(self, db, number: str) -> dict:
        number = (number or "").strip().upper()
        row = next(db.query("SELECT * FROM letters WHERE number = ?", [number]), None)
        if row is None:
            raise ValidationError("number", "err.letter_unknown", number=number)
        if row["closed_at"]:
            raise StoreError("err.letter_closed", number=number, at=row["closed_at"])
        audit.assert_untouched(db, "letters", row["id"])
        return row

    def handle(self, actor: Operator, number: str, data: dict) -> Letter:
        """Record (or change) the proposed handling of a letter not yet closed."""
        with self._store.write() as db:
            self._store.operators.require(actor, "letter.handle")
            row = self._open_letter(db, number)
            accused = list(db.query("SELECT * FROM letter_accused WHERE letter_id = ?", [row["id"]]))
            handling = letter_rules.check_handling(data or {}, kind=row["kind"], accused=accused,
                                                   category=row["category"])
            self._store.matters.check_later_handling(db, "letter", row["id"], handling["proposal"])
            now = self._store.now()
            now_text = now.strftime("%Y-%m-%d %H:%M:%S")
            db.table("letters").update(row["id"], {**handling, "handled_at": now_text,
                                             "handled_by": actor.name, "updated_at": now_text,
                                             "updated_by": actor.name})
            audit.append(db, at=now, operator=actor.name, action="letter_handle", table="letters",
                         record_id=row["id"], detail={"number": row["number"],
                                                      "proposal": handling["proposal"]})
        return self._get_by_id(actor, row["id"])

    def return_enclosure(self, actor: Operator, number: str, position: int, how: str,
                         note: str = "") -> Letter:
        """Record that enclosure ``position`` (1-based) went back to the sender: now,
        ``how`` (in_person, post, registered, other), by ``actor``."""
        how = validate.choice("returned_how", how, letter_rules.RETURN_METHODS, required=True)
        note = validate.text("return_note", note, max_length=200)
        with self._store.write() as db:
            self._store.operators.require(actor, "letter.handle")
            row = self._open_letter(db, number)
            enclosure = next(db.query(
                "SELECT * FROM letter_enclosures WHERE letter_id = ? AND position = ?",
                [row["id"], int(position) - 1]), None)
            if enclosure is None:
                raise ValidationError("enclosure", "err.letter_no_enclosure", number=row["number"],
                                      position=position)
            if enclosure["returned_at"]:
                raise StoreError("err.letter_enclosure_returned", item=enclosure["item"],
                                 at=enclosure["returned_at"])
            audit.assert_untouched(db, "letter_enclosures", enclosure["id"])
            now = self._store.now()
            db.table("letter_enclosures").update(enclosure["id"], {
                "returned_at": now.strftime("%Y-%m-%d %H:%M:%S"), "returned_how": how,
                "returned_by": actor.name, "return_note": note,
            })
            audit.append(db, at=now, operator=actor.name, action="enclosure_return",
                         table="letter_enclosures", record_id=enclosure["id"],
                         detail={"number": row["number"], "position": int(position)})
        return self._get_by_id(actor, row["id"])

    def close(self, actor: Operator, number: str, outcome: object = "") -> Letter:
        """Close a handled letter with what came of it (``outcome``, required);
        refused while an enclosure is still held (said first: the outcome can wait)."""
        with self._store.write() as db:
            self._store.operators.require(actor, "letter.handle")
            row = self._open_letter(db, number)
            if row["proposal"] is None:
                raise StoreError("err.letter_close_unhandled", number=row["number"])
            held = [r[0] for r in db.execute(
                "SELECT item FROM letter_enclosures WHERE letter_id = ? AND returned_at IS NULL"
                " ORDER BY position", [row["id"]])]
            if held:
                raise StoreError("err.letter_close_held", number=row["number"],
                                 items=tuple(held))
            outcome_text = validate.text("outcome", outcome, required=True, max_length=500)
            now = self._store.now()
            now_text = now.strftime("%Y-%m-%d %H:%M:%S")
            db.table("letters").update(row["id"], {"closed_at": now_text, "closed_by": actor.name,
                                             "updated_at": now_text, "updated_by": actor.name})
            audit.append(db, at=now, operator=actor.name, action="letter_close", table="letters",
                         record_id=row["id"], detail={"number": row["number"]})
            outcome_id = db.table("letter_outcomes").insert({
                "letter_id": row["id"], "outcome": outcome_text, "closed_at": now_text,
                "closed_by": actor.name}).last_pk
            audit.append(db, at=now, operator=actor.name, action="letter_outcome",
                         table="letter_outcomes", record_id=outcome_id,
                         detail={"number": row["number"]})
            self._store.matters.letter_closed(db, actor, row["id"], outcome_text)
        return self._get_by_id(actor, row["id"])

    # reading -------------------------------------------------------------------

    def _many(self, actor: Operator, sql: str, params: list) -> list[Letter]:
        db = self._store.db
        rows = list(db.query(sql, params))
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        marks = ",".join("?" for _ in ids)
        senders = {p["record_id"]: p for p in db.query(
            f"SELECT * FROM parties WHERE channel = 'letter' AND record_id IN ({marks})", ids)}
        enclosures: dict[int, list[dict]] = {}
        for e in db.query(f"SELECT * FROM letter_enclosures WHERE letter_id IN ({marks})", ids):
            enclosures.setdefault(e["letter_id"], []).append(e)
        outcomes = {o["letter_id"]: o["outcome"] for o in db.query(
            f"SELECT letter_id, outcome FROM letter_outcomes WHERE letter_id IN ({marks})", ids)}
        show = allowed(actor.role, "accused.read")
        # Only what the role may see is read at all.
        columns = "*" if show else "letter_id, position, '' AS name, '' AS unit, '' AS identity," \
            " '' AS post, '' AS rank, NULL AS id_number"
        accused: dict[int, list[dict]] = {}
        for a in db.query(f"SELECT {columns} FROM letter_accused WHERE letter_id IN ({marks})", ids):
            accused.setdefault(a["letter_id"], []).append(a)
        today = self._store.now().date().isoformat()
        return [_to_letter(r, senders.get(r["id"]), enclosures.get(r["id"], []),
                           accused.get(r["id"], []), show_accused=show, today=today,
                           outcome=outcomes.get(r["id"], "")) for r in rows]

    def _get_by_id(self, actor: Operator, letter_id: int) -> Letter:
        return self._many(actor, "SELECT * FROM letters WHERE id = ?", [letter_id])[0]

    def get(self, actor: Operator, number: str) -> Letter:
        """One letter by its number."""
        self._store.operators.require(actor, "letter.read")
        number = unicodedata.normalize("NFKC", number or "").strip().upper()
        found = self._many(actor, "SELECT * FROM letters WHERE number = ?", [number])
        if not found:
            raise ValidationError("number", "err.letter_unknown", number=number)
        return found[0]

    def listing(self, actor: Operator, view: str = "today", day: str | None = None,
                limit: int = 500, *, query: str | None = None) -> list[Letter]:
        """A register view: ``today`` (or ``day``), ``pending`` (no handling yet),
        ``held`` (enclosures not returned), ``overdue``, ``all``; newest first.
        With a ``query``, what ``search`` finds instead."""
        if query:
            return self.search(actor, query)
        self._store.operators.require(actor, "letter.read")
        view = validate.choice("view", view, VIEWS, required=True)
        order = " ORDER BY received_at DESC, id DESC LIMIT ?"
        if view == "today":
            start = (validate.day("date", day) if day else self._store.now().date()).isoformat()
            return self._many(actor, "SELECT * FROM letters WHERE received_at >= ? AND received_at < ?"
                              + order, [start, start + " 99", limit])
        if view == "pending":
            return self._many(actor, "SELECT * FROM letters WHERE proposal IS NULL" + order, [limit])
        if view == "overdue":
            today = self._store.now().date().isoformat()
            return self._many(actor, "SELECT * FROM letters WHERE proposal IS NULL AND due_date < ?"
                              + order, [today, limit])
        if view == "held":
            return self._many(actor, "SELECT * FROM letters WHERE id IN (SELECT letter_id FROM"
                              " letter_enclosures WHERE returned_at IS NULL)" + order, [limit])
        return self._many(actor, "SELECT * FROM letters" + order, [limit])

    def held_enclosures(self, actor: Operator) -> list[tuple[str, Enclosure]]:
        """Every enclosure still held, with its letter's number, oldest first."""
        letters = self.listing(actor, "held", limit=100_000)
        held = [(letter.number, e) for letter in letters for e in letter.held_enclosures]
        return sorted(held, key=lambda pair: (pair[1].received_at, pair[0], pair[1].position))

    def search(self, actor: Operator, query: str, *, limit: int = 200) -> list[Letter]:
        """Letters whose number (or its serial's digits: ``115``), subject, sender (name, pinyin, phone, end of ID
        number, unit) match; accused names and units only for roles that may read
        them, for whom alone a sealed letter is found by more than its number."""
        self._store.operators.require(actor, "letter.read")
        typed = record_search.read(query)
        if typed is None:
            return []
        may_read = sealing.reads_sealed(actor.role)
        where, params = record_search.condition("letter", typed, texts=("subject", "sender_unit"),
                                                sealed=None if may_read else sealing.LETTER_SEALED_SQL)
        if may_read:
            where += " OR id IN (SELECT letter_id FROM letter_accused WHERE name LIKE ? OR unit LIKE ?)"
            params += [typed.like, typed.like]
        serial = record_search.serial_like(query)
        if serial:  # by the number's digits, as the number itself: sealed letters too
            where += " OR number LIKE ?"
            params.append(serial)
        return self._many(actor, f"SELECT * FROM letters WHERE {where} ORDER BY received_at DESC, id DESC"
                          " LIMIT ?", [*params, limit])

    def count_between(self, start: str, end: str) -> int:
        """Letters received in [start, end) ("YYYY-MM-DD HH:MM:SS"), for reports."""
        return self._store.db.execute(
            "SELECT count(*) FROM letters WHERE received_at >= ? AND received_at < ?", [start, end]
        ).fetchone()[0]

    def counts_today(self) -> tuple[int, int, int]:
        """Letters received today, letters without handling, enclosures still held."""
        db = self._store.db
        day = self._store.now().date().isoformat()
        today = self.count_between(day, day + " 99")
        pending = db.execute("SELECT count(*) FROM letters WHERE proposal IS NULL").fetchone()[0]
        held = db.execute(
            "SELECT count(*) FROM letter_enclosures WHERE returned_at IS NULL").fetchone()[0]
        return today, pending, held

