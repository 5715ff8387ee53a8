"""Matters (信访事项) as JSON and as readable lines, in the reader's language."""

from __future__ import annotations

from typing import Any

from frontdesk.i18n import t
from frontdesk.store.matters.records import Matter

_SHOWN_KEYS = ("unit", "document_no", "to", "text", "reason", "days", "told_at", "summary", "how")


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def matter_json(matter: Matter) -> dict:
    """The matter with the keys the command line promises (``matter show --json``)."""
    state = matter.state
    return {
        "number": matter.number,
        "kind": matter.kind,
        "status": state.status,
        "subject": matter.subject,
        "unit": state.unit,
        "due": _day(state.due),
        "clock": state.clock,
        "overdue": state.overdue,
        "extended": state.extended,
        "supervision_due": _day(state.supervision_due),
        "sealed": matter.sealed,
        "contacts": [{"channel": c.channel, "number": c.number, "at": c.at,
                      **({"not_accepted": True} if c.not_accepted else {})} for c in matter.contacts],
        "steps": [{"step": s.step, "at": s.at, "by": s.by, **dict(s.data), "late": s.late}
                  for s in matter.steps],
    }


def due_text(matter: Matter) -> str:
    """What the running clock says: "办理期限 2026-05-09" (or "" when none runs)."""
    state = matter.state
    if state.clock is None or state.due is None:
        return ""
    text = f"{t('matter.clock.' + state.clock)} {state.due.isoformat()}"
    return f"{text} {t('matter.overdue')}" if state.overdue else text


def step_text(step: Any) -> str:
    """One step's own keys as a line: "区教育局 · 福信转〔2026〕1号"."""
    parts = []
    for key in _SHOWN_KEYS:
        value = step.data.get(key)
        if value in (None, ""):
            continue
        if key == "how":
            value = t(f"matter.how.{value}")
        elif key == "days":
            value = t("matter.days", days=value)
        parts.append(str(value))
    if step.data.get("at_desk"):
        parts.append(t("matter.at_desk"))
    return " · ".join(parts)


def matter_lines(matter: Matter) -> list[str]:
    """The matter, its contacts and its steps (the timeline), as lines."""
    state = matter.state
    lines = [
        f"{matter.number}  {t('matter.kind.' + matter.kind)}  {t('matter.status.' + state.status)}",
    ]
    if matter.sealed:
        lines.append(t("matter.sealed"))
    else:
        lines.append(f"{t('field.subject')}：{matter.subject}")
        if state.unit:
            lines.append(f"{t('field.unit')}：{state.unit}")
    due = due_text(matter)
    if due:
        lines.append(due)
    if state.extended:
        lines.append(t("matter.extended"))
    if state.supervision_due is not None:
        lines.append(t("matter.supervision_due", due=state.supervision_due.isoformat()))
    lines.append(t("matter.contacts"))
    for contact in matter.contacts:
        mark = f"  {t('matter.not_accepted')}" if contact.not_accepted else ""
        lines.append(f"  {contact.at[:16]}  {t('channel.' + contact.channel)}  {contact.number}{mark}")
    lines.append(t("matter.timeline"))
    for step in matter.steps:
        late = f"  {t('matter.late')}" if step.late else ""
        detail = step_text(step)
        lines.append(f"  {step.at[:16]}  {t('matter.step.' + step.step)}  {step.by}{late}"
                     + (f"  {detail}" if detail else ""))
    return lines
