"""Training: the case examples an organisation adds, and each practitioner's attempts
at a case with their scores (4.3, 4.5). Training data, outside the ledger.

Revision ID: 20261207_training
Revises: 20261207_governance
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261207_training"
down_revision = "20261207_governance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_training_cases_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_cases")),
    )
    op.create_index(
        op.f("ix_training_cases_organisation_id"), "training_cases", ["organisation_id"]
    )
    op.create_table(
        "training_attempts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("trainee", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=100), nullable=False),
        sa.Column("case_title", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.String(length=40), nullable=True),
        sa.Column("asked", sa.Integer(), nullable=True),
        sa.Column("matched", sa.Integer(), nullable=True),
        sa.Column("outcome_right", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_training_attempts_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_attempts")),
    )
    op.create_index(
        "ix_training_attempts_scores", "training_attempts", ["organisation_id", "finished_at"]
    )
    op.create_index(op.f("ix_training_attempts_trainee"), "training_attempts", ["trainee"])


def downgrade() -> None:
    op.drop_index(op.f("ix_training_attempts_trainee"), table_name="training_attempts")
    op.drop_index("ix_training_attempts_scores", table_name="training_attempts")
    op.drop_table("training_attempts")
    op.drop_index(op.f("ix_training_cases_organisation_id"), table_name="training_cases")
    op.drop_table("training_cases")
