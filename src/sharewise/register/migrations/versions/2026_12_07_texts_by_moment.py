"""The text index in the order of its decisions' moments (`decisions.texts`), so that a
page of a search's matches, newest first, is read from the index as far as the page
goes. A word in 1% of an organisation's records had every one of its matches read, and
their moments sorted, for each page (SQLite), or the organisation's newest records read
through, each tested against the index (PostgreSQL).

On SQLite, whose FTS5 yields a match's rows in the order of their numbers, a row's
number is the decision's moment in microseconds since 1970, times a thousand; the
decisions of one microsecond take the numbers after it. The rows stored already are
numbered anew. On PostgreSQL each row keeps its decision's organisation and moment, with
an index of both, and the trigram index is of the organisation and the text (the
btree_gin extension, from the same contrib package as pg_trgm).

Revision ID: 20261207_texts_by_moment
Revises: 20261207_texts
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "20261207_texts_by_moment"
down_revision = "20261207_texts"
branch_labels = None
depends_on = None

TEXTS = "decision_texts"
UNNUMBERED = "decision_texts_unordered"
TRIGGER = "decision_records_texts"
TIES = 1_000
COLUMNS = "decision_id, organisation, words, recorded_at"


def _number(moment: str) -> str:
    """The first number of a decision's row of `moment`, as `canonical.instant` writes
    it: the seconds, then the microseconds after the point."""
    seconds = f"CAST(strftime('%s', substr({moment}, 1, 19)) AS INTEGER)"
    return f"(({seconds} * 1000000 + CAST(substr({moment}, 21, 6) AS INTEGER)) * {TIES})"


def _trigger(numbered: bool) -> str:
    """The trigger that writes a decision's row of the index as the decision is stored."""
    text = " || char(10) || ".join(
        f"coalesce(json_extract(NEW.body, '$.{path}'), '')"
        for path in ("facts.purpose", "decision.reasons")
    )
    values = f"NEW.id, char(31) || NEW.organisation_id || char(31), lower({text}), NEW.recorded_at"
    if not numbered:
        return f"INSERT INTO {TEXTS} ({COLUMNS}) VALUES ({values});"
    # The next number of the moment's; none (FTS5 then takes the one after its highest)
    # once a thousand decisions have the moment: never so, but a trigger must not fail.
    first = _number("NEW.recorded_at")
    number = (
        f"(SELECT CASE WHEN max(rowid) IS NULL THEN {first} WHEN max(rowid) < {first} + "
        f"{TIES - 1} THEN max(rowid) + 1 END FROM {TEXTS} WHERE rowid BETWEEN {first} AND "
        f"{first} + {TIES - 1})"
    )
    return f"INSERT INTO {TEXTS} (rowid, {COLUMNS}) VALUES ({number}, {values});"


def _create_trigger(numbered: bool) -> None:
    op.execute(
        f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON decision_records BEGIN {_trigger(numbered)} END"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
        return
    # Dropped first: renaming the index would rename it in the trigger too.
    op.execute(f"DROP TRIGGER {TRIGGER}")
    op.execute(f"ALTER TABLE {TEXTS} RENAME TO {UNNUMBERED}")
    op.execute(
        f"CREATE VIRTUAL TABLE {TEXTS} USING fts5(decision_id UNINDEXED, organisation, "
        "words, recorded_at UNINDEXED, tokenize='trigram case_sensitive 1')"
    )
    # In the order of their numbers: the index is built by appending.
    first = _number("recorded_at")
    number = f"{first} + row_number() OVER (PARTITION BY {first} ORDER BY decision_id) - 1"
    op.execute(
        f"INSERT INTO {TEXTS} (rowid, {COLUMNS}) SELECT number, {COLUMNS} FROM "
        f"(SELECT {number} AS number, {COLUMNS} FROM {UNNUMBERED}) ORDER BY number"
    )
    op.execute(f"DROP TABLE {UNNUMBERED}")
    op.execute(f"INSERT INTO {TEXTS} ({TEXTS}) VALUES ('optimize')")  # in one piece
    _create_trigger(numbered=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _downgrade_postgresql()
        return
    # The rows keep their numbers: before, a number said nothing.
    op.execute(f"DROP TRIGGER {TRIGGER}")
    _create_trigger(numbered=False)


def _text_on_postgresql() -> str:
    said = [
        f"coalesce(CAST(NEW.body AS json) #>> '{{{path}}}', '')"
        for path in ("facts,purpose", "decision,reasons")
    ]
    return f"lower({said[0]} || E'\\n' || {said[1]})"


def _function_on_postgresql(columns: str, values: str) -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION sharewise_decision_texts() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN INSERT INTO {TEXTS} ({columns}) VALUES ({values}); "
        "RETURN NULL; END $$"
    )


def _upgrade_postgresql() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    # A new table, filled in the order of the moments, rather than a million updates.
    op.execute(
        f"CREATE TABLE {UNNUMBERED} AS SELECT t.decision_id, d.organisation_id, "
        f"d.recorded_at, t.words FROM {TEXTS} t JOIN decision_records d "
        "ON d.id = t.decision_id ORDER BY d.recorded_at, d.id"
    )
    op.execute(f"DROP TABLE {TEXTS}")
    op.execute(f"ALTER TABLE {UNNUMBERED} RENAME TO {TEXTS}")
    for name in ("decision_id", "organisation_id", "recorded_at", "words"):
        op.execute(f"ALTER TABLE {TEXTS} ALTER COLUMN {name} SET NOT NULL")
    op.execute(f"ALTER TABLE {TEXTS} ADD PRIMARY KEY (decision_id)")
    op.execute(
        f"CREATE INDEX ix_{TEXTS}_newest ON {TEXTS} (organisation_id, recorded_at, decision_id)"
    )
    op.execute(
        f"CREATE INDEX ix_{TEXTS}_words ON {TEXTS} USING gin (organisation_id, words gin_trgm_ops)"
    )
    op.execute(f"ANALYZE {TEXTS}")  # a new table: the planner has no statistics of it yet
    _function_on_postgresql(
        "decision_id, organisation_id, recorded_at, words",
        f"NEW.id, NEW.organisation_id, NEW.recorded_at, {_text_on_postgresql()}",
    )


def _downgrade_postgresql() -> None:
    _function_on_postgresql("decision_id, words", f"NEW.id, {_text_on_postgresql()}")
    op.execute(f"DROP INDEX ix_{TEXTS}_words")
    op.execute(f"DROP INDEX ix_{TEXTS}_newest")
    op.execute(f"ALTER TABLE {TEXTS} DROP COLUMN organisation_id, DROP COLUMN recorded_at")
    op.execute(f"CREATE INDEX ix_{TEXTS}_words ON {TEXTS} USING gin (words gin_trgm_ops)")
