"""Drafts (草稿): a half-filled form kept for its operator until it is saved or
thrown away, so closing the app, a crash or a power cut loses no typing.

Drafts are not records: they are not numbered or audited, and they belong to
the operator who typed them (the next start offers them back to that operator only).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontdesk.store.api import Store
    from frontdesk.store.shared.operators import Operator

MAX_DRAFT = 200_000  # characters of JSON: far above any real form


@dataclass(frozen=True)
class Draft:
    """What was typed into a form, and when it was last kept."""

    form: str
    data: dict
    saved_at: str


class Drafts:
    """The drafts of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def keep(self, operator: Operator, form: str, data: dict) -> None:
        """Keep ``data`` as ``operator``'s draft of ``form`` (replacing the last one)."""
        text = json.dumps(data, ensure_ascii=False)
        if len(text) > MAX_DRAFT:
            return  # nothing real is this long; refusing to keep it loses nothing typed
        with self._store.write() as db:
            db.execute(
                "INSERT INTO drafts (operator_id, form, data, saved_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (operator_id, form) DO UPDATE SET data = excluded.data,"
                " saved_at = excluded.saved_at",
                [operator.id, form, text, self._store.now_text()],
            )

    def get(self, operator: Operator, form: str) -> Draft | None:
        row = self._store.db.execute(
            "SELECT data, saved_at FROM drafts WHERE operator_id = ? AND form = ?", [operator.id, form]
        ).fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except json.JSONDecodeError:
            return None
        return Draft(form, data if isinstance(data, dict) else {}, row[1])

    def discard(self, operator: Operator, form: str) -> None:
        with self._store.write() as db:
            db.execute("DELETE FROM drafts WHERE operator_id = ? AND form = ?", [operator.id, form])
