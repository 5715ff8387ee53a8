"""Synthetic duty log entries for trying the duty room out: calls on the mayor's
hotline, faxes and notices from above, events with their follow-up and final
reports, urgent matters reported to the team lead or the director. Written in
bulk with their versions, reports, callers and audit entries; the same seed
gives the same entries."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from frontdesk.store.demo.visits import GIVEN, MOBILE_PREFIXES, SUB_DISTRICTS, SURNAMES, UNITS, _insert_sql
from frontdesk.store.shared import audit, numbers
from frontdesk.store.shared.operators import Operator
from frontdesk.store.shared.people import party_row

if TYPE_CHECKING:
    from frontdesk.store.api import Store

KIND_WEIGHTS = {"call": 40, "hotline": 25, "fax": 8, "event": 7, "notice": 10, "instruction": 5, "other": 5}
MATTERS = {
    "call": ("反映{place}小区停水", "咨询{place}学位申请", "投诉{place}工地夜间施工噪音", "反映{place}路灯不亮"),
    "hotline": ("区长专线：{place}拖欠工资", "区长专线：{place}物业纠纷", "区长专线：{place}违建举报"),
    "fax": ("市委办传真：关于做好节日值班工作的通知", "市应急局传真：台风预警"),
    "event": ("{place}路面塌陷", "{place}一厂房起火", "{place}群众聚集讨薪"),
    "notice": ("市政府总值班室通知：明日召开视频会议", "市委办通知：报送节假日值班表"),
    "instruction": ("区长批示：妥善处理{place}欠薪问题", "书记批示：加强{place}安全巡查"),
    "other": ("401 会议室视频会议设备开启", "收到{place}机密文件一件，已登记"),
}
LEADERS = ("值班组长", "办公室主任", "带班领导")
ACTIONS = ("已登记并转{unit}办理", "已电话通知{unit}", "已报值班领导", "已答复来电人")
BATCH = 2000


class DutyDemo:
    """Fills a store's duty log with synthetic entries."""

    def __init__(self, store: Store, seed: int = 2006) -> None:
        self._store = store
        self._rng = random.Random(seed * 7 + 4)

    def entries(self, actor: Operator, count: int, *, years: int = 3,
                progress: Callable[[int], None] | None = None) -> int:
        """About ``count`` entries (events bring their follow-ups) over the past ``years``."""
        self._store.operators.require(actor, "demo.generate")
        rng = self._rng
        now = self._store.now()
        span = int(timedelta(days=365 * years).total_seconds())
        moments = sorted(now - timedelta(seconds=rng.randrange(1, span)) for _ in range(count))
        done = 0
        while done < count:
            chunk = moments[done:done + BATCH]
            with self._store.write() as db:
                self._insert_chunk(db, actor, chunk, now)
            done += len(chunk)
            if progress:
                progress(len(chunk))
        return done

    def _insert_chunk(self, db, actor: Operator, chunk: list[datetime], now: datetime) -> None:
        rng = self._rng
        conn = db.conn
        counters: dict[int, int] = {}
        rows: list[tuple[str, int, dict]] = []

        def number(year: int) -> str:
            if year not in counters:
                found = conn.execute("SELECT last FROM counters WHERE channel = 'duty' AND year = ?",
                                     [year]).fetchone()
                counters[year] = found[0] if found else 0
            counters[year] += 1
            return numbers.format_number("duty", year, counters[year])

        def insert(table: str, row: dict) -> int:
            row_id = conn.execute(_insert_sql(table, row), row).lastrowid
            rows.append((table, row_id, {**row, "id": row_id}))
            return row_id

        def entry(at: datetime, kind: str, summary: str, importance: str, *, event_id=None, seq=0,
                  final=False, source="", phone=None) -> int:
            logged = min(at + timedelta(minutes=rng.randint(1, 20)), now)
            at_text, logged_text = at.strftime("%Y-%m-%d %H:%M:%S"), logged.strftime("%Y-%m-%d %H:%M:%S")
            unit = rng.choice(UNITS)
            assignee = rng.choice(("", "", unit))
            old = now - logged > timedelta(days=2)
            content = {
                "at": at_text, "kind": kind, "source": source, "phone": phone, "summary": summary,
                "details": "", "importance": importance,
                "action": rng.choice(ACTIONS).format(unit=unit), "assignee": assignee,
            }
            row = {"number": number(at.year), **content, "logged_at": logged_text, "event_id": event_id,
                   "seq": seq, "final": int(final), "version": 1,
                   "done_at": logged_text if assignee and old else None,
                   "done_by": actor.name if assignee and old else None, "done_note": "",
                   "created_at": logged_text, "created_by": actor.name,
                   "updated_at": logged_text, "updated_by": actor.name}
            entry_id = insert("duty_entries", row)
            insert("duty_entry_versions", {"entry_id": entry_id, "version": 1, **content, "reason": "",
                                           "created_at": logged_text, "created_by": actor.name})
            if source or phone:
                insert("parties", party_row("duty", entry_id, 0, {"name": source, "phone": phone}))
            # Recent urgent matters may still wait for their report; older ones were reported.
            if importance != "normal" and (old or rng.random() < 0.6):
                told = min(logged + timedelta(minutes=rng.randint(1, 15)), now)
                insert("duty_reports", {"entry_id": entry_id, "reported_to": rng.choice(LEADERS),
                                        "reported_at": told.strftime("%Y-%m-%d %H:%M:%S"),
                                        "created_at": told.strftime("%Y-%m-%d %H:%M:%S"),
                                        "created_by": actor.name})
            return entry_id

        for at in chunk:
            kind = rng.choices(tuple(KIND_WEIGHTS), weights=tuple(KIND_WEIGHTS.values()))[0]
            summary = rng.choice(MATTERS[kind]).format(place=rng.choice(SUB_DISTRICTS) + "街道")
            importance = rng.choices(("normal", "important", "urgent"), weights=(80, 15, 5))[0]
            source, phone = "", None
            if kind in ("call", "hotline"):
                source = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            elif kind in ("fax", "notice"):
                source = rng.choice(("市委总值班室", "市政府总值班室", "市应急管理局"))
            root = entry(at, kind, summary, "urgent" if kind == "event" else importance,
                         source=source, phone=phone)
            if kind == "event":
                steps = rng.randint(0, 3)
                for seq in range(1, steps + 1):
                    later = at + timedelta(minutes=40 * seq)
                    if later >= now:
                        break
                    last = seq == steps and now - later > timedelta(days=1)
                    entry(later, kind, ("终报：" if last else "续报：") + summary, "urgent",
                          event_id=root, seq=seq, final=last)
        for year, count in counters.items():
            conn.execute(
                "INSERT INTO counters (channel, year, last) VALUES ('duty', ?, ?)"
                " ON CONFLICT (channel, year) DO UPDATE SET last = excluded.last", [year, count])
        audit.append_many(db, at=now, operator=actor.name, action="create", rows=rows)
