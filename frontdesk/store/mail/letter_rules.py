"""The rules of a petition letter (来信登记), checked before anything is written.

Glossary: 拆封 opening (the checklist: 属本单位来信 addressed to this office,
收信章 stamped, 信封信笺 envelope and letter sheets kept, 邮票邮戳 stamps and postmarks whole);
页码 the pages the letter states; 随信物品 enclosures (证件 ID documents, 现金
cash, 其他 other), registered, held and returned (退回来信人); 署名信 signed,
匿名信 anonymous, 重复信 repeat, 无实际内容 empty; 联名信 joint letter and its
signers (联名人数); 被检举人 accused persons; 拟办意见 the proposed handling:
转送 transfer, 不予转送 no transfer, 呈阅 submit to leaders, 立案交办 open a case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError, ValidationErrors
from frontdesk.store.core.validate import Checks, Warning
from frontdesk.store.shared import identity, people, sealing

HANDLING_DAYS = 15
CHANNELS = ("post", "registered", "email", "fax", "web", "hand")
PAPER_CHANNELS = ("post", "registered", "hand")
KINDS = ("signed", "anonymous", "repeat", "empty")
PROPOSALS = ("transfer", "no_transfer", "submit", "case")
NO_TRANSFER_REASONS = ("being_handled", "finally_handled", "no_content")
ENCLOSURE_KINDS = ("id_document", "cash", "other")
RETURN_METHODS = ("in_person", "post", "registered", "other")
OPENING_CHECKS = ("addressed_here", "stamped", "envelope_kept", "postmarks_whole")
MAX_ENCLOSURES = 50
MAX_ACCUSED = 20
MAX_SIGNERS = 100_000
MAX_CENTS = 100_000_000_00

SENDER, OPENING = "sender", "opening"
KNOWN_KEYS = frozenset({
    "received_at", "channel", "kind", "sender", "signers", "letter_date", "addressee",
    "subject", "content", "requests", "reasons", "category", "location", "opening",
    "pages_stated", "pages_received", "enclosures", "accused", "proposal", "transfer_to",
    "no_transfer_reason", "opinion", "previous_number", "same_matter", "matter_kind", "matter_overrule",
})
SENDER_KEYS = frozenset({"name", "unit", "address", "phone", "id_number", "id_type"})
ENCLOSURE_KEYS = frozenset({"item", "kind", "amount", "returned", "returned_how", "return_note"})
ACCUSED_KEYS = frozenset({"name", "unit", "identity", "post", "rank", "id_number"})


def due_date(received: date) -> date:
    """The proposed handling is due within 15 days of receipt."""
    return received + timedelta(days=HANDLING_DAYS)


def pages_differ(stated: int | str | None, received: int | str | None) -> bool:
    """The pages received differ from those the letter states (kept, and shown as a
    warning). Counts may be numbers or digits as typed; a blank or unreadable one
    compares with nothing."""

    def count(value: int | str | None) -> int | None:
        if isinstance(value, int):
            return value
        text = (value or "").strip()
        return int(text) if text.isascii() and text.isdigit() else None

    pages, arrived = count(stated), count(received)
    return pages is not None and arrived is not None and pages != arrived


@dataclass(frozen=True)
class CheckedLetter:
    """A letter whose every field passed the rules, in normal form."""

    received_at: datetime
    channel: str
    kind: str
    sender: dict
    sender_unit: str
    signers: int
    letter_date: date | None
    addressee: str
    subject: str
    content: str
    requests: str
    reasons: str
    category: str
    location: str
    opening: dict
    pages_stated: int | None
    pages_received: int | None
    enclosures: tuple[dict, ...]
    accused: tuple[dict, ...]
    proposal: str | None
    transfer_to: str | None
    no_transfer_reason: str | None
    opinion: str
    previous_number: str | None
    same_matter: tuple[str, str] | None
    warnings: tuple[Warning, ...] = ()

    @property
    def has_sender(self) -> bool:
        """Whether the sender left anything to find them by."""
        s = self.sender
        return bool(s["name"] or s["phone"] or s["id_number"] or s["address"])


def _unknown(c: Checks, prefix: str, data: Mapping, known: frozenset) -> None:
    c.unknown_keys(data, known, prefix=prefix, width=60)


_AMOUNT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")


def amount_cents(field: str, value: object) -> int | None:
    """Cash in yuan (``200``, ``"35.5"``) as whole fen; at most two decimals."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(field, "err.letter_amount")
    if isinstance(value, int):
        value = str(value)
    elif isinstance(value, float):
        value = f"{value:.10f}".rstrip("0").rstrip(".")
    if not isinstance(value, str):
        raise ValidationError(field, "err.letter_amount")
    text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
    if not _AMOUNT.match(text):
        raise ValidationError(field, "err.letter_amount")
    whole, _, part = text.partition(".")
    cents = int(whole) * 100 + int((part + "00")[:2])
    if not 0 < cents <= MAX_CENTS:
        raise ValidationError(field, "err.letter_amount")
    return cents


