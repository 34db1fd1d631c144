"""The access log: every read of personal data is an entry of its own kind in its
organisation's chain, hashed and sealed like a decision, so that a read cannot be
unsaid behind the register's back.

An entry says who read (the account's username and organisation), when, what (the kind
of read, and the person's reference, the record's id, or a list's filters) and from
which address. It names no one: a person is named by the reference the organisation
gave them, and nothing else of them is kept.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ConfigDict, Field
from sqlalchemy import Connection, select, text

from sharewise.register import chain
from sharewise.register.accounts.schemas import Username
from sharewise.register.canonical import instant, now
from sharewise.register.entries import Body, ledger_entry
from sharewise.register.errors import rejected
from sharewise.register.export import as_text
from sharewise.register.filters import DayOrMoment, Span
from sharewise.register.schemas import Code
from sharewise.register.tables import AccessRecordRow, OrganisationRow, PersonRow

# "received": a share another organisation made with the reader's; "shares received",
# the list of them; "advice", an advice request as its asker reads it; "figures", a
# manager's monitoring figures narrowed to one practitioner's work. Beside the reads,
# the decisions about access (ASVS 7.2.1, 7.2.2): a sign-in, one refused (for an account
# the register knows), and a request refused to someone signed in, for want of a role or
# for asking of another organisation's records. "audit report": a report's sample of
# records, read by its reviewer.
Read = Literal[
    "person", "decision", "pdf", "consents", "decisions", "export", "access log",
    "received", "shares received", "advice", "signed in", "sign-in refused", "refused",
    "figures",
    "audit report",
]  # fmt: skip
READS: tuple[Read, ...] = (
    "person", "decision", "pdf", "consents", "decisions", "export", "access log",
    "received", "shares received", "advice", "signed in", "sign-in refused", "refused",
    "figures",
    "audit report",
)  # fmt: skip

ACCESS = chain.register_kind(
    chain.EntryKind(
        AccessRecordRow,
        # Hashed from its first entry under a header that names its version.
        {2: (*chain.ENTRY_HEADER, "username", "subject", "address")},
    )
)


class AccessRead(Body):
    """The body of an access entry: what its header says, and the person's reference."""

    schema_version: Literal[1] = 1
    username: str
    organisation: str
    read: Read
    subject: str
    person: str | None
    address: str

    def header(self) -> dict[str, Any]:
        return {"username": self.username, "subject": self.subject, "address": self.address}


@dataclass(frozen=True)
class Reading:
    """One read to log: by `username` of `organisation` (acting as `practitioner`, if
    any), of `subject` (a record id, a reference, a list's filters), about `person` (a
    reference) when it is about one, from `address`."""

    organisation: str
    username: str
    practitioner: str
    read: Read
    subject: str
    person: str | None
    address: str


# The ids behind the codes in one query: a read is logged on every read, so it is cheap.
_IDS = text(
    "SELECT o.id, "
    "(SELECT id FROM practitioners WHERE organisation_id = o.id AND code = :practitioner), "
    "(SELECT id FROM people WHERE organisation_id = o.id AND reference = :person) "
    "FROM organisations o WHERE o.code = :organisation"
)


def record_read(connection: Connection, reading: Reading) -> None:
    """Append the read to its organisation's chain, in the caller's write transaction."""
    found = connection.execute(
        _IDS,
        {
            "organisation": reading.organisation,
            "practitioner": reading.practitioner,
            "person": reading.person,
        },
    ).first()
    if found is None:
        raise rejected("organisation", f"there is no organisation {reading.organisation!r}", "")
    organisation_id, practitioner_id, person_id = found
    body = AccessRead(
        username=reading.username,
        organisation=reading.organisation,
        read=reading.read,
        subject=reading.subject,
        person=reading.person,
        address=reading.address,
    )
    entry = ledger_entry(
        body,
        kind=reading.read,
        recorded_by=practitioner_id,
        person_id=person_id,
        refers_to=None,
        recorded_at=now(),
    )
    chain.append(connection, ACCESS.table, organisation_id, [entry])


# --- reading the log -------------------------------------------------------------------


@dataclass(frozen=True)
class AccessEntry:
    """An entry of the access log, as an auditor reads it."""

    id: str
    recorded_at: str
    username: str
    read: str
    subject: str
    person: str | None
    address: str
    seq: int  # its place in its chain


class AccessFilters(Span):
    """Which reads: each filter given narrows the search; none gives every one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person: Code | None = Field(None, description="The reference of the person read of.")
    user: Username | None = Field(None, description="The username of who read.")
    since: DayOrMoment | None = Field(None, description="From this day (or moment) on.")
    until: DayOrMoment | None = Field(None, description="Up to this day (or moment).")

    def as_query(self) -> dict[str, str]:
        """The filters given, as the API's query parameters take them: for a link."""
        given = self.model_dump(
            mode="json", include=set(AccessFilters.model_fields), exclude_none=True
        )
        return {key: str(value) for key, value in given.items()}


def reads(
    connection: Connection,
    organisation: str,
    filters: AccessFilters,
    limit: int,
    offset: int = 0,
    before: int | None = None,
) -> list[AccessEntry]:
    """The organisation's reads, newest first (a chain's order is its time order),
    filtered and paged: by `offset`, or below the place `before` in the chain."""
    access, people, organisations = (
        AccessRecordRow.__table__,
        PersonRow.__table__,
        OrganisationRow.__table__,
    )
    query = (
        select(
            access.c.id,
            access.c.recorded_at,
            access.c.username,
            access.c.kind,
            access.c.subject,
            people.c.reference,
            access.c.address,
            access.c.seq,
        )
        .join(organisations, organisations.c.id == access.c.organisation_id)
        .outerjoin(people, people.c.id == access.c.person_id)
        .where(organisations.c.code == organisation)
    )
    if filters.person is not None:
        query = query.where(people.c.reference == filters.person)
    if filters.user is not None:
        query = query.where(access.c.username == filters.user)
    if (starts := filters.starts) is not None:
        query = query.where(access.c.recorded_at >= instant(starts))
    if (ends := filters.ends) is not None:
        query = query.where(access.c.recorded_at <= instant(ends))
    if before is not None:
        query = query.where(access.c.seq < before)
    query = query.order_by(access.c.seq.desc()).offset(offset).limit(limit)
    return [AccessEntry(*row) for row in connection.execute(query)]


CSV_FIELDS = ("id", "recorded_at", "username", "read", "subject", "person", "address")


def as_csv(entries: Iterable[AccessEntry]) -> Iterator[str]:
    """The entries as CSV, a line at a time, every cell defused (`export.as_text`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in itertools.chain(
        [CSV_FIELDS], ((getattr(e, f) for f in CSV_FIELDS) for e in entries)
    ):
        writer.writerow(as_text(cell) for cell in row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def filters_said(given: Mapping[str, Any]) -> str:
    """A list's filters, as an access entry names them: `key=value` joined by `&`, the
    words of a search counted rather than kept (they may name someone)."""
    said = {
        key: (f"{len(str(value).split())} words" if key == "search" else value)
        for key, value in given.items()
        if value is not None
    }
    return "&".join(f"{key}={value}" for key, value in sorted(said.items())) or "all"
