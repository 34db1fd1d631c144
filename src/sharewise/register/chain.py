"""The ledger: every entry of an organisation, decisions and consent events alike (and
any kind registered later), in one SHA-256 chain.

An entry's hash covers the previous entry's hash, the entry's queryable columns (its
header) and its body, the canonical JSON of everything else. Nothing is re-serialised
to verify: the stored characters are hashed as they are.

Each kind of entry is registered once (`register_kind`): its table, and the columns its
header hashes in each header version. An entry stores the version it was hashed under,
and from version 2 the version is hashed too, so a kind can gain a hashed column
without changing how the entries made before verify.

Every entry is sealed as it is appended (`sharewise.register.seals`): a hash anyone with
the database can recompute, a seal only the holder of the keys can make. Entries are
recorded in time order: one is never recorded before the entry it follows.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Protocol

from sqlalchemy import Boolean, Connection, Engine, TextClause, insert, select, text
from sqlalchemy.orm import DeclarativeBase

from sharewise.register import seals
from sharewise.register.tables import ChainHeadRow, ConsentRecordRow, DecisionRecordRow

GENESIS = "0" * 64  # the "previous hash" of an organisation's first entry

# Every kind's header starts with the entry's place in its chain and what it is about.
ENTRY_HEADER = (
    "organisation_id", "seq", "id", "recorded_at", "recorded_by", "person_id", "refers_to",
    "kind",
)  # fmt: skip


class Vouching(Protocol):
    """What a kind's entries vouch for outside the ledger (the directory's rows), checked
    by `verify` once it has walked every chain."""

    def entry(self, row: tuple[Any, ...]) -> None:
        """An entry of the kind, as `entries` reads it, that passed every check."""

    def problems(self, connection: Connection, broken: set[int]) -> Iterable[Problem]:
        """What differs from what the entries vouch for, in every organisation but the
        `broken` ones (whose chains are reported already, and not to be trusted)."""


@dataclass(frozen=True)
class EntryKind:
    """A kind of ledger entry: its table (a row class with the `_Entry` columns), and the
    columns its hash covers besides the body, by header version. The newest version is
    the one new entries are hashed under. A column a later version hashes that an earlier
    one kept only in the body is checked against the body for the earlier entries.
    Booleans are stored and hashed as 0 and 1, the same characters on every database.
    `vouches`, if given, makes what checks the rows its entries vouch for, each verify.
    `paths` names where in the body a column is, when not at the top under its name."""

    row: type[DeclarativeBase]
    headers: Mapping[int, tuple[str, ...]]
    vouches: Callable[[], Vouching] | None = None
    paths: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Worked out once from the above: verification reads them for every entry.
    table: str = field(init=False)
    version: int = field(init=False)
    flags: frozenset[str] = field(init=False)
    columns: tuple[str, ...] = field(init=False)  # every column some version hashes
    # A version's header, picked from a row of `columns` (itemgetter: C, not a loop).
    header_of: Mapping[int, Callable[[Sequence[Any]], tuple[Any, ...]]] = field(init=False)
    # A version's columns that only newer versions hash, which it kept in the body: each
    # column's place in a row, its name, and its path in the body.
    carried: Mapping[int, tuple[tuple[int, str, tuple[str, ...]], ...]] = field(init=False)

    def __post_init__(self) -> None:
        if any(header[: len(ENTRY_HEADER)] != ENTRY_HEADER for header in self.headers.values()):
            raise ValueError(f"every header of {self.row.__name__} starts with ENTRY_HEADER")
        columns = tuple(dict.fromkeys(c for v in sorted(self.headers) for c in self.headers[v]))
        worked_out = {
            "table": str(self.row.__tablename__),
            "version": max(self.headers),
            "flags": frozenset(
                c.name for c in self.row.__table__.columns if isinstance(c.type, Boolean)
            ),
            "columns": columns,
            "header_of": {
                v: itemgetter(*(columns.index(c) for c in header))
                for v, header in self.headers.items()
            },
            "carried": {
                v: tuple(
                    (i, c, self.paths.get(c, (c,)))
                    for i, c in enumerate(columns)
                    if c not in header
                )
                for v, header in self.headers.items()
            },
        }
        for name, value in worked_out.items():
            object.__setattr__(self, name, value)


KINDS: dict[str, EntryKind] = {}
# What verify holds to the entries besides the rows they vouch for, once every chain is
# walked: an index derived from them (the records search's), each a check that yields
# what differs, in every organisation but the broken ones.
DERIVED: list[Callable[[Connection, set[int]], Iterable[Problem]]] = []


def register_kind(kind: EntryKind) -> EntryKind:
    """Add a kind of entry to the ledger: appended, chained, counted and verified with
    the others from then on."""
    KINDS[kind.table] = kind
    _prepare(kind)
    return kind


# Built once: appends are the register's hot path, and building a statement costs more
# than running it.
_HEAD = "SELECT count, hash, recorded_at FROM chain_heads WHERE organisation_id = :org"
_READ_HEAD = text(_HEAD)
_LOCK_HEAD = text(f"{_HEAD} FOR UPDATE")
_MOVE_HEAD = text(
    "UPDATE chain_heads SET count = :count, hash = :hash, recorded_at = :recorded_at "
    "WHERE organisation_id = :org"
)
_INSERTS: dict[str, Any] = {}
_INSERT_AND_MOVE_HEAD: dict[str, TextClause] = {}


def _prepare(kind: EntryKind) -> None:
    columns = kind.row.__table__.columns
    _INSERTS[kind.table] = insert(kind.row)
    # PostgreSQL: insert an entry and move its chain's head in one statement. Flags
    # arrive as the 0 and 1 that are hashed; PostgreSQL stores them as booleans.
    values = [
        f"CAST(CAST(:{c.name} AS integer) AS boolean)" if c.name in kind.flags else f":{c.name}"
        for c in columns
    ]
    _INSERT_AND_MOVE_HEAD[kind.table] = text(
        "WITH moved AS (UPDATE chain_heads SET count = :seq, hash = :hash, "
        "recorded_at = :recorded_at WHERE organisation_id = :organisation_id) "
        f"INSERT INTO {kind.table} ({', '.join(c.name for c in columns)}) "
        f"VALUES ({', '.join(values)})"
    )


def entry_bytes(
    table: str, prev_hash: str, header: Iterable[Any], body: str, version: int
) -> bytes:
    """The exact bytes an entry's hash is taken over. Version 1, the first, did not name
    itself; every later one does, so no entry can pass for another version's."""
    named = f"v{version}|" if version > 1 else ""
    return f"{prev_hash}|{table}|{named}{'|'.join(map(str, header))}\n{body}".encode()


