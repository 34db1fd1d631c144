"""The migrations build exactly the tables the code declares, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from sharewise.register.database import _alembic_config, is_current
from sharewise.register.store import Register
from sharewise.register.tables import Base


def test_the_migrations_match_the_tables(register: Register) -> None:
    with register.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_the_migrations_can_be_undone_and_redone(register: Register) -> None:
    config = _alembic_config(register.engine)
    command.downgrade(config, "base")
    assert set(inspect(register.engine).get_table_names()) <= {"alembic_version"}
    assert not is_current(register.engine)
    command.upgrade(config, "head")
    assert is_current(register.engine)
