"""Incoming official documents (收文): the incoming serial number (收文编号,
sequential per year), issuing office, document number (文号), title, copies
(份数), urgency, secrecy; and circulation (传阅): the proposed reading list and
handling opinion (拟传阅范围和拟办意见), each reader ticked off with the time,
and documents not back in time chased (催办).

Classified documents (密件: 秘密 secret, 机密 confidential, 绝密 top secret) are
never entered: they are registered by hand in the paper register (密件登记本).
Here they take a serial number as a stub holding only the date, the level, the
number of copies and where the paper register holds it (page and line), so the
numbering stays continuous; anything more is refused.

A leader's instruction (批示) on a document is recorded with who wrote it, when
and its words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from frontdesk.store.core import validate
from frontdesk.store.core.errors import StoreError, ValidationError, ValidationErrors
from frontdesk.store.core.validate import Checks
from frontdesk.store.shared import audit, numbers, record_search
from frontdesk.store.shared.operators import Operator

if TYPE_CHECKING:
    from frontdesk.store.api import Store

SECRECY = ("none", "secret", "confidential", "top_secret")
URGENCY = ("normal", "urgent", "very_urgent")
# Days the reading list has to come back in when no date is given.
RETURN_DAYS = {"very_urgent": 1, "urgent": 3, "normal": 7}
KEYS = frozenset({"received_at", "issuer", "doc_number", "title", "content", "copies", "urgency",
                  "secrecy", "readers", "opinion", "return_by", "paper_page", "paper_line"})
# What a classified stub may hold; every other key must stay empty.
STUB_KEYS = frozenset({"received_at", "secrecy", "copies", "paper_page", "paper_line"})
STUB_REFUSED = ("title", "content", "issuer", "doc_number", "urgency", "readers",
                "opinion", "return_by")
PAPER_KEYS = ("paper_page", "paper_line")
"""Only a classified stub has them: the page and line of the paper register."""
VIEWS = ("today", "circulating", "overdue", "all")
CHASE_METHODS = ("phone", "in_person", "message", "other")
MAX_READERS = 50

WHOLE_NUMBER = re.compile(r"[A-Z]+\d{4}-\d+")
"""A whole registration number as typed (``D2026-000115``)."""


@dataclass(frozen=True)
class Reader:
    """One name on the reading list; ``read_at`` once ticked off."""

    position: int
    reader: str
    read_at: str | None
    ticked_by: str | None


@dataclass(frozen=True)
class Chase:
    """One chase (催办) of a reader: when, how, what they answered, by whom."""

    reader: str
    at: str
    how: str
    answer: str
    by: str


@dataclass(frozen=True)
class Instruction:
    """A leader's instruction (批示): who, when, the words; who recorded it."""

    leader: str
    at: str
    text: str
    by: str


@dataclass(frozen=True)
class Document:
    """An incoming document, or the stub of a classified one."""

    id: int
    number: str
    received_at: str
    secrecy: str
    issuer: str
    doc_number: str
    title: str
    content: str
    copies: int | None
    urgency: str
    opinion: str
    return_by: str | None
    readers: tuple[Reader, ...]
    created_at: str
    created_by: str
    today: str
    chases: tuple[Chase, ...] = ()
    instructions: tuple[Instruction, ...] = ()
    paper_page: int | None = None
    """A classified stub's page in the paper register (密件登记本)."""
    paper_line: int | None = None
    """A classified stub's line on that page."""

    @property
    def classified(self) -> bool:
        return self.secrecy != "none"

    @property
    def unread(self) -> tuple[Reader, ...]:
        return tuple(r for r in self.readers if r.read_at is None)

    @property
    def circulating(self) -> bool:
        return bool(self.unread)

    @property
    def overdue(self) -> bool:
        """Not back in time: to be chased (催办)."""
        return self.circulating and self.return_by is not None and self.return_by < self.today


def _empty(key: str, value: object) -> bool:
    if key == "urgency" and value == "normal":
        return True
    return value is None or value in ("", [], {}) or (isinstance(value, str) and not value.strip())