def _sender(c: Checks, raw: object, today: date) -> tuple[dict, str]:
    if raw in (None, ""):
        raw = {}
    data = c.run(validate.mapping, "sender", raw)
    if data is None:
        data = {}
    _unknown(c, "sender", data, SENDER_KEYS)
    id_type = c.run(identity.id_type_of, f"{SENDER}.id_type", data.get("id_type"))
    id_number = None
    if data.get("id_number") not in (None, ""):
        if not isinstance(data.get("id_number"), str):
            c.refuse(f"{SENDER}.id_number", "err.id_format")
        elif id_type is not None:
            checked = c.run(identity.check_id, f"{SENDER}.id_number", id_type, data["id_number"], today)
            id_number = checked.value if checked else None
    phone = None
    if data.get("phone") not in (None, ""):
        if not isinstance(data.get("phone"), str):
            c.refuse(f"{SENDER}.phone", "err.phone_format")
        else:
            phone = c.run(identity.normalise_phone, f"{SENDER}.phone", data["phone"])
    sender = {
        "name": c.run(validate.text, f"{SENDER}.name", data.get("name"), max_length=60) or "",
        "id_type": (id_type or identity.IdType.RESIDENT).value,
        "id_number": id_number,
        "phone": phone,
        "address": c.run(validate.text, f"{SENDER}.address", data.get("address"), max_length=200) or "",
    }
    unit = c.run(validate.text, f"{SENDER}.unit", data.get("unit"), max_length=100) or ""
    return sender, unit


def _enclosures(c: Checks, raw: object) -> list[dict]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        c.refuse("enclosures", "err.list")
        return []
    if len(raw) > MAX_ENCLOSURES:
        c.refuse("enclosures", "err.too_many", max=MAX_ENCLOSURES)
        return []
    found = []
    for index, item in enumerate(raw):
        prefix = f"enclosures.{index}"
        data = c.run(validate.mapping, prefix, item)
        if data is None:
            continue
        _unknown(c, prefix, data, ENCLOSURE_KEYS)
        cents = c.run(amount_cents, f"{prefix}.amount", data.get("amount"))
        kind = c.run(validate.choice, f"{prefix}.enclosure_kind", data.get("kind"), ENCLOSURE_KINDS)
        kind = kind or ("cash" if cents else "other")
        if kind == "cash" and cents is None and c.ok(f"{prefix}.amount"):
            c.refuse(f"{prefix}.amount", "err.letter_cash_amount")
        if kind != "cash" and cents is not None:
            c.refuse(f"{prefix}.amount", "err.letter_amount_not_cash")
        returned = bool(c.run(validate.flag, f"{prefix}.returned", data.get("returned")))
        how = c.run(validate.choice, f"{prefix}.returned_how", data.get("returned_how"), RETURN_METHODS)
        found.append({
            "item": c.run(validate.text, f"{prefix}.item", data.get("item"), required=True,
                          max_length=100) or "",
            "kind": kind,
            "amount_cents": cents if kind == "cash" else None,
            "returned": returned,
            "returned_how": (how or "in_person") if returned else None,
            "return_note": c.run(validate.text, f"{prefix}.return_note", data.get("return_note"),
                                 max_length=200) or "",
        })
    return found


def _accused(c: Checks, raw: object, today: date) -> list[dict]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        c.refuse("accused", "err.list")
        return []
    if len(raw) > MAX_ACCUSED:
        c.refuse("accused", "err.too_many", max=MAX_ACCUSED)
        return []
    found = []
    for index, item in enumerate(raw):
        prefix = f"accused.{index}"
        data = c.run(validate.mapping, prefix, item)
        if data is None:
            continue
        _unknown(c, prefix, data, ACCUSED_KEYS)
        id_number = None
        if data.get("id_number") not in (None, ""):
            if not isinstance(data.get("id_number"), str):
                c.refuse(f"{prefix}.id_number", "err.id_format")
            else:
                checked = c.run(identity.check_id, f"{prefix}.id_number", "resident",
                                data["id_number"], today)
                id_number = checked.value if checked else None
        found.append({
            "name": c.run(validate.text, f"{prefix}.accused_name", data.get("name"), required=True,
                          max_length=60) or "",
            "unit": c.run(validate.text, f"{prefix}.unit", data.get("unit"), max_length=100) or "",
            "identity": c.run(validate.text, f"{prefix}.identity", data.get("identity"), max_length=60) or "",
            "post": c.run(validate.text, f"{prefix}.post", data.get("post"), max_length=60) or "",
            "rank": c.run(validate.text, f"{prefix}.rank", data.get("rank"), max_length=40) or "",
            "id_number": id_number,
        })
    return found


