"""On PostgreSQL, the text index in parts by organisation (`decisions.texts`): a table of
its own for each remainder of the organisation's id divided by 16, each with its own
indexes. An organisation's trigram index then lists its own rows alone (an area's first 16
organisations each have a part to themselves), so a word in 1% of its records is found
without going through every other organisation's matches of the word's trigrams, and its
rows lie together, not among every other's. The trigram index is of the text alone. The
parts are fixed: new organisations need no new table, which the application's role could
not make. A search of one organisation reads its part by name (the application's role is
granted SELECT on each, `roles`).

A part's key is an expression, and PostgreSQL allows no key across the parts on one; each
part has its own unique index of the decision, and statistics of the key's expression,
without which the planner misjudges a query that names the part by it (PostgreSQL 14 or
later). The rows are copied from the whole table, which verify holds to the records.
SQLite's index is unchanged.

Revision ID: 20261207_texts_by_part
Revises: 20261207_texts_by_chain
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "20261207_texts_by_part"
down_revision = "20261207_texts_by_chain"
branch_labels = None
depends_on = None

TEXTS = "decision_texts"
WHOLE = "decision_texts_whole"
PARTS = 16
COLUMNS = (
    "decision_id VARCHAR(36) NOT NULL, organisation_id INTEGER NOT NULL, "
    "recorded_at VARCHAR(32) NOT NULL, words TEXT NOT NULL"
)
NAMES = "decision_id, organisation_id, recorded_at, words"


def _indexes(trigrams: str, options: str = "") -> None:
    """The indexes of the organisation's rows newest first and of `trigrams` (made after
    the rows are in: one build each, not a million updates)."""
    op.execute(
        f"CREATE INDEX ix_{TEXTS}_newest ON {TEXTS} (organisation_id, recorded_at, decision_id)"
    )
    op.execute(f"CREATE INDEX ix_{TEXTS}_words ON {TEXTS} USING gin ({trigrams}){options}")


def _copy(*made: str) -> None:
    """The rows of the old table copied into the new one that `made` makes, each
    organisation's together, as its searches read them; the old table dropped."""
    op.execute(f"ALTER TABLE {TEXTS} RENAME TO {WHOLE}")
    for statement in made:
        op.execute(statement)
    op.execute(
        f"INSERT INTO {TEXTS} ({NAMES}) SELECT {NAMES} FROM {WHOLE} "
        "ORDER BY organisation_id, recorded_at, decision_id"
    )
    op.execute(f"DROP TABLE {WHOLE}")  # its indexes with it, and their names free


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The trigger's function names the table, not the table's identity: it writes to the
    # new one once it is made.
    _copy(
        f"CREATE TABLE {TEXTS} ({COLUMNS}) PARTITION BY LIST ((organisation_id % {PARTS}))",
        *(
            f"CREATE TABLE {TEXTS}_{part} PARTITION OF {TEXTS} FOR VALUES IN ({part})"
            for part in range(PARTS)
        ),
    )
    # Of the text alone: a part holds one organisation's rows, or a few's, and the
    # organisation in the index too made its every match a step more (30% of a count).
    # A trigram index keeps new rows in a list of its own, read whole by every search,
    # until it holds 4 MB (at a million, the count of a rare word took 50% longer with a
    # quarter of that); 256 kB: a decision's row costs 0.06 ms more, not 0.35 as with
    # no list.
    _indexes("words gin_trgm_ops", " WITH (gin_pending_list_limit = 256)")
    for part in range(PARTS):
        op.execute(f"CREATE UNIQUE INDEX {TEXTS}_{part}_key ON {TEXTS}_{part} (decision_id)")
        # A query may name its part by the key's expression, which the part's rows all
        # satisfy; without statistics of it, the planner takes it to keep one row in
        # 200, and reads a common word's thousands of matches as if they were a few (50
        # ms where 1 ms would do).
        op.execute(
            f"CREATE STATISTICS {TEXTS}_{part}_part ON ((organisation_id % {PARTS})) "
            f"FROM {TEXTS}_{part}"
        )
    op.execute(f"ANALYZE {TEXTS}")  # a new table: the planner has no statistics of it yet


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _copy(f"CREATE TABLE {TEXTS} ({COLUMNS}, PRIMARY KEY (decision_id))")
    _indexes("organisation_id, words gin_trgm_ops")
    op.execute(f"ANALYZE {TEXTS}")
