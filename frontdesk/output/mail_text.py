"""The mail room's records as plain values and readable lines, for the command
line, the screens and exports. Everything here works on what the reading
functions returned, so accused persons appear only where the role saw them."""

from __future__ import annotations

import csv
import io

from frontdesk.i18n import t
from frontdesk.output.cells import csv_row
from frontdesk.output.labels import sealed_text
from frontdesk.store.mail.documents import Document
from frontdesk.store.mail.letter_rules import OPENING_CHECKS
from frontdesk.store.mail.letters import Enclosure, Letter
from frontdesk.store.mail.post import PostItem


def _amount(enclosure: Enclosure) -> int | float | None:
    if enclosure.amount_cents is None:
        return None
    cents = enclosure.amount_cents
    return cents // 100 if cents % 100 == 0 else cents / 100


def letter_json(letter: Letter) -> dict:
    """The letter as JSON values, with the contract's key names; a sealed one as
    its number, date and channel, ``sealed`` true and ``summary`` saying why."""
    if letter.sealed:
        return {"number": letter.number, "received_at": letter.received_at, "channel": letter.channel,
                "sealed": True, "summary": sealed_text("letter")}
    return {
        "sealed": False,
        "number": letter.number,
        "received_at": letter.received_at,
        "channel": letter.channel,
        "kind": letter.kind,
        "sender": {"name": letter.sender_name, "unit": letter.sender_unit,
                   "address": letter.sender_address, "phone": letter.sender_phone,
                   "id_number": letter.sender_id_number},
        "signers": letter.signers,
        "joint": letter.joint,
        "letter_date": letter.letter_date,
        "addressee": letter.addressee,
        "subject": letter.subject,
        "content": letter.content,
        "requests": letter.requests,
        "reasons": letter.reasons,
        "category": letter.category,
        "location": letter.location,
        "opening": letter.opening,
        "pages_stated": letter.pages_stated,
        "pages_received": letter.pages_received,
        "pages_mismatch": letter.pages_mismatch,
        "enclosures": [
            {"position": e.position + 1, "item": e.item, "kind": e.kind, "amount": _amount(e),
             "returned": not e.held, "received_at": e.received_at, "held_at": e.held_at,
             "held_by": e.held_by, "returned_at": e.returned_at, "returned_how": e.returned_how,
             "returned_by": e.returned_by, "return_note": e.return_note}
            for e in letter.enclosures
        ],
        "accused": None if letter.accused_hidden else [
            {"name": a.name, "unit": a.unit, "identity": a.identity, "post": a.post,
             "rank": a.rank, "id_number": a.id_number}
            for a in letter.accused
        ],
        "names_accused": letter.names_accused,
        "accused_count": letter.accused_count,
        "accused_hidden": letter.accused_hidden,
        "proposal": letter.proposal,
        "transfer_to": letter.transfer_to,
        "no_transfer_reason": letter.no_transfer_reason,
        "opinion": letter.opinion,
        "due_date": letter.due_date,
        "overdue": letter.overdue,
        "handled_at": letter.handled_at,
        "handled_by": letter.handled_by,
        "repeat": letter.repeat,
        "previous_number": letter.previous_number,
        "previous_at": letter.previous_at,
        "previous": [{"channel": p.channel, "number": p.number, "at": p.at} for p in letter.previous],
        "same_matter": ({"channel": letter.same_matter[0], "number": letter.same_matter[1]}
                        if letter.same_matter else None),
        "closed_at": letter.closed_at,
        "closed_by": letter.closed_by,
        "outcome": letter.outcome,
        "created_at": letter.created_at,
        "created_by": letter.created_by,
    }


def handling_text(letter: Letter) -> str:
    """The proposed handling in words, or that it is still due ("" when sealed)."""
    if letter.sealed:
        return ""
    if letter.proposal is None:
        key = "mail.handling.overdue" if letter.overdue else "mail.handling.due"
        return t(key, due=letter.due_date)
    text = t(f"proposal.{letter.proposal}")
    if letter.transfer_to:
        text += f" {letter.transfer_to}"
    if letter.no_transfer_reason:
        text += t("sep.colon") + t(f"no_transfer.{letter.no_transfer_reason}")
    return text


def enclosure_text(enclosure: Enclosure) -> str:
    text = t("mail.enclosure.item", n=enclosure.position + 1, item=enclosure.item,
             kind=t(f"enclosure_kind.{enclosure.kind}"),
             amount=f" {enclosure.amount}" if enclosure.amount else "")
    if enclosure.held:
        return text + "  " + t("mail.enclosure.held", at=enclosure.held_at[:16], by=enclosure.held_by)
    text += "  " + t("mail.enclosure.returned", at=(enclosure.returned_at or "")[:16],
                     how=t(f"returned_how.{enclosure.returned_how}"), by=enclosure.returned_by)
    if enclosure.return_note:
        text += t("mail.enclosure.note", note=enclosure.return_note)
    return text


