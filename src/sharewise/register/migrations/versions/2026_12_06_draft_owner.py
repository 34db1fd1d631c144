"""Say whose each decision in progress is, and what it waits for, so that a
practitioner can list theirs and come back to one.

Revision ID: 20261206_draft_owner
Revises: 20261206_purposes
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261206_draft_owner"
down_revision = "20261206_purposes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("drafts", sa.Column("owner", sa.String(length=140), nullable=True))
    op.add_column("drafts", sa.Column("waiting", sa.String(length=20), nullable=True))
    op.create_index(op.f("ix_drafts_owner"), "drafts", ["owner"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_drafts_owner"), table_name="drafts")
    op.drop_column("drafts", "waiting")
    op.drop_column("drafts", "owner")
