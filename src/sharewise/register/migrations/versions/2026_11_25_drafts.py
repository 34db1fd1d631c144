"""Drafts: decisions being worked out in the web flow, one row each.

Revision ID: 20261125_drafts
Revises: 20261125_register
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261125_drafts"
down_revision = "20261125_register"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    op.create_index(op.f("ix_drafts_updated_at"), "drafts", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_drafts_updated_at"), table_name="drafts")
    op.drop_table("drafts")
