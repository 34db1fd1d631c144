"""Finding decision records: one by id, the corrections of one, and pages and counts of
those the filters match (`register.filters`)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal, TypeVar

from sqlalchemy import (
    JSON,
    BindParameter,
    ColumnElement,
    Connection,
    FromClause,
    Integer,
    Select,
    and_,
    bindparam,
    false,
    or_,
    select,
    type_coerce,
)

from sharewise.register.canonical import instant
from sharewise.register.decisions import texts
from sharewise.register.decisions.records import ListedDecision, StoredDecision, read_decision
from sharewise.register.entries import DECISION_COLUMNS, stored_entry
from sharewise.register.errors import OutOfReach, rejected
from sharewise.register.filters import DecisionFilters
from sharewise.register.tables import DecisionRecordRow, OrganisationRow, PersonRow, PractitionerRow

_TABLE = DecisionRecordRow.__table__
_NEWEST_FIRST = (_TABLE.c.recorded_at.desc(), _TABLE.c.id.desc())
Found = TypeVar("Found", StoredDecision, ListedDecision)


def decision(
    connection: Connection, record_id: str, within: Collection[str] | None = None
) -> StoredDecision:
    """A decision record; one of an organisation outside `within` is not there."""
    row = connection.execute(select(_TABLE).where(_TABLE.c.id == record_id)).first()
    entry = None if row is None else stored_decision(row._mapping)
    said = f"there is no record {record_id!r}", "the id of a stored record"
    if entry is None:
        raise rejected("id", *said)
    if within is not None and entry.record.organisation not in within:
        raise OutOfReach("id", *said)  # refused, and logged as such, but said alike
    return entry


def corrections_of(connection: Connection, record_id: str) -> list[StoredDecision]:
    """The records correcting `record_id`, oldest first: a record is never changed, so a
    reader of it must be told what put it right."""
    query = (
        select(_TABLE)
        .where(_TABLE.c.refers_to == record_id, _TABLE.c.kind == "correction")
        .order_by(_TABLE.c.recorded_at, _TABLE.c.id)
    )
    return [stored_decision(row._mapping) for row in connection.execute(query)]


def decisions(
    connection: Connection,
    filters: DecisionFilters,
    limit: int,
    offset: int = 0,
    before: tuple[str, str] | None = None,
    within: Collection[str] | None = None,
) -> list[StoredDecision]:
    """Decisions, newest first, filtered and paged: by `offset`, or after a page by
    `before`, the (recorded_at, id) of its last entry, which stays fast however deep.
    `within`: only these organisations'."""
    paged = (limit, offset, before)
    return _newest(connection, filters, paged, within, (stored_decision, False))


def listed_decisions(
    connection: Connection,
    filters: DecisionFilters,
    limit: int,
    before: tuple[str, str] | None = None,
    within: Collection[str] | None = None,
) -> list[ListedDecision]:
    """As `decisions`, paged by `before`, as the records page lists them: from their
    records' columns, without their bodies."""
    return _newest(connection, filters, (limit, 0, before), within, (ListedDecision.of, True))


def _newest(
    connection: Connection,
    filters: DecisionFilters,
    paged: tuple[int, int, tuple[str, str] | None],
    within: Collection[str] | None,
    reading: tuple[Callable[[Any], Found], bool],
) -> list[Found]:
    """A page of the decisions the filters match, newest first, each read from its row
    by `reading`'s function: whole records, or (`reading`'s flag) as a list shows them
    (`_read_from`)."""
    limit, offset, before = paged
    found, listed = reading
    codes = _codes(filters, within)
    page: dict[str, Any] = {"limit": limit, "offset": offset}
    if before:
        page |= {"before_at": before[0], "before_id": before[1]}
    if _by_the_index_alone(connection, filters, codes):
        if connection.dialect.name == "postgresql":
            assert codes is not None  # of one code, on PostgreSQL
            (code,) = codes
            values = {"code": code, **texts.words_given(filters.words), **page}

            def read(organisation: int) -> list[Found]:
                part = texts.part_of(organisation)
                query = _found(part, len(filters.words), bool(before), listed)
                return _read(connection, query, values | {"organisation": organisation}, found)

            return _by_its_id(connection, code, read)
        organisations = _ids(connection, codes)
        ids = texts.newest(connection, filters.words, organisations, paged)
        return _read(connection, _BY_IDS[listed], {"ids": ids}, found) if ids else []
    shape, values = _asked(connection, filters, codes, listed)
    return _read(connection, _page(shape, bool(before)), values | page, found)


