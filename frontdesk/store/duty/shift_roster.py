"""The duty room's own roster (值班表): for each shift, the duty officer (值班员)
and the leader on duty (带班领导).

A day has two shifts: the day shift (白班) from 08:00 to 18:00, and the night
shift (夜班) from 18:00 to 08:00 the next morning, which belongs to the day it
starts on. A shift's officer is an operator who keeps the duty log (stored by
login name, shown by full name); its leader is a name as typed, since leaders
do not sign in. Each change adds a row holding the whole shift as it now
stands; the last one counts and earlier ones are kept, so the roster can be
read later as it was.

Leaders recorded before shifts were kept apart (``duty_leaders``, one per
day) still answer for both shifts of their day until the day is set anew.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.core.validate import Checks
from frontdesk.store.shared import audit
from frontdesk.store.shared.operators import Operator
from frontdesk.store.shared.permissions import allowed

if TYPE_CHECKING:
    from frontdesk.store.api import Store

SHIFTS = ("day", "night")
"""白班 and 夜班, in the order of the day."""
SHIFT_STARTS = {"day": time(8, 0), "night": time(18, 0)}
MAX_DAYS = 62
"""The most days one listing covers."""


@dataclass(frozen=True)
class RosterShift:
    """One shift of the roster: when it runs, who is on duty and who leads."""

    day: str
    """The date the shift starts on (YYYY-MM-DD)."""
    shift: str
    """"day" (白班) or "night" (夜班)."""
    officer: str
    """The duty officer's login name, "" when none is rostered."""
    officer_name: str
    """The duty officer's full name, "" when none is rostered."""
    leader: str
    """The 带班领导, "" when none is recorded."""
    set_at: str
    set_by: str

    @property
    def starts(self) -> str:
        return f"{self.day} {SHIFT_STARTS[self.shift]:%H:%M}:00"

    @property
    def ends(self) -> str:
        if self.shift == "day":
            return f"{self.day} {SHIFT_STARTS['night']:%H:%M}:00"
        following = date.fromisoformat(self.day) + timedelta(days=1)
        return f"{following.isoformat()} {SHIFT_STARTS['day']:%H:%M}:00"

    @property
    def empty(self) -> bool:
        return not (self.officer or self.leader)


def shift_at(moment: datetime) -> tuple[str, str]:
    """The (day, shift) running at ``moment``: before 08:00 it is still the
    night shift of the day before."""
    clock = moment.time()
    if clock < SHIFT_STARTS["day"]:
        return (moment.date() - timedelta(days=1)).isoformat(), "night"
    if clock < SHIFT_STARTS["night"]:
        return moment.date().isoformat(), "day"
    return moment.date().isoformat(), "night"


def shift_name(value: object) -> str:
    """A shift as typed: day/night, 白班/夜班, 白/夜, d/n."""
    text = str(value or "").strip().lower()
    for shift, names in (("day", ("day", "d", "白班", "白")), ("night", ("night", "n", "夜班", "夜"))):
        if text in names:
            return shift
    raise ValidationError("roster_shift", "err.roster_shift_unknown", value=str(value or "").strip())


