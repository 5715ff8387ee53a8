"""Petition visits (来访): registering, reading, listing, revealing ID numbers.

The rules are in ``visit_rules``; this module writes a checked visit, its
visitors and their audit entries in one IMMEDIATE transaction, gives it a
registration number and a query code, and decides whether it is a repeat visit
(重访) from what the office already has for these people.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.core.validate import Warning
from frontdesk.store.shared import audit, numbers, people, record_search, sealing
from frontdesk.store.shared.identity import mask_id
from frontdesk.store.shared.operators import Operator
from frontdesk.store.shared.people import PersonHistory
from frontdesk.store.shared.permissions import Role
from frontdesk.store.visits import rules as visit_rules

if TYPE_CHECKING:
    from frontdesk.store.api import Store


@dataclass(frozen=True)
class Visitor:
    """One person on a visit. ``id_number`` is masked unless revealed."""

    position: int
    name: str
    id_type: str
    id_number: str
    id_legacy: bool
    phone: str
    address: str
    postcode: str
    representative: bool
    liaison: bool
    nationality: str | None = None
    """A passport holder's nationality (ISO 3166-1 alpha-3 code); None otherwise."""


@dataclass(frozen=True)
class Prior:
    """An earlier record of these people, as noted on the visit."""

    channel: str
    number: str
    at: str


@dataclass(frozen=True)
class Visit:
    """A registered visit."""

    id: int
    number: str
    query_code: str
    visited_at: str
    kind: str
    headcount: int
    representatives: int
    signed: int
    concerned: int | None
    subject: str
    content: str
    category: str
    location: str
    papers: tuple[str, ...]
    disposition: str | None
    transfer_unit: str | None
    due_date: str | None
    not_accepted_reason: str | None
    notice: str
    """A notice typed for this visit; "" when the statutory notice for
    ``not_accepted_reason`` applies (the reader's language puts it in words)."""
    escalate: bool
    skipped_levels: bool
    disturbance: bool
    special: str
    repeat: bool
    previous_number: str | None
    previous_at: str | None
    previous: tuple[Prior, ...]
    same_matter: tuple[str, str] | None
    visitors: tuple[Visitor, ...]
    created_at: str
    created_by: str
    batch: str | None = None
    """Visitors received one by one (按个访): the batch (批次) their visits share,
    the number of its first visit."""
    batch_left: int = 0
    """On a batch's first visit: how many of the heads left unregistered."""
    foreign_organisation: bool = False
    """The visitors came on behalf of a foreign organisation (境外组织、机构)."""
    foreign_contact: bool = False
    """A foreign national or organisation: the desk asks the competent
    department at once and answers nothing on its own (请示, clerk's flag)."""
    signatures: int = 0
    """How many of the ``signed`` expected to sign did (签名认可); on a visit
    registered before refusals were kept, all of them (then all had to)."""
    refused_to_sign: int = 0
    revealed: bool = False
    view: str = sealing.View.FULL
    """``full``; ``outline`` (names masked, no phones, addresses, ID numbers
    or content: the duty room); ``sealed`` (an accusation read by a role that
    may not: number, date and channel only, everything else blank)."""

    @property
    def sealed(self) -> bool:
        return self.view == sealing.View.SEALED

    @property
    def liaison(self) -> Visitor | None:
        return next((v for v in self.visitors if v.liaison), None)

    @property
    def first_name(self) -> str:
        """The name that stands for the visit in lists: the liaison, else the first visitor."""
        person = self.liaison or (self.visitors[0] if self.visitors else None)
        return person.name if person else ""


