"""Finding decision records: one by id, the corrections of one, and pages and counts of
those the filters match (`register.filters`)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    FromClause,
    Select,
    and_,
    bindparam,
    false,
    func,
    or_,
    select,
    tuple_,
    type_coerce,
)

from sharewise.register.canonical import instant
from sharewise.register.decisions import texts
from sharewise.register.decisions.records import StoredDecision, read_decision
from sharewise.register.entries import stored_entry
from sharewise.register.errors import OutOfReach, rejected
from sharewise.register.filters import DecisionFilters
from sharewise.register.tables import DecisionRecordRow, OrganisationRow, PersonRow, PractitionerRow

_TABLE = DecisionRecordRow.__table__
_NEWEST_FIRST = (_TABLE.c.recorded_at.desc(), _TABLE.c.id.desc())


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
    codes, page = _codes(filters, within), (limit, offset, before)
    if _by_the_index_alone(connection, filters, codes):
        organisations = _ids(connection, codes)
        if connection.dialect.name == "postgresql":
            assert organisations is not None  # of one code, on PostgreSQL
            if not organisations:  # no organisation has it
                return []
            (organisation,) = organisations
            return _by_id(connection, texts.newest_on_postgresql(filters.words, organisation, page))
        return _by_id(connection, texts.newest(connection, filters.words, organisations, page))
    query = _matching(connection, filters, within)
    columns = query.selected_columns
    if before:
        query = query.where(tuple_(columns.recorded_at, columns.id) < tuple_(*before))
    order = (columns.recorded_at.desc(), columns.id.desc())
    query = query.order_by(*order).limit(limit).offset(offset)
    return [stored_decision(row._mapping) for row in connection.execute(query)]


def _by_id(connection: Connection, ids: list[str] | Select[Any]) -> list[StoredDecision]:
    """The decisions of these ids (or of the ids a query finds), newest first."""
    if isinstance(ids, list) and not ids:
        return []
    query = select(_TABLE, OrganisationRow.code).join(
        OrganisationRow, OrganisationRow.id == _TABLE.c.organisation_id
    )
    query = query.where(_TABLE.c.id.in_(ids)).order_by(*_NEWEST_FIRST)
    return [stored_decision(row._mapping) for row in connection.execute(query)]


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
    query = _matching(connection, filters, within)
    found = query.with_only_columns(query.selected_columns.id)
    counted = select(func.count()).select_from(found.limit(most + 1).subquery())
    return int(connection.execute(counted).scalar_one())


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
    tell_by = _TABLE.c.tell_by
    later = _TABLE.alias("later")
    corrected = select(later.c.id).where(
        later.c.refers_to == _TABLE.c.id, later.c.kind == "correction"
    )
    query = _matching(
        connection, DecisionFilters(organisation=organisation, practitioner=practitioner)
    ).where(_TABLE.c.shared.is_(True), tell_by.is_not(None), ~corrected.exists())
    if due_by is not None:
        query = query.where(tell_by <= due_by.isoformat())
    query = query.order_by(tell_by, _TABLE.c.recorded_at, _TABLE.c.id).limit(limit)
    return [stored_decision(row._mapping) for row in connection.execute(query)]


def stored_decision(row: Any) -> StoredDecision:
    return stored_entry("decision_records", row, read_decision)


def _matching(
    connection: Connection, filters: DecisionFilters, within: Collection[str] | None = None
) -> Select[Any]:
    """The decisions these filters ask for, of the organisations `within` (every one if
    None), with their organisation's code; unordered. Its columns are the decisions'
    (`selected_columns`), read from the table or from the few a search's word is in."""
    codes = _codes(filters, within)
    table, few = _few(connection, filters.words, codes)
    query = select(table, OrganisationRow.code).join(
        OrganisationRow, OrganisationRow.id == table.c.organisation_id
    )
    one = None
    if codes is not None and len(codes) == 1:
        # One organisation, as a practitioner reads: its id, and its person's and its
        # practitioner's (each unique in it), are equalities, so that each filter's page
        # is a range of an index, newest first, not a sort of every match. A person is
        # of the organisation already: their own index is the one to read.
        one = select(OrganisationRow.id).where(OrganisationRow.code == codes.pop())
        if not filters.person:
            query = query.where(table.c.organisation_id == one.scalar_subquery())
    elif codes is not None:
        query = query.where(OrganisationRow.code.in_(sorted(codes)))
    for code, row, named_by, column in (
        (filters.person, PersonRow, PersonRow.reference, table.c.person_id),
        (filters.practitioner, PractitionerRow, PractitionerRow.code, table.c.recorded_by),
    ):
        if code is None:
            continue
        named = select(row.id).where(named_by == code)
        if one is not None:
            named = named.where(row.organisation_id == one.scalar_subquery())
            query = query.where(column == named.scalar_subquery())
        else:
            query = query.where(column.in_(named))
    if filters.outcome:
        query = query.where(table.c.outcome == filters.outcome)
    if filters.shared is not None:
        query = query.where(table.c.shared == filters.shared)
    if filters.departs is not None:
        query = query.where(table.c.departs_from_recommendation == filters.departs)
    if filters.starts:
        query = query.where(table.c.recorded_at >= instant(filters.starts))
    if filters.ends:
        query = query.where(table.c.recorded_at <= instant(filters.ends))
    if filters.words:
        query = query.where(*_holding(connection.dialect.name, table, filters.words))
    return query.params(few) if few else query


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
    named = select(OrganisationRow.id).where(OrganisationRow.code.in_(sorted(codes)))
    return frozenset(connection.execute(named).scalars())


