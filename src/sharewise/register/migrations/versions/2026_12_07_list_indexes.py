"""The indexes that keep every filter of the records list a read of a page, newest
first, at a million decisions: the organisation, then the column filtered on, then the
moment and id the list is ordered by. A practitioner's decisions are found by who
recorded them, and an organisation's by its moment and id (it was its moment alone, so
the order of decisions made at one moment was a sort).

Revision ID: 20261207_list_indexes
Revises: 20261207_tell_by
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "20261207_list_indexes"
down_revision = "20261207_tell_by"
branch_labels = None
depends_on = None

TABLE = "decision_records"
NEWEST_FIRST = ("recorded_at", "id")
LISTS = {
    "ix_decision_records_outcome": ("organisation_id", "outcome", *NEWEST_FIRST),
    "ix_decision_records_shared": ("organisation_id", "shared", *NEWEST_FIRST),
    "ix_decision_records_departs": (
        "organisation_id", "departs_from_recommendation", *NEWEST_FIRST,
    ),  # fmt: skip
    "ix_decision_records_recorded_by": ("recorded_by", *NEWEST_FIRST),
}


def upgrade() -> None:
    op.drop_index(op.f("ix_decision_records_org_time"), table_name=TABLE)
    op.create_index(
        op.f("ix_decision_records_org_time"), TABLE, ["organisation_id", *NEWEST_FIRST]
    )
    for name, columns in LISTS.items():
        op.create_index(op.f(name), TABLE, list(columns))


def downgrade() -> None:
    for name in LISTS:
        op.drop_index(op.f(name), table_name=TABLE)
    op.drop_index(op.f("ix_decision_records_org_time"), table_name=TABLE)
    op.create_index(op.f("ix_decision_records_org_time"), TABLE, ["organisation_id", "recorded_at"])
