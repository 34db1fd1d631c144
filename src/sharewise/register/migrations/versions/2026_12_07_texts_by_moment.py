"""On SQLite, the text index's rows numbered by their decision's moment (`decisions.texts`):
FTS5 yields a match's rows in the order of their numbers, so a page of a search's
matches, newest first, is read from the index as far as the page goes. A word in 1% of
an organisation's records had every one of its matches read, and their moments sorted,
for each page.

A row's number is the decision's moment in microseconds since 1970, times a thousand; the
decisions of one microsecond take the numbers after it. The rows stored already are
numbered anew here. PostgreSQL's index is left as it is.

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
UNNUMBERED = "decision_texts_unnumbered"
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
    first = _number("NEW.recorded_at")
    taken = f"SELECT max(rowid) FROM {TEXTS} WHERE rowid BETWEEN {first} AND {first} + {TIES - 1}"
    number = f"coalesce(({taken}) + 1, {first})"
    return f"INSERT INTO {TEXTS} (rowid, {COLUMNS}) VALUES ({number}, {values});"


def _create_trigger(numbered: bool) -> None:
    op.execute(
        f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON decision_records BEGIN {_trigger(numbered)} END"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
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
    _create_trigger(numbered=True)


def downgrade() -> None:
    # The rows keep their numbers: before, a number said nothing.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER {TRIGGER}")
        _create_trigger(numbered=False)
