"""Quick lookup (查询) across every channel: one search line, answers while typing.

Every record gets one document in a full-text index (SQLite FTS5) whose tokens
are made for the ways operators search:

- Chinese text (names, subjects, details) as overlapping two-character pieces,
  so any part of two characters or more is found, in order;
- names also as pinyin, full and initials, with the surname's special readings,
  and a Chinese name's surname alone behind a ``0`` (王 finds the 王s);
- ID numbers and phones whole (their first five digits or more are a prefix
  search), their last four digits behind an ``l`` (the commonest search, one
  token), and reversed behind an ``r`` so the last five digits or more are a
  prefix search; a resident ID also in its other form (15 and 18 digits);
- registration and tracking numbers whole, without their dash, and a
  registration number's serial behind an ``n`` without its zeros (115,
  000115 and L2026-000115 all find L2026-000115);
- accused persons' names (as names) and units, on their letter.

The people's ID numbers and phones of a channel some reader may not see them
on (``sealing.MATRIX``: visits, for the duty room) go into a column of their
own, ``private``, which such a reader's query leaves out; and a sealed record
(an accusation) is marked, so the roles that may not read it never find it.

Document ids grow with the record's time, so "newest first" is the index's own
order and a common word does not make the answer slow. What an answer shows of
each record is written into its document, so answering reads one row per
record found, however large the database. The index catches up
with new records by itself (``refresh``), so a record type only has to say how
its records read (the reader of its channel in ``channels.CHANNELS``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlite_utils import Database

from frontdesk.store.core.connection import begin_immediate
from frontdesk.store.shared.channel_readers import Indexed
from frontdesk.store.shared.channels import CHANNELS, by_table
from frontdesk.store.shared.identity import other_resident_form
from frontdesk.store.shared.pinyin import name_keys
from frontdesk.store.shared.sealing import PRIVATE_CONTACTS

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
WORD = re.compile(r"[a-z0-9]+")
NUMBER = re.compile(r"^[A-Z]\d{4}-?\d{1,6}$")
CODE = re.compile(r"^[2-9a-hjkmnp-z]{6}$")
NAMES_APART = "、"
"""Between the names of a record's people in what a hit shows (a name may hold spaces)."""
COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "夏侯",
    "轩辕", "令狐", "司徒", "宇文", "端木", "澹台", "申屠", "独孤", "南宫", "西门", "闻人",
))


class Hit(NamedTuple):
    """One record found: enough to list it and open it (a tuple: an answer makes
    up to hundreds of them while the operator types)."""

    channel: str
    record_id: int
    number: str
    at: str
    name: str
    id_masked: str
    subject: str
    matched: str  # "number", "code", "id_number", "phone", "name", "pinyin", "text"


# --- tokens ----------------------------------------------------------------------------


def normal(text: str) -> str:
    """Full-width to half-width, lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def text_tokens(text: str) -> list[str]:
    """Chinese runs as two-character pieces, other words as they are."""
    text = normal(text)
    tokens: list[str] = []
    position = 0
    for match in CJK.finditer(text):
        tokens.extend(WORD.findall(text[position:match.start()]))
        tokens.extend(bigrams(match.group()))
        position = match.end()
    tokens.extend(WORD.findall(text[position:]))
    return tokens


def number_token(number: str) -> str:
    return re.sub(r"[^0-9a-z]", "", normal(number))


def surname(name: str) -> str:
    """A Chinese name's surname (two characters for 欧阳 and the like); "" for other names."""
    name = normal(name).strip()
    if not name or not CJK.match(name[0]):
        return ""
    return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[0]


def other_id_form(value: str) -> str:
    """A resident ID's other form (15 or 18 digits) as a token; "" for anything else."""
    return other_resident_form(number_token(value).upper()).lower()


def serial_token(number: str) -> str:
    """A registration number's serial, behind an ``n`` and without its zeros."""
    compact = re.sub(r"[\s\-]", "", normal(number)).upper()
    if not NUMBER.match(compact):
        return ""
    return "n" + str(int(compact[5:]))


