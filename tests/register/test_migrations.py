"""The migrations build exactly the tables the code declares, and can be undone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select, text

from sharewise.register import database
from sharewise.register.canonical import instant
from sharewise.register.database import _alembic_config, is_current
from sharewise.register.decisions import texts
from sharewise.register.filters import DecisionFilters
from sharewise.register.store import Register
from sharewise.register.tables import Base
from sharewise.settings import Settings
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
def test_the_text_index_numbers_its_rows_by_their_decisions_moments(
    area: Register,
    clock: Clock,  # noqa: F811
) -> None:
    """The rows stored before are numbered anew by their decisions' moments, and the
    trigger numbers those after (`texts.numbered`), one moment's after each other."""
    clock.at = datetime.now(UTC) + timedelta(minutes=1)  # ahead of what the area recorded
    config = _alembic_config(area.engine)
    command.downgrade(config, "20261207_texts")
    stored = [area.record_decision(_giving("Agreed by her grandmother.")) for _ in range(3)]
    clock.at += timedelta(seconds=1)
    stored.append(area.record_decision(_giving("Her grandmother asked us to.")))
    command.upgrade(config, "head")
    stored += [area.record_decision(_giving("As her grandmother asked.")) for _ in range(2)]
    clock.at -= timedelta(seconds=1)  # a chain's moments never go back: at the newest
    stored.append(area.record_decision(_giving("Her grandmother agreed.")))
    with area.engine.connect() as connection:
        rows = connection.execute(select(text("rowid"), texts.TEXTS.c.recorded_at)).all()
    assert len(rows) == len(stored) and len({number for number, _ in rows}) == len(rows)
    for number, moment in rows:
        first = texts.numbered(moment)
        assert first is not None and first <= number < first + texts.TIES
    newest_first = sorted(stored, key=lambda e: (e.recorded_at, e.id), reverse=True)
    found = area.decisions(DecisionFilters(search="grandmother"), limit=3)
    assert [e.id for e in found] == [e.id for e in newest_first[:3]]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_decision_is_indexed_when_its_moment_has_no_number_left(
    area: Register,
    clock: Clock,  # noqa: F811
) -> None:
    """A thousand decisions of one microsecond take all of its numbers: one more is
    stored and found all the same (numbered after the highest), not refused for a number
    another moment's decision has."""
    clock.at = datetime.now(UTC) + timedelta(minutes=1)  # ahead of what the area recorded
    moment = instant(clock.at)
    first = texts.numbered(moment)
    assert first is not None
    # Every number of the moment, and the next moment's first.
    taken = [{"n": first + n, "at": moment} for n in range(texts.TIES + 1)]
    with area.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO decision_texts (rowid, recorded_at) VALUES (:n, :at)"), taken
        )
    stored = area.record_decision(_giving("Agreed by her grandmother."))
    found = area.decisions(DecisionFilters(search="grandmother"))
    assert stored.recorded_at == moment and [e.id for e in found] == [stored.id]


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