class ShiftRoster:
    """The duty room's own roster in one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # --- reading

    def _full_name(self, name: str) -> str:
        if not name:
            return ""
        operator = self._store.operators.get(name)
        return operator.label if operator is not None else name

    def _stored(self, day: str, shift: str) -> RosterShift:
        db = self._store.db
        row = db.execute(
            "SELECT officer, leader, set_at, set_by FROM duty_shift_roster WHERE day = ? AND shift = ?"
            " ORDER BY id DESC LIMIT 1", [day, shift]).fetchone()
        if row is not None:
            officer, leader, set_at, set_by = row
            return RosterShift(day, shift, officer or "", self._full_name(officer or ""), leader or "",
                               set_at, set_by)
        legacy = db.execute("SELECT name, set_at, set_by FROM duty_leaders WHERE day = ? ORDER BY id DESC"
                            " LIMIT 1", [day]).fetchone()
        if legacy is not None:
            return RosterShift(day, shift, "", "", legacy[0], legacy[1], legacy[2])
        return RosterShift(day, shift, "", "", "", "", "")

    def shift(self, actor: Operator, day: object, shift: object) -> RosterShift:
        """One shift as it stands (empty when nothing is recorded)."""
        self._store.operators.require(actor, "duty.read")
        with Checks() as c:
            the_day = c.run(validate.day, "roster_day", day)
            the_shift = c.run(shift_name, shift)
        assert the_day is not None and the_shift is not None
        return self._stored(the_day.isoformat(), the_shift)

    def days(self, actor: Operator, first: object, count: int = 7) -> list[RosterShift]:
        """Every shift of ``count`` days from ``first``, recorded or not, in order."""
        self._store.operators.require(actor, "duty.read")
        start = validate.day("roster_day", first)
        # A week shown near the calendar's end stops at its last day.
        count = max(1, min(int(count), MAX_DAYS, (validate.LATEST_DAY - start).days + 1))
        return [self._stored((start + timedelta(days=n)).isoformat(), shift)
                for n in range(count) for shift in SHIFTS]

    def now(self) -> RosterShift:
        """The shift running now, as the roster has it (for the home screen)."""
        return self._stored(*shift_at(self._store.now()))

    def between(self, start: str, end: str) -> list[RosterShift]:
        """The shifts running at some time in [start, end) ("YYYY-MM-DD HH:MM:SS"),
        in order, those with nothing recorded left out."""
        first = datetime.strptime(start[:19], "%Y-%m-%d %H:%M:%S")
        day, shift = shift_at(first)
        found = []
        while True:
            stored = self._stored(day, shift)
            if stored.starts >= end[:19]:
                break
            if not stored.empty:
                found.append(stored)
            day, shift = (day, "night") if shift == "day" else (
                (date.fromisoformat(day) + timedelta(days=1)).isoformat(), "day")
            if len(found) > 2 * MAX_DAYS or day > end[:10]:
                break
        return found

    def leader_on(self, day: str) -> str:
        """The 带班领导 of ``day``'s shifts ("YYYY-MM-DD"): each named once, the
        day shift's first; "" when none is recorded."""
        names = [self._stored(day, shift).leader for shift in SHIFTS]
        return "、".join(dict.fromkeys(name for name in names if name))

    # --- writing

    def _officer(self, value: object) -> str:
        """The login name of the officer typed as a login name or a full name;
        "" for none. Only an operator who keeps the duty log can be rostered."""
        text = validate.text("roster_officer", value, max_length=40) or ""
        if not text:
            return ""
        operator = self._store.operators.get(text)
        if operator is None:
            matches = [o for o in self._store.operators.list() if o.display_name == text]
            operator = matches[0] if len(matches) == 1 else None
        if operator is None or operator.disabled or not allowed(operator.role, "duty.write"):
            raise ValidationError("roster_officer", "err.roster_officer_unknown", name=text)
        return operator.name

    def set(self, actor: Operator, day: object, shift: object, *, officer: object = None,
            leader: object = None) -> list[RosterShift]:
        """Record who is on duty in a shift (both of the day's with ``shift``
        None) and who leads it; a field left None keeps what it holds, ""
        clears it. The shifts as they now stand, in one write."""
        with Checks() as c:
            the_day = c.run(validate.day, "roster_day", day)
            shifts = SHIFTS if shift is None else (c.run(shift_name, shift),)
            officer_name = c.run(self._officer, officer) if officer is not None else None
            leader_name = (c.run(validate.text, "leader_name", leader, max_length=30) or ""
                           if leader is not None else None)
        assert the_day is not None and all(shifts)
        day_text = the_day.isoformat()
        now = self._store.now()
        with self._store.write() as db:
            self._store.operators.require(actor, "duty.write")
            for the_shift in shifts:
                assert the_shift is not None
                before = self._stored(day_text, the_shift)
                row_id = db.table("duty_shift_roster").insert({
                    "day": day_text, "shift": the_shift,
                    "officer": before.officer if officer_name is None else officer_name,
                    "leader": before.leader if leader_name is None else leader_name,
                    "set_at": now.strftime("%Y-%m-%d %H:%M:%S"), "set_by": actor.name,
                }).last_pk
                audit.append(db, at=now, operator=actor.name, action="create", table="duty_shift_roster",
                             record_id=row_id)
        return [self._stored(day_text, the_shift) for the_shift in shifts if the_shift]
