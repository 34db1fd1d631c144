"""A ledger entry, as the domains write and read it: a typed, versioned body, the header
columns the ledger hashes (taken from the body), and the entry as stored.

A body is hashed as stored, so it is never rewritten: a body stored before versioning
has no `schema_version`, and reads as version 1. Version 2 writes its version into the
body; its fields are version 1's, named as `docs/` and the case-facts contract name them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer
from sqlalchemy import Connection

from sharewise.engine import Outcome
from sharewise.register import chain
from sharewise.register.canonical import canonical, instant

SCHEMA_VERSION: Literal[2] = 2
SchemaVersion = Annotated[
    Literal[1, 2],
    Field(description="The body's version: 1 for a body stored before versioning, without it."),
]
# A moment in a consent body: UTC, to the microsecond, as it is hashed (canonical.instant).
Instant = Annotated[datetime, PlainSerializer(instant, return_type=str, when_used="json")]


class Body(BaseModel):
    """What an entry says besides its header: a record's body."""

    model_config = ConfigDict(frozen=True)

    def stored(self) -> str:
        """The body as the ledger stores and hashes it."""
        return canonical(self.model_dump(mode="json"))

    def header(self) -> dict[str, Any]:
        """The columns, besides the entry's place, that its kind's header hashes and
        queries read: taken from the body, so that the two always agree."""
        return {}


R = TypeVar("R", bound=Body)


@dataclass(frozen=True)
class StoredEntry(Generic[R]):
    """A ledger entry as stored: where it sits in its chain, and what it says."""

    table: str
    id: str
    organisation_id: int
    seq: int
    recorded_at: str
    kind: str
    person_id: int | None
    refers_to: str | None
    stored: str = field(repr=False)
    hash: str
    read: Callable[[str], R] = field(repr=False, compare=False)
    outcome: Outcome | None = None
    shared: bool | None = None
    urgent_safeguarding: bool | None = None

    @cached_property
    def record(self) -> R:
        """The body, typed: read once, when first asked for."""
        return self.read(self.stored)

    @cached_property
    def body(self) -> dict[str, Any]:
        """The body as stored, untyped: what an export of the stored bodies writes."""
        document: dict[str, Any] = json.loads(self.stored)
        return document


def ledger_entry(
    record: Body,
    *,
    kind: str,
    recorded_by: int | None,
    person_id: int | None,
    refers_to: str | None,
    recorded_at: datetime,
    entry_id: str | None = None,
) -> dict[str, Any]:
    """What the ledger appends for a record: its place, its header, its body as stored."""
    return {
        "id": entry_id or str(uuid.uuid4()),
        "recorded_at": instant(recorded_at),
        "recorded_by": recorded_by,
        "person_id": person_id,
        "refers_to": refers_to,
        "kind": kind,
        **record.header(),
        "body": record.stored(),
    }


# The columns `stored_entry` reads of an entry's row, and of a decision's (its header's
# columns besides): what a list need select.
ENTRY_COLUMNS = (
    "id",
    "organisation_id",
    "seq",
    "recorded_at",
    "kind",
    "person_id",
    "refers_to",
    "body",
    "hash",
)
DECISION_COLUMNS = (*ENTRY_COLUMNS, "outcome", "shared", "urgent_safeguarding")


def stored_entry(table: str, row: Any, read: Callable[[str], R]) -> StoredEntry[R]:
    """An entry as a row holds it, its body read by `read` when first asked for."""
    decision = table == "decision_records"
    return StoredEntry(
        table=table,
        id=row["id"],
        organisation_id=row["organisation_id"],
        seq=row["seq"],
        recorded_at=row["recorded_at"],
        kind=row["kind"],
        person_id=row["person_id"],
        refers_to=row["refers_to"],
        stored=row["body"],
        hash=row["hash"],
        read=read,
        outcome=row["outcome"] if decision else None,
        shared=bool(row["shared"]) if decision else None,
        urgent_safeguarding=bool(row["urgent_safeguarding"]) if decision else None,
    )


def append_entry(
    connection: Connection,
    table: str,
    organisation_id: int,
    entry: dict[str, Any],
    read: Callable[[str], R],
) -> StoredEntry[R]:
    """Append one entry to its organisation's chain, inside the caller's write
    transaction: the entry as stored, where the chain put it."""
    (appended,) = chain.append(connection, table, organisation_id, [entry])
    row = {
        **entry,
        "organisation_id": organisation_id,
        "seq": appended.seq,
        "hash": appended.hash,
        "recorded_at": appended.recorded_at,
    }
    return stored_entry(table, row, read)
