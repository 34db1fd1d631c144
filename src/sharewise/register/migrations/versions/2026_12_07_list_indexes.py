"""The indexes that keep every filter of the records list a read of a page, newest
first, at a million decisions: the organisation, then the column filtered on, then the
moment and id the list is ordered by. An organisation's and a person's decisions are
found by their moment and id (it was the moment alone, so the order of decisions made
at one moment was a sort).

Revision ID: 20261207_list_indexes
Revises: 20261207_audit
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "20261207_list_indexes"
# After the audit reports: one head.
down_revision = "20261207_audit"
branch_labels = None
depends_on = None

TABLE = "decision_records"
NEWEST_FIRST = ("recorded_at", "id")
LISTS = {
    "ix_decision_records_outcome": ("organisation_id", "outcome", *NEWEST_FIRST),
    "ix_decision_records_shared": ("organisation_id", "shared", *NEWEST_FIRST),
    "ix_decision_records_departs": (
        "organisation_id",
        "departs_from_recommendation",
        *NEWEST_FIRST,
    ),
}


# The two the id joins now, and the columns they had.
WIDENED = {
    "ix_decision_records_org_time": ("organisation_id", "recorded_at"),
    "ix_decision_records_person": ("person_id", "recorded_at"),
}


def upgrade() -> None:
    for name, was in WIDENED.items():
        op.drop_index(op.f(name), table_name=TABLE)
        op.create_index(op.f(name), TABLE, [*was, "id"])
    for name, columns in LISTS.items():
        op.create_index(op.f(name), TABLE, list(columns))


def downgrade() -> None:
    for name in LISTS:
        op.drop_index(op.f(name), table_name=TABLE)
    for name, was in WIDENED.items():
        op.drop_index(op.f(name), table_name=TABLE)
        op.create_index(op.f(name), TABLE, list(was))
