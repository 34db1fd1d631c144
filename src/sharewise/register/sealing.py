"""Sealing what was made before seals: the entries of a register upgraded from a version
without them, and the directory's rows made before the directory was in the ledger.

This is a person's deliberate act (`sharewise ledger seal`), never automatic: an entry
without a seal may be one made before seals, or one added behind the register's back,
and only someone who knows which register this is, and when it was upgraded, can tell.
So it seals nothing unless the register verifies (against a head kept outside, when one
is given) but for what sealing mends. With `again`, it re-seals every entry under the
newest key, so that older keys can be retired.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from sharewise.register import chain, seals
from sharewise.register.directory import changes

BATCH = 10_000
_LOCK_HEADS = text("SELECT organisation_id FROM chain_heads FOR UPDATE")


class NotIntact(Exception):
    """The register does not verify: nothing was sealed."""

    def __init__(self, report: chain.Report) -> None:
        super().__init__("the register does not verify: nothing was sealed")
        self.report = report


@dataclass(frozen=True)
class Sealed:
    entries: int  # entries sealed, or re-sealed
    found: int  # rows of the directory recorded as found
    key: str  # the key that sealed them


def seal(
    engine: Engine, expect: dict[int, chain.Head] | None = None, again: bool = False
) -> Sealed:
    keys = seals.of(engine)
    newest = keys.sealing.id  # an id of the form seals.KEY_ID: safe in SQL
    where = "WHERE seal IS NULL" + (f" OR sealed_with <> '{newest}'" if again else "")
    with engine.connect().execution_options(write=True) as connection, connection.begin():
        # Every chain held still (SQLite's write lock is held from BEGIN), so that what
        # is sealed is what was verified.
        if connection.dialect.name == "postgresql":
            connection.execute(_LOCK_HEADS)
        report = chain.verify(engine, expect)
        if any(not problem.before_seals for problem in report.problems):
            raise NotIntact(report)
        sealed = _seal_entries(connection, keys, where)
        found = changes.record_found(connection)
    return Sealed(sealed, found, newest)


def _seal_entries(connection: Connection, keys: seals.Keyring, where: str) -> int:
    count = 0
    for table in chain.KINDS:
        found = connection.execute(
            text(f"SELECT organisation_id, seq, id, hash FROM {table} {where}"),
            execution_options={"stream_results": True, "yield_per": BATCH},
        )
        for rows in found.partitions():
            sealed = []
            for organisation_id, seq, entry_id, digest in rows:
                key_id, mac = keys.seal(table, organisation_id, seq, digest)
                sealed.append({"id": entry_id, "key": key_id, "seal": mac})
            connection.execute(
                text(f"UPDATE {table} SET sealed_with = :key, seal = :seal WHERE id = :id"),
                sealed,
            )
            count += len(sealed)
    return count
