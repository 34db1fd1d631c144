"""The hash chain: every ledger entry of an organisation, decisions and consent events
alike, in one SHA-256 chain.

An entry's hash covers the previous entry's hash, the entry's queryable columns (its
header) and its body, the canonical JSON of everything else. Nothing is re-serialised
to verify: the stored characters are hashed as they are.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Engine, TextClause, insert, select, text

from sharewise.register.tables import ChainHeadRow, ConsentRecordRow, DecisionRecordRow

GENESIS = "0" * 64  # the "previous hash" of an organisation's first entry

# The header: the columns, in order, that the hash covers besides the body. Booleans are
# stored and hashed as 0 and 1, so the characters are the same on every database.
_ENTRY_HEADER = (
    "organisation_id", "seq", "id", "recorded_at", "recorded_by", "person_id", "refers_to",
    "kind",
)  # fmt: skip
HEADERS: dict[str, tuple[str, ...]] = {
    "decision_records": (*_ENTRY_HEADER, "outcome", "shared", "urgent_safeguarding"),
    "consent_records": _ENTRY_HEADER,
}
TABLES = {"decision_records": DecisionRecordRow, "consent_records": ConsentRecordRow}


# Built once: appends are the register's hot path, and building a statement costs more
# than running it.
_READ_HEAD = text("SELECT count, hash FROM chain_heads WHERE organisation_id = :org")
_LOCK_HEAD = text("SELECT count, hash FROM chain_heads WHERE organisation_id = :org FOR UPDATE")
_MOVE_HEAD = text(
    "UPDATE chain_heads SET count = :count, hash = :hash WHERE organisation_id = :org"
)
_INSERTS = {name: insert(row.__table__) for name, row in TABLES.items()}


def _insert_and_move_head(table: str) -> TextClause:
    """PostgreSQL: insert an entry and move its chain's head in one statement."""
    columns = TABLES[table].__table__.columns
    # Flags arrive as the 0 and 1 that are hashed; PostgreSQL stores them as booleans.
    values = [
        f"CAST(CAST(:{c.name} AS integer) AS boolean)"
        if isinstance(c.type, Boolean)
        else f":{c.name}"
        for c in columns
    ]
    return text(
        "WITH moved AS (UPDATE chain_heads SET count = :seq, hash = :hash "
        "WHERE organisation_id = :organisation_id) "
        f"INSERT INTO {table} ({', '.join(c.name for c in columns)}) "
        f"VALUES ({', '.join(values)})"
    )


_INSERT_AND_MOVE_HEAD = {name: _insert_and_move_head(name) for name in TABLES}


def entry_bytes(table: str, prev_hash: str, header: Iterable[Any], body: str) -> bytes:
    """The exact bytes an entry's hash is taken over."""
    return f"{prev_hash}|{table}|{'|'.join(map(str, header))}\n{body}".encode()


def entry_hash(table: str, prev_hash: str, header: Iterable[Any], body: str) -> str:
    return hashlib.sha256(entry_bytes(table, prev_hash, header, body)).hexdigest()


@dataclass(frozen=True)
class Appended:
    table: str
    id: str
    organisation_id: int
    seq: int
    hash: str


def append(
    connection: Connection, table: str, organisation_id: int, entries: Sequence[dict[str, Any]]
) -> list[Appended]:
    """Append entries to an organisation's chain, in order, inside the caller's write
    transaction. The head row is locked (FOR UPDATE on PostgreSQL; SQLite's write lock
    is already held from BEGIN IMMEDIATE), so concurrent writers never fork a chain."""
    head = _LOCK_HEAD if connection.dialect.name == "postgresql" else _READ_HEAD
    count, prev = connection.execute(head, {"org": organisation_id}).one()
    columns = HEADERS[table]
    rows, appended = [], []
    for values in entries:
        count += 1
        row = {**values, "organisation_id": organisation_id, "seq": count, "prev_hash": prev}
        prev = row["hash"] = entry_hash(table, prev, (row[c] for c in columns), row["body"])
        rows.append(row)
        appended.append(Appended(table, row["id"], organisation_id, count, prev))
    if len(rows) == 1 and connection.dialect.name == "postgresql":
        # One round trip fewer for the common case: the entry and the head move together.
        connection.execute(_INSERT_AND_MOVE_HEAD[table], rows[0])
    else:
        connection.execute(_INSERTS[table], rows)
        connection.execute(_MOVE_HEAD, {"org": organisation_id, "count": count, "hash": prev})
    return appended


# --- the register's head, kept outside the system -------------------------------------


@dataclass(frozen=True)
class Head:
    count: int
    hash: str


def read_heads(connection: Connection) -> dict[int, Head]:
    heads = ChainHeadRow.__table__
    rows = connection.execute(select(heads.c.organisation_id, heads.c.count, heads.c.hash))
    return {org: Head(count, digest) for org, count, digest in rows}


def format_heads(heads: dict[int, Head]) -> str:
    """One line to keep outside the system: `1=12:ab…;2=40:cd…` (organisation=count:hash)."""
    return ";".join(f"{org}={head.count}:{head.hash}" for org, head in sorted(heads.items()))


class BadHead(ValueError):
    pass


