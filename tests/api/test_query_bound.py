"""No query runs on: PostgreSQL's statement_timeout, and on SQLite a progress handler
with a deadline for each statement, stop it with QueryTimedOut; the API says 503."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import TextClause, text

from sharewise.api import create_api
from sharewise.register.database import QueryTimedOut
from sharewise.register.store import Register
from sharewise.settings import Settings
from tests.accounts import add_account, bearer
from tests.api.helpers import problem

BOUND_MS = 100


def counting(to: int, select: str = "x") -> TextClause:
    return text(
        f"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {to}) "
        f"SELECT {select} FROM n"
    )


SLOW = counting(10**9, "count(*)")  # minutes of work, unless something stops it


@pytest.fixture
def impatient(database_url: str) -> Iterator[Register]:
    """A register whose queries are stopped after BOUND_MS."""
    # PostgreSQL takes the bound as it connects.
    register = Register.open(database_url, Settings(statement_timeout_ms=BOUND_MS))
    yield register
    register.close()


def test_a_slow_query_is_stopped_with_a_clear_error(impatient: Register) -> None:
    started = time.monotonic()
    with (
        pytest.raises(QueryTimedOut, match=f"more than {BOUND_MS} ms and was stopped"),
        impatient.engine.connect() as connection,
    ):
        connection.execute(SLOW).scalar()
    assert time.monotonic() - started < 3
    assert impatient.entry_count() == 0  # and the register goes on answering


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_on_sqlite_fetching_counts_but_a_streamed_read_goes_at_its_readers_pace(
    impatient: Register,
) -> None:
    def read(**options: Any) -> int:
        with impatient.engine.connect() as connection:
            rows = connection.execution_options(**options).execute(counting(100_000))
            next(rows)
            time.sleep(BOUND_MS / 1000 * 2)  # past the deadline, with work still to do
            return 1 + len(rows.all())

    with pytest.raises(QueryTimedOut):
        read()
    assert read(stream_results=True) == 100_000  # as verify reads every entry


def test_a_query_that_runs_too_long_is_a_503_saying_so(
    impatient: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_listing() -> Any:
        with impatient.engine.connect() as connection:
            return connection.execute(SLOW).scalar()

    impatient.add_organisation("council", "Riverside Council", "local_authority")
    add_account(impatient, "council", "auditor.one", ("auditor",))
    signed_in = bearer(impatient, "auditor.one")
    monkeypatch.setattr(impatient, "organisations", slow_listing)
    response = TestClient(create_api(impatient), headers=signed_in).get("/organisations")
    body = problem(response, 503)
    assert "took too long" in body["message"] and f"{BOUND_MS} ms" in body["message"]
    assert body["errors"] == [] and response.headers["retry-after"]
