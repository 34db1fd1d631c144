"""The text index of the decisions' purposes and reasons: what lets a search for a word
that few records hold, or none, read those few and not every record of the organisation.

`decision_texts` holds each decision's purpose and reasons, on two lines. On SQLite it
is an FTS5 table of trigrams; on PostgreSQL a table with a trigram index (pg_trgm). Both
hold the text in the database's lower case. A trigger on `decision_records` writes it as
each decision is stored, so no writer need know of it (migrations `20261207_texts`,
`20261207_texts_by_moment` and `20261207_texts_by_chain`). It is derived from the
bodies, which the chain covers, and is not itself part of the ledger.

On SQLite it is matched as a search's LIKE matches (both in SQLite's lower case), and
its rows are numbered by their decisions' organisation and place in its chain: an
organisation's rows are one range of numbers, in the order of their moments (a chain's
moments never go backwards, `chain.append`). A search of organisations' records and
nothing else is counted from each one's range, and its page is read from each one's
newest first, as far as the page goes. With other filters, it is asked which of the
organisations' decisions hold a word, and when few do, only those are read (the word is
tested again in each one's body, `queries`).

On PostgreSQL each row keeps its decision's organisation and moment too, and the table
is in parts by the organisation's id (`PARTS`; migration `20261207_texts_by_part`), each
with its own indexes, so that an organisation's trigram index lists its own rows and not
every organisation's. Each part has two trigram indexes: lists (GIN), which name all of
a word's matches at once, quick when they are few; and a tree (GiST, migration
`20261207_texts_read_until_enough`), which can be read until it has named enough. A
search of one organisation's records and nothing else is read and counted from its part
alone, named as a table: a page newest first by an index of the organisation and the
moment, or of the few that the lists name; a count by reading the part or the tree until
it has enough, or those few; as the planner judges from its statistics. With other
filters, or of several organisations, a decision's row of the
index, in the part its organisation's id names, is the search's test (the same text, in
lower case, as a search compares it), and the planner chooses again.
"""

from __future__ import annotations

import hashlib
import string
from collections import defaultdict
from collections.abc import Collection, Iterator
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    FromClause,
    Integer,
    Select,
    String,
    TableClause,
    bindparam,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
    tuple_,
)

from sharewise.register import chain
from sharewise.register.tables import DecisionRecordRow, OrganisationRow

NAME = "decision_texts"


def _texts(name: str) -> TableClause:
    return table(
        name,
        column("decision_id", String),
        column("words", String),
        column("recorded_at", String),  # the decision's, to order by
        column("organisation_id", Integer),  # on PostgreSQL (SQLite's is in a row's number)
    )


TEXTS = _texts(NAME)
_ROWID = column("rowid", Integer)
_RECORDS = DecisionRecordRow.__table__
# With filters the index does not know, a word in more records than this: its matches
# are many, so a page of them is found soonest by reading the newest records first; at
# most this many, by reading them (at a million decisions, a thousand spread over three
# years take about 25 ms).
MOST = 1_000
# On SQLite a row of the index is numbered by its decision's organisation's id times
# this, plus the decision's place in the organisation's chain.
SPAN = 1 << 40
# On PostgreSQL the index is in this many parts, by the remainder of the organisation's
# id divided by it (ids are numbered from 1: an area's first 16 each have one to itself).
PARTS = 16
PART_NAMES = [f"{NAME}_{part}" for part in range(PARTS)]
_PARTS = [_texts(name) for name in PART_NAMES]
SHORTEST = 3  # a trigram index can say nothing of a shorter word
_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # as SQLite lowers
# Where a connection to the database keeps the searches it found in more records than
# MOST, or counted past a count's bound: the register only grows, so such a search stays
# so, and is not looked up again. Kept as digests, in memory alone, a few thousand at
# most: a search word may be a name.
_MANY = "sharewise_words_in_many"
KEPT = 5_000


def holding(
    connection: Connection, word: str, organisations: Collection[int] | None = None
) -> list[str] | None:
    """On SQLite: the ids of the decisions of `organisations` (by id; every one's if
    None) whose purpose or reasons hold `word`, as a search matches it, when there are
    at most `MOST`; None when there are more, or the index cannot tell (a word
    shorter than three characters)."""
    among = None if organisations is None else sorted(organisations)
    many, digest = _remembered(connection, "holding", among, word)
    if len(word) < SHORTEST or digest in many:
        return None
    found = _looked_up(connection, word, among)
    if found is None and len(many) < KEPT:
        many.add(digest)
    return found


