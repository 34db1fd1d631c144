"""The database's errors, which reach logs, never carry the values a statement was given:
they are the register's personal data."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sharewise.register.store import Register


def test_a_failed_statement_names_none_of_its_values(
    register: Register, caplog: pytest.LogCaptureFixture
) -> None:
    assert register.engine.echo is False and register.engine.hide_parameters is True
    with (
        caplog.at_level(logging.DEBUG),
        register.engine.connect() as connection,
        pytest.raises(DBAPIError) as failed,
    ):
        connection.execute(
            text("SELECT reference FROM people WHERE given_name = :name AND no_such_column"),
            {"name": "Zebedee Quist"},
        )
    assert "SQL parameters hidden" in str(failed.value)
    assert "Zebedee" not in str(failed.value) and "Zebedee" not in caplog.text
