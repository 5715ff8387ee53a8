"""The life of a matter (信访事项) under the 2022 《信访工作条例》: what each step
needs, the order steps may come in, and the clocks they start.

Glossary: 转送 transfer, 交办 assign, 呈报 submit (to a leader), 批示 instruction,
受理 accept, 不予受理 decline, 退回 return (异议: not the unit's remit), 延期
extend, 答复 answer, 复查 review, 复核 recheck, 终结 final, 督办 supervise, 反馈
feedback, 催办 chase, 办结报告 report, 退回重报 report_return, 办结 close.

Days are calendar days and the day a clock starts is not counted; the unit's
objection (退回) counts working days (``calendar``). A due date is the last day
in time: the day after it, the matter is overdue (the windows the petitioner
has for asking review are not the office's clocks and make nothing overdue).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.core.validate import Checks
from frontdesk.store.matters.calendar import Calendar, add_days

KINDS = ("suggestion", "accusation", "request")
"""建议意见, 检举控告, 申诉求决 (the 2022 regulation's three kinds)."""

STATUSES = (
    "registered", "transferred", "assigned", "submitted", "accepted", "declined", "returned",
    "answered", "review_requested", "reviewed", "recheck_requested", "final", "closed",
)
CLOCKS = ("transfer", "acceptance", "handling", "review_window", "review", "recheck_window",
          "recheck", "report")
WINDOWS = ("review_window", "recheck_window")
"""Clocks of the petitioner's time to ask; passing them makes nothing overdue."""
CHASE_HOW = ("phone", "letter", "notice")

ROUTE_DAYS = 15        # 转送/交办 within 15 days of receiving the matter
ACCEPT_DAYS = 15       # the unit decides on acceptance within 15 days of receiving it
RETURN_WORKDAYS = 5    # a unit objects within 5 working days of receiving it
HANDLING_DAYS = 60     # handled within 60 days of acceptance
MAX_EXTENSION = 30     # extended once, by at most 30 days
ASK_DAYS = 30          # review or recheck asked within 30 days of the answer
REVIEW_DAYS = 30       # a review or recheck due 30 days after the request
SUPERVISION_DAYS = 30  # written feedback to a supervision within 30 days
REPORT_AGAIN_DAYS = 15  # a returned 办结报告 is reported again within 15 days (office practice)

DISCIPLINE_UNITS = ("区纪委监委",)
POLITICAL_LEGAL_UNITS = ("区委政法委", "区人民法院", "区人民检察院", "区公安分局", "区司法局")
LEGAL_CATEGORY = "涉法涉诉"

# step -> (required text keys, optional text keys)
_TEXTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "transfer": (("unit",), ("document_no",)),
    "assign": (("unit",), ("document_no",)),
    "submit": (("to",), ()),
    "instruction": (("text",), ()),
    "accept": ((), ("document_no",)),
    "decline": (("reason",), ("document_no",)),
    "return": (("reason",), ()),
    "extend": (("reason",), ()),
    "answer": (("summary",), ("document_no",)),
    "review_request": ((), ()),
    "review_answer": (("summary",), ("document_no",)),
    "recheck_request": ((), ()),
    "recheck_answer": (("summary",), ("document_no",)),
    "supervise": (("unit", "reason"), ("document_no",)),
    "feedback": (("summary",), ()),
    "chase": (("to",), ()),
    "report": (("summary",), ()),
    "report_return": (("reason",), ()),
    "close": (("summary",), ()),
}
STEPS = tuple(_TEXTS)


def step_keys(step: str) -> tuple[str, ...]:
    """The keys ``step`` takes besides ``step`` and ``at``, in form order."""
    required, optional = _TEXTS[step]
    extra = ("days", "told_at") if step == "extend" else ("how",) if step == "chase" else ()
    return (*required[:1], *extra, *required[1:], *optional)
_LONG = ("summary", "reason", "text")
_LIMITS = {"unit": 60, "document_no": 40, "to": 60}


