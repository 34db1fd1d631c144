"""On PostgreSQL, a second trigram index of each part of the text index
(`decisions.texts`), a tree (GiST) of the rows' trigrams, which a search can read until it
has enough: a trigram index of lists (GIN) hands over all of a word's matches at once,
and a count to 500 of a word in 3% of an organisation's records read its 4,500 matches
through the lists of the word's ten trigrams, or the records one by one until it had 501
(4 to 12 ms at a million decisions). Read from the tree, it stops at the 501st (1 ms).
The lists stay: for a word in a few records they name those few at once, where the tree
may be read a long way for them.

Each node of the tree that holds others keeps a signature of their trigrams, 128 bytes
(1,024 bits; PostgreSQL's default is 12): a signature that says of most words that some
row below holds them all is no help. With 32 bytes a word in none took 30 times as long
to look for; with 256, no quicker than with 128. The tree is about three times the size
of the lists (its leaves keep each row's trigrams). SQLite's index is unchanged.

Revision ID: 20261207_texts_read_until_enough
Revises: 20261207_texts_by_part
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "20261207_texts_read_until_enough"
down_revision = "20261207_texts_by_part"
branch_labels = None
depends_on = None

INDEX = "ix_decision_texts_trigrams"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Made on the whole table, so on each part, and on any part made later.
    op.execute(
        f"CREATE INDEX {INDEX} ON decision_texts USING gist (words gist_trgm_ops (siglen = 128))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX {INDEX}")