def digits_tokens(value: str) -> list[str]:
    """A number whole (its first digits are a prefix search), reversed (its last
    digits, five or more, are a prefix search) and its last four digits alone
    (the commonest search: one token)."""
    value = number_token(value)
    if not value:
        return []
    return [value, "r" + value[::-1], *(["l" + value[-4:]] if len(value) >= 4 else [])]


def name_tokens(name: str) -> list[str]:
    """A name's tokens: its characters in pairs, its pinyin, its surname alone."""
    tokens = text_tokens(name)
    full, initials = name_keys(name)
    tokens.extend(full.split())
    tokens.extend(initials.split())
    if family := surname(name):
        tokens.append("0" + family)
    return tokens


def document_tokens(item: Indexed, *, private_contacts: bool = False) -> tuple[str, str]:
    """The document's tokens, and its private ones (the people's ID numbers and
    phones, when ``private_contacts``)."""
    tokens: list[str] = []
    contacts: list[str] = []
    for number in item.numbers:
        if number:
            tokens.append(number_token(number))
            if serial := serial_token(number):
                tokens.append(serial)
    # Behind a digit, so typing pinyin never runs into a code's letters.
    tokens.extend("0" + number_token(code) for code in item.codes if code)
    for person in item.people:
        name = person.get("name") or ""
        if name:
            tokens.extend(name_tokens(name))
        id_number = person.get("id_number") or ""
        contacts.extend(digits_tokens(id_number))
        if other := other_id_form(id_number):
            contacts.append(other)
        contacts.extend(digits_tokens(person.get("phone") or ""))
    for name in item.accused:
        tokens.extend(name_tokens(name))
    for text in item.texts:
        tokens.extend(text_tokens(text))
    if private_contacts:
        return " ".join(tokens), " ".join(contacts)
    return " ".join(tokens + contacts), ""


def doc_id(at: str, record_id: int) -> int:
    """A document id that grows with time: seconds since year 1, then a slot."""
    moment = datetime.strptime(at[:19], "%Y-%m-%d %H:%M:%S")
    seconds = moment.toordinal() * 86400 + moment.hour * 3600 + moment.minute * 60 + moment.second
    return seconds * 1000 + record_id % 1000


# --- keeping the index up to date --------------------------------------------------------


AUDIT_MARK = "_audit"


def refresh(db: Database, *, batch: int = 5000, progress: Callable[[int], None] | None = None) -> int:
    """Index what was created, and again what was corrected, since the last refresh;
    how many records were indexed (``progress`` is told the audit entries read).

    The audit trail says what changed: every create and change has an entry, in
    order, so the index follows the entries it has not seen yet.
    """
    first_time = db.execute("SELECT 1 FROM lookup_state WHERE channel = ?", [AUDIT_MARK]).fetchone() is None
    head = db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0] if first_time else 0
    total = _backfill(db, batch, progress)
    if first_time:
        # Everything on file is indexed now: the trail is followed from here on,
        # not read again from its start (which would index every record twice).
        _write_all(db, {}, head)
    while True:
        seen = _seen(db)
        entries = db.execute(
            "SELECT id, record_table, record_id FROM audit_log"
            " WHERE id > ? AND record_hash IS NOT NULL ORDER BY id LIMIT ?",
            [seen, batch],
        ).fetchall()
        if not entries:
            return total
        changed: dict[str, set[int]] = {}
        people: list[int] = []
        for _id, table, record_id in entries:
            if (spec := by_table(table)) is not None:
                changed.setdefault(spec.name, set()).add(record_id)
            elif table == "parties":
                people.append(record_id)
        for chunk in range(0, len(people), 900):
            ids = people[chunk:chunk + 900]
            for channel, record_id in db.execute(
                f"SELECT channel, record_id FROM parties WHERE id IN ({','.join('?' * len(ids))})", ids
            ):
                if channel in CHANNELS:
                    changed.setdefault(channel, set()).add(record_id)
        items = {
            channel: [
                item for chunk in _chunks(sorted(ids), 900)
                for item in CHANNELS[channel].reader(
                    db, f"id IN ({','.join('?' * len(chunk))})", list(chunk), len(chunk))
            ]
            for channel, ids in changed.items()
        }
        _write_all(db, items, entries[-1][0])
        total += sum(len(found) for found in items.values())
        if progress:
            progress(len(entries))