@dataclass(frozen=True)
class Settings:
    """What the office sets for its matters (the settings file's lists)."""

    discipline_units: tuple[str, ...] = DISCIPLINE_UNITS
    """Where accusations go (纪检监察机关)."""
    political_legal_units: tuple[str, ...] = POLITICAL_LEGAL_UNITS
    """Where 涉法涉诉 matters go (政法机关)."""
    calendar: Calendar = field(default_factory=Calendar)


@dataclass(frozen=True)
class CheckedStep:
    """A step whose fields passed the checks: its name, time and own keys."""

    step: str
    at: datetime
    data: dict


@dataclass(frozen=True)
class Step:
    """A recorded step."""

    step: str
    at: str
    by: str
    data: Mapping
    late: bool = False

    @property
    def day(self) -> date:
        return date.fromisoformat(self.at[:10])


@dataclass(frozen=True)
class State:
    """Where a matter stands on a day, from its steps."""

    status: str
    unit: str | None
    assigned: bool
    clock: str | None
    due: date | None
    overdue: bool
    extended: bool
    supervision_due: date | None
    answered: date | None = None
    reviewed: date | None = None
    report_owed: bool = False
    received: date | None = None
    handling_due: date | None = None
    review_due: date | None = None
    decided: date | None = None
    """The day a unit (or the desk) declined it."""
    closed_answer: bool = False

    @property
    def final(self) -> bool:
        return self.status == "final"


def check_step(data: object, *, now: datetime) -> CheckedStep:
    """The step ``data`` names, its keys checked; every refusal at once."""
    with Checks() as c:
        record = c.run(validate.mapping, "step", data)
        if record is None:
            c.raise_refusals()
        assert record is not None
        name = c.run(validate.choice, "step", record.get("step"), STEPS, required=True)
        if name is None:
            c.raise_refusals()
        assert name is not None
        required, optional = _TEXTS[name]
        known = {"step", "at", *required, *optional}
        if name == "extend":
            known |= {"days", "told_at"}
        if name == "chase":
            known.add("how")
        c.unknown_keys(record, known)
        at = c.run(_moment, record.get("at"), now)
        values: dict = {}
        for key in (*required, *optional):
            value = c.run(validate.text, key, record.get(key), required=key in required,
                          max_length=_LIMITS.get(key, 2000), multiline=key in _LONG)
            if value:
                values[key] = value
        if name == "extend":
            values["days"] = c.run(validate.whole_number, "days", record.get("days"), minimum=1,
                                   maximum=MAX_EXTENSION)
            told = c.run(validate.moment, "told_at", record.get("told_at"), now=now, default_now=False)
            if told is not None:
                values["told_at"] = told.strftime("%Y-%m-%d %H:%M:%S")
        if name == "chase":
            values["how"] = c.run(validate.choice, "how", record.get("how"), CHASE_HOW, required=True)
    assert at is not None
    return CheckedStep(name, at, values)


def _moment(value: object, now: datetime) -> datetime:
    """A step's time: "YYYY-MM-DD HH:MM", or a day alone (its start), now by default."""
    if isinstance(value, str) and len(value.strip()) == 10:
        day = validate.day("at", value)
        if day > now.date():
            raise ValidationError("at", "err.time_future")
        return datetime.combine(day, datetime.min.time())
    return validate.moment("at", value, now=now)


def opened_day(opened_at: str) -> date:
    return date.fromisoformat(opened_at[:10])