def _few(
    connection: Connection, words: list[str], codes: set[str] | None
) -> tuple[FromClause, dict[str, Any]]:
    """The decisions a search of the organisations `codes` (every one if None) reads,
    and the parameters that say which: every one, or on SQLite, where the text index
    knows a word of the search to be in few of those organisations' records (or none),
    those few. Read first, by their ids: a plan that walked an index newest first (as
    every other page does) would test each record of the organisation against them. A
    word in many is found soonest that way. PostgreSQL's planner makes that choice
    itself, from its statistics of the index's text (`_holding`)."""
    if not words or connection.dialect.name == "postgresql":
        return _TABLE, {}
    organisations = _ids(connection, codes)
    fewest: list[str] | None = None
    for word in words:
        ids = texts.holding(connection, word, organisations)
        if ids is not None and (fewest is None or len(ids) < len(fewest)):
            fewest = ids
        if fewest == []:
            return _NONE, {}
    return (_TABLE, {}) if fewest is None else (_FEW, {"few": fewest})


# Made once: a statement of the same shape is compiled once, whatever its ids.
_FEW = (
    select(_TABLE)
    .where(_TABLE.c.id.in_(bindparam("few", expanding=True)))
    .cte("few")
    .prefix_with("MATERIALIZED")
)
_NONE = select(_TABLE).where(false()).cte("none")


def _holding(dialect: str, table: FromClause, words: list[str]) -> list[ColumnElement[bool]]:
    """Each word in the purpose or the reasons of a decision of `table`: on PostgreSQL, in
    the text index's row for it (the same text, in lower case); on SQLite, in the body,
    since FTS5 finds no row by its decision."""
    if dialect == "postgresql":
        return [texts.holds(table, word) for word in words]
    document = type_coerce(table.c.body, JSON)  # read as it is: a CAST would make it a number
    purpose = document["facts", "purpose"].as_string()
    reasons = document["decision", "reasons"].as_string()
    return [
        and_(
            *_in_the_body(table, word),
            or_(
                purpose.icontains(word, autoescape=True),
                reasons.icontains(word, autoescape=True),
            ),
        )
        for word in words
    ]


def _in_the_body(table: FromClause, word: str) -> list[ColumnElement[bool]]:
    """A quick first test of a word: in the body's text at all. Reading a text out of
    the JSON of every row is what makes a search of a rare word slow (a million decisions:
    seconds); a row without the word anywhere need not be read so. Sound only for a word
    JSON writes as it is (the body is canonical JSON, not ASCII-escaped: only quotes,
    backslashes and control characters are escaped)."""
    if '"' in word or "\\" in word or not word.isprintable():
        return []
    return [table.c.body.icontains(word, autoescape=True)]
