"""On SQLite, the text index's rows numbered by their decisions' organisation and place in
its chain (`decisions.texts`): the organisation's id times 2^40, plus the entry's number.
An organisation's rows are then one range of numbers, in the order of their moments (a
chain's moments never go backwards), so that a search of its records reads that range
alone. Numbered by moment, every organisation's rows were interleaved and an organisation
was a token of the text: counting a word in 1% of its records read through the token's
rows of every record in between (6 to 10 ms at a million; under 1 ms in its range). The
organisation's token is no longer indexed: the number says it.

The index is rebuilt from the records, as the first migration of it built it. PostgreSQL's
is unchanged.

Revision ID: 20261207_texts_by_chain
Revises: 20261207_practitioner_departs
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "20261207_texts_by_chain"
down_revision = "20261207_practitioner_departs"
branch_labels = None
depends_on = None

TABLE = "decision_records"
TEXTS = "decision_texts"
TRIGGER = "decision_records_texts"
SPAN = 1 << 40


def _row(row: str, organisation: bool) -> tuple[str, str]:
    """The index's columns, and their values for the decision `row` names ("" in a query
    of the records, "NEW." in the trigger)."""
    text = " || char(10) || ".join(
        f"coalesce(json_extract({row}body, '$.{path}'), '')"
        for path in ("facts.purpose", "decision.reasons")
    )
    if organisation:
        return (
            "decision_id, organisation, words, recorded_at",
            f"{row}id, char(31) || {row}organisation_id || char(31), lower({text}), "
            f"{row}recorded_at",
        )
    return "decision_id, words, recorded_at", f"{row}id, lower({text}), {row}recorded_at"


def _rebuild(organisation: bool, stored: str, order: str, new: str) -> None:
    """The index made anew from the records, their rows numbered by `stored` and written
    in the order `order` (the index is built by appending), with the trigger that numbers
    each new decision's row by `new`; with the organisation's token in the text or not."""
    op.execute(f"DROP TRIGGER {TRIGGER}")
    op.execute(f"DROP TABLE {TEXTS}")
    indexed = ", organisation" if organisation else ""
    op.execute(
        f"CREATE VIRTUAL TABLE {TEXTS} USING fts5(decision_id UNINDEXED{indexed}, words, "
        "recorded_at UNINDEXED, tokenize='trigram case_sensitive 1')"
    )
    columns, values = _row("", organisation)
    op.execute(
        f"INSERT INTO {TEXTS} (rowid, {columns}) SELECT {stored}, {values} FROM {TABLE} "
        f"ORDER BY {order}"
    )
    op.execute(f"INSERT INTO {TEXTS} ({TEXTS}) VALUES ('optimize')")  # in one piece
    columns, values = _row("NEW.", organisation)
    op.execute(
        f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON {TABLE} BEGIN INSERT INTO {TEXTS} "
        f"(rowid, {columns}) VALUES ({new}, {values}); END"
    )


def _moment(moment: str) -> str:
    """The first number of a row of `moment` in migration 20261207_texts_by_moment."""
    seconds = f"CAST(strftime('%s', substr({moment}, 1, 19)) AS INTEGER)"
    return f"(({seconds} * 1000000 + CAST(substr({moment}, 21, 6) AS INTEGER)) * 1000)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        stored, new = (f"{row}organisation_id * {SPAN} + {row}seq" for row in ("", "NEW."))
        _rebuild(False, stored, "organisation_id, seq", new)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # As migration 20261207_texts_by_moment numbered them: a moment's, in the order of
    # their ids; a new one the next of its moment's (none past the thousandth: FTS5's own).
    first = _moment("recorded_at")
    stored = f"{first} + row_number() OVER (PARTITION BY {first} ORDER BY id) - 1"
    first = _moment("NEW.recorded_at")
    new = (
        f"(SELECT CASE WHEN max(rowid) IS NULL THEN {first} WHEN max(rowid) < {first} + 999 "
        f"THEN max(rowid) + 1 END FROM {TEXTS} WHERE rowid BETWEEN {first} AND {first} + 999)"
    )
    _rebuild(True, stored, "1", new)  # 1: the number