def _opening(c: Checks, raw: object) -> dict:
    if raw in (None, ""):
        return {}
    data = c.run(validate.mapping, "opening", raw)
    if data is None:
        return {}
    _unknown(c, "opening", data, frozenset(OPENING_CHECKS))
    found = {}
    for check in OPENING_CHECKS:
        if check in data and data[check] is not None:
            found[check] = bool(c.run(validate.flag, f"{OPENING}.{check}", data[check]))
    if found.get("addressed_here") is False:
        c.refuse(f"{OPENING}.addressed_here", "err.letter_not_ours")
    return found


def _kind_rules(c: Checks, kind: str, sender: dict, signers: int) -> None:
    """What each kind of letter requires of its sender."""
    if kind == "signed":
        if not sender["name"]:
            c.refuse(f"{SENDER}.name", "err.letter_signed_name")
        elif not (sender["phone"] or sender["address"]):
            c.refuse(f"{SENDER}.phone", "err.letter_signed_contact")
    elif kind == "anonymous":
        if sender["name"]:
            c.refuse(f"{SENDER}.name", "err.letter_anonymous_named")
        if signers > 1:
            c.refuse("signers", "err.letter_anonymous_joint")
    elif kind == "repeat" and not sender["name"]:
        c.refuse(f"{SENDER}.name", "err.letter_repeat_name")
    if signers > 1 and kind != "anonymous" and not sender["name"]:
        if c.ok(f"{SENDER}.name"):
            c.refuse(f"{SENDER}.name", "err.letter_joint_name")


def _handling_rules(c: Checks, checked: dict) -> None:
    proposal, unit = checked["proposal"], checked["transfer_to"]
    if proposal in ("transfer", "case") and not unit:
        c.refuse("transfer_to", "err.letter_unit_required")
    if proposal == "no_transfer" and not checked["no_transfer_reason"]:
        if checked["kind"] == "empty":
            checked["no_transfer_reason"] = "no_content"
        else:
            c.refuse("no_transfer_reason", "err.letter_reason_required")
    if checked["kind"] == "empty" and proposal not in (None, "no_transfer"):
        c.refuse("proposal", "err.letter_empty_proposal")
    accused = checked["accused"]
    accusation = bool(accused) or sealing.is_accusation_category(checked.get("category"))
    if accusation and unit and proposal in ("transfer", "case"):
        # Accusation material never reaches the accused or their unit.
        units = {a["unit"] for a in accused if a["unit"]}
        if any(u == unit or u in unit or unit in u for u in units):
            c.refuse("transfer_to", "err.letter_to_accused_unit")
        elif proposal == "transfer" and not sealing.is_discipline_organ(unit):
            c.refuse("transfer_to", "err.letter_accusation_unit")


