"""The decision filters, defined once (DecisionFilters): what they accept and refuse, and
what the register finds with them, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import select, text

from sharewise.engine.errors import fact_errors
from sharewise.register.decisions import queries, texts
from sharewise.register.decisions.records import ListedDecision, StoredDecision
from sharewise.register.errors import RecordRejected
from sharewise.register.filters import MOST_WORDS, DecisionFilters
from sharewise.register.store import Register
from sharewise.register.tables import OrganisationRow
from tests.conftest import TEST_DATABASE_URL
from tests.monitoring_helpers import Clock, clock  # noqa: F401 (a fixture)
from tests.register.helpers import decision, not_sharing

UNTIL_BEFORE_FROM = "The 'until' date must be the same as or after the 'from' date"


def as_listed(entries: list[StoredDecision]) -> list[ListedDecision]:
    """What the records page should list of these records, as their bodies say it: the
    list itself is read from their columns and the codes those name."""
    return [
        ListedDecision(
            e.id,
            e.recorded_at,
            e.record.organisation,
            e.record.person,
            e.record.assessment.outcome,
            e.record.decision.share,
            e.record.assessment.urgent_safeguarding,
        )
        for e in entries
    ]


def refused(**given: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        DecisionFilters.model_validate(given)
    return {e.field: e.problem for e in fact_errors(raised.value, DecisionFilters)}


def test_an_until_before_the_from_is_refused_naming_until() -> None:
    assert refused(since="2026-11-06", until="2026-11-05") == {
        "until": UNTIL_BEFORE_FROM[:1].lower() + UNTIL_BEFORE_FROM[1:]
    }
    with pytest.raises(ValidationError, match=UNTIL_BEFORE_FROM):
        DecisionFilters(since=datetime(2026, 11, 5, 10, tzinfo=UTC), until=date(2026, 11, 4))
    # The same day, or a moment later that day, is the same date.
    DecisionFilters(since=date(2026, 11, 5), until=date(2026, 11, 5))
    DecisionFilters(since="2026-11-05T10:00:00Z", until="2026-11-05")


def test_a_date_alone_is_the_whole_day_and_a_moment_without_a_zone_is_utc() -> None:
    day = DecisionFilters(since="2026-11-05", until="2026-11-05")
    assert day.since == day.until == date(2026, 11, 5)
    assert day.starts == datetime.combine(date(2026, 11, 5), time.min).astimezone()
    assert day.ends == datetime.combine(date(2026, 11, 5), time.max).astimezone()
    moment = DecisionFilters(since="2026-11-05T10:00:00", until="2026-11-05 11:00:00+01:00")
    assert moment.starts == datetime(2026, 11, 5, 10, tzinfo=UTC)
    assert moment.ends == datetime(2026, 11, 5, 10, tzinfo=UTC)


def test_what_is_not_a_filter_is_refused_with_what_is_allowed() -> None:
    assert refused(since="last week", until="2026-13-01", outcome="maybe", colour="red") == {
        "since": "is not a real date or moment",
        "until": "is not a real date or moment",
        "outcome": "the text 'maybe' is not allowed",
        "colour": "is not a known field",
    }
    assert "search" in refused(search=" ".join(["word"] * (MOST_WORDS + 1)))
    assert "person" in refused(person="two words")


def test_the_filters_go_into_a_query_and_come_back_the_same() -> None:
    filters = DecisionFilters(
        organisation="council",
        shared=False,
        since=date(2026, 11, 5),
        until=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        search="housing  help",
    )
    query = filters.as_query()
    assert query == {
        "organisation": "council",
        "shared": "false",
        "since": "2026-11-05",
        "until": "2026-12-01T09:30:00+00:00",
        "search": "housing  help",
    }
    assert DecisionFilters.model_validate(query) == filters
    assert DecisionFilters().as_query() == {}


# --- in the register ---------------------------------------------------------------------


def _decide(area: Register, purpose: str, reasons: str, **changes: Any) -> str:
    document = decision(**changes)
    document["facts"]["purpose"] = purpose
    document["decision"]["reasons"] = reasons
    return area.record_decision(document).id


def test_a_search_finds_every_word_in_the_purpose_or_the_reasons(area: Register) -> None:
    housing = _decide(area, "Housing support", "Her father agreed at the first visit.")
    school = _decide(area, "Early help assessment", "The SCHOOL asked; her father agreed.")
    both = _decide(area, "School place", "The housing officer needs it to 50% of the plan.")
    nothing = area.record_decision(not_sharing(person="SAM")).id

    def found(search: str) -> list[str]:
        return [e.id for e in area.iter_decisions(DecisionFilters(search=search))]

    assert found("housing") == [both, housing]  # newest first, purpose or reasons
    assert found("school") == [both, school]  # in any case
    assert found("HOUSING school") == [both]  # every word, each in either
    assert found("father") == [school, housing]
    assert found("50%") == [both] and found("5_%") == []  # LIKE's wildcards are text
    assert found("plan") == [both] and found("clear purpose") == [nothing]
    assert found("nowhere") == []
    assert found("housing") == [e.id for e in area.decisions(search="housing")]


def test_a_word_elsewhere_in_the_record_or_written_escaped_is_found_as_before(
    area: Register,
) -> None:
    """A search first asks whether the word is in the record's text at all: a word in
    another of its answers is still not a match, and a word JSON escapes (a quote, a
    backslash) is still found in the purpose or the reasons."""
    quoted = _decide(area, 'The "Bridge" project', r"Filed under C:\cases as agreed.")
    plain = _decide(area, "Housing support", "Agreed.")

    def found(search: str) -> list[str]:
        return [e.id for e in area.iter_decisions(DecisionFilters(search=search))]

    assert found('"bridge"') == [quoted] and found("c:\\cases") == [quoted]
    assert found("bridge") == [quoted] and found("housing") == [plain]
    # What was shared, and with whom, is in each record, not in its purpose or reasons.
    assert found("visitor") == [] and found("secure") == []


def test_a_search_pages_through_its_matches_alone(area: Register) -> None:
    """The search is made in the query, so a page of matches is a whole page, however
    many records that do not match come between them."""
    matches = []
    for n in range(7):
        matches.append(_decide(area, f"Housing {n}", "Agreed."))
        for _ in range(3):
            _decide(area, "Early help", "Agreed.")
    filters = DecisionFilters(search="housing")
    first = area.decisions(filters, limit=3)
    assert [e.id for e in first] == matches[::-1][:3]
    second = area.decisions(filters, limit=3, before=(first[-1].recorded_at, first[-1].id))
    assert [e.id for e in second] == matches[::-1][3:6]
    assert [e.id for e in area.iter_decisions(filters, batch=2)] == matches[::-1]
    assert area.count_decisions(filters) == 7


# With a filter it does not know, the text index says which records hold a word when few
# do; past `texts.MOST` (and for a word under three characters) the newest records are
# read first. A search and nothing else is read from the index, newest first. Each path,
# each shape.
PATHS = pytest.mark.parametrize("most", [texts.MOST, 1, 0], ids=["index", "one", "newest"])


ALPHABET = 'abcAB %_\\"é'


@PATHS
def test_a_search_finds_the_same_by_the_index_or_by_reading(
    area: Register, monkeypatch: pytest.MonkeyPatch, most: int
) -> None:
    monkeypatch.setattr(texts, "MOST", most)
    rng = random.Random(most)
    stored = {}
    for _ in range(12):
        purpose, reasons = ("".join(rng.choices(ALPHABET, k=rng.randint(3, 12))) for _ in "pr")
        stored[_decide(area, purpose.strip() or "x", reasons.strip() or "y")] = (
            f"{purpose.strip() or 'x'}\n{reasons.strip() or 'y'}".lower()
        )
    pieces = sorted(
        {text[i : i + n] for text in stored.values() for n in (1, 3, 4) for i in range(len(text))}
    )
    pieces = [p for p in pieces if p.strip() == p and p.isprintable() and p]

    @settings(max_examples=40, deadline=None)
    @given(
        st.lists(
            st.one_of(st.sampled_from(pieces), st.text(ALPHABET.strip(), min_size=1, max_size=4)),
            min_size=1,
            max_size=2,
        )
    )
    def search(words: list[str]) -> None:
        words = [w for w in words if w.split() == [w]] or ["abc"]
        expected = [
            i for i, text in reversed(stored.items()) if all(w.lower() in text for w in words)
        ]
        search = " ".join(words)
        for filters in (  # alone, of one organisation, with a filter the index does not know
            DecisionFilters(search=search),
            DecisionFilters(search=search, organisation="council"),
            DecisionFilters(search=search, shared=True),
        ):
            assert [e.id for e in area.iter_decisions(filters)] == expected
            assert area.count_decisions(filters) == len(expected)
            listed = area.listed_decisions(filters, limit=len(expected) + 1)
            assert [e.id for e in listed] == expected

    search()


def test_a_count_agrees_with_the_list_whatever_the_letters(area: Register) -> None:
    """The count of a search comes from the text index on SQLite, the list from the
    records: both match letters as the database lowers them (SQLite, ASCII alone)."""
    _decide(area, "École Saint-Étienne", "ÉTÉ ÇA VA, été ça va.")
    for search in ("école", "ÉCOLE", "école", "étienne", "été", "ÉTÉ", "ça va", "ÇA"):
        filters = DecisionFilters(search=search)
        assert area.count_decisions(filters) == len(area.decisions(filters)), search


@PATHS
def test_a_search_finds_the_records_of_the_organisations_it_may_read_alone(
    area: Register, monkeypatch: pytest.MonkeyPatch, most: int
) -> None:
    """The index knows each decision's organisation: a search of one organisation's
    records (as a practitioner's is) names theirs, however many another holds."""
    monkeypatch.setattr(texts, "MOST", most)
    area.add_person("trust", "TIA", "Tia", "Hill", date(date.today().year - 10, 1, 1))
    council = [_decide(area, "Housing support", "Agreed.") for _ in range(2)]
    trust = [
        _decide(area, "Housing", "Agreed.", organisation="trust", practitioner="pat", person="TIA")
        for _ in range(3)
    ]

    def found(*within: str, **filters: str) -> list[str]:
        search = DecisionFilters(search="HOUSING", **filters)
        readable = frozenset(within) or None
        ids = [e.id for e in area.decisions(search, within=readable)]
        assert area.count_decisions(search, within=readable) == len(ids)
        assert area.count_decisions(search, most=1, within=readable) == min(len(ids), 2)
        return ids

    assert found("council") == council[::-1] and found("trust") == trust[::-1]
    assert found("council", "trust") == found() == (council + trust)[::-1]
    assert found("council", organisation="trust") == [] and found("police") == []
    assert found(organisation="trust") == trust[::-1]
    if area.engine.dialect.name == "sqlite" and most:  # what the index itself names
        with area.engine.connect() as connection:
            ids = dict(connection.execute(select(OrganisationRow.code, OrganisationRow.id)).all())
            named = texts.holding(connection, "housing", {ids["trust"]})
            assert sorted(named or []) == (sorted(trust) if most >= 3 else [])


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # PostgreSQL's planner
def test_a_word_in_many_records_is_looked_up_in_the_index_once(
    area: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register only grows: a word once in more records than the index names stays
    so, and its search with a filter the index does not know reads the newest records
    first without asking the index again; a word in few is asked of the index each
    time. A search alone reads its page from the index, however many hold the word."""
    monkeypatch.setattr(texts, "MOST", 1)
    asked: list[str] = []
    real = texts._match
    monkeypatch.setattr(texts, "_match", lambda words: asked.extend(words) or real(words))
    many = [_decide(area, "Housing support", "Agreed."), _decide(area, "Housing", "Agreed.")]
    one = _decide(area, "Early help", "Agreed by her grandmother.")
    for search, expected in (("HOUSING", many[::-1]), ("grandmother", [one])):
        for _ in range(3):
            for filters in (
                DecisionFilters(search=search),
                DecisionFilters(search=search, outcome="share"),
            ):
                assert [e.id for e in area.decisions(filters)] == expected
    assert asked.count("HOUSING") == 3 + 1  # each page alone; with the outcome, once
    assert asked.count("grandmother") == 3 + 3
    for _ in range(3):  # a count past its bound stays so; one within it may grow
        assert area.count_decisions(DecisionFilters(search="housing"), most=1) == 2
        assert area.count_decisions(DecisionFilters(search="grandmother"), most=1) == 1
    assert asked.count("housing") == 1 and asked.count("grandmother") == 6 + 3


@pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL: set SHAREWISE_TEST_DATABASE_URL"
)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_each_search_is_planned_for_its_words(area: Register) -> None:
    """On PostgreSQL a statement run five times is prepared, and its plan must still be
    made for each search's words: a plan for any word would read every record of the
    organisation for a word in none, or every match of a word in most."""
    area.record_decision(decision())
    council = frozenset({"council"})
    with area.engine.connect() as connection:
        for word in ("father", "zebra", "agreed", "visit") * 5:
            filters = DecisionFilters(search=word)
            queries.count_decisions(connection, filters, 500, council)
            queries.decisions(connection, filters, 25, within=council)
        planned = (  # of statements with values: one without has but the one plan
            "SELECT sum(generic_plans), sum(custom_plans) FROM pg_prepared_statements "
            "WHERE cardinality(parameter_types) > 0"
        )
        generic, custom = connection.execute(text(planned)).one()
        # A page read at random judged as dear as one read in turn (not four times):
        # else a word in 3% of the records is counted by reading them in turn.
        assert connection.execute(text("SHOW random_page_cost")).scalar_one() == "1.1"
    assert generic == 0 and custom >= 2 * 15  # the count and the page, each prepared after 5


@pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL: set SHAREWISE_TEST_DATABASE_URL"
)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_page_and_a_count_are_read_outside_a_transaction(
    area: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL each statement of a page or a count stands alone: no round trip is
    spent beginning or ending a transaction around them. Writes still have theirs."""
    left_in: list[str] = []

    def watched(read: Any) -> Any:
        def reading(connection: Any, *args: Any) -> Any:
            found = read(connection, *args)
            left_in.append(connection.connection.driver_connection.info.transaction_status.name)
            return found

        return reading

    for name in ("decisions", "count_decisions"):
        monkeypatch.setattr(queries, name, watched(getattr(queries, name)))
    stored = _decide(area, "Housing support", "Her father agreed.")
    for filters in (DecisionFilters(), DecisionFilters(search="father", organisation="council")):
        assert [e.id for e in area.decisions(filters)] == [stored]
        assert area.count_decisions(filters) == 1
    assert left_in == ["IDLE"] * 4  # not INTRANS: no transaction was begun
    with area.writing() as connection:
        connection.execute(select(1))
        assert connection.connection.driver_connection.info.transaction_status.name == "INTRANS"


# On PostgreSQL, each way the planner may read an organisation's part of the index: the
# part in turn (or the index of its moments), the lists of the trigram index (GIN), the
# tree of its trigrams (GiST), each by forbidding the others.
WAYS = {
    "in turn": ("enable_bitmapscan", "enable_indexscan"),
    "lists": ("enable_seqscan", "enable_indexscan"),
    "tree": ("enable_seqscan", "enable_bitmapscan"),
}


@pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL: set SHAREWISE_TEST_DATABASE_URL"
)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("way", WAYS)
def test_each_way_of_reading_the_index_finds_the_same(area: Register, way: str) -> None:
    """A search of one organisation's records, its page and its count, whichever way its
    part is read: each index answers LIKE's pattern as the records are matched, the
    characters it escapes too."""
    stored = {
        _decide(area, purpose, reasons): f"{purpose}\n{reasons}".lower()
        for purpose, reasons in (
            ("Housing support", "Her father agreed: 50% of the plan."),
            ("Early help", "The school_nurse asked; her FATHER agreed."),
            ("School place", "Back\\slash and 100 percent."),
            ("Housing", "Agreed at the first visit."),
        )
    }
    part = texts.PART_NAMES[1]  # the council's
    council = frozenset({"council"})
    with area.engine.connect() as connection:
        for setting in WAYS[way]:
            connection.execute(text(f"SET {setting} = off"))
        for word in ("father", "housing", "50%", "0%", "l_n", "_nurse", "k\\s", "zebra", "agr"):
            expected = [i for i, words in reversed(stored.items()) if word.lower() in words]
            filters = DecisionFilters(search=word)
            page = queries.decisions(connection, filters, 25, within=council)
            assert [e.id for e in page] == expected, word
            listed = queries.listed_decisions(connection, filters, 25, within=council)
            assert listed == as_listed(page), word
            assert queries.count_decisions(connection, filters, 500, council) == len(expected)
            assert texts.counted(connection, [word], [1], 500) == len(expected)
        counting = texts._counted_in(texts.part_of(1), 1).params(
            organisation=1, most=501, **texts.words_given(["father"])
        )
        literal = counting.compile(connection, compile_kwargs={"literal_binds": True})
        read = "\n".join(connection.execute(text(f"EXPLAIN {literal}")).scalars())
        indexes = dict(connection.execute(text(_PARTS_INDEXES), {"part": part}).all())
    assert {
        "in turn": f"Seq Scan on {part}",
        "lists": f"Bitmap Index Scan on {indexes['ix_decision_texts_words']}",
        "tree": f"Index Scan using {indexes['ix_decision_texts_trigrams']} on {part}",
    }[way] in read


@pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL: set SHAREWISE_TEST_DATABASE_URL"
)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_kept_id_never_shows_another_organisations_records(area: Register) -> None:
    """On PostgreSQL a connection keeps the id of each organisation it read a search's
    page of. Kept wrong (as if the register were made anew under a running process), a
    page still finds the organisation's own records, by its id looked up again, and
    never those of the organisation the kept id names."""
    council = area.record_decision(decision()).id
    trust = area.record_decision(decision(organisation="trust", practitioner="pat", person=None))
    filters = DecisionFilters(search="father")
    with area.engine.connect() as connection:
        ids = dict(connection.execute(select(OrganisationRow.code, OrganisationRow.id)).all())

        def page(code: str, search: DecisionFilters = filters) -> list[str]:
            ids = [e.id for e in queries.decisions(connection, search, 25, within={code})]
            listed = queries.listed_decisions(connection, search, 25, within={code})
            assert [e.id for e in listed] == ids
            return ids

        assert page("council") == [council] and page("trust") == [trust.id]
        known = connection.info["sharewise_organisation_ids"]
        assert known == {"council": ids["council"], "trust": ids["trust"]}
        for wrong in (ids["trust"], 999):
            known["council"] = wrong
            assert page("council") == [council]
            assert known["council"] == ids["council"]
        known["council"] = ids["trust"]
        assert page("council", DecisionFilters(search="zebra")) == []
        assert known["council"] == ids["council"]
        assert page("nobody") == [] and "nobody" not in known


