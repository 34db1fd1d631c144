"""The register: reference data, the append-only ledger, and its chain heads.

Revision ID: 20261125_register
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261125_register"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("code", name=op.f("uq_organisations_code")),
    )
    op.create_table(
        "services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
        sa.UniqueConstraint("code", name=op.f("uq_services_code")),
    )
    op.create_table(
        "chain_heads",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_chain_heads_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_chain_heads")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_people_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("organisation_id", "reference", name=op.f("uq_people_organisation_id")),
    )
    op.create_index(op.f("ix_people_organisation_id"), "people", ["organisation_id"], unique=False)
    op.create_table(
        "practitioners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_practitioners_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practitioners")),
        sa.UniqueConstraint(
            "organisation_id", "code", name=op.f("uq_practitioners_organisation_id")
        ),
    )
    op.create_index(
        op.f("ix_practitioners_organisation_id"), "practitioners", ["organisation_id"], unique=False
    )
    op.create_table(
        "service_members",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_service_members_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_members_service_id_services")
        ),
        sa.PrimaryKeyConstraint("service_id", "organisation_id", name=op.f("pk_service_members")),
    )
    op.create_table(
        "consent_records",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("refers_to", sa.String(length=36), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_consent_records_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_consent_records_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["practitioners.id"],
            name=op.f("fk_consent_records_recorded_by_practitioners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
        sa.UniqueConstraint(
            "organisation_id", "seq", name=op.f("uq_consent_records_organisation_id")
        ),
    )
    op.create_index(
        "ix_consent_records_person", "consent_records", ["person_id", "recorded_at"], unique=False
    )
    op.create_table(
        "decision_records",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("urgent_safeguarding", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("refers_to", sa.String(length=36), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_decision_records_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_decision_records_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["practitioners.id"],
            name=op.f("fk_decision_records_recorded_by_practitioners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_records")),
        sa.UniqueConstraint(
            "organisation_id", "seq", name=op.f("uq_decision_records_organisation_id")
        ),
    )
    op.create_index(
        "ix_decision_records_org_time",
        "decision_records",
        ["organisation_id", "recorded_at"],
        unique=False,
    )
    op.create_index(
        "ix_decision_records_person", "decision_records", ["person_id", "recorded_at"], unique=False
    )
    op.create_index(
        "ix_decision_records_time", "decision_records", ["recorded_at", "id"], unique=False
    )
    op.create_table(
        "relationships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("relative_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("parental_responsibility", sa.Boolean(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_relationships_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["relative_id"], ["people.id"], name=op.f("fk_relationships_relative_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationships")),
    )
    op.create_index(
        op.f("ix_relationships_person_id"), "relationships", ["person_id"], unique=False
    )

    _append_only()


def downgrade() -> None:
    _drop_append_only()
    op.drop_index(op.f("ix_relationships_person_id"), table_name="relationships")
    op.drop_table("relationships")
    op.drop_index("ix_decision_records_time", table_name="decision_records")
    op.drop_index("ix_decision_records_person", table_name="decision_records")
    op.drop_index("ix_decision_records_org_time", table_name="decision_records")
    op.drop_table("decision_records")
    op.drop_index("ix_consent_records_person", table_name="consent_records")
    op.drop_table("consent_records")
    op.drop_table("service_members")
    op.drop_index(op.f("ix_practitioners_organisation_id"), table_name="practitioners")
    op.drop_table("practitioners")
    op.drop_index(op.f("ix_people_organisation_id"), table_name="people")
    op.drop_table("people")
    op.drop_table("chain_heads")
    op.drop_table("services")
    op.drop_table("organisations")


APPEND_ONLY = ("decision_records", "consent_records")
REFUSAL = "is append-only: record a correction instead"


def _append_only() -> None:
    """The database itself refuses to change or remove a ledger entry, and refuses to
    move a chain head backwards or remove it."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""CREATE FUNCTION sharewise_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '% {REFUSAL}', TG_TABLE_NAME; END $$"""
        )
        op.execute(
            """CREATE FUNCTION sharewise_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' OR NEW.count < OLD.count THEN
                RAISE EXCEPTION 'a chain head only moves forward';
              END IF;
              RETURN NEW;
            END $$"""
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION sharewise_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION sharewise_append_only()"
            )
        op.execute(
            "CREATE TRIGGER chain_heads_forward BEFORE UPDATE OR DELETE ON chain_heads "
            "FOR EACH ROW EXECUTE FUNCTION sharewise_head_forward()"
        )
        return
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} {REFUSAL}'); END"
            )
    op.execute(
        "CREATE TRIGGER chain_heads_no_delete BEFORE DELETE ON chain_heads "
        "BEGIN SELECT RAISE(ABORT, 'a chain head only moves forward'); END"
    )
    op.execute(
        "CREATE TRIGGER chain_heads_forward BEFORE UPDATE ON chain_heads "
        "WHEN NEW.count < OLD.count "
        "BEGIN SELECT RAISE(ABORT, 'a chain head only moves forward'); END"
    )


def _drop_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
        op.execute("DROP TRIGGER chain_heads_forward ON chain_heads")
        op.execute("DROP FUNCTION sharewise_append_only()")
        op.execute("DROP FUNCTION sharewise_head_forward()")
        return
    for table in APPEND_ONLY:
        op.execute(f"DROP TRIGGER {table}_no_update")
        op.execute(f"DROP TRIGGER {table}_no_delete")
    op.execute("DROP TRIGGER chain_heads_no_delete")
    op.execute("DROP TRIGGER chain_heads_forward")
