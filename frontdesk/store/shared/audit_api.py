"""The audit trail as the clients see it: read it, verify it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontdesk.store.shared import audit
from frontdesk.store.shared.audit import AuditEntry, VerifyResult

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from frontdesk.store.api import Store
    from frontdesk.store.shared.operators import Operator


class Audit:
    """Reading and checking the audit trail of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def log(self, actor: Operator, *, limit: int = 100, before_id: int | None = None,
            operator: str | None = None, action: str | None = None) -> list[AuditEntry]:
        """Entries newest first; supervisors and admins only."""
        self._store.operators.require(actor, "audit.read")
        return audit.entries(self._store.db, limit=limit, before_id=before_id,
                             operator=operator, action=action)

    def verify(self, heads: Iterable[audit.Head] = (), heads_file: Path | None = None) -> VerifyResult:
        """Walk the chain and check every audited record against its last entry, and
        the chain against the heads written down: ``heads`` (read off paper), those
        in ``heads_file`` and those the report exports recorded."""
        found = audit.read_heads(heads_file) if heads_file is not None else []
        return audit.verify(self._store.db, heads=[*found, *heads])

    def note_export(self, actor: Operator, action: str, permission: str, *, file: str, rows: int) -> None:
        """An export written for ``actor`` (a letter list, a roster) who holds ``permission``:
        the file's name and how many rows, in the trail before the file is written."""
        with self._store.write() as db:
            self._store.operators.require(actor, permission)
            audit.append(db, at=self._store.now(), operator=actor.name, action=action,
                         detail={"file": file, "rows": rows})

    def head(self) -> tuple[int, str]:
        """The newest entry's number and hash, to print on paper for later proof."""
        return audit.head(self._store.db)
