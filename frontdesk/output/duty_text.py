"""The duty room's records in the reader's language: what a handover leaves open."""

from __future__ import annotations

from frontdesk.i18n import t
from frontdesk.store.duty.shifts import OpenItem


def open_item_text(item: OpenItem) -> str:
    """What the item says: an entry's summary, or a notice's title with the
    targets not reached yet (an old handover's line as it was written)."""
    if item.missing is None:
        return item.text
    return t("duty.notice.missing_line", title=item.text, missing=t("sep.list").join(item.missing))


def open_item_json(item: OpenItem) -> dict:
    """The item for JSON output: ``text`` in the reader's language; a notice's
    targets not reached also as ``missing`` (None where not kept apart)."""
    return {"kind": item.kind, "ref": item.ref, "at": item.at, "text": open_item_text(item),
            "missing": list(item.missing) if item.missing is not None else None}
