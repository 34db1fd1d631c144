"""The information sharing framework's documents, each version a row of its own, and
the advisors the information governance lead designates (4.3-4.4, 4.7-4.8).

Revision ID: 20261207_governance
Revises: 20261206_advice
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261207_governance"
down_revision = "20261206_advice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "governance_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_governance_documents_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_governance_documents_service_id_services"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_documents")),
        sa.UniqueConstraint(
            "organisation_id",
            "kind",
            "service_id",
            "version",
            name=op.f("uq_governance_documents_organisation_id"),
        ),
    )
    op.create_index(
        "ix_governance_documents_current",
        "governance_documents",
        ["organisation_id", "kind", "effective_from"],
    )
    op.create_table(
        "designated_advisors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=500), nullable=False),
        sa.Column("whole_area", sa.Boolean(), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("named_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("named_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_designated_advisors_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_designated_advisors_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designated_advisors")),
    )
    op.create_index(
        op.f("ix_designated_advisors_organisation_id"), "designated_advisors", ["organisation_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_designated_advisors_organisation_id"), table_name="designated_advisors")
    op.drop_table("designated_advisors")
    op.drop_index("ix_governance_documents_current", table_name="governance_documents")
    op.drop_table("governance_documents")