def _looked_up(connection: Connection, word: str, among: list[int] | None) -> list[str] | None:
    rows: list[int] = []
    for query in _matched([word], among):
        found = _at_most(connection, query, MOST - len(rows))
        if found is None:
            return None
        rows += found
    if not rows:
        return []
    # FTS5 keeps a row's decision_id in a table of its own: read only for the few.
    named = select(TEXTS.c.decision_id).where(_ROWID.in_(rows))
    return list(connection.execute(named).scalars())


def counted(
    connection: Connection, words: list[str], organisations: Collection[int] | None, most: int
) -> int:
    """How many decisions of `organisations` (by id; every one's if None) hold every
    word (each of three characters or more), up to `most` (more is `most + 1`), from the
    index alone: it matches as a search does. The register only grows: a search once in
    more than `most` records stays so, and is not counted again on this connection."""
    among = None if organisations is None else sorted(organisations)
    if among == []:
        return 0
    many, digest = _remembered(connection, "counted", among, most, *words)
    if digest in many:
        return most + 1
    if connection.dialect.name == "postgresql":
        if among is None:
            among = _every_organisation(connection)
        # From each organisation's part by name, in no order, the planner judging
        # whether to read the part (a common word) or its tree of trigrams (a word in a
        # few percent) until it has enough, or the few its lists name: named through the
        # whole table, it judges each part by the cost of reading every match, and reads
        # a common word's thousands.
        given = words_given(words)
        counts = [
            (_counted_in(part_of(o), len(words)), {"organisation": o, **given}) for o in among
        ]
    else:
        counts = [(counting(query), {}) for query in _matched(words, among)]
    found = 0
    for query, values in counts:  # counted in the database: no row need come back
        found += connection.execute(query, {**values, "most": most + 1 - found}).scalar_one()
        if found > most:
            if len(many) < KEPT:
                many.add(digest)
            return most + 1
    return found


def newest(
    connection: Connection,
    words: list[str],
    organisations: Collection[int] | None,
    page: tuple[int, int, tuple[str, str] | None],
) -> list[str]:
    """On SQLite: the ids of a page, newest first, of the decisions of `organisations`
    (every one's if None) that hold every word (each of three characters or more):
    `page` is the limit, the offset and the (recorded_at, id) it comes after. Each
    organisation's rows are read newest first from its range of the index, only as far
    as the page goes, and the organisations' merged: a word in a few records and a word
    in most are alike quick."""
    limit, offset, before = page
    if organisations is None:
        organisations = _every_organisation(connection)
    match = _match(words)
    found: list[tuple[str, str]] = []
    for organisation in sorted(organisations):
        found += _newest_of(connection, match, organisation, limit + offset, before)
    found.sort(reverse=True)
    return [decision_id for _, decision_id in found[offset : offset + limit]]


def _every_organisation(connection: Connection) -> list[int]:
    return list(connection.execute(select(OrganisationRow.id)).scalars())


def _newest_of(
    connection: Connection,
    match: ColumnElement[bool],
    organisation: int,
    wanted: int,
    before: tuple[str, str] | None,
) -> list[tuple[str, str]]:
    """The (recorded_at, id) of the `wanted` newest of an organisation's matches (after
    `before`), and of any others of the last one's moment: its rows are in its chain's
    order, which is the moments' but not the ids' among decisions of one moment."""
    low = organisation * SPAN
    high: int | ColumnElement[int] = low + SPAN - 1
    if before is not None:  # up to the newest decision of the cursor's moment or before
        newest = (
            select(_RECORDS.c.seq)
            .where(_RECORDS.c.organisation_id == organisation, _RECORDS.c.recorded_at <= before[0])
            .order_by(_RECORDS.c.recorded_at.desc(), _RECORDS.c.seq.desc())
            .limit(1)
        )
        high = low + newest.scalar_subquery()  # none: no number, and no row
    found: list[tuple[str, str]] = []
    while wanted > 0:
        rows = connection.execute(
            select(_ROWID, TEXTS.c.recorded_at, TEXTS.c.decision_id)
            .where(match, _ROWID.between(low, high))
            .order_by(_ROWID.desc())
            .limit(wanted + 1)  # one past the page: is its moment the last one's?
        ).all()
        for _, recorded_at, decision_id in rows:
            if before is not None and (recorded_at, decision_id) >= before:
                continue  # of the cursor's moment, and after it in the list
            if len(found) >= wanted and recorded_at < found[wanted - 1][0]:
                return found
            found.append((recorded_at, decision_id))
        if len(rows) <= wanted:
            break
        high = rows[-1][0] - 1
    return found


# Each statement of PostgreSQL's search below is made once for each part of the index and
# number of words, and given the values each time: made anew for each page or count, a
# statement cost SQLAlchemy more than the database's reading of it.


