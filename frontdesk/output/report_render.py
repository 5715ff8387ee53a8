"""The 24-hour report written out: plain text that fits 80 columns (for fax or
pasting), Markdown, and the blocks the Word document is laid out from.

Every format is made from the same blocks, so they say the same things; a
section with nothing in it says so in words (无).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from frontdesk.i18n import t
from frontdesk.output.labels import officer_label, sealed_text, stage_text
from frontdesk.store.core.files import private_folder, write_private
from frontdesk.store.duty.report import DailyReport

WIDTH = 80


@dataclass(frozen=True)
class Block:
    """One piece of the report: a title, a heading, a paragraph, a numbered item."""

    kind: str  # title, subtitle, meta, heading, subheading, para, item, none, footer, hash
    text: str
    more: tuple[str, ...] = field(default=())
    """An item's further lines."""
    number: int = 0


def cells(text: str) -> int:
    """Display width: a Chinese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wrap(text: str, width: int, indent: str = "", first: str = "") -> list[str]:
    """``text`` broken into lines of at most ``width`` columns: the first line
    starts with ``first``, the others with ``indent``."""
    lines, line, used = [], first, cells(first)
    for ch in text:
        if ch == "\n":
            lines.append(line.rstrip())
            line, used = indent, cells(indent)
            continue
        w = cells(ch)
        if used + w > width:
            lines.append(line.rstrip())
            line, used = indent, cells(indent)
            if ch == " ":
                continue
        line += ch
        used += w
    lines.append(line.rstrip())
    return lines


def _minute(moment: str) -> str:
    return moment[:16]


def _entry_block(number: int, entry) -> Block:
    head = t("report.entry_head", importance=t(f"duty.importance.{entry.importance}"),
             at=_minute(entry.at), kind=t(f"duty.kind.{entry.kind}"), number=entry.number)
    if entry.stage:
        head += t("report.entry_stage", stage=stage_text(entry.stage, entry.seq))
    more = []
    if entry.source:
        more.append(t("report.entry_source", source=entry.source))
    more.append(t("report.entry_summary", summary=entry.summary))
    more.append(t("report.entry_action", action=entry.action or t("report.none")))
    if entry.assignee:
        more.append(t("report.entry_assignee", assignee=entry.assignee))
    if entry.reports:
        told = t("report.sep").join(t("report.told", to=to, at=_minute(at)) for to, at in entry.reports)
        more.append(t("report.entry_reports", reports=told))
    elif entry.importance == "urgent":
        more.append(t("report.entry_reports", reports=t("report.not_reported")))
    return Block("item", head, tuple(more), number)


def _lines(kind_key: str, lines) -> list[Block]:
    blocks = [Block("subheading", t(kind_key))]
    if not lines:
        return blocks + [Block("none", t("report.none"))]
    return blocks + [Block("item", t("report.open_line", at=_minute(line.at), number=line.number,
                                     summary=line.summary), (), n)
                     for n, line in enumerate(lines, start=1)]


def blocks(report: DailyReport) -> list[Block]:
    """The report as blocks, in order."""
    out = [
        Block("title", t("report.title")),
        Block("subtitle", report.office) if report.office else None,
        Block("meta", t("report.window", start=_minute(report.start), end=_minute(report.end))),
        Block("heading", t("report.h.officers")),
        Block("para", t("sep.list").join(officer_label(o.label, o.name) for o in report.officers)) if report.officers
        else Block("none", t("report.none")),
        Block("heading", t("report.h.counts")),
    ]
    if report.entry_total:
        by_kind = t("sep.list").join(t("report.kind_count", kind=t(f"duty.kind.{kind}"), count=count)
                                    for kind, count in report.entry_counts if count)
        out.append(Block("para", t("report.entries_count", total=report.entry_total, by_kind=by_kind)))
    else:
        out.append(Block("para", t("report.entries_none")))
    v = report.visit_counts
    if report.visit_total:
        out.append(Block("para", t("report.visits_count", total=report.visit_total, people=v["people"],
                                   individual=v["individual"], joint=v["joint"], group=v["group"])))
    else:
        out.append(Block("para", t("report.visits_none")))
    out.append(Block("para", t("report.letters_count", count=report.letters) if report.letters
                     else t("report.letters_none")))
    out.append(Block("heading", t("report.h.entries")))
    out += [_entry_block(n, e) for n, e in enumerate(report.entries, start=1)] or [Block("none", t("report.none"))]
    out.append(Block("heading", t("report.h.groups")))
    out += [
        Block("item", t("report.group_head_sealed", at=_minute(g.at), number=g.number), (sealed_text("visit"),), n)
        if g.sealed else
        Block("item", t("report.group_head", at=_minute(g.at), number=g.number, headcount=g.headcount),
              (t("report.group_subject", subject=g.subject),
               t("report.group_place", place=g.location or t("report.none")),
               t("report.group_liaison", name=g.liaison or t("report.none"))), n)
        for n, g in enumerate(report.group_visits, start=1)
    ] or [Block("none", t("report.none"))]
    out.append(Block("heading", t("report.h.open")))
    out += _lines("report.h.open_events", report.open_events)
    out += _lines("report.h.unreported", report.unreported_urgent)
    out += _lines("report.h.follow_ups", report.open_follow_ups)
    who = officer_label(report.produced_by.label, report.produced_by.name)
    out.append(Block("footer", t("report.produced", who=who, at=_minute(report.produced_at))))
    out.append(Block("footer", t("report.audit_head", entry=report.audit_entry)))
    out.append(Block("hash", report.audit_hash))
    return [b for b in out if b is not None]


def render_txt(report: DailyReport, width: int = WIDTH) -> str:
    """Plain text no wider than ``width`` columns."""
    lines: list[str] = []
    for block in blocks(report):
        if block.kind in ("title", "subtitle"):
            pad = max(0, (width - cells(block.text)) // 2)
            lines += wrap(block.text, width, first=" " * pad)
        elif block.kind == "meta" and lines and lines[-1]:
            lines += ["", *wrap(block.text, width)]
        elif block.kind == "heading":
            lines += ["", *wrap(block.text, width)]
        elif block.kind == "subheading":
            lines += wrap(block.text, width, indent="  ", first="  ")
        elif block.kind == "item":
            mark = f"{block.number}. "
            lines += wrap(block.text, width, indent="     ", first="  " + mark.ljust(3))
            for more in block.more:
                lines += wrap(more, width, indent="       ", first="     ")
        elif block.kind == "footer" and lines[-1]:
            lines += ["", *wrap(block.text, width)]
        elif block.kind in ("meta", "footer"):
            lines += wrap(block.text, width)
        else:
            lines += wrap(block.text, width, indent="  ", first="  ")
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    """User text is data: Markdown's marks are escaped."""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>#|~":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out).replace("\n", "  \n")


