"""Records hold facts, not interface text.

Up to this step a not-accepted visit kept the statutory notice in the words of
the operator's language at registration, and a handover kept each notice still
to relay as one translated line (title, colon, the targets not reached). Now a
visit keeps only a notice typed for it (the statutory one follows from its
reason) and a handover keeps the title and the targets apart; both are put in
the reader's words when shown.

The step turns back what it recognises: a visit's notice that is exactly the
statutory text for its reason (in Chinese or English), a handover line that is
the notice's own title followed by some of its own targets. Anything else stays
as it was written and is shown as it is. Each converted record gets an audit
entry with its new content hash, so ``audit verify`` holds; a record that no
longer matches its last entry (changed behind the application's back) is left
alone for ``verify`` to report. One more entry says what the step converted.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from frontdesk.store.core.schema.registry import step

if TYPE_CHECKING:
    from sqlite_utils import Database

# The statutory notices as the program wrote them until this step, per reason:
# (Chinese, English). A copy, not the catalog: the catalog may change its
# words later, the rows hold these.
WRITTEN_NOTICES: dict[str, tuple[str, str]] = {
    "congress_court": (
        "您反映的事项依法属于人民代表大会、人民法院或人民检察院的职权范围，请向相应机关提出。",
        "The matter you raise lies by law with the people's congress, the court or the procuratorate; "
        "please take it to them.",
    ),
    "litigation": (
        "您反映的事项已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决，请依法向有关机关提出。",
        "The matter you raise is, or by law must be, settled by litigation, arbitration or administrative review; "
        "please take it to the competent body.",
    ),
    "already_handled": (
        "您反映的事项有关单位已经受理或正在办理，请向该单位了解办理情况。",
        "A responsible unit has already accepted or is handling the matter you raise; "
        "please ask that unit about its progress.",
    ),
    "accusation": (
        "您反映的检控类事项，请向纪检监察机关提出。",
        "Please take your accusation to the discipline and supervision organs.",
    ),
    "re_reviewed": (
        "您反映的事项已经复核，信访程序已经终结，不再受理。",
        "The matter you raise has been re-reviewed; the petition procedure is closed and it is not accepted again.",
    ),
}

# How a notice's open line was written: (after the title, between targets), Chinese and English.
WRITTEN_LINE_SEPARATORS = (("：", "、"), (": ", ", "))


def _untouched(db: Database, table: str, record_id: int) -> bool:
    """Whether the record still matches its last audit entry."""
    from frontdesk.store.core.errors import StoreError
    from frontdesk.store.shared import audit

    try:
        audit.assert_untouched(db, table, record_id)
    except StoreError:
        return False
    return True


def _split_targets(text: str, between: str, targets: set[str]) -> list[str] | None:
    """``text`` read as targets of the notice joined by ``between`` (a target's
    own name may hold the separator), or None."""
    if text in targets:
        return [text]
    for name in sorted(targets, key=len, reverse=True):
        if text.startswith(name + between):
            rest = _split_targets(text[len(name + between):], between, targets)
            if rest is not None:
                return [name, *rest]
    return None


def _read_notice_line(text: str, title: str, targets: set[str]) -> list[str] | None:
    """The targets named in an old open line of this notice, or None if the
    line is not the title followed by some of the notice's own targets."""
    for after_title, between in WRITTEN_LINE_SEPARATORS:
        if text.startswith(title + after_title):
            named = _split_targets(text[len(title + after_title):], between, targets)
            if named is not None:
                return named
    return None


def _convert_visits(db: Database, at: datetime) -> tuple[list[str], int]:
    from frontdesk.store.shared import audit

    converted, kept = [], 0
    rows = db.execute(
        "SELECT id, number, not_accepted_reason, notice FROM visits"
        " WHERE disposition = 'not_accepted' AND notice != '' ORDER BY id").fetchall()
    for visit_id, number, reason, notice in rows:
        if notice not in WRITTEN_NOTICES.get(reason or "", ()) or not _untouched(db, "visits", visit_id):
            kept += 1
            continue
        db.execute("UPDATE visits SET notice = '' WHERE id = ?", [visit_id])
        audit.append(db, at=at, operator=None, action="migrate", table="visits", record_id=visit_id,
                     detail={"step": "convert_texts_to_codes", "notice": "statutory"})
        converted.append(number)
    return converted, kept


def _convert_handovers(db: Database, at: datetime) -> tuple[list[int], int]:
    from frontdesk.store.shared import audit

    converted, kept = [], 0
    for handover_id, stored in db.execute(
            "SELECT id, open_items FROM duty_handovers ORDER BY id").fetchall():
        items = json.loads(stored or "[]")
        if not isinstance(items, list):
            continue
        changed = False
        for item in items:
            if not isinstance(item, dict) or item.get("kind") != "notice" or "missing" in item:
                continue
            notice = db.execute("SELECT id, title FROM duty_notices WHERE id = ?",
                                [str(item.get("ref", ""))]).fetchone()
            targets = {row[0] for row in db.execute(
                "SELECT target FROM duty_notice_targets WHERE notice_id = ?", [notice[0]])} if notice else set()
            named = _read_notice_line(str(item.get("text", "")), notice[1], targets) if notice else None
            if named is None:
                kept += 1
                continue
            item["text"], item["missing"] = notice[1], named
            changed = True
        if not changed:
            continue
        if not _untouched(db, "duty_handovers", handover_id):
            kept += 1
            continue
        db.execute("UPDATE duty_handovers SET open_items = ? WHERE id = ?",
                   [json.dumps(items, ensure_ascii=False), handover_id])
        audit.append(db, at=at, operator=None, action="migrate", table="duty_handovers",
                     record_id=handover_id,
                     detail={"step": "convert_texts_to_codes", "open_items": "notice targets"})
        converted.append(handover_id)
    return converted, kept


@step
def convert_texts_to_codes(db: Database) -> None:
    # Visits keep the notice typed for them only; handovers keep a notice's
    # title and targets apart (see the module's docstring).
    from frontdesk.store.shared import audit

    at = datetime.now().replace(microsecond=0)
    visits, visits_kept = _convert_visits(db, at)
    handovers, items_kept = _convert_handovers(db, at)
    if visits or handovers or visits_kept or items_kept:
        audit.append(db, at=at, operator=None, action="migrate", detail={
            "step": "convert_texts_to_codes",
            "visits_converted": visits, "visits_kept": visits_kept,
            "handovers_converted": handovers, "open_items_kept": items_kept,
        })