@lru_cache(maxsize=PARTS * 20)
def newest_on_postgresql(part: int, words: int, after: bool) -> Select[Any]:
    """On PostgreSQL: the query of the ids and moments of a page, newest first, of the
    decisions of an organisation whose rows are in `part` of the index that hold each of
    `words` words, for the records' query to take in (one statement). Its values: the
    organisation's id (`organisation`), the words (`words_given`), the page's `limit` and
    `offset`, and `after` a page, the (`before_at`, `before_id`) of its last entry.
    PostgreSQL reads the organisation's rows of its part newest first (an index of the
    organisation and the moment) or the few its trigram index names, as its planner
    judges from the words."""
    table = _PARTS[part]
    query = _holding_each(words, table).add_columns(table.c.recorded_at)
    return newest_first(query, table.c.recorded_at, table.c.decision_id, after)


def newest_first(
    query: Select[Any], moment: ColumnElement[str], key: ColumnElement[str], after: bool
) -> Select[Any]:
    """A page of `query`, newest first by `moment` then `key`: its values `limit` and
    `offset`, and `after` a page, the (`before_at`, `before_id`) of its last entry."""
    if after:
        last = tuple_(bindparam("before_at", type_=String), bindparam("before_id", type_=String))
        query = query.where(tuple_(moment, key) < last)
    ordered = query.order_by(moment.desc(), key.desc())
    return ordered.limit(bindparam("limit", type_=Integer)).offset(
        bindparam("offset", type_=Integer)
    )


@lru_cache(maxsize=PARTS * 10)
def _counted_in(part: int, words: int) -> Select[Any]:
    """On PostgreSQL: the count, up to `most`, of the decisions of an organisation whose
    rows are in `part` of the index that hold each of `words` words (values as
    `newest_on_postgresql` takes them)."""
    return counting(_holding_each(words, _PARTS[part]))


def counting(query: Select[Any]) -> Select[Any]:
    """How many rows `query` finds, up to the value `most`."""
    return select(func.count()).select_from(
        query.limit(bindparam("most", type_=Integer)).subquery()
    )


def _holding_each(words: int, part: TableClause) -> Select[Any]:
    """On PostgreSQL: the ids of the decisions of an organisation (by id, the value
    `organisation`) whose rows of `part`, its part of the index, hold each of `words`
    words."""
    return select(part.c.decision_id).where(
        part.c.organisation_id == bindparam("organisation"),
        *(part.c.words.like(_pattern(word(place))) for place in range(words)),
    )


def part_of(organisation: int) -> int:
    """On PostgreSQL: which part of the index holds the rows of `organisation` (by id)."""
    return organisation % PARTS


def word(place: int) -> BindParameter[str]:
    """The value of a search's word at `place` (from 0), in a statement made once for
    searches of as many words: given as `words_given` writes it."""
    return bindparam(f"word{place}", type_=String)


def words_given(words: list[str]) -> dict[str, str]:
    """The values of a search's words: each as LIKE reads it, its own `%`, `_` and
    backslash escaped by a backslash (PostgreSQL's default escape character, and
    SQLite's where a statement says so)."""
    return {
        f"word{place}": w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        for place, w in enumerate(words)
    }


def _remembered(connection: Connection, *search: object) -> tuple[set[bytes], bytes]:
    """The digests of the searches this connection found in too many records, and the
    digest of `search` (what was asked, and of which organisations, then the words)."""
    many: set[bytes] = connection.info.setdefault(_MANY, set())
    key = repr([w.translate(_LOWER) if isinstance(w, str) else w for w in search]).encode()
    return many, hashlib.blake2b(key, digest_size=16).digest()


def _matched(words: list[str], among: list[int] | None) -> list[Select[Any]]:
    """On SQLite: the queries of the numbers of the index's rows of the decisions of
    `among` (every one's if None) that hold every word: one of each organisation's range
    of numbers."""
    query = select(_ROWID).select_from(TEXTS).where(_match(words))
    if among is None:
        return [query]
    return [query.where(_ROWID.between(o * SPAN, (o + 1) * SPAN - 1)) for o in among]


