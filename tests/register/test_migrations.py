"""The migrations build exactly the tables the code declares, and can be undone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select, text

from sharewise.register import database
from sharewise.register.database import _alembic_config, is_current
from sharewise.register.decisions import texts
from sharewise.register.filters import DecisionFilters
from sharewise.register.store import Register
from sharewise.register.tables import Base
from sharewise.settings import Settings
from tests.conftest import TEST_DATABASE_URL
from tests.monitoring_helpers import Clock, clock  # noqa: F401 (a fixture)
from tests.register.helpers import decision


def test_the_migrations_match_the_tables(register: Register) -> None:
    with register.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": texts.declared})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_migrations_can_be_undone_and_redone(register: Register) -> None:
    config = _alembic_config(register.engine)
    command.downgrade(config, "base")
    assert set(inspect(register.engine).get_table_names()) <= {"alembic_version"}
    assert not is_current(register.engine)
    command.upgrade(config, "head")
    assert is_current(register.engine)


def test_the_text_index_takes_in_the_decisions_stored_before_it(area: Register) -> None:
    """Made on a register holding decisions, the index holds theirs; after it, the
    trigger adds each new one, whoever writes it."""
    config = _alembic_config(area.engine)
    command.downgrade(config, "20261207_list_indexes")
    before = area.record_decision(_giving("Agreed by her grandmother."))
    command.upgrade(config, "head")
    after = area.record_decision(_giving("Her grandmother asked us to."))
    found = area.decisions(DecisionFilters(search="grandmother"))
    assert [e.id for e in found] == [after.id, before.id]
    with area.engine.connect() as connection:
        indexed = select(func.count()).select_from(texts.TEXTS)
        assert connection.execute(indexed).scalar_one() == 2


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # PostgreSQL's is as it was
def test_the_text_index_numbers_its_rows_by_organisation_and_chain(
    area: Register,
    clock: Clock,  # noqa: F811
) -> None:
    """Numbered by their decisions' moments (migration `20261207_texts_by_moment`), then
    anew by their organisation and place in its chain, which the trigger goes on doing;
    undone, by their moments again; done again, by organisation and chain. At the head, a
    search finds them newest first."""
    clock.at = datetime.now(UTC) + timedelta(minutes=1)  # ahead of what the area recorded
    config = _alembic_config(area.engine)
    command.downgrade(config, "20261207_practitioner_departs")
    stored = [area.record_decision(_giving("Agreed by her grandmother.")) for _ in range(3)]
    clock.at += timedelta(seconds=1)
    stored.append(area.record_decision(_giving("Her grandmother asked us to.")))
    _numbered_by_moment(area, len(stored))
    command.upgrade(config, "head")
    stored += [area.record_decision(_giving("As her grandmother asked.")) for _ in range(2)]
    clock.at -= timedelta(seconds=1)  # a chain's moments never go back: at the newest
    stored.append(area.record_decision(_giving("Her grandmother agreed.")))
    _numbered_by_chain(area, stored)
    command.downgrade(config, "20261207_practitioner_departs")
    _numbered_by_moment(area, len(area.decisions(limit=1_000)))
    command.upgrade(config, "head")
    _numbered_by_chain(area, stored)


@pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL: set SHAREWISE_TEST_DATABASE_URL"
)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # SQLite's is as it was
def test_the_text_index_is_in_parts_by_organisation(area: Register) -> None:
    """On PostgreSQL, made in parts (migration `20261207_texts_by_part`) from the whole
    table: each row in its organisation's part, which another organisation may share
    (the 17th, with the 1st), the planner knowing each part's rows to be all of it; a
    search of an organisation's records finds and counts its own, and the trigger adds
    each new one. Undone, whole again; done again, in parts."""
    config = _alembic_config(area.engine)
    command.downgrade(config, "20261207_texts_by_chain")
    added = [area.add_organisation(f"org-{n}", "A charity", "voluntary") for n in range(4, 18)]
    assert added[-1] == 17
    for code in ("trust", "org-17"):
        area.add_practitioner(code, "p1", "Jo Smith", "Family support worker")
        area.add_person(code, "P1", "Ann", "Brown", date(2015, 1, 1))
    stored = {code: [_recorded(area, code)] for code in ("council", "trust", "org-17")}
    assert _placed(area) == {"decision_texts": 3}
    command.upgrade(config, "head")
    _in_parts(area, stored)
    for code in stored:
        stored[code].append(_recorded(area, code))
    _in_parts(area, stored)
    command.downgrade(config, "20261207_texts_by_chain")
    assert _placed(area) == {"decision_texts": 6}
    command.upgrade(config, "head")
    _in_parts(area, stored)


def _recorded(register: Register, code: str) -> Any:
    """A decision of the organisation `code` whose reasons name a grandmother: the
    council's by Jo about Amy, another's by its practitioner P1 about its person P1."""
    made = {} if code == "council" else {"organisation": code, "practitioner": "p1", "person": "P1"}
    return register.record_decision(_giving("Agreed by her grandmother.") | made)


def _placed(register: Register) -> dict[str, int]:
    """How many rows of the index each table holds, by name."""
    with register.engine.connect() as connection:
        counted = "SELECT tableoid::regclass::text, count(*) FROM decision_texts GROUP BY 1"
        return dict(connection.execute(text(counted)).all())


def _in_parts(register: Register, stored: dict[str, list[Any]]) -> None:
    """Each row of the index in its organisation's part; each organisation's search
    finds and counts its decisions, newest first; the planner knows a part's key, as a
    query names it, to hold for every row of the part."""
    council, trust, seventeenth = (len(stored[code]) for code in ("council", "trust", "org-17"))
    assert _placed(register) == {
        "decision_texts_1": council + seventeenth,
        "decision_texts_2": trust,
    }
    search = DecisionFilters(search="grandmother")
    for code, decided in stored.items():
        found = register.decisions(search, within={code})
        assert [e.id for e in found] == [e.id for e in reversed(decided)]
        assert register.count_decisions(search, most=10, within={code}) == len(decided)
    with register.engine.begin() as connection:
        connection.execute(text("ANALYZE decision_texts"))
        plan = connection.execute(
            text(
                f"EXPLAIN (FORMAT JSON) SELECT * FROM decision_texts WHERE "
                f"organisation_id % {texts.PARTS} = 1"
            )
        ).scalar_one()
    # Without statistics of the key's expression, it would take it to keep 1 row in 200.
    assert plan[0]["Plan"]["Plan Rows"] == council + seventeenth
    with register.engine.connect() as connection:
        options = connection.execute(
            text(
                "SELECT DISTINCT array_to_string(c.reloptions, ',') FROM pg_inherits i "
                "JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'ix_decision_texts_words'::regclass"
            )
        )
        assert list(options.scalars()) == ["gin_pending_list_limit=256"]  # every part's
        trees = connection.execute(
            text(
                "SELECT pg_get_indexdef(inhrelid) FROM pg_inherits "
                "WHERE inhparent = 'ix_decision_texts_trigrams'::regclass"
            )
        )
        # Migration `20261207_texts_read_until_enough`: a tree of each part's trigrams.
        assert {made.split(" ON ")[1] for made in trees.scalars()} == {
            f"public.{part} USING gist (words gist_trgm_ops (siglen='128'))"
            for part in texts.PART_NAMES
        }


@pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL: set SHAREWISE_TEST_DATABASE_URL"
)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # SQLite's is text
def test_the_ledgers_bodies_are_compressed_by_lz4(area: Register) -> None:
    """On PostgreSQL with LZ4 (migration `20261207_bodies_by_lz4`), each ledger table's
    bodies, and a decision's body stored since is so; undone, the server's default."""
    ledger = sorted(
        t.name for t in Base.metadata.sorted_tables if {"body", "seal"} <= set(t.c.keys())
    )
    assert "decision_records" in ledger and len(ledger) == 6
    config = _alembic_config(area.engine)
    assert _compressed(area, ledger) == dict.fromkeys(ledger, "l")
    stored = area.record_decision(decision())
    with area.engine.connect() as connection:
        method = text("SELECT pg_column_compression(body) FROM decision_records WHERE id = :id")
        assert connection.execute(method, {"id": stored.id}).scalar_one() == "lz4"
    command.downgrade(config, "20261207_texts_read_until_enough")
    assert _compressed(area, ledger) == dict.fromkeys(ledger, "")
    command.upgrade(config, "head")
    assert _compressed(area, ledger) == dict.fromkeys(ledger, "l")


def _compressed(register: Register, tables: list[str]) -> dict[str, str]:
    """How each table's bodies are compressed: "l", by LZ4; "", the server's default."""
    with register.engine.connect() as connection:
        methods = text(
            "SELECT attrelid::regclass::text, attcompression FROM pg_attribute "
            "WHERE attname = 'body' AND attrelid::regclass::text = ANY(:tables)"
        )
        return dict(connection.execute(methods, {"tables": tables}).all())


def _numbered_by_chain(area: Register, stored: list[Any]) -> None:
    """Each row numbered by its organisation's id times 2^40 plus its place in the chain;
    a search's pages newest first."""
    with area.engine.connect() as connection:
        numbers = dict(connection.execute(select(texts.TEXTS.c.decision_id, text("rowid"))).all())
    everyone = area.decisions(limit=1_000)
    assert numbers == {e.id: e.organisation_id * texts.SPAN + e.seq for e in everyone}
    newest_first = sorted(stored, key=lambda e: (e.recorded_at, e.id), reverse=True)
    for limit in (1, 3, len(stored)):
        found = area.decisions(DecisionFilters(search="grandmother"), limit=limit)
        assert [e.id for e in found] == [e.id for e in newest_first[:limit]]


