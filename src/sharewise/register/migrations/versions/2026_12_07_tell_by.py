"""The day to tell the person of a share by becomes a column, hashed from header
version 4; and the indexes a manager's monitoring figures read (4.3).

A manager counts the shares whose person was not told by the day the package said
(3.47), and the practitioners' tasks list them: a query on an indexed column, not a
read of every body. For the entries made before, the day is copied from their body
(`package.telling.tell_by`), which their hash covers, and `verify` checks that the two
agree. The figures count decisions by month, outcome and flags, and advice requests
by month: each a read of one index, organisation first.

Revision ID: 20261207_tell_by
Revises: 20261207_protocols
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sharewise.register.migrations.ledger import guard_updates, past_the_triggers

revision = "20261207_tell_by"
down_revision = "20261207_protocols"
branch_labels = None
depends_on = None

TABLE = "decision_records"
TELLING = (
    "organisation_id", "tell_by", "shared", "recorded_at", "recorded_by", "recipient", "id",
)  # fmt: skip
FIGURES = (
    "organisation_id", "recorded_at", "kind", "outcome", "shared",
    "departs_from_recommendation", "urgent_safeguarding", "recorded_by", "recipient",
)  # fmt: skip


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("tell_by", sa.String(length=10), nullable=True))
    postgresql = op.get_bind().dialect.name == "postgresql"
    said = (
        "CAST(body AS json) -> 'package' -> 'telling' ->> 'tell_by'"
        if postgresql
        else "json_extract(body, '$.package.telling.tell_by')"
    )
    # The stored entries gain the column, as their bodies say.
    with past_the_triggers(TABLE):
        op.execute(f"UPDATE {TABLE} SET tell_by = {said}")
    op.create_index(op.f("ix_decision_records_tell_by"), TABLE, list(TELLING))
    op.create_index(op.f("ix_decision_records_figures"), TABLE, list(FIGURES))
    op.create_index(
        op.f("ix_advice_records_figures"),
        "advice_records",
        ["organisation_id", "kind", "recorded_at", "asker"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_advice_records_figures"), table_name="advice_records")
    op.drop_index(op.f("ix_decision_records_figures"), table_name=TABLE)
    op.drop_index(op.f("ix_decision_records_tell_by"), table_name=TABLE)
    if op.get_bind().dialect.name != "postgresql":
        op.execute(f"DROP TRIGGER {TABLE}_no_update")
    op.drop_column(TABLE, "tell_by")
    if op.get_bind().dialect.name != "postgresql":
        guard_updates(TABLE)