def enclosures_state(letter: Letter) -> str:
    """A letter's enclosures in a register's cell: how many are still held, else
    how they went back (the return notes, such as a registered-post number)."""
    if letter.held_enclosures:
        return t("mail.held_count", count=len(letter.held_enclosures))
    notes = [e.return_note for e in letter.enclosures if e.return_note]
    if notes:
        return t("mail.returned_notes", notes=t("sep.list").join(notes))
    return t("mail.all_returned") if letter.enclosures else ""


def letter_lines(letter: Letter) -> list[str]:
    """A letter as readable lines (accused persons only if the role saw them)."""
    colon = t("sep.colon")
    if letter.sealed:
        return [f"{letter.number}  {letter.received_at[:16]}  {t('letter_channel.' + letter.channel)}",
                sealed_text("letter")]
    lines = [
        f"{letter.number}  {letter.received_at[:16]}  {t('letter_channel.' + letter.channel)}"
        f"  {t('letter_kind.' + letter.kind)}",
        f"{t('field.subject')}{colon}{letter.subject}",
    ]
    sender = "  ".join(part for part in (letter.sender_name, letter.sender_unit, letter.sender_phone,
                                         letter.sender_id_number) if part)
    lines.append(f"{t('field.sender')}{colon}{sender or t('mail.no_sender')}")
    if letter.sender_address:
        lines.append(f"  {letter.sender_address}")
    if letter.joint:
        lines.append(t("mail.joint", count=letter.signers))
    for key, value in (("field.letter_date", letter.letter_date), ("field.addressee", letter.addressee),
                       ("field.category", letter.category), ("field.location", letter.location),
                       ("field.content", letter.content), ("field.requests", letter.requests),
                       ("field.reasons", letter.reasons)):
        if value:
            lines.append(f"{t(key)}{colon}{value}")
    checks = [t(f"field.opening.{k}") + ("✓" if letter.opening[k] else "✗")
              for k in OPENING_CHECKS if k in letter.opening]
    if checks:
        lines.append(f"{t('field.opening')}{colon}" + t("sep.list").join(checks))
    if letter.pages_stated or letter.pages_received:
        lines.append(t("mail.pages", stated=letter.pages_stated or "-", received=letter.pages_received or "-")
                     + ("  " + t("mail.pages_mismatch") if letter.pages_mismatch else ""))
    if letter.enclosures:
        lines.append(f"{t('field.enclosures')}{colon}")
        lines += [f"  {enclosure_text(e)}" for e in letter.enclosures]
    if letter.accused_hidden and letter.names_accused:
        lines.append(t("mail.accused_hidden", count=letter.accused_count))
    for person in letter.accused:
        details = "  ".join(p for p in (person.unit, person.identity, person.post, person.rank,
                                        person.id_number) if p)
        lines.append(f"{t('field.accused')}{colon}{person.name}  {details}".rstrip())
    lines.append(f"{t('field.proposal')}{colon}{handling_text(letter)}")
    if letter.opinion:
        lines.append(f"  {letter.opinion}")
    if letter.proposal:
        lines.append("  " + t("mail.handled_by", who=letter.handled_by, at=letter.handled_at,
                              due=letter.due_date))
    if letter.repeat:
        lines.append(t("mail.repeat", number=letter.previous_number, at=(letter.previous_at or "")[:16]))
    for prior in letter.previous:
        lines.append(f"  {t('channel.' + prior.channel)} {prior.number} {prior.at[:16]}")
    if letter.same_matter:
        lines.append(t("slip.same_matter", channel=t("channel." + letter.same_matter[0]),
                       number=letter.same_matter[1]))
    if letter.closed_at:
        lines.append(t("mail.closed", who=letter.closed_by, at=letter.closed_at))
        if letter.outcome:
            lines.append(f"  {t('field.outcome')}{colon}{letter.outcome}")
    lines.append(t("slip.by", who=letter.created_by, at=letter.created_at))
    return lines


