"""Realistic synthetic records for trying the app out and for benchmarks.

Chinese names, resident ID numbers with valid check digits, mobile numbers,
addresses in the district's sub-districts, real categories and units, times
spread over years, and people who come back (so repeat visits occur). Records
go in by the thousand per transaction with their audit entries, so a million
takes minutes, not hours; the same seed gives the same records.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from frontdesk.store.shared import audit, numbers
from frontdesk.store.shared.identity import resident_check_digit
from frontdesk.store.shared.operators import Operator
from frontdesk.store.shared.people import party_row
from frontdesk.store.visits import rules as visit_rules

if TYPE_CHECKING:
    from frontdesk.store.api import Store

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤单解"
)
GIVEN = (
    "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯俊峰雪梅琳晨"
    "欣怡子涵梓轩一诺宏伟海燕春生秋菊冬梅立新永健丹阳小龙佳琪思远家豪嘉欣晓东德明金凤淑珍"
)
SUB_DISTRICTS = ("园岭", "南园", "福田", "沙头", "香蜜湖", "梅林", "莲花", "华富", "福保", "华强北")
ROADS = ("深南中路", "红荔路", "福华路", "笋岗西路", "彩田路", "新洲路", "皇岗路", "华强北路", "益田路", "福中路")
AREA_CODES = ("440304", "440303", "440305", "440306", "445221", "360730", "430524", "441424", "450881", "362132")
MOBILE_PREFIXES = (
    "138", "139", "135", "136", "137", "150", "151", "158", "159", "186", "187", "188", "133", "189", "177", "199",
)

SUBJECTS = {
    "城建国土": ("小区物业服务纠纷", "旧改项目拆迁补偿", "违建影响采光通风", "房屋质量问题维修", "不动产登记办理"),
    "劳动社保": ("拖欠工资", "工伤认定", "社保断缴补缴", "劳动合同纠纷", "企业欠薪跑路"),
    "企业改制": ("企业改制职工安置", "集体股份分红", "原国企职工身份置换"),
    "涉法涉诉": ("不服判决申诉", "执行难", "律师服务纠纷"),
    "教育文体": ("学位申请", "校外培训退费", "学校周边安全"),
    "卫生计生": ("医疗纠纷", "药品价格", "诊所无证行医"),
    "民政事务": ("低保申请", "残疾人补贴", "养老院服务"),
    "交通运输": ("公交线路调整", "停车收费", "道路施工噪音"),
    "环境保护": ("餐饮油烟扰民", "工地夜间施工噪音", "河道污染"),
    "治安消防": ("出租屋消防隐患", "群租房治安", "电动车充电安全"),
    "其他": ("政策咨询", "建议意见", "反映干部作风"),
}
UNITS = (
    "区住房和建设局", "区人力资源局", "区教育局", "区卫生健康局", "区民政局", "区城管局",
    "区生态环境局", "区公安分局", "区司法局",
) + tuple(f"{name}街道办" for name in SUB_DISTRICTS)

DEMO_OPERATORS = (
    ("kezhang", "李科长", "supervisor"),
    ("jiedai1", "陈晓东", "reception"),
    ("zhiban1", "王立新", "duty"),
    ("shoufa1", "赵丽", "mail"),
)
BATCH = 2000


@dataclass
class _Person:
    name: str
    id_number: str
    phone: str
    address: str
    postcode: str
    last_visit: tuple[str, str] | None = None


class _Maker:
    """Random but plausible parts of records, from one seed."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today

    def name(self) -> str:
        rng = self.rng
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        return rng.choice(SURNAMES) + given

    def id_number(self) -> str:
        rng = self.rng
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 65))
        first17 = f"{rng.choice(AREA_CODES)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        return first17 + resident_check_digit(first17)

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def address(self) -> tuple[str, str]:
        rng = self.rng
        place = rng.choice(SUB_DISTRICTS)
        return (f"深圳市福田区{place}街道{rng.choice(ROADS)}{rng.randrange(1, 3000)}号"
                f"{rng.randrange(1, 40)}栋{rng.randrange(101, 3300)}", f"5180{rng.randrange(10, 99)}")

    def person(self) -> _Person:
        address, postcode = self.address()
        return _Person(self.name(), self.id_number(), self.phone(), address, postcode)


def _office_hours(moment: datetime, rng: random.Random, now: datetime) -> datetime:
    """``moment`` moved to an hour between 8 and 17 of its day, unless that is
    later than ``now``."""
    at = moment.replace(hour=rng.randint(8, 17), microsecond=0)
    return at if at <= now else moment.replace(microsecond=0)


