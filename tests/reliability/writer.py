"""A terminal that does nothing but save: the crash and load tests run it.

    python writer.py DB OPERATOR --seed N [--seconds S] [--latency PATH]
                     [--duty-every K] [--lookup-every K] [--wait-go]
    python writer.py DB OPERATOR --fork [--duty-every K]

It opens the store and prints ``ready`` (with ``--wait-go`` it then waits for a
line on stdin, so several writers start together). Then it saves visits, and
with ``--duty-every K`` a duty-log entry every K-th save, until it is killed or
``--seconds`` have passed; with ``--lookup-every K`` it also runs a quick lookup
after every K-th save, as a terminal searching between saves does (the lookup
brings the search index up to date, a write of its own).

After each save, and only after the store returned the saved record, it writes
``<number> <token>`` to stdout in one ``write`` (a pipe takes a short write
whole or not at all, so a kill never leaves half a line), so every line on its
stdout is a promise the database must keep. The token is also in the record's
subject (or summary), so the test can check the record is the one promised.
The store's clock switches between two years at random, so numbers run in two
yearly series at once. Any exception ends the process with a traceback on
stderr and a non-zero exit: the load test counts that as an operator seeing it.

With ``--fork`` it is a starter for the crash test, which kills hundreds of
writers: Python and the pinyin dictionary take most of a second to load, so
the starter loads them once, and for each ``go SEED`` line on stdin forks a
writer process that opens the database itself and saves as above. It prints
``pid PID`` for each; after ``reap`` it waits for that writer and prints
``ended PID STATUS`` (``killed N`` or ``exit N``), after everything the writer
wrote. The starter never opens the database, so each writer has its own
connection and locks, as a separate program would.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import traceback
from datetime import date, datetime
from pathlib import Path

from stdnum.cn import ric

from frontdesk.store import Store
from frontdesk.store.shared.pinyin import name_keys
from frontdesk.store.visits.rules import collect

YEARS = (2025, 2026)
NAMES = ("张三", "李四", "王五", "赵六", "欧阳娜娜", "司马光")


def resident_id(serial: int) -> str:
    first17 = f"4403041980{serial % 12 + 1:02d}{serial % 28 + 1:02d}{serial % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


class YearClock:
    """The wall clock's time of day on the 1st of June of ``year``."""

    def __init__(self, year: int) -> None:
        self.year = year

    def __call__(self) -> datetime:
        return datetime.combine(date(self.year, 6, 1), datetime.now().time()).replace(microsecond=0)


def visit_data(rng: random.Random, token: str) -> dict:
    serial = rng.randrange(40)
    return {
        "headcount": 1,
        "visitors": [{"name": rng.choice(NAMES), "id_number": resident_id(serial),
                      "phone": f"1380013{serial:04d}", "address": "深圳市福田区园岭街道"}],
        "subject": f"断电试验 {token}",
        # A few kilobytes now and then, so the log grows and is checkpointed often.
        "content": "拖欠工资。" * rng.randrange(0, 800),
        "category": "劳动社保",
    }


def duty_data(rng: random.Random, token: str) -> dict:
    return {"kind": "hotline", "summary": f"值班试验 {token}", "details": "来电。" * rng.randrange(0, 200)}


def warm_up() -> None:
    """Load on first use what the first save would load (the pinyin dictionary,
    the ID checks, sqlite-utils and the store's parts for visits and the duty
    log), so the moments after "ready" are saves'."""
    import sqlite_utils  # noqa: F401

    import frontdesk.store.duty.log  # noqa: F401
    import frontdesk.store.visits.records  # noqa: F401

    name_keys("".join(NAMES))
    collect(visit_data(random.Random(0), "warm-up"), now=datetime.now())


def save(args: argparse.Namespace, seed: int, wait_go: bool = False) -> list[float]:
    """Open the store and save until the deadline (or forever); each save's seconds."""
    rng = random.Random(seed)
    clock = YearClock(YEARS[0])
    store = Store.open(args.db, clock=clock)
    actor = store.operators.get(args.operator)
    os.write(1, b"ready\n")
    if wait_go:
        sys.stdin.readline()
    latencies: list[float] = []
    deadline = None if args.seconds is None else time.monotonic() + args.seconds
    count = 0
    while deadline is None or time.monotonic() < deadline:
        count += 1
        token = f"{seed}-{count}"
        clock.year = rng.choice(YEARS)
        started = time.perf_counter()
        if args.duty_every and count % args.duty_every == 0:
            number = store.duty.add(actor, duty_data(rng, token)).number
        else:
            number = store.visits.register(actor, visit_data(rng, token)).number
        latencies.append(time.perf_counter() - started)
        os.write(1, f"{number} {token}\n".encode())
        if args.lookup_every and count % args.lookup_every == 0:
            store.lookup.search(actor, rng.choice(NAMES))
    store.close()
    return latencies


def start_writers(args: argparse.Namespace) -> None:
    """The ``--fork`` starter: one forked writer per ``go SEED`` line."""
    child = 0
    for line in sys.stdin:
        command, _, value = line.strip().partition(" ")
        if command == "go":
            child = os.fork()
            if child == 0:
                try:
                    save(args, int(value))
                    os._exit(0)
                except BaseException:
                    traceback.print_exc()
                    sys.stderr.flush()
                    os._exit(1)
            os.write(1, f"pid {child}\n".encode())
        elif command == "reap":
            _pid, status = os.waitpid(child, 0)
            ended = (f"killed {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                     else f"exit {os.WEXITSTATUS(status)}")
            os.write(1, f"ended {child} {ended}\n".encode())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("operator")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--latency", default=None)
    parser.add_argument("--duty-every", type=int, default=0)
    parser.add_argument("--lookup-every", type=int, default=0)
    parser.add_argument("--wait-go", action="store_true")
    parser.add_argument("--fork", action="store_true")
    args = parser.parse_args()

    warm_up()
    if args.fork:
        start_writers(args)
        return 0
    latencies = save(args, args.seed, wait_go=args.wait_go)
    if args.latency:
        Path(args.latency).write_text(json.dumps(latencies), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