def letters_csv(letters: list[Letter]) -> str:
    """The register as CSV (UTF-8 with BOM for spreadsheet programs), every
    cell shown as text (``cells.csv_cell``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_row(t(k) for k in ("field.number", "field.received_at", "field.letter_channel",
                                           "field.letter_kind", "field.sender", "field.subject",
                                           "field.accused", "field.enclosures", "field.proposal",
                                           "mail.col.due")))
    for letter in letters:
        if letter.sealed:
            writer.writerow(csv_row([letter.number, letter.received_at[:16],
                                     t(f"letter_channel.{letter.channel}"), "", "", sealed_text("letter"),
                                     "", "", "", ""]))
            continue
        if letter.accused_hidden:
            accused = t("mail.accused_hidden", count=letter.accused_count) if letter.names_accused else ""
        else:
            accused = t("sep.list").join(a.name for a in letter.accused)
        writer.writerow(csv_row([
            letter.number, letter.received_at[:16], t(f"letter_channel.{letter.channel}"),
            t(f"letter_kind.{letter.kind}"), letter.sender_name, letter.subject, accused,
            t("sep.list").join(f"{e.item}{' ' + e.amount if e.amount else ''}" for e in letter.held_enclosures),
            handling_text(letter), letter.due_date,
        ]))
    return "\ufeff" + out.getvalue()


def post_json(item: PostItem) -> dict:
    return {
        "number": item.number, "tracking_number": item.tracking_number, "sender": item.sender,
        "addressee": item.addressee, "received_at": item.received_at, "signed_by": item.signed_by,
        "passed_to": item.passed_to, "passed_at": item.passed_at,
        "passed_signed_by": item.passed_signed_by, "passed_by": item.passed_by,
        "waiting": item.waiting, "late": item.late,
        "created_at": item.created_at, "created_by": item.created_by,
    }


def post_state(item: PostItem) -> str:
    if item.waiting:
        return t("mail.post.late") if item.late else t("mail.post.waiting")
    return t("mail.post.passed", to=item.passed_to, at=(item.passed_at or "")[:16],
             who=item.passed_signed_by)


def document_json(doc: Document) -> dict:
    return {
        "number": doc.number, "received_at": doc.received_at, "secrecy": doc.secrecy,
        "classified": doc.classified, "issuer": doc.issuer, "doc_number": doc.doc_number,
        "title": doc.title, "content": doc.content, "copies": doc.copies, "urgency": doc.urgency,
        "opinion": doc.opinion, "return_by": doc.return_by,
        "readers": [{"reader": r.reader, "read_at": r.read_at, "ticked_by": r.ticked_by}
                    for r in doc.readers],
        "instructions": [{"leader": i.leader, "at": i.at, "text": i.text, "by": i.by}
                         for i in doc.instructions],
        "paper_page": doc.paper_page, "paper_line": doc.paper_line,
        "circulating": doc.circulating, "overdue": doc.overdue,
        "created_at": doc.created_at, "created_by": doc.created_by,
    }


def document_state(doc: Document) -> str:
    if doc.classified:
        if doc.paper_page is not None:
            return t("mail.doc.paper_short", page=doc.paper_page, line=doc.paper_line)
        return t("mail.doc.paper")
    if not doc.readers:
        return t("mail.doc.no_readers")
    if doc.overdue:
        return t("mail.doc.chase", count=len(doc.unread), due=doc.return_by)
    if doc.circulating:
        return t("mail.doc.reading", read=len(doc.readers) - len(doc.unread), total=len(doc.readers))
    return t("mail.doc.back")


def chase_lines(doc: Document) -> list[str]:
    """The 催办 log, oldest first."""
    return [t("mail.doc.chase_line", at=c.at[:16], reader=c.reader, how=t(f"chase_how.{c.how}"),
              answer=c.answer, by=c.by) for c in doc.chases]


def instruction_lines(doc: Document) -> list[str]:
    """The leaders' instructions (批示), oldest first."""
    return [t("mail.doc.instruction_line", at=i.at[:16], leader=i.leader, text=i.text, by=i.by)
            for i in doc.instructions]


def document_lines(doc: Document) -> list[str]:
    colon = t("sep.colon")
    lines = [f"{doc.number}  {doc.received_at[:16]}  {t('secrecy.' + doc.secrecy)}"]
    if doc.classified:
        if doc.copies is not None:
            lines.append(f"{t('field.copies')}{colon}{doc.copies}")
        lines.append(t("mail.doc.paper_line", page=doc.paper_page, line=doc.paper_line)
                     if doc.paper_page is not None else t("mail.doc.paper"))
        lines.append(t("slip.by", who=doc.created_by, at=doc.created_at))
        return lines
    lines.append(f"{t('field.doc_title')}{colon}{doc.title}")
    lines.append(f"{t('field.issuer')}{colon}{doc.issuer}  {doc.doc_number}".rstrip())
    lines.append(f"{t('field.copies')}{colon}{doc.copies}  {t('urgency.' + doc.urgency)}")
    if doc.content:
        lines.append(f"{t('field.doc_content')}{colon}{doc.content}")
    if doc.opinion:
        lines.append(f"{t('field.opinion')}{colon}{doc.opinion}")
    lines.append(f"{t('field.return_by')}{colon}{doc.return_by or '-'}  {document_state(doc)}")
    for reader in doc.readers:
        mark = t("mail.doc.read_at", at=reader.read_at[:16]) if reader.read_at else t("mail.doc.unread")
        lines.append(f"  {reader.position + 1}. {reader.reader}  {mark}")
    lines += instruction_lines(doc)
    lines += chase_lines(doc)
    lines.append(t("slip.by", who=doc.created_by, at=doc.created_at))
    return lines
