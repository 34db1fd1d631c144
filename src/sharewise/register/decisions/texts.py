"""The text index of the decisions' purposes and reasons: what lets a search for a word
that few records hold, or none, read those few and not every record of the organisation.

`decision_texts` holds each decision's purpose and reasons, on two lines. On SQLite it is
an FTS5 table of trigrams; on PostgreSQL a table with a trigram index (pg_trgm), its text
in lower case. A trigger on `decision_records` writes it as each decision is stored, so no
writer need know of it (migration `20261207_texts`). It is derived from the bodies, which
the chain covers, and not itself part of the ledger: the exact test of a word is still
made on the record (`queries`); the index only says which records to test.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, String, column, func, literal, select, table

NAME = "decision_texts"
TEXTS = table(NAME, column("decision_id", String), column("words", String))
# A word in more records than this: its matches are many, so a page of them is found
# soonest by reading the newest records first; at most this many, by reading them.
MOST = 200
SHORTEST = 3  # a trigram index can say nothing of a shorter word


def holding(connection: Connection, word: str) -> list[str] | None:
    """The ids of the decisions whose purpose or reasons hold `word` (in any case), or
    something like it, when there are at most `MOST`; None when there are more, or the
    index cannot tell (a word shorter than three characters)."""
    if len(word) < SHORTEST:
        return None
    found: ColumnElement[bool]
    if connection.dialect.name == "postgresql":
        # LIKE's escape character is a backslash unless said otherwise; pg_trgm reads
        # the pattern with it.
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = TEXTS.c.words.like(literal("%") + func.lower(escaped) + literal("%"))
    else:
        # A phrase of the trigram tokenizer is a run of characters, whatever the case.
        found = TEXTS.c.words.match('"' + word.replace('"', '""') + '"')
    query = select(TEXTS.c.decision_id).where(found).limit(MOST + 1)
    ids = list(connection.execute(query).scalars())
    return ids if len(ids) <= MOST else None


def declared(name: str | None, kind: str, _: object) -> bool:
    """Whether a name of the database is one the tables declare: all but the text index
    and (FTS5) its own tables, which its migration makes as each database needs them (an
    `include_name` for Alembic's comparisons)."""
    return kind != "table" or name is None or not name.startswith(NAME)
