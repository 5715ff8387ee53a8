"""Synthetic petition letters for trying the mail room out and for benchmarks:
senders who write again (repeat letters), joint letters, enclosures (some still
held), accusations sent to the discipline organs, and letters still waiting
for their handling. Inserted by the thousand per transaction with their audit
entries; the same seed gives the same letters."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from frontdesk.store.demo.visits import (
    BATCH,
    SUB_DISTRICTS,
    SUBJECTS,
    UNITS,
    _insert_sql,
    _Maker,
    _office_hours,
)
from frontdesk.store.mail import letter_rules
from frontdesk.store.shared import audit, numbers
from frontdesk.store.shared.operators import Operator
from frontdesk.store.shared.people import party_row

if TYPE_CHECKING:
    from frontdesk.store.api import Store

POSTS = (("科长", "正科"), ("副局长", "副处"), ("主任", "正科"), ("所长", "副科"), ("局长", "正处"))
DISCIPLINE = "区纪委监委"


class MailDemo:
    """Fills a store with synthetic letters."""

    def __init__(self, store: Store, seed: int = 2006) -> None:
        self._store = store
        self._seed = seed

    def letters(self, actor: Operator, count: int, *, years: int = 3,
                progress: Callable[[int], None] | None = None) -> int:
        """``count`` letters over the past ``years`` years, oldest first."""
        self._store.operators.require(actor, "demo.generate")
        now = self._store.now()
        maker = _Maker(self._seed + 5, now.date())
        rng = maker.rng
        span = int(timedelta(days=365 * years).total_seconds())
        start = now - timedelta(seconds=span)
        moments = sorted(_office_hours(start + timedelta(seconds=rng.randrange(span)), rng, now)
                         for _ in range(count))
        pool = [maker.person() for _ in range(max(10, count // 4))]
        done = 0
        while done < count:
            chunk = moments[done:done + BATCH]
            with self._store.write() as db:
                self._insert_chunk(db, actor, chunk, pool, maker, now)
            done += len(chunk)
            if progress:
                progress(len(chunk))
        from frontdesk.store.demo.matters import MatterDemo

        MatterDemo(self._store, self._seed).matters(actor)
        return done

    def _insert_chunk(self, db, actor, chunk, pool, maker, now) -> None:
        rng = maker.rng
        conn = db.conn
        counters: dict[int, int] = {}
        rows: list[tuple[str, int, dict]] = []
        today = now.date()
        for at in chunk:
            at_text = at.strftime("%Y-%m-%d %H:%M:%S")
            anonymous = rng.random() < 0.12
            person = None if anonymous else (rng.choice(pool) if rng.random() < 0.3 else maker.person())
            earlier = getattr(person, "last_letter", None)
            category = rng.choice(tuple(SUBJECTS))
            accuses = rng.random() < 0.08
            due = letter_rules.due_date(at.date())
            handled = due < today or rng.random() < 0.6
            proposal = None
            if handled:
                proposal = "transfer" if accuses else rng.choices(letter_rules.PROPOSALS, weights=(8, 2, 1, 1))[0]
            unit = (DISCIPLINE if accuses else rng.choice(UNITS)) if proposal in ("transfer", "case") else None
            if at.year not in counters:
                found = conn.execute("SELECT last FROM counters WHERE channel = 'letter' AND year = ?",
                                     [at.year]).fetchone()
                counters[at.year] = found[0] if found else 0
            counters[at.year] += 1
            handled_at = min(at + timedelta(days=rng.randint(0, 14)), now).strftime("%Y-%m-%d %H:%M:%S")
            stated = rng.randint(1, 12)
            row = {
                "number": numbers.format_number("letter", at.year, counters[at.year]),
                "received_at": at_text, "channel": rng.choice(letter_rules.CHANNELS),
                "kind": "anonymous" if anonymous else ("repeat" if earlier else "signed"),
                "letter_date": (at.date() - timedelta(days=rng.randint(1, 6))).isoformat(),
                "addressee": "区信访办", "sender_unit": "", "signers": 1 if anonymous or rng.random() < 0.9
                else rng.randint(2, 30),
                "subject": rng.choice(SUBJECTS[category]) if not accuses else "反映干部作风问题",
                "content": "", "requests": "", "reasons": "", "category": category,
                "location": f"福田区{rng.choice(SUB_DISTRICTS)}街道",
                "opening": json.dumps({"addressed_here": True, "stamped": True, "envelope_kept": True,
                                       "postmarks_whole": True}, sort_keys=True),
                "pages_stated": stated, "pages_received": stated if rng.random() < 0.97 else stated - 1 or 1,
                "proposal": proposal, "transfer_to": unit,
                "no_transfer_reason": "being_handled" if proposal == "no_transfer" else None,
                "opinion": "", "due_date": due.isoformat(),
                "handled_at": handled_at if proposal else None,
                "handled_by": actor.name if proposal else None,
                "repeat": int(earlier is not None),
                "previous_number": earlier[0] if earlier else None,
                "previous_at": earlier[1] if earlier else None,
                "priors": json.dumps([{"channel": "letter", "number": earlier[0], "at": earlier[1]}]
                                     if earlier else []),
                "same_matter_channel": None, "same_matter_number": None,
                "closed_at": None, "closed_by": None,
                "created_at": at_text, "created_by": actor.name,
                "updated_at": at_text, "updated_by": actor.name,
            }
            letter_id = conn.execute(_insert_sql("letters", row), row).lastrowid
            rows.append(("letters", letter_id, {**row, "id": letter_id}))
            if person is not None:
                party = party_row("letter", letter_id, 0, {
                    "name": person.name, "id_type": "resident",
                    "id_number": person.id_number if rng.random() < 0.5 else None,
                    "phone": person.phone, "address": person.address, "postcode": person.postcode})
                party_id = conn.execute(_insert_sql("parties", party), party).lastrowid
                rows.append(("parties", party_id, {**party, "id": party_id}))
                person.last_letter = (row["number"], at_text)
            if rng.random() < 0.1:
                cash = rng.random() < 0.3
                returned = (today - at.date()).days > 10 and rng.random() < 0.9
                enclosure = {
                    "letter_id": letter_id, "position": 0,
                    "item": "现金" if cash else rng.choice(("身份证复印件", "判决书原件", "照片", "收据")),
                    "kind": "cash" if cash else ("id_document" if rng.random() < 0.4 else "other"),
                    "amount_cents": rng.randint(1, 50) * 1000 if cash else None,
                    "received_at": at_text, "held_at": at_text, "held_by": actor.name,
                    "returned_at": handled_at if returned else None,
                    "returned_how": "registered" if returned else None,
                    "returned_by": actor.name if returned else None, "return_note": "",
                }
                enclosure_id = conn.execute(_insert_sql("letter_enclosures", enclosure), enclosure).lastrowid
                rows.append(("letter_enclosures", enclosure_id, {**enclosure, "id": enclosure_id}))
            if accuses:
                post, rank = rng.choice(POSTS)
                accused = {"letter_id": letter_id, "position": 0, "name": maker.name(),
                           "unit": rng.choice(UNITS[:9]), "identity": "公务员", "post": post,
                           "rank": rank, "id_number": None}
                accused_id = conn.execute(_insert_sql("letter_accused", accused), accused).lastrowid
                rows.append(("letter_accused", accused_id, {**accused, "id": accused_id}))
        for year, last in counters.items():
            conn.execute(
                "INSERT INTO counters (channel, year, last) VALUES ('letter', ?, ?)"
                " ON CONFLICT (channel, year) DO UPDATE SET last = excluded.last", [year, last])
        audit.append_many(db, at=now, operator=actor.name, action="create", rows=rows)
