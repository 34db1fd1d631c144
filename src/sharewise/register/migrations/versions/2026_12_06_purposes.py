"""Each organisation's list of purposes, which consents and decisions choose from.

Revision ID: 20261206_purposes
Revises: 20261206_ledger_versions
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261206_purposes"
down_revision = "20261206_ledger_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "purposes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_purposes_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purposes")),
        sa.UniqueConstraint("organisation_id", "name", name=op.f("uq_purposes_organisation_id")),
    )


def downgrade() -> None:
    op.drop_table("purposes")