# The name of each index of the whole table, and of its index of one part.
_PARTS_INDEXES = (
    "SELECT i.inhparent::regclass::text, i.inhrelid::regclass::text FROM pg_inherits i "
    "JOIN pg_index x ON x.indexrelid = i.inhrelid WHERE x.indrelid = CAST(:part AS regclass)"
)


def test_every_shape_of_filters_finds_what_reading_each_record_finds(
    area: Register,
    clock: Clock,  # noqa: F811
) -> None:
    """Each filter, alone and with any others, of the organisations a reader may read (or
    every one): the page, the page after it and the count are those of reading each
    record and testing it. A list's statement is made once for each shape of filters
    and given its values each time: one shape's values must never leak into another's."""
    area.add_person("trust", "TIA", "Tia", "Green", date(2012, 2, 2))
    start = datetime.now(UTC) + timedelta(minutes=1)  # a chain's moments never go back
    documents = [
        decision(),
        not_sharing(person="SAM", practitioner="al"),
        _departing(person="SAM", reasons="Her father said no."),
        decision(organisation="trust", practitioner="pat", person="TIA"),
        _departing(practitioner="al", reasons="Agreed: no."),
        decision(organisation="trust", practitioner="pat", person=None),
        decision(practitioner="al", person="LEE"),
    ]
    for day, document in enumerate(documents):
        clock.at = start + timedelta(days=3 * day)
        area.record_decision(document)
    stored = area.decisions(limit=100)
    days = sorted({datetime.fromisoformat(e.recorded_at).astimezone().date() for e in stored})

    def found(filters: DecisionFilters, within: set[str] | None) -> list[str]:
        starts, ends, words = filters.starts, filters.ends, filters.words
        return [
            e.id
            for e in stored
            if (within is None or e.record.organisation in within)
            and filters.organisation in (None, e.record.organisation)
            and filters.person in (None, e.record.person)
            and filters.practitioner in (None, e.record.practitioner)
            and filters.outcome in (None, e.outcome)
            and filters.shared in (None, e.shared)
            and filters.departs in (None, e.record.departs_from_recommendation)
            and (starts is None or datetime.fromisoformat(e.recorded_at) >= starts)
            and (ends is None or datetime.fromisoformat(e.recorded_at) <= ends)
            and all(
                w.lower() in f"{e.record.facts.purpose}\n{e.record.decision.reasons}".lower()
                for w in words
            )
        ]

    def some(*values: Any) -> st.SearchStrategy[Any]:
        return st.sampled_from([None, *values])

    @settings(max_examples=80, deadline=None)
    @given(
        st.fixed_dictionaries(
            {
                "organisation": some("council", "trust", "police"),
                "person": some("AMY", "SAM", "TIA", "NOBODY"),
                "practitioner": some("jo", "al", "pat"),
                "outcome": some(*sorted({e.outcome for e in stored}), "share_without_consent"),
                "shared": some(True, False),
                "departs": some(True, False),
                "since": some(*days),
                "until": some(*days),
                "search": some("father", "agreed", "early help", "zebra", "no"),
            }
        ),
        some({"council"}, {"trust"}, {"council", "trust"}, set()),
    )
    def listed(given: dict[str, Any], within: set[str] | None) -> None:
        if given["since"] and given["until"] and given["since"] > given["until"]:
            given["since"], given["until"] = given["until"], given["since"]
        filters = DecisionFilters(**given)
        expected = found(filters, within)
        page = area.decisions(filters, limit=2, within=within)
        assert [e.id for e in page] == expected[:2]
        assert area.listed_decisions(filters, limit=2, within=within) == as_listed(page)
        if page:
            after = (page[-1].recorded_at, page[-1].id)
            later = area.decisions(filters, limit=2, before=after, within=within)
            assert [e.id for e in later] == expected[2:4]
            listed = area.listed_decisions(filters, limit=2, before=after, within=within)
            assert listed == as_listed(later)
        assert [e.id for e in area.decisions(filters, limit=3, offset=1, within=within)] == (
            expected[1:4]
        )
        assert area.count_decisions(filters, most=3, within=within) == min(len(expected), 4)

    listed()


