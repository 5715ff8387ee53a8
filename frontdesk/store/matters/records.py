"""Matters (信访事项): the record the office follows from the desk to its end.

A visit, a letter or a duty-log call is a contact about a matter; each step of
its handling is a row of its own, append-only, with its time, who recorded it
and its own keys (``rules``). Where a matter stands (status, the running clock,
its due date, whether it is overdue) follows from its steps on the day asked.

An accusation matter (检举控告) is sealed like its records: a role without
``accused.read`` gets its number, kind, state and dates, and no content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.matters import rules
from frontdesk.store.matters import state as derived
from frontdesk.store.matters.rules import Settings, State, Step
from frontdesk.store.shared import audit, numbers, people, sealing
from frontdesk.store.shared.channels import CHANNELS
from frontdesk.store.shared.operators import Operator
from frontdesk.store.shared.permissions import allowed

if TYPE_CHECKING:
    from frontdesk.store.api import Store

FINAL_REASON = "re_reviewed"
"""The desk's reason for not accepting a contact on a final matter (已经复核终结)."""
FINAL_NO_TRANSFER = "finally_handled"
"""The mail room's reason for not transferring a letter on a final matter."""
ACCEPTING_DISPOSITIONS = ("answered", "transfer", "case")
"""A visit's dispositions that handle the matter rather than not accept it."""
ACCEPTING_PROPOSALS = ("transfer", "case", "submit")
"""A letter's proposals that handle the matter rather than not transfer it."""


@dataclass(frozen=True)
class Contact:
    """A visit, letter or duty-log call about the matter."""

    channel: str
    number: str
    at: str
    not_accepted: bool = False
    """Came after the matter was final: proposed as not accepted (已经复核终结)."""


@dataclass(frozen=True)
class Matter:
    """A matter as the reading role may see it, and where it stands on ``today``."""

    id: int
    number: str
    kind: str
    category: str
    subject: str
    opened_at: str
    state: State
    contacts: tuple[Contact, ...]
    steps: tuple[Step, ...]
    sealed: bool = False
    """An accusation read by a role that may not: no subject, unit or step content."""

    @property
    def status(self) -> str:
        return self.state.status

    @property
    def final(self) -> bool:
        return self.state.final


@dataclass(frozen=True)
class NewContact:
    """What a visit or letter being saved brings to its matter."""

    channel: str
    record_id: int
    at: str
    subject: str
    category: str
    accusation: bool
    """Filed as an accusation, or naming accused persons: the matter's kind is
    ``accusation`` whatever was chosen."""
    kind: str | None = None
    same: tuple[str, str] | None = None
    overrule: str = ""
    accepts: bool = False
    """Saved as handled (transferred, assigned, answered, submitted), not as
    not accepted: on a final matter only with an ``overrule`` note."""
    desk_step: tuple[str, dict] | None = None
    """What the desk decided on the spot: a transfer or assignment with its unit,
    a refusal (不予受理) with its reason, or an answer given there."""


@dataclass(frozen=True)
class Joined:
    """The matter a new contact joined."""

    number: str
    final: bool
    """The matter was final: the contact is proposed as not accepted."""


def check_contact_keys(data: object) -> tuple[str | None, str]:
    """The ``matter_kind`` and ``matter_overrule`` note of a visit or letter being
    saved (refused when not valid)."""
    if not isinstance(data, dict):
        return None, ""
    kind = validate.choice("matter_kind", data.get("matter_kind"), rules.KINDS)
    note = validate.text("matter_overrule", data.get("matter_overrule"), max_length=500, multiline=True)
    return kind, note


def _step_row(row: dict) -> Step:
    return Step(row["step"], row["at"], row["by"], json.loads(row["data"] or "{}"), bool(row["late"]))


