"""The rules of a petition visit (来访登记), checked before anything is written.

Glossary: 个访 individual visit (one person), 联名访 joint visit (2-4 people),
集体访 group visit (5 or more); 代表 representative (at most 5), 联络人 liaison
(exactly one, a representative), 签名认可 the other visitors' signed
acknowledgement (拒绝签名 a refusal to sign); 涉及人数 how many people the
matter concerns; 不予受理 not accepted; 转送 transfer; 交办 assigned as a case;
涉外 a visit of a foreign national or on behalf of a foreign organisation (境外
组织), which the desk does not answer before asking the competent department.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError, ValidationErrors
from frontdesk.store.core.validate import Checks, Warning
from frontdesk.store.shared import identity, people, sealing

MAX_REPRESENTATIVES = 5
GROUP_SIZE = 5
MAX_HEADCOUNT = 100_000
MAX_LISTED = 200
TRANSFER_DAYS = 15
CASE_DAYS = 60

KINDS = ("individual", "joint", "group")
DISPOSITIONS = ("answered", "transfer", "case", "not_accepted")
NOT_ACCEPTED_REASONS = ("congress_court", "litigation", "already_handled", "accusation", "re_reviewed")
PAPERS = (
    "id_document", "introduction_letter", "acceptance_notice",
    "non_acceptance_notice", "handling_opinion", "review_opinion",
)


def signatures_expected(headcount: int, representatives: int) -> int:
    """Every visitor who is not a representative signs the back of the form (签名认可)."""
    return max(headcount - representatives, 0)


def due_date(disposition: str | None, visited: date) -> date | None:
    """Transfer within 15 days of the visit; a case is resolved within 60."""
    if disposition == "transfer":
        return visited + timedelta(days=TRANSFER_DAYS)
    if disposition == "case":
        return visited + timedelta(days=CASE_DAYS)
    return None


def kind_of(headcount: int) -> str:
    """个访 1, 联名访 2-4, 集体访 5 or more."""
    if headcount == 1:
        return "individual"
    return "group" if headcount >= GROUP_SIZE else "joint"


@dataclass(frozen=True)
class CheckedVisit:
    """A visit whose every field passed the rules, in normal form."""

    visited_at: datetime
    headcount: int
    kind: str
    representatives: int
    signed: int
    concerned: int | None
    visitors: tuple[dict, ...]
    subject: str
    content: str
    category: str
    location: str
    papers: tuple[str, ...]
    disposition: str | None
    transfer_unit: str | None
    not_accepted_reason: str | None
    notice: str
    escalate: bool
    skipped_levels: bool
    disturbance: bool
    special: str
    same_matter: tuple[str, str] | None
    foreign_organisation: bool = False
    refused_to_sign: int = 0
    """Of the ``signed`` expected to sign, how many refused (签名认可 not given)."""
    warnings: tuple[Warning, ...] = field(default=())

    @property
    def foreign_nationals(self) -> int:
        """How many visitors showed a passport of another country than China."""
        return sum(1 for v in self.visitors if v.get("nationality") not in (None, identity.CHINA))

    @property
    def foreign_contact(self) -> bool:
        """Whether the seed's rule for foreign contacts applies: ask the competent
        department at once and answer nothing on one's own."""
        return self.foreign_organisation or self.foreign_nationals > 0

    def due_date(self) -> date | None:
        """Counted from the visit, not from when it was typed in."""
        return due_date(self.disposition, self.visited_at.date())


def _postcode(field_name: str, value: object) -> str:
    code = validate.text(field_name, value, max_length=6)
    if code and not (len(code) == 6 and code.isdigit()):
        raise ValidationError(field_name, "err.postcode")
    return code


def _visitor(c: Checks, index: int, raw: object, today: date) -> dict | None:
    prefix = f"visitors.{index}"
    data = c.run(validate.mapping, prefix, raw)
    if data is None:
        return None
    id_type = c.run(identity.id_type_of, f"{prefix}.id_type", data.get("id_type"))
    nationality = None
    if id_type is not None:
        nationality = c.run(identity.nationality_of, f"{prefix}.nationality", data.get("nationality"), id_type)
    raw_id = data.get("id_number")
    id_number = None
    if raw_id not in (None, "") and id_type is not None:
        if not isinstance(raw_id, str):
            c.refuse(f"{prefix}.id_number", "err.id_format")
        else:
            id_number = c.run(identity.check_id, f"{prefix}.id_number", id_type, raw_id, today, nationality)
            if id_number is not None and id_number.unknown_place:
                c.warn(f"{prefix}.id_number", "warn.id_place_unknown")
            if id_number is not None and id_number.legacy:
                c.warn(f"{prefix}.id_number", "warn.id_legacy")
    phone = None
    raw_phone = data.get("phone")
    if raw_phone not in (None, ""):
        if not isinstance(raw_phone, str):
            c.refuse(f"{prefix}.phone", "err.phone_format")
        else:
            phone = c.run(identity.normalise_phone, f"{prefix}.phone", raw_phone)
    return {
        "name": c.run(validate.text, f"{prefix}.name", data.get("name"), required=True, max_length=40),
        "id_type": (id_type or identity.IdType.RESIDENT).value,
        "nationality": nationality,
        "id_number": id_number.value if id_number else None,
        "id_legacy": bool(id_number and id_number.legacy),
        "phone": phone,
        "address": c.run(validate.text, f"{prefix}.address", data.get("address"), max_length=200) or "",
        "postcode": c.run(_postcode, f"{prefix}.postcode", data.get("postcode")) or "",
        "representative": bool(c.run(validate.flag, f"{prefix}.representative", data.get("representative"))),
        "liaison": bool(c.run(validate.flag, f"{prefix}.liaison", data.get("liaison"))),
    }