def collect(data: object, *, now: datetime) -> tuple[CheckedLetter | None, list[ValidationError], list[Warning]]:
    """Check every field; the letter in normal form if nothing was refused."""
    c = Checks()
    try:
        data = validate.mapping("letter", data)
    except ValidationError as error:
        return None, [error], []
    _unknown(c, "", data, KNOWN_KEYS)
    received_at = c.run(validate.moment, "received_at", data.get("received_at"), now=now)
    channel = c.run(validate.choice, "letter_channel", data.get("channel") or "post", CHANNELS)
    sender, unit = _sender(c, data.get("sender"), now.date())
    signers = c.run(validate.whole_number, "signers", data.get("signers"), minimum=1,
                    maximum=MAX_SIGNERS, required=False) or 1
    kind = c.run(validate.choice, "letter_kind", data.get("kind"), KINDS)
    if not kind:
        # Unstated: a name makes it signed; neither name nor content (the letter
        # says nothing) makes it 无实际内容, not anonymous.
        said = any(isinstance(data.get(key), str) and data[key].strip() for key in ("content", "requests", "reasons"))
        kind = "signed" if sender["name"] else ("anonymous" if said else "empty")
    _kind_rules(c, kind, sender, signers)
    letter_date = None
    if data.get("letter_date") not in (None, ""):
        letter_date = c.run(validate.day, "letter_date", data.get("letter_date"))
        if letter_date and received_at and letter_date > received_at.date():
            c.refuse("letter_date", "err.letter_date_after")
    pages = {}
    for key in ("pages_stated", "pages_received"):
        pages[key] = c.run(validate.whole_number, key, data.get(key), minimum=1, maximum=10_000,
                           required=False)
    proposal = c.run(validate.choice, "proposal", data.get("proposal"), PROPOSALS)
    reason = c.run(validate.choice, "no_transfer_reason", data.get("no_transfer_reason"),
                   NO_TRANSFER_REASONS)
    fields: dict[str, Any] = {
        "kind": kind,
        "proposal": proposal,
        "transfer_to": c.run(validate.text, "transfer_to", data.get("transfer_to"), max_length=60) or None,
        "no_transfer_reason": reason,
        "accused": _accused(c, data.get("accused"), now.date()),
        "category": c.run(validate.text, "category", data.get("category"), max_length=40) or "",
    }
    _handling_rules(c, fields)
    opening = _opening(c, data.get("opening"))
    if channel in PAPER_CHANNELS:
        for check in OPENING_CHECKS[1:]:
            if opening.get(check) is False:
                c.warn(f"{OPENING}.{check}", f"warn.letter_{check}")
    if pages_differ(pages["pages_stated"], pages["pages_received"]):
        c.warn("pages_received", "warn.letter_pages")
    previous = c.run(validate.text, "previous_number", data.get("previous_number"), max_length=30)
    checked = CheckedLetter(
        received_at=received_at or now,
        channel=channel or "post",
        kind=kind,
        sender=sender,
        sender_unit=unit,
        signers=signers,
        letter_date=letter_date,
        addressee=c.run(validate.text, "addressee", data.get("addressee"), max_length=100) or "",
        subject=c.run(validate.text, "subject", data.get("subject"), required=True, max_length=200) or "",
        content=c.run(validate.text, "content", data.get("content"), max_length=20_000, multiline=True) or "",
        requests=c.run(validate.text, "requests", data.get("requests"), max_length=5000, multiline=True) or "",
        reasons=c.run(validate.text, "reasons", data.get("reasons"), max_length=5000, multiline=True) or "",
        category=fields["category"],
        location=c.run(validate.text, "location", data.get("location"), max_length=200) or "",
        opening=opening,
        pages_stated=pages["pages_stated"],
        pages_received=pages["pages_received"],
        enclosures=tuple(_enclosures(c, data.get("enclosures"))),
        accused=tuple(fields["accused"]),
        proposal=proposal,
        transfer_to=fields["transfer_to"] if proposal in ("transfer", "case") else None,
        no_transfer_reason=fields["no_transfer_reason"] if proposal == "no_transfer" else None,
        opinion=c.run(validate.text, "opinion", data.get("opinion"), max_length=2000, multiline=True) or "",
        previous_number=previous.upper() if previous else None,
        same_matter=c.run(people.same_matter, data.get("same_matter")),
        warnings=tuple(c.warnings),
    )
    return (*c.outcome(checked), c.warnings)


def check(data: object, *, now: datetime) -> CheckedLetter:
    """The checked letter, or every refusal raised at once (``ValidationErrors``)."""
    checked, errors, _warnings = collect(data, now=now)
    if errors:
        raise ValidationErrors(errors)
    assert checked is not None
    return checked


def check_handling(data: Mapping, *, kind: str, accused: list[dict], category: str = "") -> dict:
    """A proposed handling given after registration: proposal, transfer_to,
    no_transfer_reason, opinion; every refusal raised at once."""
    c = Checks()
    _unknown(c, "", data, frozenset({"proposal", "transfer_to", "no_transfer_reason", "opinion"}))
    fields = {
        "kind": kind,
        "proposal": c.run(validate.choice, "proposal", data.get("proposal"), PROPOSALS, required=True),
        "transfer_to": c.run(validate.text, "transfer_to", data.get("transfer_to"), max_length=60) or None,
        "no_transfer_reason": c.run(validate.choice, "no_transfer_reason",
                                    data.get("no_transfer_reason"), NO_TRANSFER_REASONS),
        "accused": accused,
        "category": category,
        "opinion": c.run(validate.text, "opinion", data.get("opinion"), max_length=2000,
                         multiline=True) or "",
    }
    _handling_rules(c, fields)
    c.raise_refusals()
    proposal = fields["proposal"]
    return {
        "proposal": proposal,
        "transfer_to": fields["transfer_to"] if proposal in ("transfer", "case") else None,
        "no_transfer_reason": fields["no_transfer_reason"] if proposal == "no_transfer" else None,
        "opinion": fields["opinion"],
    }
