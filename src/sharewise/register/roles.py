"""On PostgreSQL, what the application's role may do, when it is not the role that owns
the tables (SHAREWISE_MIGRATION_DATABASE_URL names the owner): read, and append, and
nothing that would let it alter the ledger quietly.

- The ledger's tables: SELECT and INSERT, and UPDATE of an entry's seal alone (the
  triggers refuse any other change, and the role could not drop them: it owns nothing).
- `chain_heads`: SELECT, INSERT (a new organisation's chain) and UPDATE of the head.
- The working data the application removes (`REMOVABLE`): SELECT, INSERT, UPDATE, DELETE.
- Reference data kept by version (`APPENDED`, the protocols), and the decisions' text
  index, which a trigger adds to: SELECT and INSERT alone; the index's parts, which a
  search of one organisation reads by name: SELECT alone.
- Every other table: SELECT, INSERT and UPDATE (the directory's rows are held to their
  entries by `verify`).

Applied by the owner after every migration, so that new tables are granted too. The
same statements, for a deployment that grants by hand, are in docs/security.md.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from sharewise.register import access, chain
from sharewise.register.advice.service import ADVICE
from sharewise.register.audits.service import AUDITS
from sharewise.register.decisions import texts
from sharewise.register.directory import changes
from sharewise.register.tables import Base

# every kind the register defines is known
KNOWN = {changes.DIRECTORY.table, access.ACCESS.table, ADVICE.table, AUDITS.table}
assert set(chain.KINDS) >= KNOWN

# Working data the application removes: decisions in progress, which expire; sessions,
# which end; sign-in attempts, let go after their window.
REMOVABLE = frozenset({"drafts", "sessions", "sign_in_attempts"})
_HEADS = "chain_heads"
# Reference data whose every change is a new row, the old kept: never updated.
APPENDED = frozenset({"sharing_protocols", "sharing_protocol_versions"})


def grants(schema: str, role: str) -> list[str]:
    """The statements that give `role` what the application needs, and no more."""
    tables = set(Base.metadata.tables)
    ledger = ", ".join(sorted(tables & set(chain.KINDS)))
    reference = ", ".join(sorted(tables - set(chain.KINDS) - REMOVABLE - APPENDED - {_HEADS}))
    appended = ", ".join(sorted((tables & APPENDED) | {texts.NAME}))
    removable = ", ".join(sorted(tables & REMOVABLE))
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT ON alembic_version TO {role}",
        f"GRANT SELECT, INSERT, UPDATE (sealed_with, seal) ON {ledger} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE (count, hash, recorded_at) ON {_HEADS} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE ON {reference} TO {role}",
        f"GRANT SELECT, INSERT ON {appended} TO {role}",
        f"GRANT SELECT ON {', '.join(texts.PART_NAMES)} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {removable} TO {role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    ]


def grant(connection: Connection, role: str) -> None:
    """Give the application's role its privileges, as the owner of the tables."""
    quote = connection.dialect.identifier_preparer.quote
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    for statement in grants(quote(schema), quote(role)):
        connection.execute(text(statement))
