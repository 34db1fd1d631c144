"""Advice requests: `advice_records`, a kind of entry in each organisation's chain (a
request, its answer, its outcome), append-only and sealed like the others (the triggers
of `20261206_sealed_ledger`).

Revision ID: 20261206_advice
Revises: 20261206_recipient
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa

from sharewise.register.migrations.ledger import (
    append_only,
    create_ledger_table,
    drop_ledger_table,
)

revision = "20261206_advice"
down_revision = "20261206_recipient"
branch_labels = None
depends_on = None

TABLE = "advice_records"
INDEXES = {
    "ix_advice_records_advisor": ["advisor", "recorded_at"],
    "ix_advice_records_asker": ["asker", "recorded_at"],
    "ix_advice_records_refers_to": ["refers_to"],
}


def upgrade() -> None:
    create_ledger_table(
        TABLE,
        sa.Column("asker", sa.String(length=64), nullable=False),
        sa.Column("advisor", sa.String(length=64), nullable=False),
        indexes=INDEXES,
    )
    append_only(TABLE)


def downgrade() -> None:
    drop_ledger_table(TABLE, INDEXES)  # its triggers go with it