def state_of(steps: list[Step], opened_at: str, today: date) -> State:
    """Where the matter stands on ``today`` after ``steps`` (in order)."""
    status = "registered"
    route_start = opened_day(opened_at)
    unit: str | None = None
    assigned = extended = report_owed = closed_answer = False
    received = handling_due = answered = reviewed = review_due = decided = report_due = None
    supervisions: list[date] = []
    for step in steps:
        day, data = step.day, step.data
        name = step.step
        if name in ("transfer", "assign"):
            status = "transferred" if name == "transfer" else "assigned"
            unit, received, assigned = data.get("unit"), day, name == "assign"
        elif name == "submit":
            status = "submitted"
        elif name == "accept":
            status, handling_due = "accepted", add_days(day, HANDLING_DAYS)
        elif name == "decline":
            status, decided = "declined", day
        elif name == "return":
            status, unit, route_start, received = "returned", None, day, None
        elif name == "extend":
            extended = True
            if handling_due is not None:
                handling_due = add_days(handling_due, int(data.get("days") or 0))
        elif name == "answer":
            status, answered = "answered", day
            if assigned:
                report_owed = True
                report_due = handling_due or day
        elif name == "review_request":
            status, review_due = "review_requested", add_days(day, REVIEW_DAYS)
        elif name == "review_answer":
            status, reviewed = "reviewed", day
        elif name == "recheck_request":
            status, review_due = "recheck_requested", add_days(day, REVIEW_DAYS)
        elif name == "recheck_answer":
            status = "final"
        elif name == "supervise":
            supervisions.append(add_days(day, SUPERVISION_DAYS))
        elif name == "feedback":
            if supervisions:
                supervisions.pop(0)
        elif name == "report":
            report_owed = False
        elif name == "report_return":
            report_owed, report_due = True, add_days(day, REPORT_AGAIN_DAYS)
        elif name == "close":
            status, closed_answer = "closed", answered is not None
    clock, due = _clock(status, route_start, received, handling_due, answered, reviewed, review_due,
                        decided, report_owed, report_due, today)
    supervision_due = supervisions[0] if supervisions and status not in ("final", "closed") else None
    overdue = (clock is not None and clock not in WINDOWS and due is not None and today > due) or (
        supervision_due is not None and today > supervision_due)
    return State(status=status, unit=unit, assigned=assigned, clock=clock, due=due, overdue=overdue,
                 extended=extended, supervision_due=supervision_due, answered=answered,
                 reviewed=reviewed, report_owed=report_owed, received=received,
                 handling_due=handling_due, review_due=review_due, decided=decided,
                 closed_answer=closed_answer)


def _clock(status, route_start, received, handling_due, answered, reviewed, review_due, decided,
           report_owed, report_due, today) -> tuple[str | None, date | None]:
    if status in ("registered", "submitted", "returned"):
        return "transfer", add_days(route_start, ROUTE_DAYS)
    if status in ("transferred", "assigned"):
        return "acceptance", add_days(received, ACCEPT_DAYS)
    if status == "accepted":
        return "handling", handling_due
    if status in ("review_requested",):
        return "review", review_due
    if status == "recheck_requested":
        return "recheck", review_due
    if status == "answered" and report_owed:
        return "report", report_due
    window_start = {"answered": answered, "declined": decided, "reviewed": reviewed}.get(status)
    if window_start is not None:
        due = add_days(window_start, ASK_DAYS)
        if today <= due:
            return ("recheck_window" if status == "reviewed" else "review_window"), due
    return None, None


def late_of(checked: CheckedStep, state: State, opened_at: str) -> bool:
    """Whether the step comes after its clock ran out (allowed, and marked late)."""
    day = checked.at.date()
    name = checked.step
    if name in ("transfer", "assign", "submit") and state.clock == "transfer":
        return state.due is not None and day > state.due
    if name in ("accept", "decline") and state.clock == "acceptance":
        return state.due is not None and day > state.due
    if name == "answer" and state.clock == "handling":
        return state.due is not None and day > state.due
    if name in ("review_answer", "recheck_answer"):
        return state.review_due is not None and day > state.review_due
    if name == "report" and state.clock == "report":
        return state.due is not None and day > state.due
    if name == "feedback":
        return state.supervision_due is not None and day > state.supervision_due
    return False


def _refuse(key: str, **params: object) -> ValidationError:
    return ValidationError("step", key, **params)


