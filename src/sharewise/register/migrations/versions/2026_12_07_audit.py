"""Audit reports (4.3): `audit_records`, a kind of entry in each organisation's chain (a
month's report, the findings on its sample), append-only and sealed like the others (the
triggers of `20261206_sealed_ledger`).

Revision ID: 20261207_audit
Revises: 20261207_tell_by
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa

from sharewise.register.migrations.ledger import (
    append_only,
    create_ledger_table,
    drop_ledger_table,
)

revision = "20261207_audit"
down_revision = "20261207_tell_by"
branch_labels = None
depends_on = None

TABLE = "audit_records"
INDEXES = {
    "ix_audit_records_org_month": ["organisation_id", "month"],
    "ix_audit_records_refers_to": ["refers_to"],
}


def upgrade() -> None:
    create_ledger_table(
        TABLE,
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("record", sa.String(length=36), nullable=True),
        indexes=INDEXES,
    )
    append_only(TABLE)


def downgrade() -> None:
    drop_ledger_table(TABLE, INDEXES)  # its triggers go with it