def count_decisions(
    connection: Connection,
    filters: DecisionFilters,
    most: int,
    within: Collection[str] | None = None,
) -> int:
    """How many decisions match, counted up to `most`: more than that is `most + 1`, so
    that a count stays quick however many there are."""
    codes = _codes(filters, within)
    if _by_the_index_alone(connection, filters, codes):
        # From the index, which matches as the search does: counting by reading would
        # read a hundred records for each match of a word in 1% of them.
        return texts.counted(connection, filters.words, _ids(connection, codes), most)
    shape, values = _asked(connection, filters, codes, listed=False)
    return int(connection.execute(_counted(shape), values | {"most": most + 1}).scalar_one())


def _by_the_index_alone(
    connection: Connection, filters: DecisionFilters, codes: set[str] | None
) -> bool:
    """Whether the text index answers for these filters by itself: a search of
    organisations' records (of the organisations `codes`, every one if None), for words
    of three characters or more, and nothing else. On PostgreSQL, of one organisation's:
    its rows of the index are in order of their moments, not every organisation's
    together."""
    others = filters.model_dump(exclude={"organisation", "search"}, exclude_none=True)
    if not filters.words or others or any(len(w) < texts.SHORTEST for w in filters.words):
        return False  # a trigram index can say nothing of a word under three characters
    return connection.dialect.name == "sqlite" or (codes is not None and len(codes) == 1)


def _read(
    connection: Connection,
    query: Select[Any],
    values: dict[str, Any],
    found: Callable[[Any], Found],
) -> list[Found]:
    return [found(row._mapping) for row in connection.execute(query, values)]


def tell_the_person(
    connection: Connection,
    organisation: str,
    practitioner: str | None = None,
    due_by: date | None = None,
    limit: int = 200,
) -> list[StoredDecision]:
    """Decisions to share whose package says the person is still to be told (3.47): the
    organisation's, or one practitioner's, soonest first; with `due_by`, those due by
    then. A record since corrected is the correction's to say."""
    filters = DecisionFilters(organisation=organisation, practitioner=practitioner)
    shape, values = _asked(connection, filters, {organisation}, listed=False)
    query = _matching(shape)
    table = query.selected_columns
    later = _TABLE.alias("later")
    corrected = select(later.c.id).where(
        later.c.refers_to == table.id, later.c.kind == "correction"
    )
    tell_by = _TABLE.c.tell_by
    query = query.where(_TABLE.c.shared.is_(True), tell_by.is_not(None), ~corrected.exists())
    if due_by is not None:
        query = query.where(tell_by <= due_by.isoformat())
    query = query.order_by(tell_by, table.recorded_at, table.id).limit(limit)
    return _read(connection, query, values, stored_decision)


def stored_decision(row: Any) -> StoredDecision:
    return stored_entry("decision_records", row, read_decision)


@dataclass(frozen=True)
class _Shape:
    """What a list's statement is made of, without the values asked for: a statement is
    made once for each shape (`_matching`), and given the values each time (`_asked`).
    Made anew for each page, a statement cost SQLAlchemy more than the database's reading
    of the page: keying it to its compiled form, and mapping its columns again."""

    dialect: str
    organisations: Literal["every", "one", "some"]
    given: frozenset[str]  # the filters given, by the names of their values
    words: tuple[bool, ...]  # each word of a search: whether the body is tested first
    few: Literal["every", "few", "none"]  # on SQLite, which decisions a search reads (`_few`)
    listed: bool  # read as a list shows them, or whole (`_read_from`)


def _asked(
    connection: Connection, filters: DecisionFilters, codes: set[str] | None, listed: bool
) -> tuple[_Shape, dict[str, Any]]:
    """The shape of the statement the filters ask for, of the organisations `codes`
    (every one if None), and its values; `listed`, read as a list shows them."""
    values: dict[str, Any] = {
        name: value
        for name, value in (
            ("person", filters.person),
            ("practitioner", filters.practitioner),
            ("outcome", filters.outcome),
            ("shared", filters.shared),
            ("departs", filters.departs),
            ("starts", filters.starts and instant(filters.starts)),
            ("ends", filters.ends and instant(filters.ends)),
        )
        if value is not None
    }
    given = frozenset(values)
    organisations: Literal["every", "one", "some"] = "every"
    if codes is not None and len(codes) == 1:
        organisations, (values["code"],) = "one", codes
    elif codes is not None:
        organisations, values["codes"] = "some", sorted(codes)
    few, ids = _few(connection, filters.words, codes)
    if ids is not None:
        values["few"] = ids
    sqlite = connection.dialect.name == "sqlite"
    tested = tuple(sqlite and _in_the_body(word) for word in filters.words)
    shape = _Shape(connection.dialect.name, organisations, given, tested, few, listed)
    return shape, values | texts.words_given(filters.words)


