"""A decision's recipient, and the day to review a decision not to share, become
columns, hashed from header version 3.

A recipient organisation or multi-agency service reads what was shared with it, and
nothing else: a query on the recipient's code, with an index, not a scan of every
body. A practitioner's tasks list the reviews falling due. For the entries made before,
the recipient is copied from their body, which their hash covers, and `verify` checks
that the two agree; none of them has a review date.

Revision ID: 20261206_recipient
Revises: 20261206_access_log
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sharewise.register.migrations.ledger import guard_updates, past_the_triggers

revision = "20261206_recipient"
down_revision = "20261206_access_log"
branch_labels = None
depends_on = None

TABLE = "decision_records"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("recipient", sa.String(length=64), nullable=True))
    op.add_column(TABLE, sa.Column("review_by", sa.String(length=10), nullable=True))
    postgresql = op.get_bind().dialect.name == "postgresql"
    said = (
        "CAST(body AS json) ->> 'recipient'" if postgresql else "json_extract(body, '$.recipient')"
    )
    # The stored entries gain the column, as their bodies say.
    with past_the_triggers(TABLE):
        op.execute(f"UPDATE {TABLE} SET recipient = {said}")
    op.create_index(
        op.f("ix_decision_records_recipient"), TABLE, ["recipient", "shared", "recorded_at", "id"]
    )
    op.create_index(op.f("ix_decision_records_review_by"), TABLE, ["organisation_id", "review_by"])


def downgrade() -> None:
    op.drop_index(op.f("ix_decision_records_review_by"), table_name=TABLE)
    op.drop_index(op.f("ix_decision_records_recipient"), table_name=TABLE)
    if op.get_bind().dialect.name != "postgresql":
        op.execute(f"DROP TRIGGER {TABLE}_no_update")
    op.drop_column(TABLE, "review_by")
    op.drop_column(TABLE, "recipient")
    if op.get_bind().dialect.name != "postgresql":
        guard_updates(TABLE)
