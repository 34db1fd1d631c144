"""A text index of each decision's purpose and reasons (`decisions.texts`), so that a
search for a word few records hold, or none, reads those few and not every record of
the organisation; and the index of the records list's rarest pair of filters, outcome
and shared.

`decision_texts` holds a decision's purpose and reasons on two lines, in lower case as
each database lowers it: on SQLite an FTS5 table of trigrams (matched as written, so
that a match is what a search's LIKE would find), with the decision's organisation (its id
between two unit separators, so that a search of one organisation's records seeks them
in the index) and its moment (so that a page of a word's few records, newest first, is
found in the index alone); on PostgreSQL a table with a trigram index (the
pg_trgm extension, which a database's owner may create). A trigger writes it as each
decision is stored; the decisions stored already are indexed here. The application's
role may read it and add to it, as to the protocols (`roles`).

Revision ID: 20261207_texts
Revises: 20261207_list_indexes
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "20261207_texts"
down_revision = "20261207_list_indexes"
branch_labels = None
depends_on = None

TABLE = "decision_records"
TEXTS = "decision_texts"
PAIR = "ix_decision_records_outcome_shared"


def _text(body: str, postgresql: bool) -> str:
    """The purpose, a new line and the reasons of the entry whose body is `body`."""
    if postgresql:
        said = [
            f"CAST({body} AS json) #>> '{{{path}}}'"
            for path in ("facts,purpose", "decision,reasons")
        ]
        return f"lower(coalesce({said[0]}, '') || E'\\n' || coalesce({said[1]}, ''))"
    said = [f"json_extract({body}, '$.{path}')" for path in ("facts.purpose", "decision.reasons")]
    return f"lower(coalesce({said[0]}, '') || char(10) || coalesce({said[1]}, ''))"


def _columns(postgresql: bool, row: str) -> tuple[str, str]:
    """The index's columns, and their values for the decision `row` names."""
    text = _text(f"{row}body", postgresql)
    if postgresql:
        return "decision_id, words", f"{row}id, {text}"
    organisation = f"char(31) || {row}organisation_id || char(31)"
    return (
        "decision_id, organisation, words, recorded_at",
        f"{row}id, {organisation}, {text}, {row}recorded_at",
    )


def upgrade() -> None:
    op.create_index(
        op.f(PAIR), TABLE, ["organisation_id", "outcome", "shared", "recorded_at", "id"]
    )
    postgresql = _postgresql()
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            f"CREATE TABLE {TEXTS} (decision_id VARCHAR(36) NOT NULL PRIMARY KEY, "
            "words TEXT NOT NULL)"
        )
    else:
        op.execute(
            f"CREATE VIRTUAL TABLE {TEXTS} USING fts5(decision_id UNINDEXED, organisation, "
            "words, recorded_at UNINDEXED, tokenize='trigram case_sensitive 1')"
        )
    columns, values = _columns(postgresql, "")
    op.execute(f"INSERT INTO {TEXTS} ({columns}) SELECT {values} FROM {TABLE}")
    columns, values = _columns(postgresql, "NEW.")
    adding = f"INSERT INTO {TEXTS} ({columns}) VALUES ({values});"
    if postgresql:
        # Made after the rows are in: one build of the index, not a million updates.
        op.execute(f"CREATE INDEX ix_{TEXTS}_words ON {TEXTS} USING gin (words gin_trgm_ops)")
        op.execute(
            "CREATE FUNCTION sharewise_decision_texts() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {adding} RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_texts AFTER INSERT ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION sharewise_decision_texts()"
        )
    else:
        op.execute(f"CREATE TRIGGER {TABLE}_texts AFTER INSERT ON {TABLE} BEGIN {adding} END")


def downgrade() -> None:
    op.execute(f"DROP TRIGGER {TABLE}_texts" + (f" ON {TABLE}" if _postgresql() else ""))
    if _postgresql():
        op.execute("DROP FUNCTION sharewise_decision_texts()")
    op.execute(f"DROP TABLE {TEXTS}")
    op.drop_index(op.f(PAIR), table_name=TABLE)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"