def collect(data: object, *, now: datetime):
    """(checked values, refusals) of a document: all refusals at once."""
    c = Checks()
    if not isinstance(data, dict):
        return None, [ValidationError("document", "err.object")]
    c.unknown_keys(data, KEYS)
    received = c.run(validate.moment, "received_at", data.get("received_at"), now=now)
    secrecy = c.run(validate.choice, "secrecy", data.get("secrecy") or "none", SECRECY) or "none"
    if secrecy != "none":
        # Nothing of a classified document goes into the system but its number,
        # date and level: the clerk is sent to the paper register.
        for key in STUB_REFUSED:
            if key in data and not _empty(key, data[key]):
                field = {"content": "doc_content", "title": "doc_title"}.get(key, key)
                c.refuse(field, "err.doc_classified")
        checked: dict[str, Any] = {
            "received_at": received, "secrecy": secrecy, "issuer": "", "doc_number": "",
            "title": "", "content": "", "urgency": "normal", "opinion": "", "return_by": None, "readers": (),
            "copies": c.run(validate.whole_number, "copies", data.get("copies"), minimum=1,
                            maximum=10_000, required=False) or 1,
            **{key: c.run(validate.whole_number, key, data.get(key), minimum=1, maximum=100_000)
               for key in PAPER_KEYS}}
        return c.outcome(checked)
    for key in PAPER_KEYS:
        if not _empty(key, data.get(key)):
            c.refuse(key, "err.doc_paper_unclassified")
    urgency = c.run(validate.choice, "urgency", data.get("urgency") or "normal", URGENCY) or "normal"
    readers = c.run(reader_list, data.get("readers")) or ()
    if len(set(readers)) != len(readers):
        c.refuse("readers", "err.doc_reader_twice")
    return_by = None
    if data.get("return_by") not in (None, ""):
        return_by = c.run(validate.day, "return_by", data.get("return_by"))
        if return_by and received and return_by < received.date():
            c.refuse("return_by", "err.doc_return_before")
    elif received:
        return_by = received.date() + timedelta(days=RETURN_DAYS[urgency])
    checked = {
        "received_at": received, "secrecy": "none",
        "issuer": c.run(validate.text, "issuer", data.get("issuer"), required=True, max_length=100) or "",
        "doc_number": c.run(validate.text, "doc_number", data.get("doc_number"), max_length=60) or "",
        "title": c.run(validate.text, "doc_title", data.get("title"), required=True, max_length=200) or "",
        "content": c.run(validate.text, "doc_content", data.get("content"), max_length=5000,
                         multiline=True) or "",
        "copies": c.run(validate.whole_number, "copies", data.get("copies"), minimum=1,
                        maximum=10_000, required=False) or 1,
        "urgency": urgency,
        "opinion": c.run(validate.text, "opinion", data.get("opinion"), max_length=2000,
                         multiline=True) or "",
        "return_by": return_by,
        "readers": tuple(readers),
    }
    return c.outcome(checked)


