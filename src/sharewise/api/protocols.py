"""Information Sharing Protocols (4.8-4.13): the organisation's, and those it is a party
to, read by those who share; recorded and changed by its information governance lead.
Whether one covers a sharing is said beside a decision, never in place of it (4.13)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.engine.limits import CODE
from sharewise.faces.dependencies import Governor, ProtocolReader, RegisterDep
from sharewise.faces.protocols import protocol_cover
from sharewise.register.errors import rejected
from sharewise.register.protocols.schemas import (
    ProtocolChange,
    ProtocolInput,
    SharingProtocol,
    Signatory,
    Status,
)

router = APIRouter(tags=["protocols"], dependencies=[WITH_TOKEN], responses=problems(401, 403))


class Protocol(BaseModel):
    """A protocol as it stands, or as it stood at `version`."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    organisation: str = Field(description="Whose register keeps it: its code.")
    version: int
    title: str
    status: Status
    parties: list[str]
    purpose: str
    data_items: list[str]
    legal_basis: str
    retention: str
    security: str
    signatories: list[Signatory]
    signed_on: date | None
    review_on: date
    changed_by: str = Field(description="Who recorded this version: a username.")
    changed_at: datetime
    note: str = Field(description="What this version changed, in words.")
    review: str | None = Field(
        description="due: its review day is near (SHAREWISE_PROTOCOL_REVIEW_DAYS); "
        "overdue: past it; none otherwise, or for a draft or an ended protocol."
    )


class ProtocolWithHistory(Protocol):
    history: list[Protocol] = Field(description="Every version before this one, newest first.")


class Listing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status | None = Field(None, description="Only the protocols of this status.")


class Recipient(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipient: str = Field(
        min_length=1, max_length=CODE, description="An organisation or a service, by code."
    )


class Cover(BaseModel):
    recipient: str
    covered: bool = Field(
        description="Whether an active protocol has both your organisation and the "
        "recipient as parties. Never a condition of sharing (4.13)."
    )
    says: str = Field(description="What a practitioner is told, in words.")
    protocols: list[Protocol]


def _out(protocol: SharingProtocol, days: int) -> Protocol:
    return Protocol.model_validate(
        {**protocol.__dict__, "review": protocol.reminder(date.today(), days)}
    )


@router.get("/protocols", summary="List the protocols")
def list_protocols(
    query: Annotated[Listing, Query()], register: RegisterDep, principal: ProtocolReader
) -> list[Protocol]:
    """Those your organisation keeps or is a party to, by review day; of one status."""
    days = register.protocol_review_days
    return [_out(p, days) for p in register.protocols(principal.reach, query.status)]


@router.get("/protocols/coverage", summary="Say whether a protocol covers a sharing")
def coverage(
    query: Annotated[Recipient, Query()], register: RegisterDep, principal: ProtocolReader
) -> Cover:
    """The active protocols your organisation and `recipient` are both parties to. None
    is never a reason not to share: decide on the facts of the case (4.11-4.13)."""
    recipient = query.recipient
    found = protocol_cover(register, principal.organisation, recipient)
    if found is None:
        raise rejected(
            "recipient",
            f"{recipient!r} is not an organisation or service in the register",
            "the code of an organisation or a multi-agency service",
        )
    days = register.protocol_review_days
    return Cover(
        recipient=recipient,
        covered=found.covered,
        says=found.says,
        protocols=[_out(p, days) for p in found.protocols],
    )


@router.get("/protocols/{protocol_id}", summary="Read a protocol", responses=problems(404))
def read_protocol(
    protocol_id: int, register: RegisterDep, principal: ProtocolReader
) -> ProtocolWithHistory:
    """As it stands, with every earlier version."""
    newest, *earlier = register.protocol_history(protocol_id, principal.reach)
    days = register.protocol_review_days
    return ProtocolWithHistory(
        **_out(newest, days).model_dump(), history=[_out(p, days) for p in earlier]
    )


@router.post("/protocols", status_code=201, summary="Record a protocol", responses=problems(422))
def add_protocol(given: ProtocolInput, register: RegisterDep, principal: Governor) -> Protocol:
    """Your organisation's, and so among the parties."""
    added = register.add_protocol(principal.organisation, given, by=principal.user or "")
    return _out(added, register.protocol_review_days)


@router.patch("/protocols/{protocol_id}", summary="Change a protocol", responses=problems(404, 422))
def change_protocol(
    protocol_id: int, changes: ProtocolChange, register: RegisterDep, principal: Governor
) -> Protocol:
    """The fields sent change, as a new version; the earlier ones are kept. Only your
    organisation's protocols change here."""
    changed = register.change_protocol(
        principal.organisation,
        protocol_id,
        changes.model_dump(exclude_unset=True),
        by=principal.user or "",
    )
    return _out(changed, register.protocol_review_days)