def _numbered_by_moment(area: Register, decisions: int) -> None:
    """Each row numbered from its moment's microseconds since 1970 times a thousand."""
    with area.engine.connect() as connection:
        rows = connection.execute(select(text("rowid"), texts.TEXTS.c.recorded_at)).all()
    assert len(rows) == decisions == len({number for number, _ in rows})
    for number, moment in rows:
        since = datetime.fromisoformat(moment) - datetime(1970, 1, 1, tzinfo=UTC)
        first = since // timedelta(microseconds=1) * 1_000
        assert first <= number < first + 1_000


def test_a_migration_runs_as_long_as_it_needs(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration may read every record (the text index's did, a million of them in
    about a minute): under the bound on a statement, a large register could not open."""
    counted = []

    def slow_then_upgrade(engine: Engine) -> None:
        with engine.connect() as connection:
            counted.append(connection.execute(COUNTING).scalar())
        command.upgrade(_alembic_config(engine), "head")

    monkeypatch.setattr(database, "upgrade", slow_then_upgrade)
    register = Register.open(database_url, Settings(statement_timeout_ms=50))
    register.close()
    assert counted == [1_000_000]


# Far more than 50 ms of work on either database.
COUNTING = text(
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000) "
    "SELECT count(*) FROM n"
)


def _giving(reasons: str) -> dict[str, Any]:
    document = decision()
    document["decision"]["reasons"] = reasons
    return document
