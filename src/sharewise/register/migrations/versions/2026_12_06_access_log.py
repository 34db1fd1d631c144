"""The access log: `access_records`, a fourth kind of entry in each organisation's chain,
append-only and sealed like the others (the triggers of `20261206_sealed_ledger`).

Revision ID: 20261206_access_log
Revises: 20261206_sealed_ledger
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa

from sharewise.register.migrations.ledger import (
    append_only,
    create_ledger_table,
    drop_ledger_table,
)

revision = "20261206_access_log"
down_revision = "20261206_sealed_ledger"
branch_labels = None
depends_on = None

TABLE = "access_records"
INDEXES = {
    "ix_access_records_org_time": ["organisation_id", "recorded_at"],
    "ix_access_records_person": ["person_id", "recorded_at"],
}


def upgrade() -> None:
    create_ledger_table(
        TABLE,
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        indexes=INDEXES,
    )
    append_only(TABLE)


def downgrade() -> None:
    drop_ledger_table(TABLE, INDEXES)  # its triggers go with it