def check_order(checked: CheckedStep, state: State, *, kind: str, category: str, last_at: str | None,
                settings: Settings) -> None:
    """Refuse a step out of order, or against the guards, with the rule it breaks."""
    name, day = checked.step, checked.at.date()
    if state.final:
        raise _refuse("err.matter_final")
    if last_at is not None and checked.at.strftime("%Y-%m-%d") < last_at[:10]:
        raise ValidationError("at", "err.matter_step_before_last", last=last_at[:16])
    status = state.status
    if status == "closed" and name not in ("review_request", "recheck_request"):
        raise _refuse("err.matter_closed")
    if name in ("transfer", "assign"):
        if status not in ("registered", "submitted", "returned"):
            raise _refuse("err.matter_already_routed")
        guard_unit(checked.data["unit"], kind=kind, category=category, settings=settings)
    elif name == "submit":
        if status not in ("registered", "returned"):
            raise _refuse("err.matter_already_routed")
    elif name == "instruction":
        if status != "submitted":
            raise _refuse("err.matter_not_submitted")
    elif name in ("accept", "decline"):
        if name == "decline" and status in ("registered", "submitted", "returned"):
            return  # the office itself does not accept it (不予受理)
        if status not in ("transferred", "assigned"):
            raise _refuse("err.matter_not_routed")
    elif name == "return":
        if status not in ("transferred", "assigned"):
            raise _refuse("err.matter_not_routed")
        assert state.received is not None
        last_day = settings.calendar.add_workdays(state.received, RETURN_WORKDAYS)
        if day > last_day:
            raise _refuse("err.matter_return_too_late", last=last_day.isoformat())
    elif name == "extend":
        if status != "accepted":
            raise _refuse("err.matter_not_accepted")
        if state.extended:
            raise _refuse("err.matter_extended_once")
    elif name == "answer":
        if status != "accepted":
            raise _refuse("err.matter_not_accepted")
    elif name == "review_request":
        start = state.answered if status in ("answered", "closed") else state.decided if status == "declined" else None
        if start is None or status not in ("answered", "declined", "closed"):
            raise _refuse("err.matter_not_answered")
        if day > add_days(start, ASK_DAYS):
            raise _refuse("err.matter_review_window_passed", last=add_days(start, ASK_DAYS).isoformat())
    elif name == "review_answer":
        if status != "review_requested":
            raise _refuse("err.matter_no_review_request")
    elif name == "recheck_request":
        if state.reviewed is None or status not in ("reviewed", "closed"):
            raise _refuse("err.matter_not_reviewed")
        if day > add_days(state.reviewed, ASK_DAYS):
            raise _refuse("err.matter_recheck_window_passed",
                          last=add_days(state.reviewed, ASK_DAYS).isoformat())
    elif name == "recheck_answer":
        if status != "recheck_requested":
            raise _refuse("err.matter_no_recheck_request")
    elif name == "feedback":
        if state.supervision_due is None:
            raise _refuse("err.matter_no_supervision")
    elif name == "report":
        if not state.assigned:
            raise _refuse("err.matter_not_assigned")
        if not state.report_owed:
            raise _refuse("err.matter_report_not_owed")
    elif name == "report_return":
        if not state.assigned or state.answered is None or state.report_owed:
            raise _refuse("err.matter_no_report")
    elif name == "close":
        if state.answered is None:
            raise _refuse("err.matter_close_unanswered")
        if state.assigned and state.report_owed:
            raise _refuse("err.matter_close_no_report")
        if status not in ("answered", "reviewed"):
            raise _refuse("err.matter_close_pending")


def guard_unit(unit: str, *, kind: str, category: str, settings: Settings) -> None:
    """An accusation goes only to the discipline and supervision organs, never to
    the accused's unit; a 涉法涉诉 matter only to the political-legal organs."""
    if kind == "accusation" and unit not in settings.discipline_units:
        raise ValidationError("unit", "err.matter_accusation_unit",
                              units=settings.discipline_units)
    if category == LEGAL_CATEGORY and kind != "accusation" and unit not in settings.political_legal_units:
        raise ValidationError("unit", "err.matter_legal_unit", units=settings.political_legal_units)
