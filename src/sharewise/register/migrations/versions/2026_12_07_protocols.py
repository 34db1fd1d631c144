"""Information Sharing Protocols (4.8-4.13): each organisation's, with every version.

Revision ID: 20261207_protocols
Revises: 20261207_training
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261207_protocols"
down_revision = "20261207_training"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sharing_protocols",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_sharing_protocols_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_protocols")),
    )
    op.create_index(
        op.f("ix_sharing_protocols_organisation_id"), "sharing_protocols", ["organisation_id"]
    )
    words = [
        sa.Column(name, sa.Text(), nullable=False)
        for name in ("parties", "purpose", "data_items", "legal_basis", "retention", "security")
    ]
    op.create_table(
        "sharing_protocol_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        *words,
        sa.Column("signatories", sa.Text(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["protocol_id"],
            ["sharing_protocols.id"],
            name=op.f("fk_sharing_protocol_versions_protocol_id_sharing_protocols"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_protocol_versions")),
        sa.UniqueConstraint(
            "protocol_id", "version", name=op.f("uq_sharing_protocol_versions_protocol_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("sharing_protocol_versions")
    op.drop_index(op.f("ix_sharing_protocols_organisation_id"), table_name="sharing_protocols")
    op.drop_table("sharing_protocols")