def _headcount(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.80:
        return 1
    if roll < 0.92:
        return rng.randint(2, 4)
    return rng.choice((5, 6, 8, 12, 15, 20, 30, 50))


class Demo:
    """Fills a store with synthetic records."""

    def __init__(self, store: Store, seed: int = 2006) -> None:
        self._store = store
        self._seed = seed

    def operators(self, actor: Operator, password: str) -> list[str]:
        """The demo's operators, one per role, where missing; their names."""
        self._store.operators.require(actor, "demo.generate")
        added = []
        for name, display, role in DEMO_OPERATORS:
            if self._store.operators.get(name) is None:
                self._store.operators.add(actor, name, role, password, display)
                added.append(name)
        return added

    def visits(self, actor: Operator, count: int, *, years: int = 3,
               progress: Callable[[int], None] | None = None) -> int:
        """``count`` visits spread over the past ``years`` years, oldest first."""
        self._store.operators.require(actor, "demo.generate")
        now = self._store.now()
        maker = _Maker(self._seed, now.date())
        rng = maker.rng
        span = int(timedelta(days=365 * years).total_seconds())
        start = now - timedelta(seconds=span)
        # Office hours, then oldest first, so repeat visits point backwards in time
        # and nothing happens later today than now.
        moments = sorted(
            _office_hours(start + timedelta(seconds=rng.randrange(span)), rng, now)
            for _ in range(count)
        )
        pool: list[_Person] = [maker.person() for _ in range(max(10, count // 3))]
        db = self._store.db
        used_codes = {row[0] for row in db.execute("SELECT query_code FROM visits")}
        done = 0
        while done < count:
            chunk = moments[done:done + BATCH]
            with self._store.write() as db:
                self._insert_chunk(db, actor, chunk, pool, maker, used_codes, now)
            done += len(chunk)
            if progress:
                progress(len(chunk))
        from frontdesk.store.demo.matters import MatterDemo

        MatterDemo(self._store, self._seed).matters(actor)
        return done

    def _insert_chunk(self, db, actor, chunk, pool, maker, used_codes, now) -> None:
        rng = maker.rng
        conn = db.conn
        counters: dict[int, int] = {}
        audit_rows: list[tuple[str, int, dict]] = []
        for at in chunk:
            at_text = at.strftime("%Y-%m-%d %H:%M:%S")
            headcount = _headcount(rng)
            listed = 1 if headcount == 1 else min(headcount, rng.randint(1, 5))
            people_ = [rng.choice(pool) if rng.random() < 0.35 else maker.person() for _ in range(listed)]
            if headcount > 1 and rng.random() < 0.5:
                pool.append(people_[0])
            if len({p.id_number for p in people_}) < len(people_):
                people_ = [maker.person() for _ in range(listed)]
            earlier = next((p.last_visit for p in people_ if p.last_visit), None)
            category = rng.choice(tuple(SUBJECTS))
            disposition = rng.choices(visit_rules.DISPOSITIONS, weights=(5, 8, 2, 1))[0]
            reason = rng.choice(visit_rules.NOT_ACCEPTED_REASONS) if disposition == "not_accepted" else None
            code = None
            while code is None or code in used_codes:
                code = "".join(rng.choice(numbers.QUERY_ALPHABET) for _ in range(numbers.QUERY_LENGTH))
            used_codes.add(code)
            # Registered when the visitor came: numbered in that year's series.
            if at.year not in counters:
                found = conn.execute("SELECT last FROM counters WHERE channel = 'visit' AND year = ?",
                                     [at.year]).fetchone()
                counters[at.year] = found[0] if found else 0
            counters[at.year] += 1
            number = numbers.format_number("visit", at.year, counters[at.year])
            due = None
            if disposition == "transfer":
                due = (at.date() + timedelta(days=visit_rules.TRANSFER_DAYS)).isoformat()
            elif disposition == "case":
                due = (at.date() + timedelta(days=visit_rules.CASE_DAYS)).isoformat()
            row = {
                "number": number, "query_code": code, "visited_at": at_text,
                "kind": visit_rules.kind_of(headcount), "headcount": headcount,
                "representatives": 0 if headcount == 1 else listed,
                "signed": 0 if headcount == 1 else headcount - listed,
                "concerned": headcount if rng.random() < 0.5 else None,
                "subject": rng.choice(SUBJECTS[category]), "content": "", "category": category,
                "location": f"福田区{rng.choice(SUB_DISTRICTS)}街道",
                "papers": json.dumps(["id_document"]), "disposition": disposition,
                "transfer_unit": rng.choice(UNITS) if disposition == "transfer" else None,
                "due_date": due, "not_accepted_reason": reason, "notice": "",
                "escalate": int(headcount >= 20), "skipped_levels": 0, "disturbance": 0,
                "special": "", "repeat": int(earlier is not None),
                "previous_number": earlier[0] if earlier else None,
                "previous_at": earlier[1] if earlier else None,
                "priors": json.dumps([{"channel": "visit", "number": earlier[0], "at": earlier[1]}]
                                     if earlier else []),
                "same_matter_channel": None, "same_matter_number": None,
                "created_at": at_text, "created_by": actor.name,
                "updated_at": at_text, "updated_by": actor.name,
            }
            visit_id = conn.execute(_insert_sql("visits", row), row).lastrowid
            audit_rows.append(("visits", visit_id, {**row, "id": visit_id}))
            for position, person in enumerate(people_):
                rep = headcount > 1
                party = party_row("visit", visit_id, position, {
                    "name": person.name, "id_type": "resident", "id_number": person.id_number,
                    "phone": person.phone, "address": person.address, "postcode": person.postcode,
                    "representative": rep, "liaison": rep and position == 0,
                })
                party_id = conn.execute(_insert_sql("parties", party), party).lastrowid
                audit_rows.append(("parties", party_id, {**party, "id": party_id}))
                person.last_visit = (number, at_text)
        for year, last in counters.items():
            conn.execute(
                "INSERT INTO counters (channel, year, last) VALUES ('visit', ?, ?)"
                " ON CONFLICT (channel, year) DO UPDATE SET last = excluded.last",
                [year, last],
            )
        audit.append_many(db, at=now, operator=actor.name, action="create", rows=audit_rows)


def _insert_sql(table: str, row: dict) -> str:
    columns = ", ".join(row)
    return f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + c for c in row)})"
