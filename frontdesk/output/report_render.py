"""The 24-hour report written out: plain text that fits 80 columns (for fax or
pasting), Markdown, and the blocks the Word document is laid out from.

Every format is made from the same blocks, so they say the same things; a
section with nothing in it says so in words (无), and a window with nothing
important says 零报告. Times read 12月1日21时45分.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from frontdesk.i18n import get_language, t
from frontdesk.output.labels import sealed_text, stage_text
from frontdesk.store.core.files import private_folder, write_private
from frontdesk.store.duty import rules as duty_rules
from frontdesk.store.duty.log import chinese_number
from frontdesk.store.duty.report import DailyReport, ReportedEvent

WIDTH = 80


@dataclass(frozen=True)
class Block:
    """One piece of the report: a title, a heading, a paragraph, a numbered item."""

    kind: str  # title, subtitle, meta, heading, subheading, para, item, none, sign, footer, anchor
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
    """A time as the documents write it: 12月1日21时45分 (21时 on the hour)."""
    if get_language() != "zh" or len(moment) < 16:
        return moment[:16]
    month, day, hour, minute = int(moment[5:7]), int(moment[8:10]), int(moment[11:13]), int(moment[14:16])
    return t("report.moment" if minute else "report.moment_hour", month=month, day=day, hour=hour, minute=minute)


def short_anchor(report: DailyReport) -> str:
    """The audit anchor as printed: the entry and the first 8 digits of its hash."""
    return t("report.audit_anchor", entry=report.audit_entry, hash=report.audit_hash[:8])


def _numeral(n: int) -> str:
    return chinese_number(n) if get_language() == "zh" else str(n)


def _link_lines(event: ReportedEvent) -> list[str]:
    """Each link of a matter's chain: its stage and time, then what it says."""
    lines = []
    for place, link in enumerate(event.links):
        body = [link.summary] if place else []  # the first one's summary heads the matter
        if link.source:
            body.insert(0, t("report.entry_source", source=link.source))
        if link.details:
            body.append(link.details)
        if link.action:
            body.append(t("report.entry_action", action=link.action))
        if link.assignee:
            body.append(t("report.entry_assignee", assignee=link.assignee))
        if link.reports:
            body.append(t("report.entry_reports", reports=t("report.sep").join(
                t("report.told", to=to, at=_minute(at)) for to, at in link.reports)))
        elif link.importance == "urgent":
            body.append(t("report.not_reported"))
        stage = stage_text(link.stage, link.seq) if event.is_event else ""
        head = t("report.link_head", stage=stage, at=_minute(link.at)) if stage \
            else t("report.link_time", at=_minute(link.at))
        said = t("report.sep").join(part.rstrip("。；;") for part in body if part)
        lines.append((head + said if said else head.rstrip("：: ")) + t("report.stop"))
    if event.is_event and not event.closed:
        lines.append(t("report.no_final"))
    return lines


def _event_block(number: int, event: ReportedEvent) -> Block:
    head = t("report.event_head", importance=t(f"duty.importance.{event.importance}"),
             summary=event.links[0].summary, number=event.number)
    return Block("item", head, tuple(_link_lines(event)), number)


def _late_block(number: int, entry) -> Block:
    head = t("report.late_head", at=_minute(entry.at), kind=t(f"duty.kind.{entry.kind}"), number=entry.number)
    more = [entry.summary]
    if entry.details:
        more.append(entry.details)
    if entry.action:
        more.append(t("report.entry_action", action=entry.action))
    return Block("item", head, tuple(more), number)


def _notice_block(number: int, notice) -> Block:
    head = t("report.notice_head", title=notice.title, at=_minute(notice.created_at))
    more = []
    if notice.deadline:
        more.append(t("report.notice_deadline", at=_minute(notice.deadline)))
    if notice.reached:
        more.append(t("report.notice_reached", who=t("sep.list").join(
            t("report.notice_reached_one", target=target, person=person, at=_minute(at))
            for target, person, at in notice.reached)))
    more.append(t("report.notice_missing", who=t("sep.list").join(notice.missing)) if notice.missing
                else t("report.notice_all_reached"))
    return Block("item", head, tuple(more), number)


def _lines(kind_key: str, lines) -> list[Block]:
    if not lines:
        return []
    return [Block("subheading", t(kind_key))] + [
        Block("item", t("report.open_line", at=_minute(line.at), number=line.number, summary=line.summary), (), n)
        for n, line in enumerate(lines, start=1)]


def change_text(report: DailyReport) -> str:
    """第2版 and what changed since the version before."""
    if report.previous is None:
        return ""
    parts = []
    for kind in ("added", "changed", "removed", "late"):
        numbers = [number for what, number in report.changes if what == kind]
        if numbers:
            parts.append(t(f"report.change.{kind}", numbers=t("sep.list").join(numbers)))
    others = [what for what, number in report.changes if not number]
    if others:
        parts.append(t("report.change.parts", parts=t("sep.list").join(t(f"report.part.{o}") for o in others)))
    return t("report.version_changed", version=report.version, previous=report.previous.version,
             changes=t("report.sep").join(parts) or t("report.change.wording"))