@lru_cache(maxsize=256)
def _matching(shape: _Shape) -> Select[Any]:
    """The decisions a shape of filters asks for, unordered: its columns are those a
    `StoredDecision` or a `ListedDecision` is read from (`_read_from`), of the table or of
    the few a search's word is in."""
    table = {"every": _TABLE, "few": _FEW, "none": _NONE}[shape.few]
    query = select(*_read_from(table, shape.listed))
    one = None
    if shape.organisations == "one":
        # One organisation, as a practitioner reads: its id, and its person's and its
        # practitioner's (each unique in it), are equalities, so that each filter's page
        # is a range of an index, newest first, not a sort of every match. A person is
        # of the organisation already: their own index is the one to read.
        one = _ONE
        if "person" not in shape.given:
            query = query.where(table.c.organisation_id == one)
    elif shape.organisations == "some":
        query = query.where(table.c.organisation_id.in_(_IDS))
    for name, row, named_by, column in (
        ("person", PersonRow, PersonRow.reference, table.c.person_id),
        ("practitioner", PractitionerRow, PractitionerRow.code, table.c.recorded_by),
    ):
        if name not in shape.given:
            continue
        named = select(row.id).where(named_by == bindparam(name))
        if one is not None:
            query = query.where(column == named.where(row.organisation_id == one).scalar_subquery())
        else:
            query = query.where(column.in_(named))
    for name, column, compared in (
        ("outcome", table.c.outcome, operator.eq),
        ("shared", table.c.shared, operator.eq),
        ("departs", table.c.departs_from_recommendation, operator.eq),
        ("starts", table.c.recorded_at, operator.ge),
        ("ends", table.c.recorded_at, operator.le),
    ):
        if name in shape.given:
            query = query.where(compared(column, bindparam(name)))
    return query.where(*_holding(shape, table))


@lru_cache(maxsize=256)
def _page(shape: _Shape, after: bool) -> Select[Any]:
    """A page of what a shape of filters asks for, newest first: its values besides, the
    page's `limit` and `offset`, and `after` a page, the (`before_at`, `before_id`) of its
    last entry."""
    query = _matching(shape)
    columns = query.selected_columns
    return texts.newest_first(query, columns.recorded_at, columns.id, after)


@lru_cache(maxsize=256)
def _counted(shape: _Shape) -> Select[Any]:
    """How many decisions a shape of filters asks for, up to the value `most`."""
    query = _matching(shape)
    return texts.counting(query.with_only_columns(query.selected_columns.id))


@lru_cache(maxsize=texts.PARTS * 40)
def _found(part: int, words: int, after: bool, listed: bool) -> Select[Any]:
    """On PostgreSQL, a page of a search of one organisation's records and nothing else,
    from its part of the index (`texts.newest_on_postgresql`, whose values it takes),
    the organisation's id (`organisation`) checked against its `code`. The records are
    joined to the page by their ids, in its order: PostgreSQL then weighs no index of
    the records but their key (planning took a fifth less)."""
    newest = texts.newest_on_postgresql(part, words, after)
    page = newest.where(bindparam("organisation", type_=Integer) == _ONE).subquery()
    query = select(*_read_from(_TABLE, listed)).join_from(
        page, _TABLE, _TABLE.c.id == page.c.decision_id
    )
    return query.order_by(page.c.recorded_at.desc(), page.c.decision_id.desc())


def _by_its_id(
    connection: Connection, code: str, read: Callable[[int], list[Found]]
) -> list[Found]:
    """What `read` finds of the organisation `code`'s records by its id: on PostgreSQL,
    the id this connection found before, sparing a search's page a round trip (an
    organisation's id never changes: ids come from a sequence, and one with records
    cannot be removed). `read` checks the id against the code, so that a kept id never
    finds another organisation's records; when it finds none, the id is looked up again
    and, if it differs (a register made anew under a running process), read again."""
    known: dict[str, int] = connection.info.setdefault(_KNOWN, {})
    kept = known.get(code)
    found = [] if kept is None else read(kept)
    if found:
        return found
    fresh = next(iter(_ids(connection, {code}) or ()), None)
    known.pop(code, None)
    if fresh is not None and len(known) < _KNOWN_AT_MOST:
        known[code] = fresh
    return found if fresh in (None, kept) else read(fresh)


# Where a PostgreSQL connection keeps the ids of the organisations it read a search of,
# and how many at most (a register has a few hundred organisations at most).
_KNOWN = "sharewise_organisation_ids"
_KNOWN_AT_MOST = 5_000


def _by_ids(ids: BindParameter[Any], listed: bool) -> Select[Any]:
    """The decisions of these ids, newest first."""
    query = select(*_read_from(_TABLE, listed)).where(_TABLE.c.id.in_(ids))
    return query.order_by(*_NEWEST_FIRST)