class Matters:
    """The matters of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.settings = Settings()
        """The office's lists and calendar; the clients set it from the settings file."""

    # finding -----------------------------------------------------------------

    def _find(self, key: str) -> int:
        """The matter's id by its number, a visit's query code, or a contact's number."""
        db = self._store.db
        text = (key or "").strip().upper()
        row = db.execute("SELECT id FROM matters WHERE number = ?", [text]).fetchone()
        if row:
            return row[0]
        row = db.execute(
            "SELECT matter_id FROM matter_contacts JOIN visits ON visits.id = matter_contacts.record_id"
            " WHERE matter_contacts.channel = 'visit' AND visits.query_code = ?", [text]).fetchone()
        if row:
            return row[0]
        for channel in ("visit", "letter", "duty"):
            row = db.execute(
                f"SELECT matter_id FROM matter_contacts JOIN [{CHANNELS[channel].table}] AS r"
                " ON r.id = matter_contacts.record_id WHERE matter_contacts.channel = ? AND r.number = ?",
                [channel, text]).fetchone()
            if row:
                return row[0]
        raise ValidationError("number", "err.matter_unknown", number=text)

    def _load(self, matter_ids: list[int], role: str, today: date) -> list[Matter]:
        if not matter_ids:
            return []
        db = self._store.db
        marks = ",".join("?" for _ in matter_ids)
        steps: dict[int, list[Step]] = {}
        for row in db.query(f"SELECT * FROM matter_steps WHERE matter_id IN ({marks}) ORDER BY id",
                            matter_ids):
            steps.setdefault(row["matter_id"], []).append(_step_row(row))
        contacts: dict[int, list[Contact]] = {}
        for channel in ("visit", "letter", "duty"):
            table = CHANNELS[channel].table
            for matter_id, number, at, refused in db.execute(
                f"SELECT c.matter_id, r.number, c.at, c.not_accepted FROM matter_contacts AS c"
                f" JOIN [{table}] AS r ON r.id = c.record_id"
                f" WHERE c.channel = ? AND c.matter_id IN ({marks})", [channel, *matter_ids]):
                contacts.setdefault(matter_id, []).append(Contact(channel, number, at, bool(refused)))
        found = []
        for row in db.query(f"SELECT * FROM matters WHERE id IN ({marks})", matter_ids):
            own = steps.get(row["id"], [])
            matter = Matter(
                id=row["id"], number=row["number"], kind=row["kind"], category=row["category"],
                subject=row["subject"], opened_at=row["opened_at"],
                state=rules.state_of(own, row["opened_at"], today),
                contacts=tuple(sorted(contacts.get(row["id"], []), key=lambda c: (c.at, c.number))),
                steps=tuple(own))
            first = matter.contacts[0].channel if matter.contacts else None
            if first is not None and not allowed(role, CHANNELS[first].read_permission):
                # Its subject is the first contact's, of a channel this role does not read.
                matter = replace(matter, subject="", category="")
            if row["kind"] == "accusation" and not sealing.reads_sealed(role):
                matter = replace(matter, category="", subject="", sealed=True,
                                 state=replace(matter.state, unit=None),
                                 steps=tuple(Step(s.step, s.at, "", {}, s.late) for s in own))
            found.append(matter)
        order = {matter_id: position for position, matter_id in enumerate(matter_ids)}
        return sorted(found, key=lambda m: order[m.id])

    def _today(self, on: object = None) -> date:
        return validate.day("on", on) if on not in (None, "") else self._store.now().date()

    def get(self, actor: Operator, key: str, *, on: object = None) -> Matter:
        """A matter by its number (M…), a visit's query code, or a visit's, letter's
        or duty entry's number; where it stands on ``on`` (today by default)."""
        self._store.operators.require(actor, "matter.read")
        today = self._today(on)
        return self._load([self._find(key)], actor.role, today)[0]

    def listing(self, actor: Operator, *, status: str | None = None, unit: str | None = None,
                overdue: bool = False, due_within: int | None = None, on: object = None,
                open_only: bool = False, limit: int | None = None) -> list[Matter]:
        """Matters by status, unit, overdue or due within ``due_within`` days of
        ``on`` (today by default), or (``open_only``) with a clock running for
        the office; the most pressing first (earliest due date), at most ``limit``."""
        self._store.operators.require(actor, "matter.read")
        today = self._today(on)
        day = today.isoformat()
        where, params = [], []
        if status is not None:
            validate.choice("status", status, rules.STATUSES, required=True)
            where.append("status = ?")
            params.append(status)
        if unit:
            where.append("unit = ?")
            params.append(unit.strip())
        if overdue:
            where.append("(due < ? OR supervision_due < ?)")
            params += [day, day]
        if due_within is not None:
            # Near the calendar's end the window stops at its last day.
            last = (today + timedelta(days=min(due_within, (validate.LATEST_DAY - today).days))).isoformat()
            where.append("(due BETWEEN ? AND ? OR supervision_due BETWEEN ? AND ?)")
            params += [day, last, day, last]
        if open_only:
            where.append("(due IS NOT NULL OR supervision_due IS NOT NULL)")
        sql = ("SELECT matter_id FROM matter_state" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY coalesce(min(coalesce(due, '9999'), coalesce(supervision_due, '9999')), '9999'),"
               " matter_id" + (" LIMIT ?" if limit else ""))
        ids = [row[0] for row in self._store.db.execute(sql, [*params, *([limit] if limit else [])])]
        found = self._load(ids, actor.role, today)
        # Which unit holds a sealed accusation is not for the roles that may not read it.
        return [m for m in found if not (unit and m.sealed)]

    def counts(self, today: date | None = None) -> tuple[int, int]:
        """For the home screen: matters due within 7 days (not yet late), and
        matters overdue; read from the derived state's indexes."""
        day = (today or self._store.now().date()).isoformat()
        last = (date.fromisoformat(day) + timedelta(days=7)).isoformat()
        db = self._store.db
        overdue = db.execute("SELECT count(*) FROM matter_state WHERE due < ? OR supervision_due < ?",
                             [day, day]).fetchone()[0]
        due = db.execute(
            "SELECT count(*) FROM matter_state WHERE (due BETWEEN ? AND ? OR supervision_due BETWEEN ? AND ?)"
            " AND NOT (coalesce(due, '9999') < ? OR coalesce(supervision_due, '9999') < ?)",
            [day, last, day, last, day, day]).fetchone()[0]
        return due, overdue

    def uncovered_years(self) -> list[int]:
        """The years the next 90 days reach that the holiday calendar does not
        know and the settings add no holidays for (the home screen of admins warns)."""
        today = self._store.now().date()
        calendar = self.settings.calendar
        added = {day.year for day in calendar.holidays}
        years = sorted({today.year, (today + timedelta(days=90)).year})
        return [year for year in years if not calendar.covers(year) and year not in added]

    # steps -------------------------------------------------------------------

    def step(self, actor: Operator, key: str, data: object) -> Matter:
        """Record one step (``rules.check_step``) on the matter ``key`` names;
        refused out of order or against the guards, with the rule it breaks."""
        checked = rules.check_step(data, now=self._store.now())
        matter_id = self._find(key)
        with self._store.write() as db:
            self._store.operators.require(actor, "matter.write")
            self._record(db, actor, matter_id, checked)
        return self._load([matter_id], actor.role, self._store.now().date())[0]

    def _record(self, db, actor: Operator, matter_id: int, checked: rules.CheckedStep,
                *, desk: bool = False, first: bool = False) -> None:
        row = db.execute("SELECT kind, category, opened_at FROM matters WHERE id = ?", [matter_id]).fetchone()
        kind, category, opened_at = row
        own = [_step_row(r) for r in db.query(
            "SELECT * FROM matter_steps WHERE matter_id = ? ORDER BY id", [matter_id])]
        state = rules.state_of(own, opened_at, checked.at.date())
        if first and checked.step in ("answer", "decline"):
            pass  # answered or not accepted on the spot: the desk's own decision
        else:
            rules.check_order(checked, state, kind=kind, category=category,
                              last_at=own[-1].at if own else None, settings=self.settings)
        late = rules.late_of(checked, state, opened_at)
        data = dict(checked.data)
        if desk:
            data["at_desk"] = True
        now = self._store.now()
        step_id = db.table("matter_steps").insert({
            "matter_id": matter_id, "step": checked.step, "at": checked.at.strftime("%Y-%m-%d %H:%M:%S"),
            "by": actor.name, "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
            "late": int(late), "created_at": now.strftime("%Y-%m-%d %H:%M:%S"), "created_by": actor.name,
        }).last_pk
        audit.append(db, at=now, operator=actor.name, action="create", table="matter_steps",
                     record_id=step_id, detail={"step": checked.step})
        derived.refresh(db, matter_id)

    # contacts ----------------------------------------------------------------

    def join(self, db, actor: Operator, contact: NewContact) -> Joined:
        """Give a visit or letter being saved its matter, inside its transaction:
        the matter it names as the same matter (its own number, or an earlier
        contact's), else a new one. A contact on a final matter is kept as not
        accepted (已经复核终结) unless overruled with a note: then the new facts
        open a matter of their own."""
        now = self._store.now()
        matter_id = self._matter_of(db, contact.same) if contact.same else None
        final = False
        if matter_id is not None:
            own = [_step_row(r) for r in db.query(
                "SELECT * FROM matter_steps WHERE matter_id = ? ORDER BY id", [matter_id])]
            opened_at = db.execute("SELECT opened_at FROM matters WHERE id = ?", [matter_id]).fetchone()[0]
            final = rules.state_of(own, opened_at, now.date()).final
            if final and contact.accepts and not contact.overrule:
                number = db.execute("SELECT number FROM matters WHERE id = ?", [matter_id]).fetchone()[0]
                raise ValidationError("matter_overrule", "err.matter_final_overrule", matter=number)
            if final and contact.overrule:
                matter_id, final = None, False
        new = matter_id is None
        if matter_id is None:
            kind = "accusation" if contact.accusation else (contact.kind or "request")
            number = numbers.next_number(db, "matter", now.year)
            matter_id = db.table("matters").insert({
                "number": number, "kind": kind, "subject": contact.subject, "category": contact.category,
                "opened_at": contact.at, "created_at": now.strftime("%Y-%m-%d %H:%M:%S"),
                "created_by": actor.name,
            }).last_pk
            audit.append(db, at=now, operator=actor.name, action="create", table="matters",
                         record_id=matter_id, detail={"number": number})
        contact_id = db.table("matter_contacts").insert({
            "matter_id": matter_id, "channel": contact.channel, "record_id": contact.record_id,
            "at": contact.at, "not_accepted": int(final), "overruled_note": contact.overrule or None,
            "created_at": now.strftime("%Y-%m-%d %H:%M:%S"), "created_by": actor.name,
        }).last_pk
        audit.append(db, at=now, operator=actor.name, action="create", table="matter_contacts",
                     record_id=contact_id)
        if contact.desk_step is not None and not final:
            name, data = contact.desk_step
            checked = rules.CheckedStep(name, datetime.fromisoformat(contact.at), data)
            try:
                self._record(db, actor, matter_id, checked, desk=True, first=new)
            except ValidationError:
                if new:
                    raise  # a new matter's first step: the guards speak
                # An earlier contact already moved the matter on: the repeat is noted only.
        if new:
            derived.refresh(db, matter_id)
        number = db.execute("SELECT number FROM matters WHERE id = ?", [matter_id]).fetchone()[0]
        return Joined(number, final)

    def join_record(self, db, actor: Operator, channel: str, record_id: int, data: object) -> Joined:
        """``join`` for the visit or letter ``record_id`` just written in this
        transaction, with the ``matter_kind`` and ``matter_overrule`` of its ``data``."""
        kind, note = check_contact_keys(data)
        if channel == "visit":
            row = db.execute(
                "SELECT visited_at, subject, category, disposition, transfer_unit, not_accepted_reason,"
                " same_matter_channel, same_matter_number FROM visits WHERE id = ?", [record_id]).fetchone()
            at, subject, category, disposition, unit, reason, same_channel, same_number = row
            accusation = sealing.visit_sealed(category, reason)
            desk: tuple[str, dict] | None = None
            accepts = disposition in ACCEPTING_DISPOSITIONS
            if disposition in ("transfer", "case") and unit:
                desk = ("transfer" if disposition == "transfer" else "assign", {"unit": unit})
            elif disposition == "not_accepted":
                desk = ("decline", {"reason": reason or ""})
            elif disposition == "answered":
                desk = ("answer", {"summary": ""})
        else:
            row = db.execute(
                "SELECT received_at, subject, category, same_matter_channel, same_matter_number,"
                " (SELECT count(*) FROM letter_accused WHERE letter_id = letters.id), proposal"
                " FROM letters WHERE id = ?", [record_id]).fetchone()
            at, subject, category, same_channel, same_number, accused, proposal = row
            accusation, desk = sealing.letter_sealed(accused, category), None
            accepts = proposal in ACCEPTING_PROPOSALS
        same = (same_channel, same_number) if same_channel else None
        return self.join(db, actor, NewContact(channel, record_id, at, subject, category, accusation,
                                               kind=kind, same=same, overrule=note, accepts=accepts,
                                               desk_step=desk))

    def letter_closed(self, db, actor: Operator, letter_id: int, outcome: str) -> None:
        """A letter closed in the mail room (inside its transaction) moves its matter
        on where the mail room's decision is the matter's: not transferred (不予转送)
        while the matter is still with the office ends it as not accepted; an
        answered matter is closed with the letter's outcome. A matter with a unit
        goes on by its own steps."""
        row = db.execute(
            "SELECT c.matter_id, l.proposal, l.no_transfer_reason FROM matter_contacts AS c"
            " JOIN letters AS l ON l.id = c.record_id WHERE c.channel = 'letter' AND c.record_id = ?",
            [letter_id]).fetchone()
        if row is None:
            return
        matter_id, proposal, reason = row
        own = [_step_row(r) for r in db.query(
            "SELECT * FROM matter_steps WHERE matter_id = ? ORDER BY id", [matter_id])]
        opened_at = db.execute("SELECT opened_at FROM matters WHERE id = ?", [matter_id]).fetchone()[0]
        state = rules.state_of(own, opened_at, self._store.now().date())
        now = self._store.now().replace(second=0)
        if proposal == "no_transfer" and state.status in ("registered", "submitted", "returned"):
            step = rules.CheckedStep("decline", now, {"reason": reason or ""})
        elif state.status in ("answered", "reviewed") and not state.report_owed:
            step = rules.CheckedStep("close", now, {"summary": outcome})
        else:
            return
        self._record(db, actor, matter_id, step, desk=True)

    def _matter_of(self, db, same: tuple[str, str]) -> int:
        channel, number = same
        if channel == "matter":
            row = db.execute("SELECT id FROM matters WHERE number = ?", [number]).fetchone()
        else:
            row = db.execute(
                f"SELECT c.matter_id FROM matter_contacts AS c JOIN [{CHANNELS[channel].table}] AS r"
                " ON r.id = c.record_id WHERE c.channel = ? AND r.number = ?", [channel, number]).fetchone()
        if row is None:
            raise ValidationError("same_matter", "err.same_matter_unknown", number=number)
        return row[0]

    def joining(self, actor: Operator, same: object) -> Matter | None:
        """The matter a visit or letter marked as the same matter as ``same`` (an
        earlier record ``{"channel", "number"}`` or a number, as the forms send
        it) would join, where it stands today, as ``actor`` may read it; None
        when nothing is named, it names no known record, or ``actor`` does not
        read matters."""
        if not allowed(actor.role, "matter.read"):
            return None
        try:
            named = people.same_matter(same)
        except ValidationError:
            return None
        if named is None:
            return None
        db = self._store.db
        try:
            matter_id = self._matter_of(db, named)
        except ValidationError:
            return None
        return self._load([matter_id], actor.role, self._store.now().date())[0]

    def check_later_handling(self, db, channel: str, record_id: int, proposal: str | None) -> None:
        """A letter kept as not accepted on a final matter (已经复核终结) is not handled
        later after all: its contact cannot move to a matter of its own, so new facts
        are registered as a new letter with the overrule note (inside the handling's
        transaction)."""
        if proposal not in ACCEPTING_PROPOSALS:
            return
        row = db.execute(
            "SELECT m.number FROM matter_contacts AS c JOIN matters AS m ON m.id = c.matter_id"
            " WHERE c.channel = ? AND c.record_id = ? AND c.not_accepted = 1", [channel, record_id]).fetchone()
        if row is not None:
            raise ValidationError("proposal", "err.matter_final_later", matter=row[0])

    def of_contact(self, channel: str, record_id: int) -> Joined | None:
        """The matter a visit or letter belongs to, and whether it came on a final one."""
        row = self._store.db.execute(
            "SELECT m.number, c.not_accepted FROM matter_contacts AS c JOIN matters AS m ON m.id = c.matter_id"
            " WHERE c.channel = ? AND c.record_id = ?", [channel, record_id]).fetchone()
        return Joined(row[0], bool(row[1])) if row else None

