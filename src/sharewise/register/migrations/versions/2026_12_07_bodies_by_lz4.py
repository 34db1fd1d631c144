"""On PostgreSQL, the ledger's bodies compressed by LZ4 rather than PostgreSQL's own
method (pglz), where the server has it (PostgreSQL 14 or newer, built with it, as
Debian's packages are): a body of a few kilobytes is kept compressed, and every list,
export and verify reads it back. A page of 25 decisions' bodies took 0.35 ms to read
with pglz and 0.16 with LZ4 (copies of the table, psycopg); LZ4 keeps them about 6%
larger.

Only bodies stored after it are compressed so: PostgreSQL compresses a value as it is
written, and a ledger entry is never written again. A server without LZ4 keeps pglz, and
SQLite keeps text as it is.

Revision ID: 20261207_bodies_by_lz4
Revises: 20261207_texts_read_until_enough
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Connection, text

revision = "20261207_bodies_by_lz4"
down_revision = "20261207_texts_read_until_enough"
branch_labels = None
depends_on = None

LEDGER = (
    "decision_records",
    "consent_records",
    "directory_records",
    "access_records",
    "advice_records",
    "audit_records",
)


def _has_lz4(connection: Connection) -> bool:
    methods = "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'"
    return "lz4" in (connection.execute(text(methods)).scalar() or [])


def _compress(method: str) -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql" or not _has_lz4(connection):
        return
    for table in LEDGER:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN body SET COMPRESSION {method}")


def upgrade() -> None:
    _compress("lz4")


def downgrade() -> None:
    _compress("default")