def _match(words: list[str]) -> ColumnElement[bool]:
    """The index's rows that hold every word. A phrase of the trigram tokenizer is a run
    of characters, matched as written: the text is in SQLite's lower case, and so is each
    word here (ASCII letters alone, as SQLite lowers)."""
    return column(NAME).match(" AND ".join(_phrase(word.translate(_LOWER)) for word in words))


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def holds(decisions: FromClause, place: int) -> ColumnElement[bool]:
    """On PostgreSQL: whether the purpose or the reasons of a decision of `decisions` (the
    records) hold the search's word at `place`, in any case, as its row of the index
    says: looked for in its organisation's part."""
    row = select(TEXTS.c.decision_id).where(
        TEXTS.c.decision_id == decisions.c.id,
        TEXTS.c.organisation_id == decisions.c.organisation_id,
        _key(TEXTS) == _key(decisions),
        TEXTS.c.words.like(_pattern(word(place))),
    )
    return row.exists()


def _key(rows: FromClause) -> ColumnElement[int]:
    """On PostgreSQL: the key of the part of the index that holds the rows of the
    organisation of `rows`, as the parts' key is written, with the number in the
    statement: PostgreSQL knows a part by its key's expression alone, and reads only the
    part a decision's organisation names."""
    return rows.c.organisation_id.op("%")(literal_column(str(PARTS)))


def _pattern(escaped: ColumnElement[str]) -> ColumnElement[str]:
    """On PostgreSQL: LIKE's pattern of text holding a word (escaped, `words_given`), in
    lower case. pg_trgm reads the pattern with LIKE's escape character, a backslash."""
    return literal("%") + func.lower(escaped) + literal("%")


def _at_most(connection: Connection, query: Select[Any], most: int) -> list[Any] | None:
    found = list(connection.execute(query.limit(most + 1)).scalars())
    return found if len(found) <= most else None