def _representative_rule(c: Checks, headcount: int, visitors: list[dict], signed: object,
                         signatures: object) -> tuple[int, int, int]:
    """The 5-representative rule; returns (representatives, signed, refused):
    ``signed`` how many are to sign, ``refused`` how many of them did not."""
    if headcount == 1:
        if len(visitors) != 1:
            c.refuse("visitors", "err.individual_one_visitor")
        if signed not in (None, "", 0):
            c.refuse("signed", "err.signed_individual")
        if signatures not in (None, "", 0):
            c.refuse("signatures", "err.signed_individual")
        for index, visitor in enumerate(visitors):
            visitor["representative"] = visitor["liaison"] = False
            if not visitor["id_number"] and c.ok(f"visitors.{index}.id_number"):
                c.refuse(f"visitors.{index}.id_number", "err.id_required")
        return 0, 0, 0
    reps = [i for i, v in enumerate(visitors) if v["representative"]]
    liaisons = [i for i, v in enumerate(visitors) if v["liaison"]]
    if not reps:
        c.refuse("visitors", "err.rep_none")
    elif len(reps) > MAX_REPRESENTATIVES:
        c.refuse("visitors", "err.rep_too_many", max=MAX_REPRESENTATIVES, count=len(reps))
    if len(liaisons) != 1:
        c.refuse("visitors", "err.liaison_count", count=len(liaisons))
    for index in liaisons:
        if index not in reps:
            c.refuse(f"visitors.{index}.liaison", "err.liaison_not_rep")
    group = headcount >= GROUP_SIZE
    for index in reps:
        visitor = visitors[index]
        if not visitor["id_number"] and c.ok(f"visitors.{index}.id_number"):
            c.refuse(f"visitors.{index}.id_number", "err.rep_id_required")
        for detail in ("phone", "address"):
            # A phone or address already refused is reported once, for what was wrong with it.
            field_name = f"visitors.{index}.{detail}"
            if group and not visitor[detail] and c.ok(field_name):
                c.refuse(field_name, "err.group_rep_details")
    expected = signatures_expected(headcount, len(reps))
    if signed not in (None, ""):
        given = c.run(validate.whole_number, "signed", signed, minimum=0, maximum=MAX_HEADCOUNT)
        if given is not None and reps and given != expected:
            c.refuse("signed", "err.signed_mismatch", expected=expected, given=given)
    refused = 0
    if signatures not in (None, "") and reps:
        actual = c.run(validate.whole_number, "signatures", signatures, minimum=0, maximum=MAX_HEADCOUNT)
        if actual is not None and actual > expected:
            c.refuse("signatures", "err.signatures_over", expected=expected, given=actual)
        elif actual is not None and actual < expected:
            # Those who would not sign are received one by one (按个访接待): the
            # form offers it; the refusal itself is kept on the record.
            refused = expected - actual
            c.warn("signatures", "warn.not_all_signed")
    return len(reps), expected, refused