def entry_hash(table: str, prev_hash: str, header: Iterable[Any], body: str, version: int) -> str:
    return hashlib.sha256(entry_bytes(table, prev_hash, header, body, version)).hexdigest()


_DECIDED = ("outcome", "shared", "urgent_safeguarding")
_DEPARTS = (*_DECIDED, "departs_from_recommendation")
DECISIONS = register_kind(
    EntryKind(
        DecisionRecordRow,
        {
            1: (*ENTRY_HEADER, *_DECIDED),
            2: (*ENTRY_HEADER, *_DEPARTS),
            3: (*ENTRY_HEADER, *_DEPARTS, "recipient", "review_by"),
            4: (*ENTRY_HEADER, *_DEPARTS, "recipient", "review_by", "tell_by"),
        },
        paths={"tell_by": ("package", "telling", "tell_by")},
    )
)
# Version 2 hashes the version itself; a consent event gains no column.
CONSENTS = register_kind(EntryKind(ConsentRecordRow, {1: ENTRY_HEADER, 2: ENTRY_HEADER}))


@dataclass(frozen=True)
class Appended:
    table: str
    id: str
    organisation_id: int
    seq: int
    hash: str
    recorded_at: str


def append(
    connection: Connection, table: str, organisation_id: int, entries: Sequence[dict[str, Any]]
) -> list[Appended]:
    """Append entries to an organisation's chain, in order, inside the caller's write
    transaction, each hashed and sealed. The head row is locked (FOR UPDATE on
    PostgreSQL; SQLite's write lock is already held from BEGIN IMMEDIATE), so concurrent
    writers never fork a chain. An entry whose moment is before the newest one's (a
    writer that took its time before another took the lock, or a clock set back) is
    recorded at the newest one's: a chain's moments never go backwards."""
    keys = seals.of(connection)
    head = _LOCK_HEAD if connection.dialect.name == "postgresql" else _READ_HEAD
    count, prev, newest = connection.execute(head, {"org": organisation_id}).one()
    kind = KINDS[table]
    version = kind.version
    columns = kind.headers[version]
    rows, appended = [], []
    for values in entries:
        count += 1
        if newest is None or values["recorded_at"] > newest:
            newest = values["recorded_at"]
        row = {
            **values,
            "recorded_at": newest,
            "organisation_id": organisation_id,
            "seq": count,
            "header_version": version,
            "prev_hash": prev,
        }
        header = (row[c] for c in columns)
        prev = row["hash"] = entry_hash(table, prev, header, row["body"], version)
        row["sealed_with"], row["seal"] = keys.seal(table, organisation_id, count, prev)
        rows.append(row)
        appended.append(Appended(table, row["id"], organisation_id, count, prev, newest))
    if len(rows) == 1 and connection.dialect.name == "postgresql":
        # One round trip fewer for the common case: the entry and the head move together.
        connection.execute(_INSERT_AND_MOVE_HEAD[table], rows[0])
    else:
        connection.execute(_INSERTS[table], rows)
        connection.execute(
            _MOVE_HEAD,
            {"org": organisation_id, "count": count, "hash": prev, "recorded_at": newest},
        )
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

