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
trigger (`_guard_updates`), which names every column but the seal's.

Revision ID: 20261206_sealed_ledger
Revises: 20261206_accounts
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261206_sealed_ledger"
down_revision = "20261206_accounts"
branch_labels = None
depends_on = None

SEALED = ("decision_records", "consent_records")  # the ledger before this revision
REFUSAL = "is append-only: record a correction instead"
SEAL = ("sealed_with", "seal")


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
    op.create_table(
        "directory_records",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
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
            name=op.f("fk_directory_records_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_directory_records_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["practitioners.id"],
            name=op.f("fk_directory_records_recorded_by_practitioners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_records")),
        sa.UniqueConstraint(
            "organisation_id", "seq", name=op.f("uq_directory_records_organisation_id")
        ),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_function(sealable=True)
        op.execute(
            "CREATE TRIGGER directory_records_append_only BEFORE UPDATE OR DELETE ON "
            "directory_records FOR EACH ROW EXECUTE FUNCTION sharewise_append_only()"
        )
        op.execute(
            "CREATE TRIGGER directory_records_no_truncate BEFORE TRUNCATE ON directory_records "
            "FOR EACH STATEMENT EXECUTE FUNCTION sharewise_append_only()"
        )
        return
    for table in SEALED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        _guard_updates(table)
    _guard_updates("directory_records")
    op.execute(
        "CREATE TRIGGER directory_records_no_delete BEFORE DELETE ON directory_records "
        f"BEGIN SELECT RAISE(ABORT, 'directory_records {REFUSAL}'); END"
    )


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


def _guard_updates(table: str) -> None:
    """SQLite: refuse an UPDATE that changes any column of the entry but its seal."""
    columns = [c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)]
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns if c not in SEAL)
    op.execute(
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN {changed} "
        f"BEGIN SELECT RAISE(ABORT, '{table} {REFUSAL}'); END"
    )