def parse_heads(token: str) -> dict[int, Head]:
    heads = {}
    for part in filter(None, token.strip().split(";")):
        org, _, rest = part.partition("=")
        count, _, digest = rest.partition(":")
        if not (org.isdigit() and count.isdigit() and len(digest) == 64):
            raise BadHead(
                f"{part!r} is not a chain head. Allowed: what `sharewise verify --head` "
                "printed, organisation=count:hash entries joined by ';'"
            )
        heads[int(org)] = Head(int(count), digest)
    if not heads:
        raise BadHead("the head is empty. Allowed: what `sharewise verify --head` printed")
    return heads


# --- verification ----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    organisation_id: int
    what: str
    table: str | None = None
    seq: int | None = None
    entry_id: str | None = None

    def __str__(self) -> str:
        where = f"organisation {self.organisation_id}"
        if self.seq is not None:
            where += f", entry {self.seq} ({self.table} {self.entry_id})"
        return f"{where}: {self.what}"


@dataclass
class Report:
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)
    heads: dict[int, Head] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return not self.problems


def _select(table: str) -> str:
    columns = ", ".join(
        f"CASE WHEN {c} THEN 1 ELSE 0 END" if c in ("shared", "urgent_safeguarding") else c
        for c in HEADERS[table]
    )
    return f"SELECT {columns}, body, prev_hash, hash FROM {table} ORDER BY organisation_id, seq"


def _stream(connection: Connection, table: str) -> Iterator[tuple[Any, ...]]:
    result = connection.execution_options(stream_results=True, yield_per=10_000).execute(
        text(_select(table))
    )
    for row in result:
        yield (*row, table)


def count_entries(connection: Connection) -> int:
    return sum(
        connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one() for table in HEADERS
    )


def verify(
    engine: Engine,
    expect: dict[int, Head] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Walk every chain. The first bad entry of each organisation is reported: an edited
    entry, a missing one (deleted), one out of place (reordered or spliced in), or a chain
    shorter or longer than its head (truncated). With `expect`, a head kept outside the
    system, prove also that nothing up to it has changed since."""
    report = Report()
    with engine.connect() as connection, connection.begin():
        report.heads = heads = read_heads(connection)
        streams = [_stream(connection, table) for table in HEADERS]
        checker = _ChainChecker(report, heads, expect or {})
        for row in heapq.merge(*streams, key=itemgetter(0, 1)):
            checker.check(row)
            if progress and report.entries % 10_000 == 0:
                progress(10_000)
        checker.finish()
        if progress:
            progress(report.entries % 10_000)
    return report


class _ChainChecker:
    """Checks rows arriving in (organisation, seq) order against the chain rules."""

    def __init__(self, report: Report, heads: dict[int, Head], expect: dict[int, Head]) -> None:
        self.report, self.heads, self.expect = report, heads, expect
        self.org: int | None = None
        self.seq, self.prev, self.broken = 0, GENESIS, False
        self.seen: set[int] = set()

    def _problem(self, what: str, row: tuple[Any, ...] | None = None) -> None:
        assert self.org is not None
        if row is None:
            self.report.problems.append(Problem(self.org, what))
        else:
            self.report.problems.append(Problem(self.org, what, row[-1], row[1], row[2]))
        self.broken = True

    def check(self, row: tuple[Any, ...]) -> None:
        self.report.entries += 1
        org, seq = row[0], row[1]
        if org != self.org:
            self._end_of_chain()
            self.org, self.seq, self.prev, self.broken = org, 0, GENESIS, False
            self.seen.add(org)
        if self.broken:
            return  # the first bad entry is the one worth naming
        table = row[-1]
        width = len(HEADERS[table])
        body, prev_hash, stored = row[width], row[width + 1], row[width + 2]
        if seq != self.seq + 1:
            what = (
                f"entries {self.seq + 1} to {seq - 1} are missing (deleted)"
                if seq > self.seq + 1
                else "a second entry holds this place in the chain (spliced in)"
            )
            return self._problem(what, row)
        if prev_hash != self.prev:
            return self._problem(
                "does not follow the entry before it (reordered, spliced in, or the one "
                "before it was altered)",
                row,
            )
        if entry_hash(table, prev_hash, row[:width], body) != stored:
            return self._problem("has been altered since it was recorded", row)
        self.seq, self.prev = seq, stored
        kept = self.expect.get(org)
        if kept is not None and seq == kept.count and stored != kept.hash:
            self._problem("differs from the head kept outside the system", row)

    def _end_of_chain(self) -> None:
        org = self.org
        if org is None or self.broken:
            return
        head = self.heads.get(org)
        if head is None:
            if self.seq:
                self._problem("has entries but no chain head")
        elif (head.count, head.hash) != (self.seq, self.prev):
            self._problem(
                f"the chain ends at entry {self.seq} but its head says {head.count} "
                "(entries removed from the end, or added behind the register's back)"
            )
        kept = self.expect.get(org)
        if kept is not None and self.seq < kept.count:
            self._problem(
                f"the head kept outside the system says {kept.count} entries, but only "
                f"{self.seq} remain (truncated)"
            )

    def finish(self) -> None:
        self._end_of_chain()
        for org in sorted(set(self.heads) | set(self.expect)):
            if org in self.seen:
                continue
            self.org, self.seq, self.prev, self.broken = org, 0, GENESIS, False
            self._end_of_chain()
