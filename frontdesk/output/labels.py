"""The reader's words for the store's codes: roles, ID types, the stage of a
duty report, an officer named with their label, a sealed record."""

from __future__ import annotations

from frontdesk.i18n import get_language, t
from frontdesk.store.duty.log import DutyEntry, chinese_number


def role_label(role: str) -> str:
    """系统管理员, 接访员 … for a role's code."""
    return t(f"role.{role}")


def id_type_label(id_type: str) -> str:
    """居民身份证, 护照 … for an ID type's code."""
    return t(f"id_type.{id_type}")


def stage_text(stage: str, seq: int) -> str:
    """初报, 续报一, 续报二 …, 终报 ("" for a plain entry), in the reader's language."""
    if not stage:
        return ""
    if stage == "follow_up":
        n = chinese_number(seq) if get_language() == "zh" else str(seq)
        return t("duty.stage.follow_up", n=n)
    return t(f"duty.stage.{stage}")


def stage_label(entry: DutyEntry) -> str:
    """The stage of a duty log entry in words (see ``stage_text``)."""
    return stage_text(entry.stage, entry.seq)


def officer_label(label: str, name: str) -> str:
    """An officer as the report names them: display name and login, or the login alone."""
    if not label or label == name:
        return name
    return t("duty.officer_label", label=label, name=name)


def sealed_text(channel: str) -> str:
    """What stands in a sealed record's place: 检举控告类来信（内容按规定不予显示） …"""
    return t(f"seal.{channel}") if channel in ("visit", "letter") else t("seal.other")


NAMES_APART = "、"
"""Between the names in a lookup hit (``store.lookup.index.NAMES_APART``; not
imported from there, which would load the index before the sign-in shows)."""


def people_label(names: str, width: int = 8) -> str:
    """A record's people as a lookup answer shows them: the first name, and the
    whole count when there are more (石欣强等3人); one name, spaces and all,
    stays one person."""
    people = [name for name in names.split(NAMES_APART) if name.strip()]
    if len(people) <= 1:
        return names[:width + 4]
    return t("tui.lookup.and_others", name=people[0][:width], count=len(people))