def collect(data: object, *, now: datetime) -> tuple[CheckedVisit | None, list[ValidationError], list[Warning]]:
    """Check every field; the visit in normal form if nothing was refused."""
    c = Checks()
    try:
        data = validate.mapping("visit", data)
    except ValidationError as error:
        return None, [error], []
    visited_at = c.run(validate.moment, "visited_at", data.get("visited_at"), now=now)
    headcount = c.run(validate.whole_number, "headcount", data.get("headcount", 1),
                      minimum=1, maximum=MAX_HEADCOUNT)
    raw_visitors = data.get("visitors")
    visitors: list[dict] = []
    if not isinstance(raw_visitors, list) or not raw_visitors:
        c.refuse("visitors", "err.visitors_required")
    elif len(raw_visitors) > MAX_LISTED:
        c.refuse("visitors", "err.too_many", max=MAX_LISTED)
    else:
        for index, raw in enumerate(raw_visitors):
            visitor = _visitor(c, index, raw, now.date())
            if visitor is not None:
                visitors.append(visitor)
    representatives = signed = refused = 0
    if headcount is not None and visitors and len(visitors) == len(raw_visitors or []):
        if len(visitors) > headcount:
            c.refuse("visitors", "err.visitors_over_headcount",
                     listed=len(visitors), headcount=headcount)
        else:
            representatives, signed, refused = _representative_rule(
                c, headcount, visitors, data.get("signed"), data.get("signatures"))
        seen: dict[str, int] = {}
        for index, visitor in enumerate(visitors):
            if visitor["id_number"]:
                if visitor["id_number"] in seen:
                    c.refuse(f"visitors.{index}.id_number", "err.id_duplicate")
                seen[visitor["id_number"]] = index
    disposition = c.run(validate.choice, "disposition", data.get("disposition"), DISPOSITIONS)
    transfer_unit = c.run(validate.text, "transfer_unit", data.get("transfer_unit"), max_length=60) or None
    if disposition == "transfer" and not transfer_unit:
        c.refuse("transfer_unit", "err.transfer_unit_required")
    if disposition == "case" and not transfer_unit:
        c.refuse("transfer_unit", "err.case_unit_required")
    category = c.run(validate.text, "category", data.get("category"), max_length=40) or ""
    if disposition in ("transfer", "case") and transfer_unit and sealing.is_accusation_category(category):
        # As with letters: accusations go to the discipline and supervision organs,
        # never to the accused's unit.
        if not sealing.is_discipline_organ(transfer_unit):
            c.refuse("transfer_unit", "err.visit_accusation_unit")
    reason = c.run(validate.choice, "not_accepted_reason", data.get("not_accepted_reason"), NOT_ACCEPTED_REASONS)
    if disposition == "not_accepted" and not reason:
        c.refuse("not_accepted_reason", "err.reason_required")
    raw_papers = data.get("papers")
    if isinstance(raw_papers, str):
        raw_papers = [raw_papers]
    papers = c.run(validate.text_list, "papers", raw_papers) or ()
    if any(v["id_number"] for v in visitors) and "id_document" not in papers:
        # An ID number was taken down from a document the papers shown do not name.
        c.warn("papers", "warn.id_not_ticked")
    checked = CheckedVisit(
        visited_at=visited_at or now,
        headcount=headcount or 0,
        kind=kind_of(headcount) if headcount else "individual",
        representatives=representatives,
        signed=signed,
        concerned=c.run(validate.whole_number, "concerned", data.get("concerned"),
                        minimum=1, maximum=10_000_000, required=False),
        visitors=tuple(visitors),
        subject=c.run(validate.text, "subject", data.get("subject"), required=True, max_length=200) or "",
        content=c.run(validate.text, "content", data.get("content"), max_length=20_000, multiline=True) or "",
        category=category,
        location=c.run(validate.text, "location", data.get("location"), max_length=200) or "",
        papers=papers,
        disposition=disposition,
        transfer_unit=transfer_unit if disposition in ("transfer", "case") else None,
        not_accepted_reason=reason if disposition == "not_accepted" else None,
        notice=c.run(validate.text, "notice", data.get("notice"), max_length=2000, multiline=True) or "",
        escalate=bool(c.run(validate.flag, "escalate", data.get("escalate"))),
        skipped_levels=bool(c.run(validate.flag, "skipped_levels", data.get("skipped_levels"))),
        disturbance=bool(c.run(validate.flag, "disturbance", data.get("disturbance"))),
        special=c.run(validate.text, "special", data.get("special"), max_length=200) or "",
        same_matter=c.run(people.same_matter, data.get("same_matter")),
        foreign_organisation=bool(c.run(validate.flag, "foreign_organisation", data.get("foreign_organisation"))),
        refused_to_sign=refused,
    )
    if checked.foreign_contact:
        c.warn("foreign_organisation", "warn.foreign_contact")
    checked = replace(checked, warnings=tuple(c.warnings))
    known = {
        "visited_at", "headcount", "visitors", "signed", "subject", "content", "category",
        "location", "papers", "concerned", "disposition", "transfer_unit",
        "not_accepted_reason", "notice", "escalate", "skipped_levels", "disturbance",
        "special", "same_matter", "foreign_organisation", "signatures", "matter_kind", "matter_overrule",
    }
    c.unknown_keys(data, known)
    return (*c.outcome(checked), c.warnings)


def check(data: object, *, now: datetime) -> CheckedVisit:
    """The checked visit, or every refusal raised at once (``ValidationErrors``)."""
    checked, errors, _warnings = collect(data, now=now)
    if errors:
        raise ValidationErrors(errors)
    assert checked is not None
    return checked


def papers_json(papers: tuple[str, ...]) -> str:
    return json.dumps(list(papers), ensure_ascii=False)
