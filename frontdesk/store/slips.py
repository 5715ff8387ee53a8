"""The slip a visitor takes away (回执): number, query code, date, the office's
inquiry phone, what happens next and by when. Plain text that fits 40 columns
of a receipt printer and any A4 page."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from frontdesk.i18n import t
from frontdesk.store.visits import Visit


def next_step(visit: Visit) -> str:
    """What happens next, in words."""
    if visit.disposition == "transfer":
        return t("slip.next.transfer", unit=visit.transfer_unit, due=visit.due_date)
    if visit.disposition == "case":
        return t("slip.next.case", due=visit.due_date)
    if visit.disposition == "not_accepted":
        return visit.notice
    if visit.disposition == "answered":
        return t("slip.next.answered")
    return t("slip.next.pending")


def visit_slip(visit: Visit, *, office_name: str, inquiry_phone: str) -> str:
    """The slip's text (no ID numbers on it)."""
    lines = [
        office_name,
        t("slip.title"),
        "",
        t("slip.number", number=visit.number),
        t("slip.query_code", code=visit.query_code),
        t("slip.date", at=visit.visited_at[:16]),
        t("slip.visitor", name=visit.first_name, kind=t(f"kind.{visit.kind}"), headcount=visit.headcount),
        t("slip.subject", subject=visit.subject),
        "",
        t("slip.next"),
        next_step(visit),
        "",
        t("slip.inquiry", phone=inquiry_phone),
    ]
    return "\n".join(lines) + "\n"


def write_slip(text: str, folder: Path, number: str) -> Path:
    """Save the slip as a text file named by its number; the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"slip-{number}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def print_file(command: str, path: Path) -> None:
    """Send ``path`` to the configured print command (e.g. ``lp -d desk``).

    Raises OSError or CalledProcessError with the command's own words.
    """
    args = shlex.split(command) + [str(path)]
    subprocess.run(args, check=True, capture_output=True, timeout=30)