UNSEALED_HINT = (
    "made before seals (run `sharewise ledger seal` once, after upgrading), or added "
    "behind the register's back"
)


@dataclass(frozen=True)
class Problem:
    """Something verify found. `before_seals`: what a register made before seals shows
    until `sharewise ledger seal` has sealed it, and a tampered one shows too."""

    organisation_id: int
    what: str
    table: str | None = None
    seq: int | None = None
    entry_id: str | None = None
    before_seals: bool = False

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

    @property
    def broken(self) -> set[int]:
        """The organisations whose chains are broken, not merely unsealed."""
        return {p.organisation_id for p in self.problems if not p.before_seals}


# Every kind's row, as `entries` reads it: its header's columns, then these, then its table.
STORED = ("header_version", "body", "prev_hash", "hash", "sealed_with", "seal")


def _select(kind: EntryKind) -> str:
    columns = ", ".join(
        f"CASE WHEN {c} THEN 1 ELSE 0 END" if c in kind.flags else c for c in kind.columns
    )
    return f"SELECT {columns}, {', '.join(STORED)} FROM {kind.table} ORDER BY organisation_id, seq"


def _stream(connection: Connection, kind: EntryKind) -> Iterator[tuple[Any, ...]]:
    result = connection.execution_options(stream_results=True, yield_per=10_000).execute(
        text(_select(kind))
    )
    for row in result:
        yield (*row, kind.table)


def entries(connection: Connection) -> Iterator[tuple[Any, ...]]:
    """Every entry of every kind as verify reads it, in (organisation, seq) order."""
    streams = [_stream(connection, kind) for kind in KINDS.values()]
    return heapq.merge(*streams, key=itemgetter(0, 1))


@dataclass(frozen=True)
class Hashed:
    """What an entry's hash is taken over, as read by `entries`."""

    kind: EntryKind
    version: int
    header: list[Any]  # empty when the version is not one this sharewise knows
    body: str
    prev_hash: str
    hash: str

    def bytes(self) -> bytes:
        return entry_bytes(self.kind.table, self.prev_hash, self.header, self.body, self.version)


def hashed(row: tuple[Any, ...]) -> Hashed:
    kind = KINDS[row[-1]]
    width = len(kind.columns)
    version, body, prev_hash, stored = row[width : width + 4]
    header = list(kind.header_of[version](row)) if version in kind.header_of else []
    return Hashed(kind, version, header, body, prev_hash, stored)


def _at(body: Any, path: tuple[str, ...]) -> Any:
    """What a body holds at a path of keys, or None."""
    for key in path:
        body = body.get(key) if isinstance(body, dict) else None
    return body


def count_entries(connection: Connection, leaving_out: Collection[str] = ()) -> int:
    """How many entries the ledger holds, of every kind but those `leaving_out`."""
    return sum(
        connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
        for table in KINDS
        if table not in leaving_out
    )


