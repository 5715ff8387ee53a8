"""Demo matters: every demo visit and letter gets its matter, and each matter a
plausible life so far (transfer, acceptance, answer, review, recheck, closing,
supervision, returns and reports), cut at today; some stall and so run late.

The steps follow the order rules of ``store.matters.rules`` (the tests replay
them through those rules), with gaps drawn per step; a step that would fall
after today is not taken yet.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from frontdesk.store.matters import rules
from frontdesk.store.matters.state import write as write_state
from frontdesk.store.shared import audit, numbers
from frontdesk.store.shared.operators import Operator

if TYPE_CHECKING:
    from frontdesk.store.api import Store

UNITS = ("区住房和建设局", "区人力资源局", "区教育局", "区卫生健康局", "区民政局", "区城管局",
         "区生态环境局", "区公安分局", "区司法局", "园岭街道办", "南园街道办", "福田街道办")
DISCIPLINE = "区纪委监委"
LEGAL = ("区人民法院", "区司法局", "区公安分局")
LEADERS = ("张主任", "刘副主任", "陈书记")
BATCH = 2000

Plan = list[tuple[str, int, dict]]
"""(step, days after the step before, its keys)."""


def _route(rng: random.Random, kind: str, category: str, start: str) -> Plan:
    """How a matter that is still with the office goes to a unit."""
    unit = DISCIPLINE if kind == "accusation" else rng.choice(LEGAL) if category == "涉法涉诉" \
        else rng.choice(UNITS)
    plan: Plan = []
    if start == "registered" and rng.random() < 0.12:
        plan += [("submit", rng.randint(1, 4), {"to": rng.choice(LEADERS)}),
                 ("instruction", rng.randint(1, 3), {"text": "请相关单位依法依规处理"}),
                 ("assign", rng.randint(1, 3), {"unit": unit, "document_no": "福信交〔{year}〕{n}号"})]
    elif start == "registered":
        name = "assign" if rng.random() < 0.2 else "transfer"
        # Most within the 15 days; a few late (marked so).
        gap = rng.randint(1, 14) if rng.random() < 0.9 else rng.randint(16, 22)
        plan.append((name, gap, {"unit": unit, "document_no": "福信转〔{year}〕{n}号"}))
    return plan


def _handling(rng: random.Random, kind: str, category: str, assigned: bool) -> Plan:
    """What a unit does with a matter it received."""
    roll = rng.random()
    if roll < 0.07:
        other = DISCIPLINE if kind == "accusation" else rng.choice(LEGAL) if category == "涉法涉诉" \
            else rng.choice(UNITS)
        return [("return", rng.randint(1, 4), {"reason": "不属本单位职责范围"}),
                ("transfer", rng.randint(1, 8), {"unit": other, "document_no": "福信转〔{year}〕{n}号"}),
                *_handling(rng, kind, category, False)]
    if roll < 0.13:
        return [("decline", rng.randint(3, 14), {"reason": "已经或者依法应当通过诉讼途径解决"})]
    plan: Plan = [("accept", rng.randint(2, 14), {})]
    if rng.random() < 0.12:
        plan += [("supervise", rng.randint(10, 20), {"unit": "区信访局", "reason": "推进缓慢"}),
                 ("feedback", rng.randint(5, 25), {"summary": "已按督办意见推进"})]
    if rng.random() < 0.15:
        plan.append(("extend", rng.randint(40, 55), {"days": rng.randint(10, 30), "reason": "情况复杂需进一步调查",
                                                      "told_at": "{day} 10:00"}))
        plan.append(("answer", rng.randint(5, 25), {"summary": "已出具处理意见书"}))
    else:
        plan.append(("answer", rng.randint(15, 58), {"summary": "已出具处理意见书"}))
    return plan + _after_answer(rng, assigned)


def _after_answer(rng: random.Random, assigned: bool) -> Plan:
    plan: Plan = []
    if assigned:
        plan.append(("report", rng.randint(1, 10), {"summary": "办结报告"}))
        if rng.random() < 0.15:
            plan += [("report_return", rng.randint(2, 7), {"reason": "办结报告不符合要求"}),
                     ("report", rng.randint(3, 10), {"summary": "办结报告（重报）"})]
    roll = rng.random()
    if roll < 0.25:
        since_answer = sum(gap for _name, gap, _data in plan)
        plan += [("review_request", rng.randint(1, max(1, 29 - since_answer)), {}),
                 ("review_answer", rng.randint(10, 29), {"summary": "维持原处理意见"})]
        if rng.random() < 0.6:
            plan += [("recheck_request", rng.randint(5, 28), {}),
                     ("recheck_answer", rng.randint(10, 29), {"summary": "维持复查意见"})]
        else:
            plan.append(("close", rng.randint(31, 40), {"summary": "信访人未申请复核，办结"}))
    elif roll < 0.8:
        plan.append(("close", rng.randint(31, 40), {"summary": "已答复，信访人未申请复查，办结"}))
    return plan


def plan_for(rng: random.Random, *, kind: str, category: str, desk: str | None, assigned: bool) -> Plan:
    """A matter's life from its first contact: what the desk did (``desk``: the
    step already taken there, or None), then what follows."""
    if desk == "answer":
        return _after_answer(rng, False)
    if desk == "decline":
        return [("review_request", rng.randint(5, 25), {}),
                ("review_answer", rng.randint(10, 29), {"summary": "维持不予受理"})] if rng.random() < 0.1 else []
    plan = _route(rng, kind, category, "routed" if desk else "registered")
    routed_as = desk or (plan[-1][0] if plan else None)
    if routed_as is None:
        return plan
    return plan + _handling(rng, kind, category, routed_as == "assign")


class MatterDemo:
    """Gives the demo's visits and letters their matters."""

    def __init__(self, store: Store, seed: int = 2006) -> None:
        self._store = store
        self._seed = seed

    def matters(self, actor: Operator, progress: Callable[[int], None] | None = None) -> int:
        """A matter for every visit and letter without one (a repeat visit joins
        its earlier visit's); how many contacts were given one."""
        self._store.operators.require(actor, "demo.generate")
        rng = random.Random(self._seed + 11)
        db = self._store.db
        waiting = list(db.execute(
            "SELECT 'visit', v.id, v.visited_at, v.subject, v.category, v.disposition, v.transfer_unit,"
            " v.not_accepted_reason, v.previous_number FROM visits AS v WHERE NOT EXISTS"
            " (SELECT 1 FROM matter_contacts AS c WHERE c.channel = 'visit' AND c.record_id = v.id)"
            " UNION ALL SELECT 'letter', l.id, l.received_at, l.subject, l.category, NULL, NULL, NULL, NULL"
            " FROM letters AS l WHERE NOT EXISTS"
            " (SELECT 1 FROM matter_contacts AS c WHERE c.channel = 'letter' AND c.record_id = l.id)"
            " ORDER BY 3, 2"))
        done = 0
        while done < len(waiting):
            chunk = waiting[done:done + BATCH]
            with self._store.write() as write_db:
                self._insert_chunk(write_db, actor, chunk, rng)
            done += len(chunk)
            if progress:
                progress(len(chunk))
        return done

    def _insert_chunk(self, db, actor: Operator, chunk: list, rng: random.Random) -> None:
        conn = db.conn
        now = self._store.now()
        today = now.date()
        rows: list[tuple[str, int, dict]] = []
        accused = {row[0] for row in conn.execute("SELECT DISTINCT letter_id FROM letter_accused")}

        def insert(table: str, row: dict) -> int:
            columns = ", ".join(row)
            row_id = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + c for c in row)})",
                                  row).lastrowid
            rows.append((table, row_id, {**row, "id": row_id}))
            return row_id

        for channel, record_id, at, subject, category, disposition, unit, reason, previous in chunk:
            marks = ("检举", "控告", "纪检")
            accusation = any(m in (category or "") for m in marks) or reason == "accusation" or (
                channel == "letter" and record_id in accused)
            kind = "accusation" if accusation else ("suggestion" if subject == "建议意见" else "request")
            earlier = None
            if previous:
                found = conn.execute(
                    "SELECT c.matter_id FROM matter_contacts AS c JOIN visits AS v ON v.id = c.record_id"
                    " WHERE c.channel = 'visit' AND v.number = ?", [previous]).fetchone()
                earlier = found[0] if found else None
            if earlier is not None:
                insert("matter_contacts", {"matter_id": earlier, "channel": channel, "record_id": record_id,
                                           "at": at, "not_accepted": 0, "overruled_note": None,
                                           "created_at": at, "created_by": actor.name})
                continue
            year = int(at[:4])
            conn.execute("INSERT INTO counters (channel, year, last) VALUES ('matter', ?, 1)"
                         " ON CONFLICT (channel, year) DO UPDATE SET last = last + 1", [year])
            last = conn.execute("SELECT last FROM counters WHERE channel = 'matter' AND year = ?",
                                [year]).fetchone()[0]
            matter_id = insert("matters", {
                "number": numbers.format_number("matter", year, last), "kind": kind, "subject": subject,
                "category": category or "", "opened_at": at, "created_at": at, "created_by": actor.name})
            insert("matter_contacts", {"matter_id": matter_id, "channel": channel, "record_id": record_id,
                                       "at": at, "not_accepted": 0, "overruled_note": None,
                                       "created_at": at, "created_by": actor.name})
            taken: list[rules.Step] = []
            desk = {"transfer": "transfer", "case": "assign", "not_accepted": "decline",
                    "answered": "answer"}.get(disposition or "")
            if desk is not None:
                data = {"unit": unit} if desk in ("transfer", "assign") else \
                    {"reason": reason or ""} if desk == "decline" else {"summary": ""}
                self._step(insert, actor, matter_id, desk, at, {**data, "at_desk": True}, late=False)
                taken.append(rules.Step(desk, at, actor.name, data))
            plan = plan_for(rng, kind=kind, category=category or "", desk=desk, assigned=desk == "assign")
            # Some matters stall where they are, and run late.
            if plan and rng.random() < 0.2:
                plan = plan[:rng.randrange(len(plan))]
            # Some wait on a leader, or on the office to route them again.
            waiting_at = next((i for i, item in enumerate(plan) if item[0] in ("submit", "return")), None)
            if waiting_at is not None and rng.random() < 0.35:
                plan = plan[:waiting_at + 1]
            day = date.fromisoformat(at[:10])
            opened = day
            for position, (name, gap, data) in enumerate(plan):
                day += timedelta(days=gap)
                if day > today:
                    break
                moment = datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.randint(9, 16))
                if day == today and moment > now:
                    break
                filled = {key: value.format(year=day.year, n=matter_id * 10 + position, day=day.isoformat())
                          if isinstance(value, str) else value for key, value in data.items()}
                late = name in ("transfer", "assign") and position == 0 and day > opened + timedelta(days=15)
                self._step(insert, actor, matter_id, name, moment.strftime("%Y-%m-%d %H:%M:%S"), filled,
                           late=late)
                taken.append(rules.Step(name, moment.strftime("%Y-%m-%d %H:%M:%S"), actor.name, filled))
            write_state(db, matter_id, taken, at)
        audit.append_many(db, at=now, operator=actor.name, action="create", rows=rows)

    @staticmethod
    def _step(insert, actor: Operator, matter_id: int, name: str, at: str, data: dict, *, late: bool) -> None:
        insert("matter_steps", {"matter_id": matter_id, "step": name, "at": at, "by": actor.name,
                                "data": json.dumps(data, ensure_ascii=False, sort_keys=True), "late": int(late),
                                "created_at": at, "created_by": actor.name})