def _to_visit(row: dict, party_rows: list[dict], reveal: bool, role: str) -> Visit:
    view = sealing.visit_view(role, sealing.visit_sealed(row["category"], row["not_accepted_reason"]))
    if view == sealing.View.SEALED:
        return _sealed_visit(row)
    if view == sealing.View.OUTLINE:
        reveal = False
        row = {**row, "content": "", "notice": "", "special": ""}
        party_rows = [{**p, "name": sealing.mask_name(p["name"]), "id_number": None, "phone": None,
                       "address": "", "postcode": ""} for p in party_rows]
    visitors = tuple(
        Visitor(
            position=p["position"],
            name=p["name"],
            id_type=p["id_type"] or "resident",
            id_number=(p["id_number"] or "") if reveal else mask_id(p["id_number"]),
            id_legacy=bool(p["id_legacy"]),
            phone=p["phone"] or "",
            address=p["address"],
            postcode=p["postcode"],
            representative=bool(p["representative"]),
            liaison=bool(p["liaison"]),
            nationality=p.get("nationality"),
        )
        for p in sorted(party_rows, key=lambda p: p["position"])
    )
    same = (row["same_matter_channel"], row["same_matter_number"]) if row["same_matter_channel"] else None
    return Visit(
        id=row["id"],
        number=row["number"],
        query_code=row["query_code"],
        visited_at=row["visited_at"],
        kind=row["kind"],
        headcount=row["headcount"],
        representatives=row["representatives"],
        signed=row["signed"],
        concerned=row["concerned"],
        subject=row["subject"],
        content=row["content"],
        category=row["category"],
        location=row["location"],
        papers=tuple(json.loads(row["papers"])),
        disposition=row["disposition"],
        transfer_unit=row["transfer_unit"],
        due_date=row["due_date"],
        not_accepted_reason=row["not_accepted_reason"],
        notice=row["notice"],
        escalate=bool(row["escalate"]),
        skipped_levels=bool(row["skipped_levels"]),
        disturbance=bool(row["disturbance"]),
        special=row["special"],
        repeat=bool(row["repeat"]),
        previous_number=row["previous_number"],
        previous_at=row["previous_at"],
        previous=tuple(Prior(**p) for p in json.loads(row["priors"])),
        same_matter=same,
        visitors=visitors,
        created_at=row["created_at"],
        created_by=row["created_by"],
        batch=row.get("batch"),
        batch_left=row.get("batch_left") or 0,
        foreign_organisation=bool(row.get("foreign_organisation")),
        foreign_contact=bool(row.get("foreign_contact")),
        signatures=row.get("signatures", row["signed"]),
        refused_to_sign=row.get("refused_to_sign") or 0,
        revealed=reveal,
        view=view,
    )


def _with_batches(db, rows: list[dict]) -> list[dict]:
    """The visit rows with their batch (批次) and, on a batch's first visit, the
    heads that left; the foreign-contact flag and the signatures kept in tables
    of their own."""
    marks = ",".join("?" for _ in rows)
    ids = [r["id"] for r in rows]
    links = {visit_id: (batch, left) for visit_id, batch, left in db.execute(
        f"SELECT visit_id, batch, left_count FROM visit_batches WHERE visit_id IN ({marks})", ids)}
    foreign = {visit_id: organisation for visit_id, organisation in db.execute(
        f"SELECT visit_id, organisation FROM visit_foreign_contacts WHERE visit_id IN ({marks})", ids)}
    signatures = {visit_id: (signed, refused) for visit_id, signed, refused in db.execute(
        f"SELECT visit_id, signed, refused FROM visit_signatures WHERE visit_id IN ({marks})", ids)}
    out = []
    for r in rows:
        batch, left = links.get(r["id"], (None, 0))
        extra = {"batch": batch, "batch_left": left, "foreign_contact": r["id"] in foreign,
                 "foreign_organisation": bool(foreign.get(r["id"]))}
        if r["id"] in signatures:
            extra["signatures"], extra["refused_to_sign"] = signatures[r["id"]]
        out.append({**r, **extra})
    return out


def _with_nationalities(db, parties: list[dict]) -> list[dict]:
    """The party rows with a passport holder's nationality."""
    if not parties:
        return parties
    marks = ",".join("?" for _ in parties)
    found = dict(db.execute(
        f"SELECT party_id, nationality FROM visitor_nationalities WHERE party_id IN ({marks})",
        [p["id"] for p in parties]).fetchall())
    return [{**p, "nationality": found.get(p["id"])} for p in parties]