def tidy(connection: Connection) -> None:
    """On SQLite, merge the index into one piece: FTS5 keeps what each decision adds in
    pieces, merged a few at a time, and a search reads every piece (at a million
    decisions, finding a page of a word in 1% of the records took twice as long). On
    PostgreSQL, merge into each part's trigram lists the rows they keep apart until
    there are 256 kB of them (migration `20261207_texts_by_part`), which a search reads
    whole; and refresh the planner's statistics (autovacuum does both in time). The tree
    of trigrams keeps nothing apart."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"INSERT INTO {NAME} ({NAME}) VALUES ('optimize')"))
        return
    parts = f"SELECT inhrelid FROM pg_inherits WHERE inhparent = 'ix_{NAME}_words'::regclass"
    connection.execute(text(f"SELECT gin_clean_pending_list(inhrelid) FROM ({parts}) p"))
    connection.execute(text(f"ANALYZE {NAME}"))


# A decision's row of the index, from its record `d`, as the triggers write it: on SQLite
# its number, on PostgreSQL its organisation, then its text.
_ROW = {
    "sqlite": (
        f"d.organisation_id * {SPAN} + d.seq",
        "lower(coalesce(json_extract(d.body, '$.facts.purpose'), '') || char(10) || "
        "coalesce(json_extract(d.body, '$.decision.reasons'), ''))",
    ),
    "postgresql": (
        "d.organisation_id",
        "lower(coalesce(CAST(d.body AS json) #>> '{facts,purpose}', '') || E'\\n' || "
        "coalesce(CAST(d.body AS json) #>> '{decision,reasons}', ''))",
    ),
}


def rebuild(connection: Connection) -> int:
    """Make the index anew from the decisions' records, which the chains vouch for, as
    the triggers write it, and tidy it; how many decisions it then holds. For an index
    that verify finds changed behind the register's back. New decisions wait meanwhile
    (on SQLite, as for any write), and on PostgreSQL searches too; the owner of the index
    alone may empty it (`roles`)."""
    dialect = connection.dialect.name
    number, words = _ROW[dialect]
    if dialect == "postgresql":
        connection.execute(text("LOCK TABLE decision_records IN SHARE MODE"))
        # Emptied whole, searches waiting meanwhile: deleted row by row, the table and its
        # indexes would hold every row twice until vacuumed (a search then took 5 times
        # as long).
        connection.execute(text(f"TRUNCATE {NAME}"))
        columns = "decision_id, organisation_id, recorded_at, words"
        values = f"d.id, {number}, d.recorded_at, {words}"
        # Each organisation's rows together, as its searches read them: the trigram index
        # finds an organisation's matches sooner where they are not among every other's.
        order = "d.organisation_id, d.recorded_at, d.id"
    else:
        connection.execute(text(f"DELETE FROM {NAME}"))
        columns = "rowid, decision_id, recorded_at, words"
        values = f"{number}, d.id, d.recorded_at, {words}"
        order = "d.organisation_id, d.seq"  # the order of the rows' numbers
    records = f"SELECT {values} FROM decision_records d ORDER BY {order}"
    made = connection.execute(text(f"INSERT INTO {NAME} ({columns}) {records}"))
    tidy(connection)
    return made.rowcount


# --- what verify holds the index to ------------------------------------------------------

# Whether a row of the index says what its decision's record does: the organisation (on
# SQLite, with the decision's place in its chain, the row's number), the moment, the
# purpose and the reasons, as the triggers write them (migrations
# `20261207_texts_by_moment` and `20261207_texts_by_chain`). On SQLite each row of the
# index with its record (FTS5 finds no row by its decision: the rows are read in their
# order); on PostgreSQL each record with its rows (the records in theirs, each row found
# by its decision: twice as quick as the other way, the bodies read as JSON being most of
# the time).
_HELD = {
    "sqlite": (
        f"SELECT t.decision_id, t.rowid / {SPAN}, d.organisation_id, d.seq, "
        f"d.id IS NOT NULL AND t.rowid = {_ROW['sqlite'][0]} "
        f"AND t.recorded_at IS d.recorded_at AND t.words IS {_ROW['sqlite'][1]} "
        "FROM decision_texts t LEFT JOIN decision_records d ON d.id = t.decision_id"
    ),
    "postgresql": (
        "SELECT d.id, t.organisation_id, d.organisation_id, d.seq, "
        f"t.decision_id IS NOT NULL AND t.organisation_id = {_ROW['postgresql'][0]} "
        f"AND t.recorded_at = d.recorded_at AND t.words = {_ROW['postgresql'][1]} "
        "FROM decision_records d LEFT JOIN decision_texts t ON t.decision_id = d.id"
    ),
}
_DECISIONS = "SELECT organisation_id, count(*) FROM decision_records GROUP BY organisation_id"
# On PostgreSQL, each organisation's rows of the index (each part's key of the decisions
# makes each decision's row of the organisation one).
_INDEXED = "SELECT organisation_id, count(*) FROM decision_texts GROUP BY organisation_id"


def problems(connection: Connection, broken: set[int]) -> Iterator[chain.Problem]:
    """What verify finds of the index, in every organisation but the `broken` ones: a
    row that does not say what its decision's record says, that names no record, or
    none for a record; more or fewer rows than decisions. A decision has one row at most
    that says what its record does (on SQLite, its number is the decision's; on
    PostgreSQL, such a row is in its organisation's part, where the decision is a key), so
    as many rows as decisions, each so, is one for each. The index is derived from the
    bodies the chains vouch for, and it decides what a search finds: changed, a search
    could hide a record, or show one that does not hold its words. Read as a stream, a
    row at a time, as the chains are: a million rows take longer than a statement may."""
    dialect = connection.dialect.name
    rows: dict[int, int] = defaultdict(int)  # by organisation
    first: chain.Problem | None = None
    held = connection.execution_options(stream_results=True, yield_per=10_000)
    for decision_id, indexed, organisation_id, seq, same in held.execute(text(_HELD[dialect])):
        if dialect == "sqlite":
            rows[indexed] += 1
        if same or first is not None or (organisation_id or indexed) in broken:
            continue
        first = _differs(decision_id, indexed, organisation_id, seq)
    if first is not None:
        yield first
    decisions: dict[int, int] = dict(connection.execute(text(_DECISIONS)).all())
    if dialect == "postgresql":  # each record was read, not each row
        rows.update((o, n) for o, n in connection.execute(text(_INDEXED)))
    for organisation_id in sorted(decisions.keys() | rows.keys()):
        indexed, stored = rows.get(organisation_id, 0), decisions.get(organisation_id, 0)
        if organisation_id not in broken and indexed != stored:
            yield chain.Problem(
                organisation_id,
                f"the search's index holds {indexed} rows for {stored} decisions: rows "
                "deleted or added behind the register's back",
            )


def _differs(
    decision_id: str, indexed: int | None, organisation_id: int | None, seq: int | None
) -> chain.Problem:
    if organisation_id is None:
        assert indexed is not None  # a row of the index, with no record
        return chain.Problem(
            indexed,
            f"the search's index names decision {decision_id}, which is not in the register "
            "(added behind the register's back)",
        )
    what = "has no row" if indexed is None else "differs from its record"
    return chain.Problem(
        organisation_id,
        f"the search's index of decision {decision_id} (entry {seq}) {what} (changed behind "
        "the register's back)",
    )


def declared(name: str | None, kind: str, _: object) -> bool:
    """Whether a name of the database is one the tables declare: all but the text index
    and (FTS5) its own tables, which its migration makes as each database needs them (an
    `include_name` for Alembic's comparisons)."""
    return kind != "table" or name is None or not name.startswith(NAME)


chain.DERIVED.append(problems)