def _backfill(db: Database, batch: int, progress: Callable[[int], None] | None) -> int:
    """A channel the index has never seen (a new database, or an index dropped to
    be built again): every record of it, once, a batch per transaction.

    Each batch goes on from the last record indexed, read inside its own
    transaction, so terminals catching up at the same time share the work
    instead of each doing all of it.
    """
    total = 0
    for channel, spec in CHANNELS.items():
        while True:
            own = not db.conn.in_transaction
            if own:
                begin_immediate(db.conn)
            try:
                if db.execute("SELECT 1 FROM lookup_state WHERE channel = ?", [channel]).fetchone():
                    items = []  # done, here or by another terminal
                else:
                    last = db.execute("SELECT coalesce(max(record_id), 0) FROM lookup_docs WHERE channel = ?",
                                      [channel]).fetchone()[0]
                    items = spec.reader(db, "id > ?", [last], batch)
                    _write(db, channel, items)
                    if not items:
                        db.conn.execute("INSERT INTO lookup_state (channel, last_id) VALUES (?, 0)", [channel])
                if own:
                    db.conn.execute("COMMIT")
            except BaseException:
                if own and db.conn.in_transaction:
                    db.conn.execute("ROLLBACK")
                raise
            if not items:
                break
            total += len(items)
            if progress:
                progress(len(items))
    return total


def pending(db: Database) -> int:
    """What ``refresh`` has to do, counted as it tells ``progress``: the records of
    channels never indexed, and the audit entries after the mark (none after a
    first backfill, which puts the mark at the trail's end)."""
    done = {row[0] for row in db.execute("SELECT channel FROM lookup_state")}
    records = sum(
        db.execute(f"SELECT count(*) FROM [{spec.table}]").fetchone()[0]
        for channel, spec in CHANNELS.items() if channel not in done
    )
    if AUDIT_MARK not in done:
        return records
    return records + db.execute(
        "SELECT count(*) FROM audit_log WHERE id > ? AND record_hash IS NOT NULL", [_seen(db)]
    ).fetchone()[0]


def _chunks(values: list[int], size: int):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _seen(db: Database) -> int:
    row = db.execute("SELECT last_id FROM lookup_state WHERE channel = ?", [AUDIT_MARK]).fetchone()
    return row[0] if row else 0


def _write_all(db: Database, items: dict[str, list[Indexed]], audit_id: int) -> None:
    """Replace the documents of these records and move the mark, in one transaction."""
    own = not db.conn.in_transaction
    if own:
        begin_immediate(db.conn)
    try:
        if _seen(db) >= audit_id:
            # Another terminal indexed these meanwhile.
            if own:
                db.conn.execute("COMMIT")
            return
        for channel, found in items.items():
            for chunk in _chunks([item.record_id for item in found], 900):
                db.conn.execute(
                    f"DELETE FROM lookup_docs WHERE channel = ? AND record_id IN ({','.join('?' * len(chunk))})",
                    [channel, *chunk],
                )
            _write(db, channel, found)
        db.conn.execute(
            "INSERT INTO lookup_state (channel, last_id) VALUES (?, ?)"
            " ON CONFLICT (channel) DO UPDATE SET last_id = excluded.last_id",
            [AUDIT_MARK, audit_id],
        )
        if own:
            db.conn.execute("COMMIT")
    except BaseException:
        if own and db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


