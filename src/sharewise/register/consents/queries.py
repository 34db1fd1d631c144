"""A person's consent records, what stands of them, and what they cover, by the codes
people use."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import Connection, select

from sharewise.register.consents.records import StoredConsent, consent_event
from sharewise.register.consents.state import ConsentState, Coverage, coverage, state_of
from sharewise.register.directory.lookups import organisation_id, person_id
from sharewise.register.entries import stored_entry
from sharewise.register.tables import ConsentRecordRow

_TABLE = ConsentRecordRow.__table__


def consents_of(
    connection: Connection,
    organisation: str,
    person: str,
    *,
    newest_first: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[StoredConsent]:
    """A person's consent records, oldest first (or newest first), all or a page."""
    org_id = organisation_id(connection, organisation)
    order = _TABLE.c.seq.desc() if newest_first else _TABLE.c.seq
    rows = connection.execute(
        select(_TABLE)
        .where(_TABLE.c.person_id == person_id(connection, org_id, person, "person"))
        .order_by(order)
        .limit(limit)
        .offset(offset)
    )
    return [
        stored_entry("consent_records", row, partial(consent_event, row.kind))
        for row in rows.mappings()
    ]


def consent_state(
    connection: Connection, organisation: str, person: str, at: datetime
) -> ConsentState:
    """What stands of a person's consents at `at`: for each consent, the version that
    stands, whether it is withdrawn, and why."""
    org_id = organisation_id(connection, organisation)
    return state_of(connection, person_id(connection, org_id, person, "person"), at)


def covers(
    connection: Connection,
    organisation: str,
    person: str,
    purpose: str,
    recipient: str,
    at: datetime,
) -> Coverage:
    """What valid consent covers sharing this person's information for this purpose
    with this recipient, at `at`?"""
    return coverage(
        connection, organisation_id(connection, organisation), person, purpose, recipient, at
    )