def _departing(reasons: str, **changes: Any) -> dict[str, Any]:
    """A decision not to share where the guidance recommends sharing."""
    document = not_sharing(**changes)
    document["facts"] = decision()["facts"]
    document["decision"] |= {"reasons": reasons, "departure": "The family has since moved."}
    return document


def test_a_search_pages_in_order_through_decisions_of_one_moment(
    area: Register,
    clock: Clock,  # noqa: F811
) -> None:
    """On SQLite the index numbers its rows by their decision's moment, and those of one
    microsecond after it; on PostgreSQL an organisation's rows are read in order of
    their moments and ids: pages of a search, by offset or after a page, come in the
    list's order (the moment, then the id), wherever a page ends among decisions of one
    moment, across a second, and past records the search does not match."""
    # Ahead of what the area recorded: a chain's moments never go back.
    start = datetime.now(UTC).replace(microsecond=999_998) + timedelta(minutes=1)
    matching = []
    for n in range(14):
        clock.at = start + timedelta(microseconds=n // 4)  # four at each of four moments
        matching.append((clock.at, _decide(area, f"Housing {n}", "Agreed.")))
        if n % 3 == 0:
            _decide(area, "Early help", "Agreed.")
    expected = [i for _, i in sorted(matching, reverse=True)]
    for filters in (
        DecisionFilters(search="housing"),
        DecisionFilters(search="housing", organisation="council"),
    ):
        _pages_in_order(area, filters, expected)


def _pages_in_order(area: Register, filters: DecisionFilters, expected: list[str]) -> None:
    for limit in range(1, 7):
        paged: list[str] = []
        before = None
        for _ in expected:  # a page of one at least: a page again would loop
            page = area.decisions(filters, limit=limit, before=before)
            paged += [e.id for e in page]
            before = (page[-1].recorded_at, page[-1].id) if page else None
            if not page:
                break
        assert paged == expected, limit
        for offset in range(len(expected) + 1):
            page = area.decisions(filters, limit=limit, offset=offset)
            assert [e.id for e in page] == expected[offset : offset + limit], (limit, offset)
    # After what is not a moment, as the list compares it: as text.
    for moment, ids in (
        ("not a moment", expected[:2]),
        ("2026-02-30T00:00:00.000000Z", []),
        ("1", []),
    ):
        assert [e.id for e in area.decisions(filters, limit=2, before=(moment, "x"))] == ids


def test_tidying_the_index_changes_no_answer(area: Register) -> None:
    """Tidied (merged on SQLite; on PostgreSQL, each part's trigram index with the rows
    it kept apart, and its statistics refreshed), the index finds and counts what it
    did, and goes on taking in new decisions."""
    for n in range(5):
        _decide(area, f"Housing {n}", "Agreed." if n % 2 else "Her father agreed.")
    searches = [DecisionFilters(search="father", organisation="council")]
    searches.append(DecisionFilters(search="housing"))

    def answers() -> list[tuple[list[str], int]]:
        return [([e.id for e in area.decisions(f)], area.count_decisions(f)) for f in searches]

    untidy = answers()
    area.tidy()
    assert _kept_apart(area) in ([], [False])  # the council's part, merged
    assert answers() == untidy and [count for _, count in untidy] == [3, 5]
    newer = _decide(area, "Housing again", "Her father asked.")
    assert [ids[0] for ids, _ in answers()] == [newer, newer]
    assert _kept_apart(area) in ([], [True])  # as the five were, before tidying


def _kept_apart(register: Register) -> list[bool]:
    """On PostgreSQL, whether each part's trigram index that holds any row kept rows
    apart, in the list it merges when full or tidied, as this merges them; none on
    SQLite."""
    if register.engine.dialect.name != "postgresql":
        return []
    with register.engine.begin() as connection:
        merged = (
            "SELECT gin_clean_pending_list(i.inhrelid) > 0 FROM pg_inherits i "
            "JOIN pg_inherits t ON t.inhparent = 'decision_texts'::regclass "
            "JOIN pg_index x ON x.indexrelid = i.inhrelid AND x.indrelid = t.inhrelid "
            "WHERE i.inhparent = 'ix_decision_texts_words'::regclass "
            "AND EXISTS (SELECT FROM decision_texts d WHERE d.tableoid = t.inhrelid)"
        )
        return list(connection.execute(text(merged)).scalars())


def test_a_count_is_exact_up_to_its_bound(area: Register) -> None:
    for _ in range(4):
        area.record_decision(decision())
    area.record_decision(not_sharing(person="SAM"))
    assert area.count_decisions() == 5
    assert area.count_decisions(shared=True) == 4
    assert area.count_decisions(DecisionFilters(person="SAM")) == 1
    assert area.count_decisions(most=3) == 4  # more than 3
    assert area.count_decisions(shared=True, most=4) == 4


def test_the_index_counts_a_word_in_every_organisations_records(area: Register) -> None:
    """From the index alone, of the organisations named or of every one: on PostgreSQL,
    each one's part in turn, up to the bound."""
    _decide(area, "Early help", "Her father agreed.")
    trust = decision(organisation="trust", practitioner="pat", person="AMY")
    area.add_person("trust", "AMY", "Amy", "Brown", date(2016, 1, 1))
    area.record_decision(trust | {"decision": {"share": True, "reasons": "Her father agreed."}})
    with area.engine.connect() as connection:
        ids = dict(connection.execute(select(OrganisationRow.code, OrganisationRow.id)).all())
        assert [
            texts.counted(connection, ["FATHER"], among, most)
            for among, most in ((None, 5), ({ids["trust"]}, 5), (None, 1), (set(), 5))
        ] == [2, 1, 2, 0]


def test_dates_take_in_whole_days_on_either_database(area: Register) -> None:
    recorded = area.record_decision(decision())
    at = datetime.fromisoformat(recorded.recorded_at)
    today = at.astimezone().date()
    assert area.decisions(since=today, until=today) == [recorded]
    assert area.decisions(until=today - timedelta(days=1)) == []
    assert area.decisions(since=today + timedelta(days=1)) == []
    assert area.decisions(since=at, until=at) == [recorded]  # a moment is taken in too
    assert area.decisions(until=at - timedelta(microseconds=1)) == []


def test_filters_by_name_are_checked_as_the_model_checks_them(area: Register) -> None:
    with pytest.raises(RecordRejected, match="until"):
        area.decisions(since=date(2026, 11, 6), until=date(2026, 11, 5))
    with pytest.raises(RecordRejected, match="is not a known field"):
        area.decisions(colour="red")
    with pytest.raises(TypeError, match="filters given twice"):
        area.decisions(DecisionFilters(), person="AMY")