def render_md(report: DailyReport) -> str:
    """Markdown: a title, sections as headings, items as numbered lists."""
    lines: list[str] = []
    for block in blocks(report):
        text = _md_escape(block.text)
        if block.kind == "title":
            lines += [f"# {text}", ""]
        elif block.kind == "subtitle":
            lines += [f"**{text}**", ""]
        elif block.kind == "heading":
            lines += ["", f"## {text}", ""]
        elif block.kind == "subheading":
            lines += ["", f"### {text}", ""]
        elif block.kind == "item":
            lines.append(f"{block.number}. {text}")
            lines += [f"   - {_md_escape(more)}" for more in block.more]
            lines.append("")
        elif block.kind == "hash":
            lines += [f"`{block.text}`", ""]
        elif block.kind == "footer":
            lines += ["", text, ""]
        else:
            lines += [text, ""]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def write(report: DailyReport, fmt: str, path: Path) -> Path:
    """Write the report as ``fmt`` (txt, md, docx) to ``path``; the path."""
    private_folder(path.parent)
    if fmt == "docx":
        from frontdesk.output.report_docx import render_docx

        render_docx(report, path)
    else:
        text = render_txt(report) if fmt == "txt" else render_md(report)
        write_private(path, text)
    return path


def default_path(report: DailyReport, fmt: str, folder: Path) -> Path:
    """Where an export goes by default: the exports folder, named by date."""
    return folder / "reports" / f"{report.file_stem()}.{fmt}"