def blocks(report: DailyReport) -> list[Block]:
    """The report as blocks, in order."""
    sections = iter(range(1, 100))

    def heading(key: str) -> Block:
        return Block("heading", t("report.h.section", n=_numeral(next(sections)), title=t(key)))

    out: list[Block | None] = [
        Block("title", t("report.title")),
        Block("subtitle", report.office) if report.office else None,
        Block("meta", change_text(report)) if report.previous is not None else
        (Block("meta", t("report.version", version=report.version)) if report.version > 1 else None),
        Block("meta", t("report.window", start=_minute(report.start), end=_minute(report.end))),
        Block("meta", t("report.duty_phone", phone=report.duty_phone)) if report.duty_phone else None,
        heading("report.h.officers"),
        Block("para", t("report.leader", name=report.leader or t("report.leader_none"))),
        Block("para", t("report.officers", names=t("sep.list").join(o.label for o in report.officers))),
        heading("report.h.counts"),
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
    out.append(heading("report.h.entries"))
    if report.nothing_important:
        out.append(Block("para", t("report.zero")))
    kinds = [kind for kind in dict.fromkeys(event.kind for event in report.events)]
    for n, kind in enumerate(sorted(kinds, key=lambda k: duty_rules.KINDS.index(k)
                                    if k in duty_rules.KINDS else 99), start=1):
        out.append(Block("subheading", t("report.h.kind", n=_numeral(n), kind=t(f"duty.kind.{kind}"))))
        out += [_event_block(i, e) for i, e in enumerate((e for e in report.events if e.kind == kind), start=1)]
    if not report.events and not report.nothing_important:
        out.append(Block("none", t("report.none")))
    if report.late:
        out.append(heading("report.h.late"))
        out += [_late_block(n, e) for n, e in enumerate(report.late, start=1)]
    out.append(heading("report.h.notices"))
    out += [_notice_block(n, notice) for n, notice in enumerate(report.notices, start=1)] \
        or [Block("none", t("report.none"))]
    if report.group_visits:
        out.append(heading("report.h.groups"))
        out += [
            Block("item", t("report.group_head_sealed", at=_minute(g.at), number=g.number), (sealed_text("visit"),), n)
            if g.sealed else
            Block("item", t("report.group_head", at=_minute(g.at), number=g.number, headcount=g.headcount),
                  (t("report.group_subject", subject=g.subject),
                   t("report.group_place", place=g.location or t("report.none")),
                   t("report.group_liaison", name=g.liaison or t("report.none"))), n)
            for n, g in enumerate(report.group_visits, start=1)
        ]
    out.append(heading("report.h.open"))
    if report.nothing_open:
        out.append(Block("none", t("report.none")))
    out += _lines("report.h.open_events", report.open_events)
    out += _lines("report.h.unreported", report.unreported_urgent)
    out += _lines("report.h.follow_ups", report.open_follow_ups)
    out += _lines("report.h.escalations", report.escalations)
    officers = t("sep.list").join(o.label for o in report.officers)
    out.append(Block("sign", t("report.sign", officers=officers)))
    out.append(Block("footer", t("report.produced", who=report.produced_by.label, at=_minute(report.produced_at))))
    out.append(Block("anchor", short_anchor(report)))
    return [b for b in out if b is not None]


def render_txt(report: DailyReport, width: int = WIDTH) -> str:
    """Plain text no wider than ``width`` columns."""
    lines: list[str] = []
    previous = ""
    for block in blocks(report):
        if block.kind in ("title", "subtitle"):
            pad = max(0, (width - cells(block.text)) // 2)
            lines += wrap(block.text, width, first=" " * pad)
        elif block.kind == "meta" and lines and lines[-1] and previous != "meta":
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
        elif block.kind == "sign":
            lines += ["", "", *wrap(block.text, width)]
        elif block.kind == "footer" and lines[-1]:
            lines += ["", *wrap(block.text, width)]
        elif block.kind in ("meta", "footer", "anchor"):
            lines += wrap(block.text, width)
        else:
            lines += wrap(block.text, width, indent="  ", first="  ")
        previous = block.kind
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
        elif block.kind in ("footer", "sign", "anchor"):
            lines += ["", text, ""]
        else:
            lines += [text, ""]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def write(report: DailyReport, fmt: str, path: Path) -> Path:
    """Write the report as ``fmt`` (txt, md, docx) to ``path``; the path. A file
    already there is never overwritten: FileExistsError."""
    if path.exists():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    private_folder(path.parent)
    if fmt == "docx":
        from frontdesk.output.report_docx import render_docx

        render_docx(report, path)
    else:
        text = render_txt(report) if fmt == "txt" else render_md(report)
        write_private(path, text)
    return path


def default_path(report: DailyReport, fmt: str, folder: Path) -> Path:
    """Where an export goes by default: the exports folder, named by date and version."""
    return folder / "reports" / f"{report.file_stem()}.{fmt}"
