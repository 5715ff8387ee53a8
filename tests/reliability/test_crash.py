"""Crash safety: a writer killed with SIGKILL at random moments, again and again,
loses nothing it reported as saved and leaves the database whole.

Each round starts a writer process (``writer.py``): it saves visits and
duty-log entries as fast as it can and prints each number only after the store
returned the saved record. The test kills it with SIGKILL at a random moment:
inside a save, a commit or a checkpoint, or, one round in a few, while it is
still opening the database and recovering what the last kill left behind.
The writers are forked from one starter process that loaded Python and the
pinyin dictionary once, so a round costs milliseconds, not a second; each
writer opens the database itself. After the last kill: every reported number
is in the database with the record it promised, ``PRAGMA integrity_check`` and
the audit chain are whole, the numbers of each channel and year run from 1 with
no duplicate and no gap, and at most one record per kill (saved, but killed
before it could say so) was never reported.

The count of kills comes from ``FRONTDESK_KILLS`` (50 by default, for CI) and the
random moments from ``FRONTDESK_CRASH_SEED`` (the same each run unless set; a failure names
it, so a run that failed can be repeated exactly).
The full run, 200 kills:

    FRONTDESK_KILLS=200 .venv/bin/python -m pytest tests/reliability/test_crash.py -s
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import struct
import time
from pathlib import Path

from frontdesk.store import Store

from .processes import (
    Lines,
    check_database,
    new_database,
    promises,
    start_writer,
    stop,
    waiting,
)
from .writer import resident_id

KILLS = int(os.environ.get("FRONTDESK_KILLS", "50"))
SEED = int(os.environ.get("FRONTDESK_CRASH_SEED", "20261201"))
# How long a writer may live; a save takes a few milliseconds.
LATEST_KILL = 0.25
# One round in this many kills within the first milliseconds: while opening.
EARLY_EVERY = 5
EARLIEST_KILL = 0.02
TIMEOUT = 30.0


def test_a_writer_killed_again_and_again_keeps_every_reported_save(tmp_path):
    rng = random.Random(SEED)
    db = new_database(tmp_path / "fd.db")
    starter = start_writer(db, SEED, "--fork", "--duty-every", "5")
    lines = Lines(starter.stdout)
    promised: dict[str, str] = {}
    mid_save = 0
    started = time.monotonic()
    try:
        for round_ in range(KILLS):
            starter.stdin.write(f"go {SEED * 1000 + round_}\n".encode())
            said = []
            while not (line := lines.next(TIMEOUT)).startswith("pid "):
                said.append(line)
            pid = int(line.split()[1])
            if round_ % EARLY_EVERY == EARLY_EVERY - 1:
                # While it opens the database and recovers what the last kill left.
                time.sleep(rng.uniform(0.0, EARLIEST_KILL))
            else:
                # Counted from its "ready" (a busy machine starts it late), and every
                # other round from its first save reported, so that however slow the
                # machine, kills land among the saves and their commits.
                while (line := lines.next(TIMEOUT)) != "ready":
                    said.append(line)
                if round_ % 2:
                    said.append(lines.next(TIMEOUT))
                time.sleep(rng.uniform(0.0, LATEST_KILL))
            os.kill(pid, signal.SIGKILL)
            starter.stdin.write(b"reap\n")
            while not (line := lines.next(TIMEOUT)).startswith("ended "):
                said.append(line)
            # Killed, not ended by an error of its own.
            assert line == f"ended {pid} killed {signal.SIGKILL.value}", (
                f"seed {SEED}, round {round_}: {line}\n{waiting(starter.stderr)}")
            reported = promises(said)
            mid_save += bool(reported)
            promised.update(reported)
        starter.stdin.close()
        assert starter.wait(TIMEOUT) == 0
    finally:
        stop(starter)
    assert starter.stderr.read() == b""

    checked = check_database(db, promised)

    assert len(promised) <= checked.records <= len(promised) + KILLS
    # Kills landed among the saves in every round that waited for one, and more.
    assert mid_save >= (KILLS - KILLS // EARLY_EVERY) // 2, "kills should land while the writer is saving"
    print(f"\ncrash: {KILLS} kills (seed {SEED}) in {time.monotonic() - started:.1f} s; "
          f"{len(promised)} saves reported, {mid_save} rounds killed after a save, {checked.records} records, "
          f"{checked.audit_entries} audit entries; series {sorted(checked.series.items())}")


def test_a_database_killed_in_the_middle_of_a_checkpoint_opens_whole(tmp_path):
    """A checkpoint copies page 1, which holds the new page count, before the
    pages past the file's old end; killed in between, the file is shorter than
    its header says while the pages are still in the log. That is not a
    truncated file (SQLite finishes the checkpoint), so it must open."""
    live = tmp_path / "live"
    live.mkdir()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    with Store.open(live / "fd.db", create=True) as store:
        admin = store.operators.create_first_admin("admin", "admin-pass-1")
        store.db.execute("PRAGMA wal_autocheckpoint = 0")
        for n in range(30):
            store.visits.register(admin, {
                "visitors": [{"name": "张三", "id_number": resident_id(n)}],
                "subject": f"第 {n} 件", "content": "拖欠工资。" * 400,
            })
        # What the disk holds at the kill: the file and its log, before any checkpoint.
        for name in ("fd.db", "fd.db-wal"):
            shutil.copyfile(live / name, crashed / name)
    path = crashed / "fd.db"
    page_size, page_1 = last_frame_of_page_1(crashed / "fd.db-wal")
    with path.open("r+b") as handle:
        handle.write(page_1)
    assert struct.unpack(">I", page_1[28:32])[0] * page_size > path.stat().st_size

    with Store.open(path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.audit.verify().ok
        assert store.visits.count_on(store.now().strftime("%Y-%m-%d"))[0] == 30


def last_frame_of_page_1(wal: Path) -> tuple[int, bytes]:
    """The page size and the newest copy of page 1 in a write-ahead log."""
    data = wal.read_bytes()
    page_size = struct.unpack(">I", data[8:12])[0]
    newest = None
    for offset in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        if struct.unpack(">I", data[offset:offset + 4])[0] == 1:
            newest = data[offset + 24:offset + 24 + page_size]
    assert newest is not None, "page 1 is not in the log"
    return page_size, newest