def reader_list(value: object) -> tuple[str, ...]:
    """Readers as a list, or as typed on one line (separated by commas or 、);
    a name holds neither, so a list's items are split the same way."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        value = [name for item in value for name in item.replace("，", ",").replace("、", ",").split(",")]
    return validate.text_list("readers", value, max_items=MAX_READERS, max_length=40)


class Documents:
    """The incoming documents of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def collect(self, data: object):
        return collect(data, now=self._store.now())

    def register(self, actor: Operator, data: object) -> Document:
        """Register a document (or a classified stub) under the next serial number."""
        checked, errors = self.collect(data)
        if errors:
            raise ValidationErrors(errors)
        with self._store.write() as db:
            self._store.operators.require(actor, "doc.register")
            now = self._store.now()
            now_text = now.strftime("%Y-%m-%d %H:%M:%S")
            row = {
                "number": numbers.next_number(db, "doc", now.year),
                "received_at": checked["received_at"].strftime("%Y-%m-%d %H:%M:%S"),
                **{k: checked[k] for k in ("secrecy", "issuer", "doc_number", "title", "content",
                                           "copies", "urgency", "opinion")},
                "return_by": checked["return_by"].isoformat() if checked["return_by"] else None,
                "created_at": now_text, "created_by": actor.name,
                "updated_at": now_text, "updated_by": actor.name,
            }
            doc_id = db.table("documents").insert(row).last_pk
            assert doc_id is not None
            audit.append(db, at=now, operator=actor.name, action="create", table="documents",
                         record_id=doc_id, detail={"number": row["number"]})
            self._add_readers(db, actor, doc_id, checked["readers"], 0, now)
            if checked["secrecy"] != "none":
                line_id = db.table("document_paper_lines").insert({
                    "document_id": doc_id, "page": checked["paper_page"], "line": checked["paper_line"]}).last_pk
                audit.append(db, at=now, operator=actor.name, action="create", table="document_paper_lines",
                             record_id=line_id, detail={"number": row["number"]})
        return self._by_id(doc_id)

    def _add_readers(self, db, actor: Operator, doc_id: int, readers, start: int, now) -> None:
        for position, reader in enumerate(readers, start=start):
            reader_id = db.table("document_readers").insert({
                "document_id": doc_id, "position": position, "reader": reader,
                "read_at": None, "ticked_by": None}).last_pk
            audit.append(db, at=now, operator=actor.name, action="create",
                         table="document_readers", record_id=reader_id)

    def _open(self, db, number: str) -> dict:
        number = (number or "").strip().upper()
        row = next(db.query("SELECT * FROM documents WHERE number = ?", [number]), None)
        if row is None:
            raise ValidationError("number", "err.doc_unknown", number=number)
        if row["secrecy"] != "none":
            raise StoreError("err.doc_classified_paper", number=number)
        return row

    def circulate(self, actor: Operator, number: str, readers: list[str] | str,
                  opinion: str | None = None, return_by: str | None = None) -> Document:
        """Add readers to the reading list (a list, or names on one line); set the
        handling opinion and the date the list must be back by, where given. Names
        already on the list are not added twice; nothing new at all is refused."""
        readers = list(reader_list(readers))
        opinion = validate.text("opinion", opinion, max_length=2000, multiline=True) if opinion else None
        back_by: date | None = validate.day("return_by", return_by) if return_by else None
        with self._store.write() as db:
            self._store.operators.require(actor, "doc.register")
            row = self._open(db, number)
            present = [r[0] for r in db.execute(
                "SELECT reader FROM document_readers WHERE document_id = ? ORDER BY position", [row["id"]])]
            new = [r for i, r in enumerate(readers) if r not in present and r not in readers[:i]]
            if back_by and back_by.isoformat() < row["received_at"][:10]:
                raise ValidationError("return_by", "err.doc_return_before")
            if len(present) + len(new) > MAX_READERS:
                raise ValidationError("readers", "err.too_many", max=MAX_READERS)
            if not new and opinion in (None, row["opinion"]) and back_by in (None, row["return_by"]):
                key = "err.doc_readers_listed" if readers else "err.required"
                raise ValidationError("readers", key, readers="、".join(readers))
            now = self._store.now()
            changes = {}
            if opinion is not None:
                changes["opinion"] = opinion
            if back_by is not None:
                changes["return_by"] = back_by.isoformat()
            if changes:
                audit.assert_untouched(db, "documents", row["id"])
                changes.update(updated_at=now.strftime("%Y-%m-%d %H:%M:%S"), updated_by=actor.name)
                db.table("documents").update(row["id"], changes)
                audit.append(db, at=now, operator=actor.name, action="update", table="documents",
                             record_id=row["id"], detail={"number": row["number"]})
            self._add_readers(db, actor, row["id"], new, len(present), now)
        return self._by_id(row["id"])

    def tick(self, actor: Operator, number: str, reader: str, at: str | None = None) -> Document:
        """Tick ``reader`` (a name on the list, or its place from 1) off as back, at
        ``at`` or now."""
        when = validate.moment("read_at", at, now=self._store.now())
        with self._store.write() as db:
            self._store.operators.require(actor, "doc.register")
            row = self._open(db, number)
            listed = list(db.query("SELECT * FROM document_readers WHERE document_id = ?"
                                   " ORDER BY position", [row["id"]]))
            typed = (reader or "").strip()
            found = next((r for r in listed if r["reader"] == typed), None)
            # A reader's place on the list: only 0-9 (other scripts' digits pass
            # isdigit but not int), and short.
            if (found is None and typed.isascii() and typed.isdigit() and len(typed) < 5
                    and 1 <= int(typed) <= len(listed)):
                found = listed[int(typed) - 1]
            if found is None:
                raise ValidationError("reader", "err.doc_reader_unknown", reader=typed,
                                      number=row["number"])
            if found["read_at"]:
                raise StoreError("err.doc_reader_ticked", reader=found["reader"], at=found["read_at"])
            when_text = when.strftime("%Y-%m-%d %H:%M:%S")
            if when_text < row["received_at"]:
                raise ValidationError("read_at", "err.doc_read_before")
            audit.assert_untouched(db, "document_readers", found["id"])
            db.table("document_readers").update(found["id"], {"read_at": when_text, "ticked_by": actor.name})
            audit.append(db, at=self._store.now(), operator=actor.name, action="doc_tick",
                         table="document_readers", record_id=found["id"],
                         detail={"number": row["number"], "reader": found["reader"]})
        return self._by_id(row["id"])

    def chase(self, actor: Operator, number: str, reader: str, how: str, answer: object,
              at: str | None = None) -> Document:
        """Log a chase (催办) of ``reader``, a name still out on the list: ``how``
        (phone, in_person, message, other), their ``answer``, at ``at`` or now."""
        how = validate.choice("how", how, CHASE_METHODS, required=True)
        answer_text = validate.text("answer", answer, required=True, max_length=200)
        when = validate.moment("chased_at", at, now=self._store.now())
        with self._store.write() as db:
            self._store.operators.require(actor, "doc.register")
            row = self._open(db, number)
            typed = (reader or "").strip()
            out = [r[0] for r in db.execute("SELECT reader FROM document_readers WHERE document_id = ?"
                                            " AND read_at IS NULL ORDER BY position", [row["id"]])]
            if typed not in out:
                raise ValidationError("reader", "err.doc_chase_reader", reader=typed, number=row["number"])
            when_text = when.strftime("%Y-%m-%d %H:%M:%S")
            if when_text < row["received_at"]:
                raise ValidationError("chased_at", "err.doc_read_before")
            now = self._store.now()
            chase_id = db.table("document_chases").insert({
                "document_id": row["id"], "reader": typed, "chased_at": when_text, "how": how,
                "answer": answer_text, "created_at": now.strftime("%Y-%m-%d %H:%M:%S"),
                "created_by": actor.name}).last_pk
            audit.append(db, at=now, operator=actor.name, action="doc_chase", table="document_chases",
                         record_id=chase_id, detail={"number": row["number"], "reader": typed})
        return self._by_id(row["id"])

    def instruct(self, actor: Operator, number: str, leader: object, text: object,
                 at: str | None = None) -> Document:
        """Record a leader's instruction (批示) on the document: which leader, the
        words, and when it was written (``at``, or now)."""
        checks = Checks()
        leader_name = checks.run(validate.text, "leader", leader, required=True, max_length=40)
        words = checks.run(validate.text, "instruction", text, required=True, max_length=2000, multiline=True)
        when = checks.run(validate.moment, "instructed_at", at, now=self._store.now())
        checks.raise_refusals()
        assert leader_name is not None and words is not None and when is not None
        with self._store.write() as db:
            self._store.operators.require(actor, "doc.register")
            row = self._open(db, number)
            when_text = when.strftime("%Y-%m-%d %H:%M:%S")
            if when_text < row["received_at"]:
                raise ValidationError("instructed_at", "err.doc_read_before")
            now = self._store.now()
            instruction_id = db.table("document_instructions").insert({
                "document_id": row["id"], "leader": leader_name, "instructed_at": when_text, "text": words,
                "created_at": now.strftime("%Y-%m-%d %H:%M:%S"), "created_by": actor.name}).last_pk
            audit.append(db, at=now, operator=actor.name, action="doc_instruct",
                         table="document_instructions", record_id=instruction_id,
                         detail={"number": row["number"], "leader": leader_name})
        return self._by_id(row["id"])

    def _many(self, sql: str, params: list) -> list[Document]:
        db = self._store.db
        rows = list(db.query(sql, params))
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        marks = ",".join("?" for _ in ids)
        readers: dict[int, list[Reader]] = {}
        for r in db.query(f"SELECT * FROM document_readers WHERE document_id IN ({marks})"
                          " ORDER BY position", ids):
            readers.setdefault(r["document_id"], []).append(
                Reader(r["position"], r["reader"], r["read_at"], r["ticked_by"]))
        chases: dict[int, list[Chase]] = {}
        for c in db.query(f"SELECT * FROM document_chases WHERE document_id IN ({marks})"
                          " ORDER BY chased_at, id", ids):
            chases.setdefault(c["document_id"], []).append(
                Chase(c["reader"], c["chased_at"], c["how"], c["answer"], c["created_by"]))
        instructions: dict[int, list[Instruction]] = {}
        for i in db.query(f"SELECT * FROM document_instructions WHERE document_id IN ({marks})"
                          " ORDER BY instructed_at, id", ids):
            instructions.setdefault(i["document_id"], []).append(
                Instruction(i["leader"], i["instructed_at"], i["text"], i["created_by"]))
        paper = {p[0]: (p[1], p[2]) for p in db.execute(
            f"SELECT document_id, page, line FROM document_paper_lines WHERE document_id IN ({marks})", ids)}
        today = self._store.now().date().isoformat()
        return [
            Document(r["id"], r["number"], r["received_at"], r["secrecy"], r["issuer"],
                     r["doc_number"], r["title"], r["content"], r["copies"], r["urgency"],
                     r["opinion"], r["return_by"], tuple(readers.get(r["id"], [])),
                     r["created_at"], r["created_by"], today, tuple(chases.get(r["id"], [])),
                     tuple(instructions.get(r["id"], [])), *paper.get(r["id"], (None, None)))
            for r in rows
        ]

    def _by_id(self, doc_id: int) -> Document:
        return self._many("SELECT * FROM documents WHERE id = ?", [doc_id])[0]

    def get(self, actor: Operator, number: str) -> Document:
        self._store.operators.require(actor, "doc.read")
        number = (number or "").strip().upper()
        found = self._many("SELECT * FROM documents WHERE number = ?", [number])
        if not found:
            raise ValidationError("number", "err.doc_unknown", number=number)
        return found[0]

    def listing(self, actor: Operator, view: str = "today", day: str | None = None,
                limit: int = 500, *, query: str | None = None) -> list[Document]:
        """``today`` (or ``day``) with whatever is still circulating; ``circulating``;
        ``overdue`` (to chase); ``all``. Newest first. With a ``query``, only those
        of the view whose title, issuer or number holds it; digits alone (``115``)
        find the numbers with that serial in any view."""
        serial = record_search.serial_like(query)
        whole = unicodedata.normalize("NFKC", query or "").strip().upper()
        if serial or WHOLE_NUMBER.fullmatch(whole):  # a number, whatever the view
            self._store.operators.require(actor, "doc.read")
            return self._many("SELECT * FROM documents WHERE number = ? OR number LIKE ?"
                              " ORDER BY received_at DESC, id DESC LIMIT ?", [whole, serial or "", limit])
        found = self._view(actor, view, day, limit)
        if query:
            found = [d for d in found if query in (d.title or "") or query in (d.issuer or "")
                     or query.upper() in d.number]
        return found

    def _view(self, actor: Operator, view: str, day: str | None, limit: int) -> list[Document]:
        self._store.operators.require(actor, "doc.read")
        view = validate.choice("view", view, VIEWS, required=True)
        order = " ORDER BY received_at DESC, id DESC LIMIT ?"
        waiting = "id IN (SELECT document_id FROM document_readers WHERE read_at IS NULL)"
        if view == "circulating":
            return self._many(f"SELECT * FROM documents WHERE {waiting}" + order, [limit])
        if view == "overdue":
            today = self._store.now().date().isoformat()
            return self._many(f"SELECT * FROM documents WHERE {waiting} AND return_by < ?" + order,
                              [today, limit])
        if view == "all":
            return self._many("SELECT * FROM documents" + order, [limit])
        start = (validate.day("date", day) if day else self._store.now().date()).isoformat()
        return self._many(f"SELECT * FROM documents WHERE (received_at >= ? AND received_at < ?)"
                          f" OR {waiting}" + order, [start, start + " 99", limit])

    def counts_today(self) -> tuple[int, int]:
        """Documents received today; documents not back in time."""
        day = self._store.now().date().isoformat()
        db = self._store.db
        today = db.execute("SELECT count(*) FROM documents WHERE received_at >= ? AND received_at < ?",
                           [day, day + " 99"]).fetchone()[0]
        overdue = db.execute(
            "SELECT count(*) FROM documents WHERE return_by < ? AND id IN"
            " (SELECT document_id FROM document_readers WHERE read_at IS NULL)", [day]).fetchone()[0]
        return today, overdue
