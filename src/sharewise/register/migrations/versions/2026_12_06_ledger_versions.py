"""Version the ledger's hash header, and make `departs_from_recommendation` a column.

Every entry says which header its hash covers (`header_version`): the entries made
before this are version 1, and verify as they were made. A decision's departure from
the recommendation becomes a column that managers' counts can filter on (4.3); for the
entries made before, it is copied from their body, which their hash covers, and
`verify` checks that the two agree.

Revision ID: 20261206_ledger_versions
Revises: 20261201_refers_to
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261206_ledger_versions"
down_revision = "20261201_refers_to"
branch_labels = None
depends_on = None

REFUSAL = "is append-only: record a correction instead"


def upgrade() -> None:
    for table in ("decision_records", "consent_records"):
        op.add_column(
            table, sa.Column("header_version", sa.Integer(), nullable=False, server_default="1")
        )
    op.add_column(
        "decision_records",
        sa.Column(
            "departs_from_recommendation", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    said = (
        "CAST(CAST(body AS json) ->> 'departs_from_recommendation' AS boolean)"
        if postgresql
        else "json_extract(body, '$.departs_from_recommendation')"
    )
    # The one change ever made to stored entries: the database refuses it otherwise.
    if postgresql:
        op.execute("ALTER TABLE decision_records DISABLE TRIGGER USER")
    else:
        op.execute("DROP TRIGGER IF EXISTS decision_records_no_update")
    op.execute(f"UPDATE decision_records SET departs_from_recommendation = COALESCE({said}, false)")
    if postgresql:
        op.execute("ALTER TABLE decision_records ENABLE TRIGGER USER")
    else:
        op.execute(
            "CREATE TRIGGER decision_records_no_update BEFORE UPDATE ON decision_records "
            f"BEGIN SELECT RAISE(ABORT, 'decision_records {REFUSAL}'); END"
        )


def downgrade() -> None:
    op.drop_column("decision_records", "departs_from_recommendation")
    for table in ("decision_records", "consent_records"):
        op.drop_column(table, "header_version")