def _read_from(table: FromClause, listed: bool) -> list[ColumnElement[Any]]:
    """The columns a `StoredDecision` is read from: not those verify reads besides (the
    previous hash, the seal), which a list need not fetch and map. `listed`, those a
    `ListedDecision` is: no body, and the codes of the organisation and the person."""
    if not listed:
        return [table.c[name] for name in DECISION_COLUMNS]
    organisation = select(OrganisationRow.code).where(OrganisationRow.id == table.c.organisation_id)
    person = select(PersonRow.reference).where(PersonRow.id == table.c.person_id)
    return [
        table.c.id,
        table.c.recorded_at,
        organisation.scalar_subquery().label("organisation"),
        person.scalar_subquery().label("person"),
        table.c.outcome,
        table.c.shared,
        table.c.urgent_safeguarding,
    ]


# Made once for each way of reading: a statement of the same shape is compiled once,
# whatever its ids.
_BY_IDS = {listed: _by_ids(bindparam("ids", expanding=True), listed) for listed in (False, True)}


def _codes(filters: DecisionFilters, within: Collection[str] | None) -> set[str] | None:
    """The codes of the organisations whose records the filters may find: None, every
    one."""
    codes = None if within is None else set(within)
    if filters.organisation:
        codes = {filters.organisation} & (codes if codes is not None else {filters.organisation})
    return codes


def _ids(connection: Connection, codes: set[str] | None) -> frozenset[int] | None:
    if codes is None:
        return None
    return frozenset(connection.execute(_IDS, {"codes": sorted(codes)}).scalars())


# The ids of the organisations of the codes `codes`; the id of the one of the code `code`.
_IDS = select(OrganisationRow.id).where(
    OrganisationRow.code.in_(bindparam("codes", expanding=True))
)
_ONE = select(OrganisationRow.id).where(OrganisationRow.code == bindparam("code")).scalar_subquery()


def _few(
    connection: Connection, words: list[str], codes: set[str] | None
) -> tuple[Literal["every", "few", "none"], list[str] | None]:
    """Which decisions a search of the organisations `codes` (every one if None) reads,
    and, of a few, their ids: every one, or on SQLite, where the text index knows a word
    of the search to be in few of those organisations' records (or none), those few.
    Read first, by their ids: a plan that walked an index newest first (as every other
    page does) would test each record of the organisation against them. A word in many
    is found soonest that way. PostgreSQL's planner makes that choice itself, from its
    statistics of the index's text (`_holding`)."""
    if not words or connection.dialect.name == "postgresql":
        return "every", None
    organisations = _ids(connection, codes)
    fewest: list[str] | None = None
    for word in words:
        ids = texts.holding(connection, word, organisations)
        if ids is not None and (fewest is None or len(ids) < len(fewest)):
            fewest = ids
        if fewest == []:
            return "none", None
    return ("every", None) if fewest is None else ("few", fewest)


# Made once: a statement of the same shape is compiled once, whatever its ids.
_FEW = (
    select(_TABLE)
    .where(_TABLE.c.id.in_(bindparam("few", expanding=True)))
    .cte("few")
    .prefix_with("MATERIALIZED")
)
_NONE = select(_TABLE).where(false()).cte("none")


def _holding(shape: _Shape, table: FromClause) -> list[ColumnElement[bool]]:
    """Each word of a search (its values `texts.words_given`) in the purpose or the
    reasons of a decision of `table`: on PostgreSQL, in the text index's row for it (the
    same text, in lower case); on SQLite, in the body, since FTS5 finds no row by its
    decision."""
    if shape.dialect == "postgresql":
        return [texts.holds(table, place) for place in range(len(shape.words))]
    document = type_coerce(table.c.body, JSON)  # read as it is: a CAST would make it a number
    purpose = document["facts", "purpose"].as_string()
    reasons = document["decision", "reasons"].as_string()
    held = []
    for place, tested in enumerate(shape.words):
        word = texts.word(place)
        either = or_(purpose.icontains(word, escape="\\"), reasons.icontains(word, escape="\\"))
        # First, quickly: in the body's text at all (`_in_the_body`).
        held.append(and_(table.c.body.icontains(word, escape="\\"), either) if tested else either)
    return held


def _in_the_body(word: str) -> bool:
    """Whether a word can be looked for in a body's text, as a quick first test: reading
    a text out of the JSON of every row is what makes a search of a rare word slow (a
    million decisions: seconds); a row without the word anywhere need not be read so.
    Sound only for a word JSON writes as it is (the body is canonical JSON, not
    ASCII-escaped: only quotes, backslashes and control characters are escaped)."""
    return '"' not in word and "\\" not in word and word.isprintable()
