"""What a recipient reads of the decisions to share with it: the shares it received.

An organisation, or a multi-agency service, that information was shared with sees what
it was given (3.48-3.50: what, about whom, for what purpose, when and how, whether the
person agreed and was told) and who gave it, so that it can act on it and answer for it.
It sees nothing else of the sharing organisation's records: not the case's other facts,
the assessment, the practitioner's reasons or a public-interest weighing, which are the
sharer's own account of its decision (golden rule 7), and no decision not to share.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, select, true, tuple_

from sharewise.engine.facts import ConsentStatus
from sharewise.register.decisions.queries import stored_decision
from sharewise.register.decisions.records import StoredDecision
from sharewise.register.decisions.schemas import Telling, WhatWasShared
from sharewise.register.directory import reading
from sharewise.register.errors import rejected
from sharewise.register.tables import DecisionRecordRow, OrganisationRow

_TABLE = DecisionRecordRow.__table__


class ReceivedShare(BaseModel):
    """A share received: what a recipient reads of a decision to share with it."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="The decision record's id.")
    recorded_at: str
    kind: str = Field(description="decision, correction or reopening.")
    recipient: str = Field(description="The code it was shared with: yours, or a service's.")
    recipient_name: str
    organisation: str = Field(description="The code of the organisation that shared it.")
    organisation_name: str
    practitioner: str = Field(description="Who shared it: their name and role.")
    person: str | None = Field(description="Whom it is about, by name, when the record says.")
    purpose: str | None = Field(description="Why it was shared.")
    consent: ConsentStatus | None = Field(
        description="Whether the person agreed: the limits of consent pass with it (3.48)."
    )
    shared: WhatWasShared | None = Field(description="What was shared, when and how (3.50).")
    told: Telling | None = Field(description="Whether the person was told, or why not (3.47).")


def _received(connection: Connection, entries: list[StoredDecision]) -> list[ReceivedShare]:
    records = [e.record for e in entries]
    names = reading.names(
        connection,
        {(r.organisation, r.practitioner) for r in records},
        {(r.organisation, r.person) for r in records if r.person},
    )
    return [
        ReceivedShare(
            id=entry.id,
            recorded_at=entry.recorded_at,
            kind=entry.kind,
            recipient=str(r.recipient),
            recipient_name=str(names.place(r.recipient)),
            organisation=r.organisation,
            organisation_name=str(names.place(r.organisation)),
            practitioner=names.practitioner(r.organisation, r.practitioner),
            person=names.person(r.organisation, r.person),
            purpose=r.facts.purpose,
            consent=r.facts.consent.status if r.facts.consent else None,
            shared=r.shared,
            told=r.told,
        )
        for entry, r in zip(entries, records, strict=True)
    ]


def _shared_with(recipients: Collection[str]) -> Any:
    return (
        select(_TABLE, OrganisationRow.code)
        .join(OrganisationRow, OrganisationRow.id == _TABLE.c.organisation_id)
        .where(_TABLE.c.recipient.in_(sorted(recipients)), _TABLE.c.shared == true())
    )


def received(
    connection: Connection,
    recipients: Collection[str],
    limit: int,
    before: tuple[str, str] | None = None,
) -> list[ReceivedShare]:
    """The shares received by any of `recipients` (an organisation's code and its
    services'), newest first, a page of `limit` after `before` (the (recorded_at, id) of
    the last of the page before)."""
    query = _shared_with(recipients)
    if before:
        query = query.where(tuple_(_TABLE.c.recorded_at, _TABLE.c.id) < tuple_(*before))
    query = query.order_by(_TABLE.c.recorded_at.desc(), _TABLE.c.id.desc()).limit(limit)
    entries = [stored_decision(row._mapping) for row in connection.execute(query)]
    return _received(connection, entries)


def received_share(
    connection: Connection, record_id: str, recipients: Collection[str]
) -> tuple[ReceivedShare, str | None]:
    """One share received by any of `recipients`, and the reference of the person it is
    about in the sharing organisation; any other record is not there."""
    row = connection.execute(_shared_with(recipients).where(_TABLE.c.id == record_id)).first()
    if row is None:
        raise rejected(
            "share_id", f"there is no share {record_id!r} received", "the id of a share received"
        )
    entry = stored_decision(row._mapping)
    return _received(connection, [entry])[0], entry.record.person