def verify(
    engine: Engine,
    expect: dict[int, Head] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Walk every chain. The first bad entry of each organisation is reported: an edited
    entry, a missing one (deleted), one out of place (reordered or spliced in), one
    recorded before the entry it follows (backdated), one whose seal is missing, wrong or
    made with a key the register does not hold (added or rewritten by someone without
    the keys), or a chain shorter or longer than its head (truncated). Then what the
    entries vouch for (the directory's rows), and what is derived from them (the search's
    index, `DERIVED`), is held to them. With `expect`, a head kept
    outside the system, prove also that nothing up to it has changed since."""
    report = Report()
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # One snapshot for the heads, the chains and the directory, as SQLite's read
            # transaction is: what is appended or changed meanwhile is not half seen.
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            _walk(connection, report, expect, progress)
    return report


def _walk(
    connection: Connection,
    report: Report,
    expect: dict[int, Head] | None,
    progress: Callable[[int], None] | None,
) -> None:
    """Walk every chain in one read transaction, then hold what the entries vouch for,
    and what is derived from them, to them."""
    report.heads = heads = read_heads(connection)
    vouching = {table: kind.vouches() for table, kind in KINDS.items() if kind.vouches}
    checker = _ChainChecker(report, heads, expect or {}, seals.of(connection), vouching)
    for row in entries(connection):
        checker.check(row)
        if progress and report.entries % 10_000 == 0:
            progress(10_000)
    checker.finish()
    if progress:
        progress(report.entries % 10_000)
    broken = report.broken
    for vouched in vouching.values():
        report.problems.extend(vouched.problems(connection, broken))
    for derived in DERIVED:
        report.problems.extend(derived(connection, broken))


class _ChainChecker:
    """Checks rows arriving in (organisation, seq) order against the chain rules."""

    def __init__(
        self,
        report: Report,
        heads: dict[int, Head],
        expect: dict[int, Head],
        keys: seals.Keyring,
        vouching: dict[str, Vouching],
    ) -> None:
        self.report, self.heads, self.expect = report, heads, expect
        self.keys, self.vouching = keys, vouching
        self.org: int | None = None
        self.seen: set[int] = set()
        self._start(None)

    def _start(self, org: int | None) -> None:
        self.org, self.seq, self.prev, self.broken = org, 0, GENESIS, False
        self.recorded_at = ""  # every moment stored sorts after the empty string
        # Entries made before seals come before every sealed one: sealing begins with them.
        self.unsealed: tuple[Any, ...] | None = None  # the first entry without a seal
        self.unsealed_count = 0
        self.sealed = False  # whether an entry of this chain so far was sealed

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
            self._start(org)
            self.seen.add(org)
        if self.broken:
            return  # the first bad entry is the one worth naming
        # As `hashed` reads it, without building an object for each entry: verify's pace
        # is the per-entry work.
        table = row[-1]
        kind = KINDS[table]
        width = len(kind.columns)
        version, body, prev_hash, stored, sealed_with, seal = row[width : width + 6]
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
        if version not in kind.headers:
            known = ", ".join(map(str, sorted(kind.headers)))
            return self._problem(
                f"says it was hashed under header version {version}, which this sharewise "
                f"does not know (it knows {known}): altered, or written by a newer sharewise",
                row,
            )
        if entry_hash(table, prev_hash, kind.header_of[version](row), body, version) != stored:
            return self._problem("has been altered since it was recorded", row)
        if carried := kind.carried[version]:
            said = json.loads(body)
            for i, column, path in carried:
                expected = _at(said, path)
                if column in kind.flags:
                    expected = int(bool(expected))
                if row[i] != expected:
                    return self._problem(
                        f"its {column} differs from its body (altered since it was recorded)",
                        row,
                    )
        recorded_at = row[3]  # ENTRY_HEADER's place for it
        if recorded_at < self.recorded_at:
            return self._problem(
                f"was recorded at {recorded_at}, before the entry it follows "
                f"({self.recorded_at}): backdated, or spliced in",
                row,
            )
        if seal is None:
            if self.sealed:
                return self._problem(
                    "is not sealed, though an entry before it is: its seal was removed, or "
                    "it was added behind the register's back",
                    row,
                )
            self.unsealed = self.unsealed or row
            self.unsealed_count += 1
        else:
            self.sealed = True
            sealed = self.keys.check(sealed_with, seal, table, org, seq, stored)
            if sealed is None:
                return self._problem(
                    f"is sealed with key {sealed_with!r}, which the ledger's keys do not "
                    "hold: the wrong keys file, a key retired too soon, or a forged seal",
                    row,
                )
            if not sealed:
                return self._problem(
                    "its seal is wrong: it was not sealed with the ledger's keys (added or "
                    "rewritten behind the register's back)",
                    row,
                )
        self.seq, self.prev, self.recorded_at = seq, stored, recorded_at
        kept = self.expect.get(org)
        if kept is not None and seq == kept.count and stored != kept.hash:
            return self._problem("differs from the head kept outside the system", row)
        vouched = self.vouching.get(table)
        if vouched is not None:
            vouched.entry(row)

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
        first = self.unsealed
        if first is not None and not self.broken:
            others = self.unsealed_count - 1
            also = {0: "", 1: ", nor is the entry after it"}.get(
                others, f", nor are the {others} entries after it"
            )
            self.report.problems.append(
                Problem(
                    org,
                    f"is not sealed{also}: {UNSEALED_HINT}",
                    first[-1],
                    first[1],
                    first[2],
                    before_seals=True,
                )
            )

    def finish(self) -> None:
        self._end_of_chain()
        for org in sorted(set(self.heads) | set(self.expect)):
            if org in self.seen:
                continue
            self._start(org)
            self._end_of_chain()
