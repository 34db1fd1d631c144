"""What the migrations that make a ledger table share: its columns and constraints as
every sealed ledger table has them, and the triggers that keep it append-only.

A migration that has run stays as it ran: change nothing this makes. A ledger table of
another shape is a new function here, and the migration that makes it uses that.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

REFUSAL = "is append-only: record a correction instead"
SEAL = ("sealed_with", "seal")  # the one part of an entry that may change: its seal


def create_ledger_table(
    table: str, *columns: sa.Column[object], indexes: Mapping[str, Sequence[str]] = {}
) -> None:
    """A table of one kind of entry in each organisation's chain: its `kind` and own
    `columns`, then the entry's place in the chain, hash and seal, with `indexes`."""
    op.create_table(
        table,
        sa.Column("kind", sa.String(length=20), nullable=False),
        *columns,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("refers_to", sa.String(length=36), nullable=True),
        sa.Column("header_version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("sealed_with", sa.String(length=40), nullable=True),
        sa.Column("seal", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f(f"fk_{table}_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f(f"fk_{table}_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["practitioners.id"],
            name=op.f(f"fk_{table}_recorded_by_practitioners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("organisation_id", "seq", name=op.f(f"uq_{table}_organisation_id")),
    )
    for name, indexed in indexes.items():
        op.create_index(name, table, list(indexed), unique=False)


def drop_ledger_table(table: str, indexes: Mapping[str, Sequence[str]] = {}) -> None:
    """Undo `create_ledger_table`; the table's triggers go with it."""
    for name in reversed(list(indexes)):
        op.drop_index(name, table_name=table)
    op.drop_table(table)


def append_only(table: str) -> None:
    """Refuse every change to `table`'s entries but the setting of a seal, and every
    deletion. On PostgreSQL, through the one trigger function of every ledger table, as
    `20261206_sealed_ledger` made it."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sharewise_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION sharewise_append_only()"
        )
        return
    guard_updates(table)
    op.execute(
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} {REFUSAL}'); END"
    )


def guard_updates(table: str) -> None:
    """SQLite: refuse an UPDATE that changes any column of the entry but its seal. It
    names the table's columns, so a migration that adds one drops and remakes it."""
    columns = [c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)]
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns if c not in SEAL)
    op.execute(
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN {changed} "
        f"BEGIN SELECT RAISE(ABORT, '{table} {REFUSAL}'); END"
    )


@contextmanager
def past_the_triggers(table: str) -> Iterator[None]:
    """For the one kind of change ever made to stored entries, a new column filled from
    their bodies, which their hash covers: the triggers let it through meanwhile. On
    SQLite the update guard names each column, so it is made again to guard the new one
    too."""
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
    yield
    if postgresql:
        op.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    else:
        guard_updates(table)