def _write(db: Database, channel: str, items: list[Indexed]) -> None:
    """Documents for ``items``; inside the caller's transaction."""
    wanted = [doc_id(item.at, item.record_id) for item in items]
    taken = {
        row[0] for chunk in _chunks(wanted, 900)
        for row in db.execute(f"SELECT id FROM lookup_docs WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    }
    rows = []
    private = channel in PRIVATE_CONTACTS
    for item, doc in zip(items, wanted, strict=True):
        # Another record in the same second with the same slot: the next free id.
        while doc in taken:
            doc += 1
            if doc not in taken and db.execute("SELECT 1 FROM lookup_docs WHERE id = ?", [doc]).fetchone():
                taken.add(doc)
        taken.add(doc)
        rows.append((doc, channel, item.record_id, item.at, *(value or "" for value in item.shown),
                     int(item.sealed), *document_tokens(item, private_contacts=private)))
    db.conn.executemany(
        "INSERT INTO lookup_docs (id, channel, record_id, at, number, names, id_masked, subject, phones,"
        " sealed, tokens, private) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
    )


# --- asking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A typed query read for what it can be: the FTS expression and the kind."""

    match: str
    kind: str
    first: str | None = None
    """A narrower expression asked first; the full one only if it finds too few."""


def parse(raw: str) -> Query | None:
    """What the operator typed, as an index query; None when it is too short to ask."""
    text = normal(raw).strip()
    if not text:
        return None
    compact = re.sub(r"[\s\-()（）+]", "", text)
    if NUMBER.match(compact.upper()):
        return Query(f'"{number_token(compact)}"', "number")
    if compact.isdigit() or (compact[:-1].isdigit() and compact.endswith("x")):
        if len(compact) < 3:
            return None
        if compact.startswith("86") and len(compact) == 13:
            compact = compact[2:]
        # A registration number's serial (115, 000115), a number's end, a number's start.
        parts = [f'"n{int(compact)}"'] if compact.isdigit() and len(compact) <= 6 else []
        if len(compact) == 4:
            parts.append(f'"l{compact}"')
        elif len(compact) > 4:
            parts += [f'"r{compact[::-1]}"*', f'"{compact}"*']
        return Query(" OR ".join(parts), "digits") if parts else None
    if compact in COMPOUND_SURNAMES or (len(compact) == 1 and CJK.match(compact)):
        # A surname alone: the people who bear it.
        return Query(f'"0{compact}"', "name")
    if CODE.match(compact):
        # Six letters and digits may be a slip's query code, or pinyin: ask for both.
        kind = "pinyin" if compact.isalpha() else "code"
        return Query(f'"0{compact}" OR "{compact}"*', kind)
    runs = [run for run in CJK.findall(text) if len(run) >= 2]
    words = WORD.findall(CJK.sub(" ", text))
    if not runs and not any(len(w) >= 2 for w in words):
        return None
    # Chinese pieces in order (a phrase of two-character pieces); other words as prefixes.
    parts = [f'"{" ".join(bigrams(run))}"' for run in runs]
    parts += [f'"{w}"*' for w in words if len(w) >= 2 or runs]
    kind = "text" if runs or len(words) > 1 or not words[0].isalpha() else "pinyin"
    first = None
    if kind == "pinyin" and len(words[0]) <= 3:
        # Two or three letters are mostly a name's initials (zs 张三): the exact
        # token answers at once; names that only begin so (liu 刘…) come after.
        first = f'"{words[0]}"'
    return Query(" ".join(parts), kind, first)


def search(
    db: Database,
    raw: str,
    *,
    channels: Iterable[str],
    limit: int = 50,
    start: str | None = None,
    end: str | None = None,
    sealed: bool = True,
    contacts: bool = True,
) -> list[Hit]:
    """Records matching ``raw`` in ``channels``, newest first; sealed records
    only with ``sealed``, and matching private contacts only with ``contacts``."""
    query = parse(raw)
    channels = [c for c in channels if c in CHANNELS]
    if query is None or not channels:
        return []

    def asked(match: str) -> str:
        return match if contacts else "{tokens} : (" + match + ")"

    where = ["lookup_fts MATCH ?"]
    params: list = [asked(query.match)]
    if not sealed:
        where.append("d.sealed = 0")
    if len(channels) < len(CHANNELS):
        where.append(f"d.channel IN ({','.join('?' for _ in channels)})")
        params.extend(channels)
    if start:
        where.append("lookup_fts.rowid >= ?")
        params.append(doc_id(start, 0) - doc_id(start, 0) % 1000)
    if end:
        where.append("lookup_fts.rowid < ?")
        params.append(doc_id(end, 0) - doc_id(end, 0) % 1000)
    # What each record shows was written with its document: one row per record found.
    sql = (
        "SELECT d.channel, d.record_id, d.number, d.at, d.names, d.id_masked, d.subject, d.phones"
        " FROM lookup_fts JOIN lookup_docs d ON d.id = lookup_fts.rowid"
        f" WHERE {' AND '.join(where)} ORDER BY lookup_fts.rowid DESC LIMIT ?"
    )
    params.append(limit)
    found = []
    if query.first is not None:
        found = db.execute(sql, [asked(query.first), *params[1:]]).fetchall()
    if len(found) < limit:
        # Everything the full expression finds, newest first (the narrow answers included).
        found = db.execute(sql, params).fetchall()
    matched = _matcher(query, raw)
    return [Hit(channel, record_id, number, at, names, id_masked, subject,
                matched(number, names, phones))
            for channel, record_id, number, at, names, id_masked, subject, phones in found]


MATTER_NUMBER = re.compile(r"^M(\d{4})-?(\d{1,6})$")


def matter_key(raw: str) -> str | None:
    """What a search line names a matter by: its number (``M2026-000012``, also
    without the dash or the zeros) in full form, or a visitor's query code as
    typed; None for anything else."""
    text = normal(raw).strip()
    compact = re.sub(r"[\s\-]", "", text).upper()
    found = MATTER_NUMBER.match(compact)
    if found:
        return f"M{found.group(1)}-{int(found.group(2)):06d}"
    return text.upper() if CODE.match(text) else None


def docs_of(db: Database, records: Iterable[tuple[str, str]], *, sealed: bool, matched: str) -> list[Hit]:
    """The indexed records named by (channel, number), as hits that ``matched``
    (a matter's contacts); sealed ones only with ``sealed``."""
    found = []
    for channel, number in records:
        row = db.execute(
            "SELECT channel, record_id, number, at, names, id_masked, subject, sealed FROM lookup_docs"
            " WHERE channel = ? AND number = ?", [channel, number]).fetchone()
        if row is not None and (sealed or not row[7]):
            found.append(Hit(row[0], row[1], row[2], row[3], row[4], row[5], row[6], matched))
    return found


def _matcher(query: Query, raw: str) -> Callable[[str, str, str], str]:
    """Which part of a found record the query matched, for the operator to see,
    as a function of the record's number, names and phones (the query read once)."""
    if query.kind == "digits":
        digits = re.sub(r"[^0-9x]", "", normal(raw))

        def digits_matched(number: str, names: str, phones: str) -> str:
            if digits.isdigit() and len(digits) <= 6 and serial_token(number) == f"n{int(digits)}":
                return "number"
            if any(p.replace("-", "").endswith(digits) or p.replace("-", "").startswith(digits)
                   for p in phones.split()):
                return "phone"
            return "id_number"

        return digits_matched
    if query.kind == "text":
        runs = CJK.findall(normal(raw))
        if not runs:
            return lambda number, names, phones: "text"
        return lambda number, names, phones: "name" if all(run in names for run in runs) else "text"
    kind = query.kind
    return lambda number, names, phones: kind
