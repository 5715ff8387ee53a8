"""The rules of a duty log entry (值班记录), checked before anything is written.

Glossary: 来电 call, 区长专线 the district mayor's hotline, 传真 fax, 事件 event,
上级通知 notice from above, 领导批示 leader's instruction; 一般/重要/紧急
importance; 处理情况 action taken; 落实人 the person the follow-up is assigned
to; 报告 a report of the entry to a leader (组长, 主任) with the time; 初报 the
first report of an event, 续报 a follow-up, 终报 the final report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError, ValidationErrors
from frontdesk.store.core.validate import Checks
from frontdesk.store.shared import identity

KINDS = ("call", "hotline", "fax", "event", "notice", "instruction", "other")
IMPORTANCE = ("normal", "important", "urgent")
MAX_REPORTS = 20
REPORTED_AHEAD = timedelta(0)
"""A report to a leader has happened: its time is never after now (times are
typed to the minute, so the current minute is accepted)."""
CONTENT_KEYS = ("at", "kind", "source", "phone", "summary", "details", "importance",
                "action", "assignee")
ENTRY_KEYS = (*CONTENT_KEYS, "reported_to", "follow_up_of", "final")
CORRECTION_KEYS = (*CONTENT_KEYS, "reason")


@dataclass(frozen=True)
class CheckedReport:
    """A report of an entry to a leader: to whom and when."""

    to: str
    at: datetime


@dataclass(frozen=True)
class CheckedEntry:
    """An entry whose every field passed the rules, in normal form."""

    at: datetime
    kind: str | None
    source: str
    phone: str | None
    summary: str
    details: str
    importance: str
    action: str
    assignee: str
    reported_to: tuple[CheckedReport, ...] = ()
    follow_up_of: str | None = None
    final: bool = False

    def content(self) -> dict:
        """The versioned content as stored."""
        return {
            "at": self.at.strftime("%Y-%m-%d %H:%M:%S"), "kind": self.kind, "source": self.source,
            "phone": self.phone, "summary": self.summary, "details": self.details,
            "importance": self.importance, "action": self.action, "assignee": self.assignee,
        }


def _phone(field: str, value: object) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValidationError(field, "err.phone_format")
    if not value.strip():
        return None
    return identity.normalise_phone(field, value)


def report_to(field: str, value: object) -> str:
    """The leader an entry was reported to (组长, 主任, a name)."""
    return validate.text(field, value, required=True, max_length=60)


def _reports(c: Checks, value: object, *, at: datetime | None, now: datetime) -> tuple[CheckedReport, ...]:
    if value in (None, "", []):
        return ()
    if not isinstance(value, list):
        c.refuse("reported_to", "err.list")
        return ()
    if len(value) > MAX_REPORTS:
        c.refuse("reported_to", "err.too_many", max=MAX_REPORTS)
        return ()
    reports = []
    for index, raw in enumerate(value):
        prefix = f"reported_to.{index}"
        if not isinstance(raw, Mapping):
            c.refuse(prefix, "err.object")
            continue
        for key in raw:
            if key not in ("to", "at"):
                c.refuse(prefix, "err.unknown_key", name=str(key)[:40])
        to = c.run(report_to, f"{prefix}.to", raw.get("to"))
        # Named report_at: "at" alone would read as the event's time.
        when = c.run(validate.moment, f"{prefix}.report_at", raw.get("at"), now=now, future_slack=REPORTED_AHEAD)
        if when is not None and at is not None and when < at:
            c.refuse(f"{prefix}.report_at", "err.duty_report_before_event")
            continue
        if to is not None and when is not None:
            reports.append(CheckedReport(to, when))
    return tuple(reports)


def _content(c: Checks, data: Mapping, *, now: datetime, base: Mapping | None = None) -> dict:
    """The content fields; ``base`` supplies those a correction leaves out."""
    def given(key: str) -> object:
        if base is not None and key not in data:
            return base.get(key)
        return data.get(key)

    return {
        "at": c.run(validate.moment, "at", given("at"), now=now),
        # Left out: a follow-up takes its event's kind, anything else is "other".
        "kind": c.run(validate.choice, "kind", given("kind"), KINDS),
        "source": c.run(validate.text, "source", given("source"), max_length=100) or "",
        "phone": c.run(_phone, "phone", given("phone")),
        "summary": c.run(validate.text, "summary", given("summary"), required=True, max_length=200) or "",
        "details": c.run(validate.text, "details", given("details"), max_length=20_000, multiline=True) or "",
        "importance": c.run(validate.choice, "importance", given("importance") or "normal", IMPORTANCE),
        "action": c.run(validate.text, "action", given("action"), max_length=2000, multiline=True) or "",
        "assignee": c.run(validate.text, "assignee", given("assignee"), max_length=60) or "",
    }


def collect(data: object, *, now: datetime) -> tuple[CheckedEntry | None, list[ValidationError]]:
    """Check every field of a new entry; the entry in normal form if nothing was refused."""
    c = Checks()
    try:
        data = validate.mapping("entry", data)
    except ValidationError as error:
        return None, [error]
    content = _content(c, data, now=now)
    reports = _reports(c, data.get("reported_to"), at=content["at"], now=now)
    follow_up_of = c.run(validate.text, "follow_up_of", data.get("follow_up_of"), max_length=30)
    final = c.run(validate.flag, "final", data.get("final"))
    c.unknown_keys(data, ENTRY_KEYS)
    if c.errors:
        return None, c.errors
    return CheckedEntry(**content, reported_to=reports,
                        follow_up_of=follow_up_of.upper() if follow_up_of else None,
                        final=bool(final)), []


def check(data: object, *, now: datetime) -> CheckedEntry:
    """The checked entry, or every refusal raised at once (``ValidationErrors``)."""
    checked, errors = collect(data, now=now)
    if errors:
        raise ValidationErrors(errors)
    assert checked is not None
    return checked


def collect_correction(data: object, current: Mapping, *, now: datetime
                       ) -> tuple[tuple[CheckedEntry, str] | None, list[ValidationError]]:
    """A correction: the changed fields over ``current``, and the reason (required)."""
    c = Checks()
    try:
        data = validate.mapping("entry", data)
    except ValidationError as error:
        return None, [error]
    content = _content(c, data, now=now, base=current)
    reason = c.run(validate.text, "correction_reason", data.get("reason"), required=True,
                   max_length=200)
    c.unknown_keys(data, CORRECTION_KEYS)
    return c.outcome((CheckedEntry(**content), reason or ""))


def check_correction(data: object, current: Mapping, *, now: datetime) -> tuple[CheckedEntry, str]:
    """The corrected entry and the reason, or every refusal raised at once."""
    checked, errors = collect_correction(data, current, now=now)
    if errors:
        raise ValidationErrors(errors)
    assert checked is not None
    return checked
