"""Find the records that refer to a record: a record's page says what corrects it.

Revision ID: 20261201_refers_to
Revises: 20261125_drafts
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "20261201_refers_to"
down_revision = "20261125_drafts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_decision_records_refers_to", "decision_records", ["refers_to"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_decision_records_refers_to", table_name="decision_records")
