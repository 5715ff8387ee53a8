"""Several terminals: eight processes saving at once queue for the write lock
instead of failing, lose nothing, and number without duplicates or gaps.

Each process is the writer script (``writer.py``) saving visits and, every
fourth save, a duty-log entry; every other one also runs a quick lookup after
every fifth save (the lookup brings the search index up to date, a write of
its own). Half of them open the database first and start together; the other
half start a moment later and open it while the first half write, as a
terminal switched on in a busy office does. No process may see an exception
(a "database is locked" would end it with a traceback); every number reported
is in the database with the record it promised, and every record was reported;
numbers run per channel and year from 1 with no gap. Each process times its
saves; the test prints the median, 95th percentile and slowest save under that
load and writes them as JSON to the test's temporary folder, and also to
``FRONTDESK_RESULTS_DIR`` when set (``benchmarks/results/`` is kept out of git).

``FRONTDESK_WRITERS`` sets the number of processes (8) and
``FRONTDESK_LOAD_SECONDS`` how long each saves (3 in CI). A longer run:

    FRONTDESK_WRITERS=16 FRONTDESK_LOAD_SECONDS=60 FRONTDESK_RESULTS_DIR=benchmarks/results \\
        .venv/bin/python -m pytest tests/reliability/test_concurrency.py -s
"""

from __future__ import annotations

import json
import os
import statistics
import time
from datetime import datetime
from pathlib import Path

from frontdesk.store.core.connection import BUSY_TIMEOUT_MS

from .processes import Lines, check_database, new_database, promises, start_writer, stop

WRITERS = int(os.environ.get("FRONTDESK_WRITERS", "8"))
SECONDS = float(os.environ.get("FRONTDESK_LOAD_SECONDS", "3"))
RESULTS_DIR = os.environ.get("FRONTDESK_RESULTS_DIR")
START_TIMEOUT = 60.0


def test_processes_saving_at_once_all_succeed_and_number_without_gaps(tmp_path):
    db = new_database(tmp_path / "fd.db")
    writers = []
    try:
        first = WRITERS // 2
        for n in range(WRITERS):
            extra = ["--duty-every", "4", "--seconds", str(SECONDS),
                     "--latency", str(tmp_path / f"latency-{n}.json")]
            if n % 2:
                extra += ["--lookup-every", "5"]
            if n < first:
                extra.append("--wait-go")
            writers.append(start_writer(db, n, *extra))
            if n == first - 1:
                # The first half has opened the database: let it go together.
                for writer in writers:
                    assert Lines(writer.stdout).next(START_TIMEOUT) == "ready"
                for writer in writers:
                    writer.stdin.write(b"go\n")
        outputs = [writer.communicate(timeout=SECONDS + START_TIMEOUT) for writer in writers]
    finally:
        for writer in writers:
            stop(writer)

    for n, (writer, (_out, err)) in enumerate(zip(writers, outputs, strict=True)):
        assert writer.returncode == 0 and err == b"", f"writer {n} saw: {err.decode()}"
    promised: dict[str, str] = {}
    for out, _err in outputs:
        promised.update(promises(out))

    checked = check_database(db, promised)

    assert checked.records == len(promised)
    latencies = [json.loads((tmp_path / f"latency-{n}.json").read_text()) for n in range(WRITERS)]
    every = sorted(s for per_writer in latencies for s in per_writer)
    figures = {
        "at": datetime.now().isoformat(timespec="seconds"),
        "processes": WRITERS,
        "seconds": SECONDS,
        "saves": len(every),
        "saves_per_process": [len(per_writer) for per_writer in latencies],
        "median_ms": round(statistics.median(every) * 1000, 2),
        "p95_ms": round(statistics.quantiles(every, n=100)[94] * 1000, 2),
        "max_ms": round(every[-1] * 1000, 2),
        "series": {f"{prefix}{year}": count for (prefix, year), count in sorted(checked.series.items())},
    }
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    (tmp_path / "write-latency.json").write_text(text, encoding="utf-8")
    if RESULTS_DIR:
        folder = Path(RESULTS_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"write-latency-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(text, encoding="utf-8")
    print(f"\nconcurrency: {text}")
    assert all(per_writer for per_writer in latencies), "every process saved"
    # Far from the wait after which an operator would be told the database is busy.
    assert every[-1] < BUSY_TIMEOUT_MS / 1000 / 2
