"""An index of a practitioner's decisions that departed from the recommendation: the
pair a manager asks for (4.3), whose count of up to 500 tested a thousand or more of
the organisation's departures, each a read of its record (4 to 6 ms at a million).

Revision ID: 20261207_practitioner_departs
Revises: 20261207_texts_by_moment
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "20261207_practitioner_departs"
down_revision = "20261207_texts_by_moment"
branch_labels = None
depends_on = None

TABLE = "decision_records"
NAME = "ix_decision_records_practitioner_departs"
COLUMNS = ["organisation_id", "recorded_by", "departs_from_recommendation", "recorded_at", "id"]


def upgrade() -> None:
    op.create_index(op.f(NAME), TABLE, COLUMNS)


def downgrade() -> None:
    op.drop_index(op.f(NAME), table_name=TABLE)
