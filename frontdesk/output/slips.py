"""The slip a visitor takes away (回执): number, query code, date, the office's
inquiry phone, what happens next and by when. Plain text that fits 40 columns
of a receipt printer and any A4 page."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from frontdesk.i18n import t
from frontdesk.output.labels import sealed_text
from frontdesk.store.core.files import private_folder, write_private
from frontdesk.store.visits.records import Visit
from frontdesk.store.visits.rules import PAPERS as PAPER_KEYS


def notice_key(visit: Visit) -> str | None:
    """The catalog key of the statutory not-accepted notice the visit gets, or
    None when a notice was typed for it (or it was accepted)."""
    if visit.disposition != "not_accepted" or visit.notice or not visit.not_accepted_reason:
        return None
    return f"notice.{visit.not_accepted_reason}"


def notice_text(visit: Visit) -> str:
    """The not-accepted notice in the reader's language: the one typed for the
    visit, else the statutory notice for its reason."""
    key = notice_key(visit)
    return t(key) if key else visit.notice


def next_step(visit: Visit) -> str:
    """What happens next, in words."""
    if visit.disposition == "transfer":
        return t("slip.next.transfer", unit=visit.transfer_unit, due=visit.due_date)
    if visit.disposition == "case":
        return t("slip.next.case", due=visit.due_date)
    if visit.disposition == "not_accepted":
        return notice_text(visit)
    if visit.disposition == "answered":
        return t("slip.next.answered")
    return t("slip.next.pending")


def visit_slip(visit: Visit, *, office_name: str, inquiry_phone: str) -> str:
    """The slip's text (no ID numbers on it); a sealed visit's names nothing of it."""
    if visit.sealed:
        lines = [office_name, t("slip.title"), "", t("slip.number", number=visit.number),
                 t("slip.date", at=visit.visited_at[:16]), sealed_text("visit"), "",
                 t("slip.inquiry", phone=inquiry_phone)]
        return "\n".join(lines) + "\n"
    lines = [
        office_name,
        t("slip.title"),
        "",
        t("slip.number", number=visit.number),
        t("slip.query_code", code=visit.query_code),
        t("slip.date", at=visit.visited_at[:16]),
        t("slip.visitor", name=visit.first_name, kind=t(f"kind.{visit.kind}"), headcount=visit.headcount),
        t("slip.subject", subject=visit.subject),
        *([t("slip.batch", batch=visit.batch)] if visit.batch else []),
        "",
        t("slip.next"),
        next_step(visit),
        "",
        t("slip.inquiry", phone=inquiry_phone),
    ]
    clerk = clerk_notes(visit)
    if clerk:
        # Below the cut: what the clerk must act on, never handed to the visitor.
        lines += ["", t("slip.clerk_copy"), t("slip.number", number=visit.number), *clerk]
    return "\n".join(lines) + "\n"


def clerk_notes(visit: Visit) -> list[str]:
    """What the slip's counterfoil tells the clerk: the rule for foreign
    contacts, a refusal to sign, the matter marked as the same."""
    notes = []
    if visit.foreign_contact:
        notes.append(t("slip.foreign") + (t("slip.foreign_organisation") if visit.foreign_organisation else ""))
    if visit.refused_to_sign:
        notes.append(signatures_line(visit))
    if visit.same_matter:
        notes.append(t("slip.same_matter", channel=t("channel." + visit.same_matter[0]),
                       number=visit.same_matter[1]))
    return notes


def signatures_line(visit: Visit) -> str:
    """The representatives and who of the others signed (签名认可) or refused."""
    if visit.refused_to_sign:
        return t("slip.reps_refused", reps=visit.representatives, signed=visit.signed,
                 actual=visit.signatures, refused=visit.refused_to_sign)
    return t("slip.reps_line", reps=visit.representatives, signed=visit.signed)


def document_label(id_type: str, nationality: str | None) -> str:
    """The document's name, with a passport holder's nationality."""
    label = t("id_type." + id_type)
    return t("slip.document_nationality", document=label, nationality=t("nationality." + nationality.lower())) \
        if nationality else label


def write_slip(text: str, folder: Path, number: str) -> Path:
    """Save the slip as a text file named by its number; the path."""
    private_folder(folder)
    return write_private(folder / f"slip-{number}.txt", text)


def print_file(command: str, path: Path) -> None:
    """Send ``path`` to the configured print command (e.g. ``lp -d desk``).

    Raises OSError or CalledProcessError with the command's own words.
    """
    args = shlex.split(command) + [str(path)]
    subprocess.run(args, check=True, capture_output=True, timeout=30)


def visit_lines(visit: Visit) -> list[str]:
    """A visit as readable lines, for the CLI and the detail screen (ID numbers
    as the store gave them: masked unless revealed; what the role may not see
    of it the store left blank, and a sealed visit is its number and date)."""
    colon = t("sep.colon")
    if visit.sealed:
        return [f"{visit.number}  {visit.visited_at[:16]}  {t('channel.visit')}", sealed_text("visit")]
    lines = [
        f"{visit.number}  {visit.visited_at[:16]}  {t(f'kind.{visit.kind}')}  "
        + t("slip.heads", headcount=visit.headcount)
        + (f"  {t('field.concerned')}{colon}{visit.concerned}" if visit.concerned else ""),
        f"{t('field.subject')}{colon}{visit.subject}",
    ]
    if visit.query_code:
        lines.insert(1, t("slip.query_code", code=visit.query_code))
    for label, value in (("field.category", visit.category), ("field.location", visit.location),
                         ("field.content", visit.content)):
        if value:
            lines.append(f"{t(label)}{colon}{value}")
    if visit.foreign_contact:
        lines.append(t("slip.foreign") + (t("slip.foreign_organisation") if visit.foreign_organisation else ""))
    if visit.kind != "individual":
        lines.append(signatures_line(visit))
    for person in visit.visitors:
        mark = (t("field.liaison") if person.liaison
                else t("field.representative") if person.representative else "")
        legacy = t("slip.legacy") if person.id_legacy else ""
        document = (f"  {document_label(person.id_type, person.nationality)} {person.id_number}{legacy}"
                    if person.id_number else "")
        lines.append(
            f"  {person.name}{document}"
            + (f"  {person.phone}" if person.phone else "") + (f"  [{mark}]" if mark else "")
        )
        if person.address:
            lines.append(f"    {person.address} {person.postcode}".rstrip())
    if visit.papers:
        papers = t("sep.list").join(
            t(f"paper.{p}") if p in PAPER_KEYS else p for p in visit.papers
        )
        lines.append(f"{t('field.papers')}{colon}{papers}")
    if visit.disposition:
        lines.append(
            f"{t('field.disposition')}{colon}{t('disposition.' + visit.disposition)}"
            + (f" {visit.transfer_unit}" if visit.transfer_unit else "")
            + (f"  {t('slip.due', due=visit.due_date)}" if visit.due_date else "")
        )
        if visit.not_accepted_reason:
            lines.append(f"  {t('reason.' + visit.not_accepted_reason)}{colon}{notice_text(visit)}")
    flags = [t(f"field.{f}") for f in ("escalate", "skipped_levels", "disturbance") if getattr(visit, f)]
    if visit.special:
        flags.append(f"{t('field.special')}{colon}{visit.special}")
    if flags:
        lines.append(t("slip.flags", flags=t("sep.list").join(flags)))
    if visit.repeat:
        lines.append(t("slip.repeat", number=visit.previous_number, at=(visit.previous_at or "")[:16]))
    for prior in visit.previous:
        lines.append(f"  {t('channel.' + prior.channel)} {prior.number} {prior.at[:16]}")
    if visit.same_matter:
        lines.append(t("slip.same_matter", channel=t("channel." + visit.same_matter[0]),
                       number=visit.same_matter[1]))
    if visit.batch:
        lines.append(t("slip.batch", batch=visit.batch)
                     + (t("slip.batch_left", left=visit.batch_left) if visit.batch_left else ""))
    lines.append(t("slip.by", who=visit.created_by, at=visit.created_at))
    return lines


def visit_json(visit: Visit) -> dict:
    """The visit as plain JSON values, with the contract's key names; ``notice``
    in the reader's language, ``notice_key`` naming the statutory notice (or None
    when a notice was typed for the visit). A sealed visit is its number, date
    and channel, ``sealed`` true and ``summary`` saying why; ``view`` says how
    much of it the reader's role gets (``full``, ``outline``)."""
    if visit.sealed:
        return {"number": visit.number, "visited_at": visit.visited_at, "channel": "visit",
                "sealed": True, "summary": sealed_text("visit")}
    return {
        "sealed": False,
        "view": visit.view,
        "number": visit.number,
        "query_code": visit.query_code,
        "visited_at": visit.visited_at,
        "kind": visit.kind,
        "headcount": visit.headcount,
        "representatives": visit.representatives,
        "signed": visit.signed,
        "concerned": visit.concerned,
        "subject": visit.subject,
        "content": visit.content,
        "category": visit.category,
        "location": visit.location,
        "papers": list(visit.papers),
        "disposition": visit.disposition,
        "transfer_unit": visit.transfer_unit,
        "due_date": visit.due_date,
        "not_accepted_reason": visit.not_accepted_reason,
        "notice": notice_text(visit),
        "notice_key": notice_key(visit),
        "escalate": visit.escalate,
        "skipped_levels": visit.skipped_levels,
        "disturbance": visit.disturbance,
        "special": visit.special,
        "repeat": visit.repeat,
        "previous_number": visit.previous_number,
        "previous_at": visit.previous_at,
        "previous": [{"channel": p.channel, "number": p.number, "at": p.at} for p in visit.previous],
        "same_matter": (
            {"channel": visit.same_matter[0], "number": visit.same_matter[1]} if visit.same_matter else None
        ),
        "batch": visit.batch,
        "batch_left": visit.batch_left,
        "signatures": visit.signatures,
        "refused_to_sign": visit.refused_to_sign,
        "foreign_organisation": visit.foreign_organisation,
        "foreign_contact": visit.foreign_contact,
        "visitors": [
            {
                "name": v.name, "id_type": v.id_type, "id_number": v.id_number,
                "id_legacy": v.id_legacy, "phone": v.phone, "address": v.address,
                "postcode": v.postcode, "representative": v.representative, "liaison": v.liaison,
                "nationality": v.nationality,
            }
            for v in visit.visitors
        ],
        "id_numbers_revealed": visit.revealed,
        "created_at": visit.created_at,
        "created_by": visit.created_by,
    }
