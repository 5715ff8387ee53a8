"""The quick lookup as the clients see it: role rules applied, index kept fresh."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from frontdesk.store.core import validate
from frontdesk.store.core.errors import ValidationError
from frontdesk.store.lookup import index as lookup
from frontdesk.store.lookup.index import Hit
from frontdesk.store.shared import sealing
from frontdesk.store.shared.channels import CHANNELS
from frontdesk.store.shared.permissions import Role, allowed

if TYPE_CHECKING:
    from frontdesk.store.api import Store
    from frontdesk.store.shared.operators import Operator

# A catch-up this long (records or changes the index has not taken in) is worth
# showing progress for; shorter ones pass unseen before the first answer.
LONG_CATCH_UP = 2000


def _outline(hit: Hit) -> Hit:
    """A hit as a role that sees names masked and no ID numbers reads it."""
    names = lookup.NAMES_APART.join(sealing.mask_name(name) for name in hit.name.split(lookup.NAMES_APART))
    return hit._replace(name=names, id_masked="")


class Lookup:
    """One search line over every channel the operator's role may read."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def channels_for(self, actor: Operator) -> list[str]:
        """The channels ``actor``'s role may see, in the index's order."""
        return [name for name, channel in CHANNELS.items() if allowed(actor.role, channel.read_permission)]

    def search(
        self,
        actor: Operator,
        query: str,
        *,
        channels: Iterable[str] | None = None,
        limit: int = 50,
        start: str | None = None,
        end: str | None = None,
    ) -> list[Hit]:
        """Records matching ``query``, newest first, only from channels the role may
        read and as it may read them (``sealing``): a sealed accusation only for
        the roles that read them; where the role may not see people's phones and
        ID numbers it finds nobody by them, and sees names masked, no ID."""
        current = self._store.operators._current(actor)
        permitted = self.channels_for(current)
        wanted = [c for c in (channels or permitted) if c in permitted]
        self.refresh()
        contacts = all(sealing.reads_contacts(current.role, c) for c in wanted if c in sealing.PRIVATE_CONTACTS)
        hits = lookup.search(self._store.db, query, channels=wanted, limit=max(1, min(limit, 500)),
                             start=start, end=end, sealed=sealing.reads_sealed(current.role),
                             contacts=contacts)
        if channels is None:
            hits = self._with_matter(current, query, hits, wanted, start, end)
        outline = {c for c in wanted if c in sealing.MATRIX
                   and sealing.MATRIX[c][Role(current.role)]["names"] == sealing.Level.MASKED}
        return [_outline(hit) if hit.channel in outline else hit for hit in hits][:max(1, min(limit, 500))]

    def _with_matter(self, actor: Operator, query: str, hits: list[Hit], wanted: list[str],
                     start: str | None, end: str | None) -> list[Hit]:
        """A matter's number or a visitor's query code: the matter first, then its
        contacts the role may read, then the other hits (a role that reads no
        matters, or a line that names none, gets the hits as they are)."""
        key = lookup.matter_key(query)
        if key is None or not allowed(actor.role, "matter.read"):
            return hits
        try:
            matter = self._store.matters.get(actor, key)
        except ValidationError:
            return hits
        by_number = "-" in key  # M2026-000012; a query code has no dash (and may begin with M)
        matched = "number" if by_number else "code"
        own = [Hit("matter", matter.id, matter.number, matter.opened_at, "", "", matter.subject, matched)]
        own += lookup.docs_of(self._store.db, [(c.channel, c.number) for c in matter.contacts if c.channel in wanted],
                              sealed=sealing.reads_sealed(actor.role), matched="matter")
        own = [hit for hit in own if (not start or hit.at >= start) and (not end or hit.at < end)]
        # A contact the line itself found says what matched it; the visit whose query
        # code the line is says "code" (six letters may also read as pinyin).
        found = {(hit.channel, hit.number): hit for hit in hits}
        coded = None if by_number else self._store.db.execute(
            "SELECT number FROM visits WHERE query_code = ?", [key]).fetchone()
        own = [hit._replace(matched="code") if coded and hit.channel == "visit" and hit.number == coded[0]
               else found.get((hit.channel, hit.number), hit) for hit in own]
        shown = {(hit.channel, hit.number) for hit in own}
        return own + [hit for hit in hits if (hit.channel, hit.number) not in shown]

    def window(self, day_from: str | None, day_to: str | None) -> dict[str, str]:
        """The days an operator typed ("YYYY-MM-DD", either may be blank) as the
        ``start`` and ``end`` of ``search``: from the first day's start to the end
        of the last. A day that is not a date, lies ahead or before 2000 is refused."""
        now = self._store.now()
        window: dict[str, str] = {}
        if day_from and day_from.strip():
            first = validate.day("date", day_from).isoformat() + " 00:00"
            window["start"] = validate.moment("date", first, now=now).strftime("%Y-%m-%d %H:%M:%S")
        if day_to and day_to.strip():
            # The last day may be today: its end is tomorrow's start.
            last = validate.day("date", day_to).isoformat() + " 00:00"
            end = validate.moment("date", last, now=now, future_slack=timedelta(days=1)) + timedelta(days=1)
            window["end"] = end.strftime("%Y-%m-%d %H:%M:%S")
        return window

    def refresh(self, progress: Callable[[int], None] | None = None) -> int:
        """Index records added since the last lookup; how many."""
        return lookup.refresh(self._store.db, progress=progress)

    def pending(self) -> int:
        """How much the index has not taken in yet, in the units ``refresh`` tells
        its ``progress``: records of channels it has never indexed (a new
        database, or one whose index was dropped to be built again), then
        changes since the last refresh. Worth showing progress for before a
        long catch-up, such as the first lookup after a bulk load or an upgrade."""
        return lookup.pending(self._store.db)
