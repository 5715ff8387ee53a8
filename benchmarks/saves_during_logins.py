"""Saves while operators sign in: N terminals each saving visits as fast as they can,
while two more terminals sign in over and over (scrypt at its real cost).

    .venv/bin/python benchmarks/saves_during_logins.py                # 8 and 16 terminals, 20 s each
    .venv/bin/python benchmarks/saves_during_logins.py --terminals 8 --seconds 30

Each terminal is a process of its own with its own connection, as at the office. Printed
per run: saves done, the time each save took from asking to saved (median, 95th
percentile, maximum), saves refused (busy or otherwise), and sign-ins done. The figures
are the machine's: a small one queues more.

Measured on the 2-core test machine while other work loaded it (load average about 12),
10 s per run, two terminals signing in throughout; "before" is the code that ran scrypt
inside the sign-in's write transaction, "after" runs it before:

    terminals  saves  refused  logins   p50 ms   p95 ms   max ms
    before  8    157        0     131     76.6   2393.0   4575.5
    before 16    194        0      58    122.3   5359.3   8835.3
    after   8    867        0      67     12.3    364.4   3229.7
    after  16    507        0      33     31.8   1297.8   7584.1

The p95 at 8 terminals meets the 0.5 s target on this loaded machine; at 16 the CPU,
not the lock, is what saves wait for (16 savers and 2 signers on 2 cores).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

PASSWORD = "bench-admin-1"
# A resident ID number published with GB 11643 as its example.
VISITOR = {"name": "张三", "id_number": "11010519491231002X"}


def _saver(db: str, seconds: float, start_at: float, out) -> None:
    from frontdesk.store import Store, StoreError

    store = Store.open(Path(db))
    actor = store.operators.authenticate("admin", PASSWORD)
    while time.time() < start_at:
        time.sleep(0.001)
    took, refused = [], 0
    end = start_at + seconds
    while time.time() < end:
        asked = time.perf_counter()
        try:
            store.visits.register(actor, {"subject": "噪音扰民", "headcount": 1, "visitors": [VISITOR]})
            took.append(time.perf_counter() - asked)
        except StoreError:
            refused += 1
    store.close()
    out.put(("saves", took, refused))


def _signer(db: str, name: str, seconds: float, start_at: float, out) -> None:
    from frontdesk.store import Store

    store = Store.open(Path(db))
    while time.time() < start_at:
        time.sleep(0.001)
    done = 0
    while time.time() < start_at + seconds:
        store.operators.authenticate(name, PASSWORD)
        done += 1
    store.close()
    out.put(("logins", done, 0))


def run(terminals: int, seconds: float, folder: Path) -> dict:
    from frontdesk.store import Store

    db = folder / f"saves-{terminals}.db"
    with Store.open(db, create=True) as store:
        admin = store.operators.create_first_admin("admin", PASSWORD)
        for name in ("signer1", "signer2"):
            store.operators.add(admin, name, "reception", PASSWORD)
    out: multiprocessing.Queue = multiprocessing.Queue()
    start_at = time.time() + 3.0  # every process open and signed in first
    workers = [multiprocessing.Process(target=_saver, args=(str(db), seconds, start_at, out))
               for _ in range(terminals)]
    workers += [multiprocessing.Process(target=_signer, args=(str(db), name, seconds, start_at, out))
                for name in ("signer1", "signer2")]
    for worker in workers:
        worker.start()
    took: list[float] = []
    refused = logins = 0
    for _ in workers:
        kind, value, failed = out.get(timeout=seconds + 120)
        if kind == "saves":
            took += value
            refused += failed
        else:
            logins += value
    for worker in workers:
        worker.join()
    took.sort()
    return {
        "terminals": terminals, "saves": len(took), "refused": refused, "logins": logins,
        "p50": statistics.median(took) if took else None,
        "p95": took[min(len(took) - 1, int(len(took) * 0.95))] if took else None,
        "max": took[-1] if took else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terminals", type=int, nargs="+", default=[8, 16])
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    print("terminals  saves  refused  logins   p50 ms   p95 ms   max ms")
    with tempfile.TemporaryDirectory() as folder:
        for terminals in args.terminals:
            r = run(terminals, args.seconds, Path(folder))
            figures = [f"{r[k] * 1000:8.1f}" if r[k] is not None else "       -" for k in ("p50", "p95", "max")]
            print(f"{r['terminals']:9d}  {r['saves']:5d}  {r['refused']:7d}  {r['logins']:6d} {' '.join(figures)}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
