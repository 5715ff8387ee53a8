"""The store: one object the TUI and the CLI both hold, with one part per job."""

from __future__ import annotations

import contextlib
import functools
import random
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk.store.core import audit_key, migrations
from frontdesk.store.core.connection import Connections, check_file, check_ours, translate_open_error
from frontdesk.store.core.errors import DatabaseOpenError, StoreError
from frontdesk.store.core.files import create_private, database_files, tighten
from frontdesk.store.shared.audit_api import Audit
from frontdesk.store.shared.operators import Operators

if TYPE_CHECKING:
    import sqlite_utils

    from frontdesk.store.agenda import Line as AgendaLine
    from frontdesk.store.demo.visits import Demo
    from frontdesk.store.duty.log import Duty
    from frontdesk.store.duty.notices import Notices
    from frontdesk.store.duty.report import Reports
    from frontdesk.store.duty.rosters import Rosters
    from frontdesk.store.duty.shift_roster import ShiftRoster
    from frontdesk.store.duty.shifts import Shifts
    from frontdesk.store.lookup.api import Lookup
    from frontdesk.store.mail.documents import Documents
    from frontdesk.store.mail.letters import Letters
    from frontdesk.store.mail.post import Post
    from frontdesk.store.matters.escalations import Escalations
    from frontdesk.store.matters.records import Matters
    from frontdesk.store.shared.drafts import Drafts
    from frontdesk.store.shared.operators import Operator
    from frontdesk.store.visits.records import Visits

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Local wall-clock time, to the second."""
    return datetime.now().replace(microsecond=0)


def check_key(connections: Connections) -> None:
    """Note whether the key file is missing or is not the key the database is bound
    to: then nothing is signed or verified (``KeyState.require`` says why)."""
    state = connections.key
    bound = audit_key.stored_id(connections.conn)
    state.keyed = True
    if state.key is None:
        state.problem = "missing"
    elif bound is not None and audit_key.key_id(state.key) != bound:
        state.problem = "other"
    else:
        state.problem = None


class Store:
    """All records of one database file, behind the office's rules."""

    def __init__(self, path: Path, connections: Connections, clock: Clock) -> None:
        self.path = path
        self._connections = connections
        self._clock = clock
        self.random: random.Random | None = None
        """A seeded source for query codes in tests and snapshots; None: the system's."""
        self.tightened: list[Path] = []
        """The database's files that others could read and were closed on opening."""
        self.operators = Operators(self)
        self.audit = Audit(self)

    # One part per job, imported the first time it is used, so that starting
    # the app (which needs only the operators) stays quick.

    @functools.cached_property
    def visits(self) -> Visits:
        from frontdesk.store.visits.records import Visits

        return Visits(self)

    @functools.cached_property
    def duty(self) -> Duty:
        from frontdesk.store.duty.log import Duty

        return Duty(self)

    @functools.cached_property
    def shifts(self) -> Shifts:
        from frontdesk.store.duty.shifts import Shifts

        return Shifts(self)

    @functools.cached_property
    def notices(self) -> Notices:
        from frontdesk.store.duty.notices import Notices

        return Notices(self)

    @functools.cached_property
    def rosters(self) -> Rosters:
        from frontdesk.store.duty.rosters import Rosters

        return Rosters(self)

    @functools.cached_property
    def duty_roster(self) -> ShiftRoster:
        from frontdesk.store.duty.shift_roster import ShiftRoster

        return ShiftRoster(self)

    @functools.cached_property
    def reports(self) -> Reports:
        from frontdesk.store.duty.report import Reports

        return Reports(self)

    @functools.cached_property
    def letters(self) -> Letters:
        from frontdesk.store.mail.letters import Letters

        return Letters(self)

    @functools.cached_property
    def post(self) -> Post:
        from frontdesk.store.mail.post import Post

        return Post(self)

    @functools.cached_property
    def documents(self) -> Documents:
        from frontdesk.store.mail.documents import Documents

        return Documents(self)

    @functools.cached_property
    def matters(self) -> Matters:
        from frontdesk.store.matters.records import Matters

        return Matters(self)

    @functools.cached_property
    def escalations(self) -> Escalations:
        from frontdesk.store.matters.escalations import Escalations

        return Escalations(self)

    @functools.cached_property
    def lookup(self) -> Lookup:
        from frontdesk.store.lookup.api import Lookup

        return Lookup(self)

    @functools.cached_property
    def drafts(self) -> Drafts:
        from frontdesk.store.shared.drafts import Drafts

        return Drafts(self)

    @functools.cached_property
    def demo(self) -> Demo:
        from frontdesk.store.demo.visits import Demo

        return Demo(self)

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, clock: Clock | None = None) -> Store:
        """Open (and migrate) the database at ``path``.

        A missing file is created only with ``create``, mode 0600 (SQLite gives
        its -wal and -shm the same); a file that cannot be a healthy database
        raises DatabaseOpenError and is left untouched. Files of a database
        that others could read are closed (``tightened`` lists them).
        """
        path = Path(path).expanduser().absolute()
        check_file(path, create=create)
        check_ours(path, migrations.MIGRATION_SET)
        if create and not path.exists():
            try:
                create_private(path)
            except OSError as error:
                raise DatabaseOpenError("readonly", "err.db_readonly", path=str(path)) from error
        tightened = tighten(database_files(path))
        key_file = audit_key.key_path()
        connections = Connections(path, audit_key.KeyState(key_file, audit_key.read_key(key_file)))
        try:
            conn = connections.conn
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            migrations.refuse_newer(conn)
            if migrations.is_pending(conn):
                connections.key.keyed = audit_key.stored_id(conn) is not None
                migrations.apply_pending(connections.db)
            check_key(connections)
        except StoreError:  # the file refused, or the key it needs missing
            connections.close()
            raise
        except sqlite3.DatabaseError as error:
            connections.close()
            raise translate_open_error(error, path) from error
        store = cls(path, connections, clock or system_clock)
        store.tightened = tightened
        return store

    @property
    def key(self) -> audit_key.KeyState:
        """The audit key this database's entries are signed with."""
        return self._connections.key

    def recheck_key(self) -> None:
        """Check the key against the database again (after its content was replaced),
        applying any step still pending."""
        conn = self._connections.conn
        if migrations.is_pending(conn):
            self._connections.key.keyed = audit_key.stored_id(conn) is not None
            migrations.apply_pending(self._connections.db)
        check_key(self._connections)

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection (reads; writes go through ``write``)."""
        return self._connections.db

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's plain SQLite connection, for reads that need nothing of
        sqlite-utils (the sign-in's: the app shows it before sqlite-utils is loaded)."""
        return self._connections.conn

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One IMMEDIATE transaction; see ``Connections.write``."""
        with self._connections.write() as db:
            yield db

    def today_counts(self) -> list[tuple[str, int]]:
        """What the office registered today, as (message key, count) pairs for the
        home screen. Each kind of record adds its own line as it comes into being."""
        day = self.now().strftime("%Y-%m-%d")
        next_day = day + " 99"
        visits, heads = self.visits.count_on(day)
        counts = [
            ("count.visits_today", visits),
            ("count.visitors_today", heads),
            ("count.audit_today", self.db.execute(
                "SELECT count(*) FROM audit_log WHERE at >= ? AND at < ?", [day, next_day]
            ).fetchone()[0]),
        ]
        counts += self.duty_counts(day, next_day)
        counts += self.mail_counts()
        return counts

    def agenda(self, actor: Operator) -> list[AgendaLine]:
        """What ``actor`` must act on today, per desk of their role (``agenda``)."""
        from frontdesk.store import agenda

        return agenda.agenda(self, self.operators._current(actor))

    def duty_counts(self, day: str, next_day: str) -> list[tuple[str, int]]:
        """The duty room's lines of ``today_counts``: today's log, and urgent
        entries nobody has reported yet (whatever their day)."""
        return [
            ("count.duty_today", self.duty.count_between(day, next_day)),
            ("count.duty_urgent_unreported", self.duty.count_unreported_urgent()),
        ]

    def mail_counts(self) -> list[tuple[str, int]]:
        """The mail room's lines of ``today_counts``."""
        letters, pending, _held = self.letters.counts_today()
        _post, waiting = self.post.counts_today()
        _documents, late = self.documents.counts_today()
        return [
            ("count.letters_today", letters), ("count.letters_pending", pending),
            ("count.post_waiting", waiting), ("count.documents_late", late),
        ]

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on this thread's connection: it moves
        when another connection (another terminal) commits, so a list can tell
        cheaply whether to read its tables again."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def now(self) -> datetime:
        """The injected clock's time."""
        return self._clock()

    def now_text(self) -> str:
        return self.now().strftime("%Y-%m-%d %H:%M:%S")

    def close(self) -> None:
        self._connections.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
