"""Audit reports (4.3): `audit_records`, a kind of entry in each organisation's chain (a
month's report, the findings on its sample), append-only and sealed like the others (the
triggers of `20261206_sealed_ledger`).

Revision ID: 20261207_audit
Revises: 20261207_tell_by
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261207_audit"
down_revision = "20261207_tell_by"
branch_labels = None
depends_on = None

TABLE = "audit_records"
REFUSAL = "is append-only: record a correction instead"
SEAL = ("sealed_with", "seal")
INDEXES = {
    "ix_audit_records_org_month": ["organisation_id", "month"],
    "ix_audit_records_refers_to": ["refers_to"],
}


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("record", sa.String(length=36), nullable=True),
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
            name=op.f("fk_audit_records_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_audit_records_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["practitioners.id"],
            name=op.f("fk_audit_records_recorded_by_practitioners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_records")),
        sa.UniqueConstraint(
            "organisation_id", "seq", name=op.f("uq_audit_records_organisation_id")
        ),
    )
    for name, columns in INDEXES.items():
        op.create_index(name, TABLE, columns, unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # The one trigger function of every ledger table, as the sealed ledger made it.
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION sharewise_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION sharewise_append_only()"
        )
        return
    # SQLite: any UPDATE but of the seal, and every DELETE, refused.
    columns = [c["name"] for c in sa.inspect(op.get_bind()).get_columns(TABLE)]
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns if c not in SEAL)
    op.execute(
        f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} WHEN {changed} "
        f"BEGIN SELECT RAISE(ABORT, '{TABLE} {REFUSAL}'); END"
    )
    op.execute(
        f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{TABLE} {REFUSAL}'); END"
    )


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name=TABLE)
    op.drop_table(TABLE)  # its triggers go with it
