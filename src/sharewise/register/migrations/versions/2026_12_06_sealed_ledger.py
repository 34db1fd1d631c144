"""Seal every ledger entry, keep the directory in the ledger, and never go back in time.

- Each entry gains a seal: an HMAC of its place and hash under a key held outside the
  database, and the id of that key (`sharewise.register.seals`). The entries made before
  are left unsealed: `sharewise ledger seal` seals them, once a person has checked the
  register, because a migration cannot tell an old entry from one added behind the
  register's back (see docs/security.md).
- The triggers let an entry's seal be set (or renewed under a newer key), and nothing
  else of it change.
- `directory_records`: people, practitioners and relationships added or changed, a
  third kind of entry in each organisation's chain.
- A chain head remembers when its newest entry was recorded, so that no entry is
  recorded before the one it follows.

A later migration that adds a column to a ledger table recreates its SQLite update
trigger (`ledger.guard_updates`), which names every column but the seal's.

Revision ID: 20261206_sealed_ledger
Revises: 20261206_accounts
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sharewise.register.migrations.ledger import (
    REFUSAL,
    SEAL,
    append_only,
    create_ledger_table,
    guard_updates,
)

revision = "20261206_sealed_ledger"
down_revision = "20261206_accounts"
branch_labels = None
depends_on = None

SEALED = ("decision_records", "consent_records")  # the ledger before this revision


def upgrade() -> None:
    for table in SEALED:
        op.add_column(table, sa.Column("sealed_with", sa.String(length=40), nullable=True))
        op.add_column(table, sa.Column("seal", sa.String(length=64), nullable=True))
    op.add_column("chain_heads", sa.Column("recorded_at", sa.String(length=32), nullable=True))
    op.execute(
        "UPDATE chain_heads SET recorded_at = (SELECT MAX(recorded_at) FROM ("
        + " UNION ALL ".join(
            f"SELECT recorded_at FROM {table} WHERE organisation_id = chain_heads.organisation_id"
            for table in SEALED
        )
        + ") AS entries)"
    )
    create_ledger_table(
        "directory_records",
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_function(sealable=True)
    else:
        for table in SEALED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            guard_updates(table)
    append_only("directory_records")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER directory_records_append_only ON directory_records")
        op.execute("DROP TRIGGER directory_records_no_truncate ON directory_records")
        _postgresql_function(sealable=False)
    else:
        op.execute("DROP TRIGGER directory_records_no_update")
        op.execute("DROP TRIGGER directory_records_no_delete")
        for table in SEALED:
            op.execute(f"DROP TRIGGER {table}_no_update")
            op.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} {REFUSAL}'); END"
            )
    op.drop_table("directory_records")
    op.drop_column("chain_heads", "recorded_at")
    for table in SEALED:
        op.drop_column(table, "seal")
        op.drop_column(table, "sealed_with")


def _postgresql_function(sealable: bool) -> None:
    """The one trigger function of every ledger table: with `sealable`, an UPDATE that
    changes nothing but the entry's seal goes through."""
    unsealed = " - ".join(["to_jsonb({})", *(f"'{c}'" for c in SEAL)])
    allow = (
        f"IF TG_OP = 'UPDATE' AND ({unsealed.format('NEW')}) = ({unsealed.format('OLD')}) "
        "THEN RETURN NEW; END IF;"
        if sealable
        else ""
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION sharewise_append_only() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {allow} "
        f"RAISE EXCEPTION '% {REFUSAL}', TG_TABLE_NAME; END $$"
    )