def _sealed_visit(row: dict) -> Visit:
    """A sealed visit as a role that may not read it gets it: number, date, channel."""
    return Visit(
        id=row["id"], number=row["number"], query_code="", visited_at=row["visited_at"],
        kind=row["kind"], headcount=0, representatives=0, signed=0, concerned=None, subject="",
        content="", category="", location="", papers=(), disposition=None, transfer_unit=None,
        due_date=None, not_accepted_reason=None, notice="", escalate=False, skipped_levels=False,
        disturbance=False, special="", repeat=False, previous_number=None, previous_at=None,
        previous=(), same_matter=None, visitors=(), created_at=row["created_at"], created_by="",
        view=sealing.View.SEALED,
    )


class Visits:
    """The visits of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # checking ----------------------------------------------------------------

    def collect(self, data: object, actor: Operator | None = None):
        """Every refusal and warning for ``data`` at once (for a form), nothing written.
        With ``actor``: also an ID number the office has under another name, on a
        record ``actor`` may read (可能登记错误)."""
        checked, errors, warnings = visit_rules.collect(data, now=self._store.now())
        if actor is not None and isinstance(data, dict) and isinstance(data.get("visitors"), list):
            for index in self._other_names(actor, data["visitors"]):
                field_name = f"visitors.{index}.id_number"
                if not any(getattr(e, "field", None) == field_name for e in errors):
                    warnings = [*warnings, Warning(field_name, "warn.id_other_name")]
        return checked, errors, warnings

    def _other_names(self, actor: Operator, visitors: list) -> list[int]:
        """The places of the visitors whose ID number is on an earlier record
        ``actor`` may read, under another name."""
        from frontdesk.store.shared import identity

        found = []
        db = self._store.db
        for index, visitor in enumerate(visitors):
            if not isinstance(visitor, dict) or not visitor.get("id_number") or not visitor.get("name"):
                continue
            name = str(visitor["name"]).strip()
            try:
                id_number = identity.check_id("id_number", visitor.get("id_type") or "resident",
                                              str(visitor["id_number"]), self._store.now().date()).value
            except ValidationError:
                continue
            others = {(ch, rid) for ch, rid in db.execute(
                "SELECT channel, record_id FROM parties WHERE id_number = ? AND name != ? LIMIT 50",
                [id_number, name])}
            if not others:
                continue
            # Only records the reader may read count: a sealed one gives nothing away.
            readable = people.history(db, people=[{"id_number": id_number}], role=actor.role).definite
            if any((r.channel, r.record_id) in others and not r.sealed for r in readable):
                found.append(index)
        return found

    def history(self, actor: Operator, people_: list[dict],
                exclude_number: str | None = None) -> PersonHistory:
        """What the office already has for these people (dicts with ``id_number``,
        ``phone``, ``name`` as typed; they are normalised here), as ``actor``'s
        role may read it: a sealed accusation, or a record of a channel the role
        does not read, by its channel, number and date only. Each record says what
        came of it and by when, overdue ones marked."""
        from frontdesk.store.shared import identity

        normal = []
        for person in people_:
            entry = {"name": (person.get("name") or "").strip()}
            try:
                entry["id_number"] = identity.check_id(
                    "id_number", person.get("id_type") or "resident",
                    person.get("id_number") or "", self._store.now().date(),
                ).value if person.get("id_number") else None
            except ValidationError:
                # Still being typed: its beginning may already point at someone.
                entry["id_number"] = None
                entry["id_partial"] = identity.normalise(person.get("id_number") or "")
            try:
                entry["phone"] = identity.normalise_phone("phone", person["phone"]) if person.get("phone") else None
            except ValidationError:
                entry["phone"] = None
                entry["phone_partial"] = identity.normalise(person.get("phone") or "")
            normal.append(entry)
        db = self._store.db
        exclude = None
        if exclude_number:
            record_id = people.find_record(db, "visit", exclude_number)
            exclude = ("visit", record_id) if record_id else None
        return people.history(db, people=normal, exclude=exclude, role=actor.role,
                              today=self._store.now().date().isoformat())

    # registering -------------------------------------------------------------

    def register(self, actor: Operator, data: object) -> Visit:
        """Check and save one visit; the saved visit (ID numbers masked)."""
        checked = visit_rules.check(data, now=self._store.now())
        with self._store.write() as db:
            self._store.operators.require(actor, "visit.register")
            visit_id = self._insert(db, actor, checked, data)
        return self._get_by_id(visit_id, reveal=False, role=actor.role, typed=True)

    def register_individually(self, actor: Operator, data: object, *, left: int = 0) -> list[Visit]:
        """Visitors who refuse to elect representatives or to sign are received one
        by one (按个访接待): one individual visit per visitor listed, the matter
        carried over, linked as one batch (批次); all saved together or none.
        Every head counts: those not listed are ``left`` (they went away), so the
        listed visitors and ``left`` make the headcount."""
        if not isinstance(data, dict) or not isinstance(data.get("visitors"), list) or not data["visitors"]:
            visit_rules.check(data, now=self._store.now())  # raises the right refusal
            raise AssertionError("a visit without visitors passed the checks")
        listed = len(data["visitors"])
        if isinstance(left, bool) or not isinstance(left, int) or left < 0:
            raise ValidationError("left", "err.individually_left")
        headcount = data.get("headcount", listed)
        headcount = validate.whole_number("headcount", headcount, minimum=1, maximum=visit_rules.MAX_HEADCOUNT)
        if listed + left != headcount:
            raise ValidationError("headcount", "err.individually_heads", headcount=headcount,
                                  listed=listed, left=left)
        singles = []
        seen: set[str] = set()
        for index, visitor in enumerate(data["visitors"]):
            single = dict(data)
            single["headcount"] = 1
            single.pop("signed", None)
            single.pop("signatures", None)
            person = dict(visitor) if isinstance(visitor, dict) else visitor
            if isinstance(person, dict):
                person["representative"] = person["liaison"] = False
            single["visitors"] = [person]
            try:
                singles.append(visit_rules.check(single, now=self._store.now()))
            except ValidationError as error:
                # Name the visitor in the original list, not the single form's first.
                field = error.field.replace("visitors.0", f"visitors.{index}", 1)
                raise ValidationError(field, error.key, **error.params) from None
            # One person listed twice is refused here as on a single form.
            id_number = singles[-1].visitors[0]["id_number"]
            if id_number in seen:
                raise ValidationError(f"visitors.{index}.id_number", "err.id_duplicate")
            seen.add(id_number)
        with self._store.write() as db:
            self._store.operators.require(actor, "visit.register")
            ids = [self._insert(db, actor, checked, data) for checked in singles]
            batch = db.execute("SELECT number FROM visits WHERE id = ?", [ids[0]]).fetchone()[0]
            for position, visit_id in enumerate(ids):
                link = db.table("visit_batches").insert({
                    "visit_id": visit_id, "batch": batch, "left_count": left if position == 0 else 0,
                }).last_pk
                audit.append(db, at=self._store.now(), operator=actor.name, action="create",
                             table="visit_batches", record_id=link)
        return [self._get_by_id(visit_id, reveal=False, role=actor.role, typed=True) for visit_id in ids]

    def _insert(self, db, actor: Operator, checked: visit_rules.CheckedVisit, data: object = None) -> int:
        now = self._store.now()
        now_text = now.strftime("%Y-%m-%d %H:%M:%S")
        visited_at = checked.visited_at.strftime("%Y-%m-%d %H:%M:%S")
        found = people.history(db, people=[dict(v) for v in checked.visitors]).before(visited_at)
        earlier = found.earlier_visit
        same = checked.same_matter
        if same is not None and people.find_record(db, same[0], same[1]) is None:
            raise ValidationError("same_matter", "err.same_matter_unknown", number=same[1])
        due = checked.due_date()
        priors = [{"channel": r.channel, "number": r.number, "at": r.at} for r in found.definite]
        row = {
            "number": numbers.next_number(db, "visit", now.year),
            "query_code": numbers.new_query_code(db, "visits", self._store.random),
            "visited_at": visited_at,
            "kind": checked.kind,
            "headcount": checked.headcount,
            "representatives": checked.representatives,
            "signed": checked.signed,
            "concerned": checked.concerned,
            "subject": checked.subject,
            "content": checked.content,
            "category": checked.category,
            "location": checked.location,
            "papers": visit_rules.papers_json(checked.papers),
            "disposition": checked.disposition,
            "transfer_unit": checked.transfer_unit,
            "due_date": due.isoformat() if due else None,
            "not_accepted_reason": checked.not_accepted_reason,
            # The notice typed for this visit; "" means the statutory notice for
            # the reason, put in words by whoever reads it.
            "notice": checked.notice,
            "escalate": int(checked.escalate),
            "skipped_levels": int(checked.skipped_levels),
            "disturbance": int(checked.disturbance),
            "special": checked.special,
            "repeat": int(earlier is not None),
            "previous_number": earlier.number if earlier else None,
            "previous_at": earlier.at if earlier else None,
            "priors": json.dumps(priors, ensure_ascii=False),
            "same_matter_channel": same[0] if same else None,
            "same_matter_number": same[1] if same else None,
            "created_at": now_text,
            "created_by": actor.name,
            "updated_at": now_text,
            "updated_by": actor.name,
        }
        visit_id = db.table("visits").insert(row).last_pk
        audit.append(db, at=now, operator=actor.name, action="create", table="visits",
                     record_id=visit_id, detail={"number": row["number"]})
        for position, visitor in enumerate(checked.visitors):
            party_id = db.table("parties").insert(people.party_row("visit", visit_id, position, visitor)).last_pk
            audit.append(db, at=now, operator=actor.name, action="create", table="parties",
                         record_id=party_id)
            if visitor.get("nationality"):
                self._insert_fact(db, actor, "visitor_nationalities",
                                  {"party_id": party_id, "nationality": visitor["nationality"]})
        if checked.foreign_contact:
            self._insert_fact(db, actor, "visit_foreign_contacts", {
                "visit_id": visit_id, "organisation": int(checked.foreign_organisation),
                "nationals": checked.foreign_nationals})
        if checked.headcount > 1:
            self._insert_fact(db, actor, "visit_signatures", {
                "visit_id": visit_id, "signed": checked.signed - checked.refused_to_sign,
                "refused": checked.refused_to_sign})
        self._store.matters.join_record(db, actor, "visit", visit_id, data)
        return visit_id

    def _insert_fact(self, db, actor: Operator, table: str, row: dict) -> None:
        fact_id = db.table(table).insert(row).last_pk
        audit.append(db, at=self._store.now(), operator=actor.name, action="create", table=table,
                     record_id=fact_id)

    # reading -------------------------------------------------------------------

    def _get_by_id(self, visit_id: int, *, reveal: bool, role: str, typed: bool = False) -> Visit:
        """The visit as ``role`` reads it; ``typed``: just registered, given back
        whole to whoever typed it (for the visitor's slip), sealed or not."""
        db = self._store.db
        row = next(db.query("SELECT * FROM visits WHERE id = ?", [visit_id]))
        parties = _with_nationalities(db, list(db.query(
            "SELECT * FROM parties WHERE channel = 'visit' AND record_id = ?", [visit_id]
        )))
        if typed and sealing.visit_view(role, False) == sealing.View.FULL:
            role = Role.SUPERVISOR  # reads a sealed visit whole: its own typing
        (row,) = _with_batches(db, [row])
        return _to_visit(row, parties, reveal, role)

    def get(self, actor: Operator, number: str, *, reveal: bool = False) -> Visit:
        """One visit by its number. ``reveal`` shows full ID numbers to supervisors
        and admins, and is written to the audit trail."""
        self._store.operators.require(actor, "visit.read")
        number = (number or "").strip().upper()
        record_id = people.find_record(self._store.db, "visit", number)
        if record_id is None:
            # The visitor's slip gives the query code too; either finds the visit.
            row = self._store.db.execute(
                "SELECT id FROM visits WHERE query_code = ?", [number]
            ).fetchone()
            record_id = row[0] if row else None
        if record_id is None:
            raise ValidationError("number", "err.visit_unknown", number=number)
        if reveal:
            with self._store.write() as db:
                self._store.operators.require(actor, "visit.reveal")
                audit.append(db, at=self._store.now(), operator=actor.name, action="reveal",
                             table="visits", record_id=record_id, changed=False)
        return self._get_by_id(record_id, reveal=reveal, role=actor.role)

    def _many(self, role: str, sql: str, params: list) -> list[Visit]:
        db = self._store.db
        rows = list(db.query(sql, params))
        if not rows:
            return []
        rows = _with_batches(db, rows)
        ids = [r["id"] for r in rows]
        marks = ",".join("?" for _ in ids)
        by_visit: dict[int, list[dict]] = {}
        for party in _with_nationalities(db, list(db.query(
            f"SELECT * FROM parties WHERE channel = 'visit' AND record_id IN ({marks})", ids
        ))):
            by_visit.setdefault(party["record_id"], []).append(party)
        return [_to_visit(r, by_visit.get(r["id"], []), False, role) for r in rows]

    def on_day(self, actor: Operator, day: str | None = None) -> list[Visit]:
        """The visits of one day ("YYYY-MM-DD", today by default), newest first."""
        self._store.operators.require(actor, "visit.read")
        from frontdesk.store.core import validate

        the_day = validate.day("date", day) if day else self._store.now().date()
        start = the_day.isoformat()
        return self._many(
            actor.role, "SELECT * FROM visits WHERE visited_at >= ? AND visited_at < ?"
            " ORDER BY visited_at DESC, id DESC",
            [start, start + " 99"],
        )

    def search(self, actor: Operator, query: str, *, limit: int = 100) -> list[Visit]:
        """Past visits whose number or query code, subject, or a visitor's name,
        pinyin, phone or ID number (full or its end) matches ``query``; newest first.
        A role that may not read phones and ID numbers finds nobody by them; a
        sealed visit is found only by its number or query code by a role that may
        not read it."""
        self._store.operators.require(actor, "visit.read")
        typed = record_search.read(query)
        if typed is None:
            return []
        where, params = record_search.condition(
            "visit", typed, texts=("subject",), codes=True,
            contacts=sealing.reads_contacts(actor.role, "visit"),
            sealed=None if sealing.reads_sealed(actor.role) else sealing.VISIT_SEALED_SQL)
        return self._many(actor.role, f"SELECT * FROM visits WHERE {where}"
                          " ORDER BY visited_at DESC, id DESC LIMIT ?", [*params, limit])

    def listing(self, actor: Operator, *, day: str | None = None, query: str | None = None) -> list[Visit]:
        """The visit list: what ``query`` finds when something is typed, else the
        visits of ``day`` (today by default)."""
        return self.search(actor, query) if query else self.on_day(actor, day)

    def count_on(self, day: str) -> tuple[int, int]:
        """How many visits and visitors (heads) on a day."""
        row = self._store.db.execute(
            "SELECT count(*), coalesce(sum(headcount), 0) FROM visits"
            " WHERE visited_at >= ? AND visited_at < ?", [day, day + " 99"],
        ).fetchone()
        return row[0], row[1]

    def counts_between(self, start: str, end: str) -> dict[str, int]:
        """Visits in [start, end) by kind (individual, joint, group), and "people":
        the heads they brought."""
        counts = {"individual": 0, "joint": 0, "group": 0, "people": 0}
        for kind, count, heads in self._store.db.execute(
            "SELECT kind, count(*), coalesce(sum(headcount), 0) FROM visits"
            " WHERE visited_at >= ? AND visited_at < ? GROUP BY kind", [start, end],
        ):
            counts[kind] = count
            counts["people"] += heads
        return counts

    def groups_between(self, actor: Operator, start: str, end: str) -> list[Visit]:
        """The group visits (集体访) in [start, end), oldest first, as ``actor`` reads them."""
        return self._many(
            actor.role, "SELECT * FROM visits WHERE kind = 'group' AND visited_at >= ? AND visited_at < ?"
            " ORDER BY visited_at, id", [start, end],
        )
