"""Notices to relay (会议通知与落实): a meeting or other notice, its deadline, and
the units or people to reach; each is ticked off with the time and the person
reached, and what is missing stands out."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError, ValidationErrors
from frontdesk.store.core.validate import Checks
from frontdesk.store.shared import audit
from frontdesk.store.shared.operators import Operator

if TYPE_CHECKING:
    from frontdesk.store.api import Store

MAX_TARGETS = 200
NOTICE_KEYS = ("title", "content", "deadline", "targets")


@dataclass(frozen=True)
class Target:
    """A unit or person to reach, and whether (when, whom) they were reached."""

    id: int
    position: int
    target: str
    reached_at: str | None
    reached_person: str
    ticked_at: str | None
    ticked_by: str | None

    @property
    def reached(self) -> bool:
        return self.reached_at is not None


@dataclass(frozen=True)
class Notice:
    """A notice to relay and its targets."""

    id: int
    title: str
    content: str
    deadline: str | None
    targets: tuple[Target, ...]
    created_at: str
    created_by: str

    @property
    def missing(self) -> tuple[Target, ...]:
        return tuple(target for target in self.targets if not target.reached)

    @property
    def done(self) -> bool:
        return not self.missing

    def overdue(self, now: str) -> bool:
        """Past its deadline with someone still not reached."""
        return bool(self.deadline and not self.done and now >= self.deadline)


def _deadline(field: str, value: object, now) -> str | None:
    if value in (None, ""):
        return None
    # A deadline lies ahead: checked only for its form and for being after 2000.
    moment = validate.moment(field, value, now=now, future_slack=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def collect(data: object, *, now) -> tuple[dict | None, list[ValidationError]]:
    """Every refusal of a new notice at once; the notice in normal form otherwise."""
    if not isinstance(data, dict):
        return None, [ValidationError("duty_notice", "err.object")]
    c = Checks()
    title = c.run(validate.text, "notice_title", data.get("title"), required=True, max_length=200)
    content = c.run(validate.text, "notice_content", data.get("content"), max_length=5000, multiline=True)
    deadline = c.run(_deadline, "notice_deadline", data.get("deadline"), now)
    raw = data.get("targets")
    if isinstance(raw, str):
        raw = [part for part in raw.replace("、", ",").replace("，", ",").replace("\n", ",").split(",")]
    targets: list[str] = []
    if not isinstance(raw, list):
        c.refuse("notice_targets", "err.notice_targets_required")
    else:
        for index, item in enumerate(raw):
            name = c.run(validate.text, f"notice_targets.{index}", item, max_length=100)
            if name and name not in targets:
                targets.append(name)
        if not targets:
            c.refuse("notice_targets", "err.notice_targets_required")
        elif len(targets) > MAX_TARGETS:
            c.refuse("notice_targets", "err.too_many", max=MAX_TARGETS)
    c.unknown_keys(data, NOTICE_KEYS)
    return c.outcome({"title": title, "content": content or "", "deadline": deadline,
                      "targets": targets})


class Notices:
    """The notices to relay of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def collect(self, data: object):
        return collect(data, now=self._store.now())

    def add(self, actor: Operator, data: object) -> Notice:
        """A new notice with the units or people to reach."""
        checked, errors = self.collect(data)
        if errors:
            raise ValidationErrors(errors)
        now = self._store.now()
        now_text = self._store.now_text()
        with self._store.write() as db:
            self._store.operators.require(actor, "duty.write")
            notice_id = db.table("duty_notices").insert({
                "title": checked["title"], "content": checked["content"],
                "deadline": checked["deadline"], "created_at": now_text, "created_by": actor.name,
            }).last_pk
            audit.append(db, at=now, operator=actor.name, action="create", table="duty_notices",
                         record_id=notice_id)
            for position, target in enumerate(checked["targets"]):
                target_id = db.table("duty_notice_targets").insert({
                    "notice_id": notice_id, "position": position, "target": target,
                    "reached_at": None, "reached_person": "", "ticked_at": None, "ticked_by": None,
                }).last_pk
                audit.append(db, at=now, operator=actor.name, action="create",
                             table="duty_notice_targets", record_id=target_id)
        return self.get(actor, notice_id)

    def tick(self, actor: Operator, notice_id: object, target: object, *, person: object,
             at: object = None) -> Notice:
        """Tick one target off: ``target`` is its name or its place in the list
        (1-based); ``person`` is who was reached, ``at`` when (now by default)."""
        now = self._store.now()
        person_text = validate.text("reached_person", person, required=True, max_length=60)
        when = validate.moment("reached_at", at, now=now).strftime("%Y-%m-%d %H:%M:%S")
        notice = self.get(actor, notice_id)
        chosen = _find_target(notice, target)
        with self._store.write() as db:
            self._store.operators.require(actor, "duty.write")
            audit.assert_untouched(db, "duty_notice_targets", chosen.id)
            changed = db.execute(
                "UPDATE duty_notice_targets SET reached_at = ?, reached_person = ?, ticked_at = ?,"
                " ticked_by = ? WHERE id = ? AND reached_at IS NULL",
                [when, person_text, self._store.now_text(), actor.name, chosen.id],
            ).rowcount
            if not changed:
                raise ValidationError("notice_target", "err.notice_already_reached", target=chosen.target)
            audit.append(db, at=now, operator=actor.name, action="tick",
                         table="duty_notice_targets", record_id=chosen.id)
        return self.get(actor, notice_id)

    def get(self, actor: Operator, notice_id: object) -> Notice:
        self._store.operators.require(actor, "duty.read")
        try:
            key = int(str(notice_id).strip())
        except ValueError:
            key = -1
        if not 0 < key < 2**63:  # SQLite's integers end there
            key = -1
        found = self._many("id = ?", [key])
        if not found:
            raise ValidationError("duty_notice", "err.notice_unknown", id=notice_id)
        return found[0]

    def _many(self, where: str, params: list) -> list[Notice]:
        db = self._store.db
        rows = list(db.query(f"SELECT * FROM duty_notices WHERE {where} ORDER BY id DESC", params))
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        marks = ",".join("?" for _ in ids)
        targets: dict[int, list[Target]] = {}
        for r in db.query(f"SELECT * FROM duty_notice_targets WHERE notice_id IN ({marks})"
                          " ORDER BY position", ids):
            targets.setdefault(r["notice_id"], []).append(Target(
                r["id"], r["position"], r["target"], r["reached_at"], r["reached_person"],
                r["ticked_at"], r["ticked_by"]))
        return [Notice(r["id"], r["title"], r["content"], r["deadline"],
                       tuple(targets.get(r["id"], ())), r["created_at"], r["created_by"])
                for r in rows]

    def list(self, actor: Operator, limit: int = 100) -> list[Notice]:
        """Notices newest first."""
        self._store.operators.require(actor, "duty.read")
        return self._many("id IN (SELECT id FROM duty_notices ORDER BY id DESC LIMIT ?)", [limit])

    def relayed_between(self, start: str, end: str) -> builtins.list[Notice]:
        """Notices received in [start, end), or with a unit or person reached in it."""
        return self._many(
            "(created_at >= ? AND created_at < ?) OR id IN (SELECT notice_id FROM duty_notice_targets"
            " WHERE reached_at >= ? AND reached_at < ?)", [start, end, start, end])

    def open_notices(self, actor: Operator) -> builtins.list[Notice]:
        """Notices with someone not yet reached."""
        self._store.operators.require(actor, "duty.read")
        return self._many(
            "id IN (SELECT notice_id FROM duty_notice_targets WHERE reached_at IS NULL)", [])


def _find_target(notice: Notice, target: object) -> Target:
    text = str(target or "").strip()
    # Only 0-9 (other scripts' digits pass isdigit but not int), and short.
    if text.isascii() and text.isdigit() and len(text) < 5 and 1 <= int(text) <= len(notice.targets):
        return notice.targets[int(text) - 1]
    for candidate in notice.targets:
        if candidate.target == text:
            return candidate
    raise ValidationError("notice_target", "err.notice_target_unknown", target=text)
