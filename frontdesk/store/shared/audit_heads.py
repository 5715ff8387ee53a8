"""Chain heads written down outside the database (the heads file beside the exports,
a head read off a printed report), against which ``audit.verify`` checks the chain."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from frontdesk.store.core.errors import StoreError

# Beside the exports: one line per exported report, the chain's head once the export
# was recorded (``N:HASH``), so entries cut from the end of the log show.
HEADS_FILE_NAME = "audit-heads.txt"
# Also there: after each backup and restore, the highest number each series had given
# (``numbers V2026-000650 L2026-000012 chain=…``), so a restore on this machine
# never gives a number twice, even when the database it replaces is gone.
NUMBERS_WORD = "numbers"
_HEAD = re.compile(r"^([1-9][0-9]{0,11}):([0-9a-fA-F]{8,64})$")


@dataclass(frozen=True)
class Head:
    """A chain head written down outside the database: entry ``entry`` had a hash
    starting with ``hash``; ``source`` says where it was read (a file's path), or
    ``source_key`` names the kind of place (paper, the report exports)."""

    entry: int
    hash: str
    source: str = ""
    source_key: str = ""
    chain: str = ""
    """The chain the head belongs to (its first entry's hash, shortened): one heads
    file may serve several databases; empty: the head is checked on any."""


def parse_head(text: str, *, source: str = "", source_key: str = "") -> Head | None:
    """``N:HASH`` (the hash whole, or its first 8 or more hex digits), or None."""
    match = _HEAD.match(text.strip())
    if match is None:
        return None
    return Head(int(match[1]), match[2].lower(), source, source_key)


def read_heads(path: Path) -> list[Head]:
    """The heads in a heads file (none when there is no file); a line that is not a
    head is refused, naming the line, rather than skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError("err.heads_unreadable", path=str(path), reason=str(error)) from None
    heads = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith(NUMBERS_WORD + " "):
            continue
        words = line.split()
        head = parse_head(words[0], source=str(path))
        if head is None:
            raise StoreError("err.heads_line", path=str(path), line=number)
        chain = next((w.removeprefix("chain=") for w in words[1:] if w.startswith("chain=")), "")
        heads.append(Head(head.entry, head.hash, head.source, chain=chain))
    return heads


def append_head(path: Path, entry: int, entry_hash: str, chain: str, note: str) -> None:
    """Add a head to the heads file (made 0600, its folder 0700, when new)."""
    _append_line(path, f"{entry}:{entry_hash} chain={chain} {note}\n")


def read_numbers(path: Path, chain: str) -> list[str]:
    """Every number written on a ``numbers`` line of the heads file for ``chain``
    (none when there is no file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError("err.heads_unreadable", path=str(path), reason=str(error)) from None
    found = []
    for line in text.splitlines():
        words = line.split()
        if not words or words[0] != NUMBERS_WORD:
            continue
        if f"chain={chain}" not in words[1:]:
            continue
        found += [word for word in words[1:] if "=" not in word]
    return found


def append_numbers(path: Path, numbers: list[str], chain: str, note: str) -> None:
    """Write down the highest number of each series for ``chain`` in the heads file."""
    if not numbers:
        return
    try:
        _append_line(path, f"{NUMBERS_WORD} {' '.join(numbers)} chain={chain} {note}\n")
    except OSError as error:
        raise StoreError("err.heads_unwritable", path=str(path), reason=error.strerror or str(error)) from None


def _append_line(path: Path, line: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
