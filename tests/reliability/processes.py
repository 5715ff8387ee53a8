"""What the crash and load tests share: starting writer processes, reading
their promises, and checking a database against them."""

from __future__ import annotations

import os
import re
import select
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from frontdesk.output.audit_text import problem_message
from frontdesk.store import Store

WRITER = Path(__file__).with_name("writer.py")
OPERATOR = "admin"
ADMIN_PASSWORD = "admin-pass-1"
NUMBER = re.compile(r"^([A-Z])(\d{4})-(\d{6})$")
# The tables whose records the writer saves, by number prefix, and the column
# that carries the writer's token.
SAVED = {"V": ("visits", "subject"), "D": ("duty_entries", "summary")}


def new_database(path: Path) -> Path:
    """A migrated database with its first admin, who saves everything."""
    with Store.open(path, create=True) as store:
        store.operators.create_first_admin(OPERATOR, ADMIN_PASSWORD)
    return path


def start_writer(db: Path, seed: int, *args: str) -> subprocess.Popen:
    """The writer script as a process of its own, stdin, stdout and stderr piped
    unbuffered (bytes)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_") or k == "FRONTDESK_AUDIT_KEY"}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(db), OPERATOR, "--seed", str(seed), *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        bufsize=0, env=env,
    )


class Lines:
    """Whole lines from a pipe, as they come, each wait bounded."""

    def __init__(self, pipe) -> None:
        self._fd = pipe.fileno()
        self._pending = b""

    def next(self, timeout: float) -> str:
        """The next whole line, without its newline; AssertionError if the pipe
        closed or nothing came in time."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._fd], [], [], max(left, 0))
            assert ready, "no line in time"
            chunk = os.read(self._fd, 65536)
            assert chunk, "the pipe closed"
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode()


def waiting(pipe) -> str:
    """Whatever a pipe holds now (a writer's traceback), without waiting."""
    data = b""
    while select.select([pipe], [], [], 0.5)[0]:
        chunk = os.read(pipe.fileno(), 65536)
        if not chunk:
            break
        data += chunk
    return data.decode(errors="replace")


def promises(output: bytes | list[str]) -> dict[str, str]:
    """number -> token for every line a writer printed; a last piece without its
    newline (an interrupted write) promised nothing."""
    if isinstance(output, bytes):
        output = output.decode(errors="replace").split("\n")[:-1]
    found = {}
    for line in output:
        if line == "ready":
            continue
        number, token = line.split(" ", 1)
        assert NUMBER.match(number), f"not a promise: {line!r}"
        assert number not in found, f"{number} reported twice"
        found[number] = token
    return found


@dataclass(frozen=True)
class Checked:
    """What a database held when its promises were checked."""

    records: int
    series: dict[tuple[str, str], int]  # (prefix, year) -> how many numbers
    audit_entries: int


def check_database(path: Path, promised: dict[str, str]) -> Checked:
    """Assert the database is whole and keeps every promise: integrity, the
    audit chain, each promised record with its token, numbers unique and
    gapless per channel and year, and the counters at the last number given."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        saved: dict[str, str] = {}
        for prefix, (table, column) in SAVED.items():
            for number, text in conn.execute(f"SELECT number, {column} FROM {table}"):
                assert number.startswith(prefix)
                saved[number] = text
        counters = {(channel, str(year)): last for channel, year, last
                    in conn.execute("SELECT channel, year, last FROM counters")}
    finally:
        conn.close()

    missing = sorted(set(promised) - set(saved))
    assert not missing, f"{len(missing)} reported saves are not in the database: {missing[:10]}"
    for number, token in promised.items():
        assert saved[number].endswith(" " + token), f"{number} holds {saved[number][:40]!r}, not {token}"

    series: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number in saved:
        prefix, year, serial = NUMBER.match(number).groups()
        series[(prefix, year)].append(int(serial))
    channel_of = {"V": "visit", "D": "duty"}
    for (prefix, year), serials in series.items():
        duplicates = [n for n, count in Counter(serials).items() if count > 1]
        assert not duplicates, f"{prefix}{year}: numbers used twice: {duplicates[:10]}"
        assert sorted(serials) == list(range(1, len(serials) + 1)), (
            f"{prefix}{year}: gaps in the numbers: "
            f"{sorted(set(range(1, max(serials) + 1)) - set(serials))[:10]}")
        assert counters[(channel_of[prefix], year)] == len(serials), (
            f"{prefix}{year}: the counter stands at {counters[(channel_of[prefix], year)]}, "
            f"the last number given is {len(serials)}")

    with Store.open(path) as store:
        result = store.audit.verify()
        assert result.ok, problem_message(result.problem)
    return Checked(len(saved), {k: len(v) for k, v in series.items()}, result.entries)


def stop(process: subprocess.Popen) -> None:
    """Kill a writer that is still running (after a failed assertion)."""
    if process.poll() is None:
        process.kill()
    process.wait()
