"""The consent register's questions: what stands of a person's consents, and what valid
consent covers sharing their information, for this purpose, with this recipient, at this
moment (3.18-3.21)?

The engine answers both (sharewise.engine.consent_state); this loads what it needs. The
coverage answer fills the engine's `consent.*` facts, for the practitioner to confirm.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, select

from sharewise.engine import consent_state as state
from sharewise.engine.consent_state import (
    ConsentState,
    Coverage,
    CoverageStatus,
    Lineage,
    consent_state,
)
from sharewise.engine.consent_state import coverage as covering
from sharewise.register.consents.records import ConsentWithdrawal, consent_event
from sharewise.register.errors import rejected
from sharewise.register.schemas import TYPED_IN
from sharewise.register.tables import (
    ConsentRecordRow,
    OrganisationRow,
    PersonRow,
    RelationshipRow,
    ServiceMemberRow,
    ServiceRow,
)

__all__ = [
    "ConsentState",
    "Coverage",
    "CoverageStatus",
    "Lineage",
    "aware",
    "coverage",
    "event",
    "state_of",
]


def aware(moment: datetime) -> datetime:
    """A moment with its zone: one without is UTC, as the register stores it."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def coverage(
    connection: Connection,
    org_id: int,
    person: str,
    purpose: str,
    recipient: str,
    at: datetime,
) -> Coverage:
    """The engine's answer, on the person's consent events, the recipient's reach and the
    parents holding parental responsibility at `at`."""
    person_row = connection.execute(
        select(PersonRow.id, PersonRow.date_of_birth).where(
            PersonRow.organisation_id == org_id, PersonRow.reference == person
        )
    ).first()
    if person_row is None:
        raise rejected(
            "person",
            f"there is no person {person!r} in this organisation",
            "the reference of a person this organisation holds",
        )
    reaching = _recipient_scope(connection, recipient)
    moment = aware(at)
    return covering(
        state_of(connection, person_row.id, moment),
        purpose,
        reaching,
        person_row.date_of_birth,
        _with_parental_responsibility(connection, person_row.id, moment),
    )


def state_of(connection: Connection, person_id: int, at: datetime) -> ConsentState:
    """What stands of the person's consents at `at`, as the engine folds their events."""
    table = ConsentRecordRow.__table__
    rows = connection.execute(
        select(table.c.id, table.c.kind, table.c.refers_to, table.c.body)
        .where(table.c.person_id == person_id)
        .order_by(table.c.seq)
    )
    return consent_state(
        (event(row.kind, row.id, row.refers_to, row.body) for row in rows), aware(at)
    )


def event(kind: str, entry_id: str, refers_to: str | None, stored: str) -> state.ConsentEvent:
    """A stored consent record as the engine's event."""
    record = consent_event(kind, stored)
    if isinstance(record, ConsentWithdrawal):
        assert refers_to is not None
        return state.ConsentWithdrawn(
            id=entry_id, withdraws=refers_to, withdrawn_at=record.withdrawn_at
        )
    recipients = record.recipients
    terms = state.ConsentTerms(
        status=record.status,
        given_by=record.given_by,
        given_by_name=record.given_by_name,
        relative=record.relative,
        informed=record.informed,
        freely_given=record.freely_given,
        purposes=tuple(record.purposes),
        recipients=recipients.keys(),
        named=tuple(str(n) for n in recipients.named),
        given_at=record.given_at,
        review_date=record.review_date,
    )
    if kind == "correction":
        assert refers_to is not None
        return state.ConsentCorrected(id=entry_id, corrects=refers_to, terms=terms)
    return state.ConsentRecorded(id=entry_id, terms=terms)


def _recipient_scope(connection: Connection, recipient: str) -> set[str]:
    """The keys whose consent reaches `recipient` (a code, or someone typed in's key):
    itself, and for an organisation, any multi-agency service it belongs to (consent to
    a service covers sharing within it, 3.19); for a service or someone typed in, itself."""
    if recipient.startswith(TYPED_IN):
        return {recipient}
    org = connection.execute(
        select(OrganisationRow.id).where(OrganisationRow.code == recipient)
    ).scalar()
    if org is not None:
        services = connection.execute(
            select(ServiceRow.code)
            .join(ServiceMemberRow, ServiceMemberRow.service_id == ServiceRow.id)
            .where(ServiceMemberRow.organisation_id == org)
        ).scalars()
        return {recipient, *services}
    if connection.execute(select(ServiceRow.id).where(ServiceRow.code == recipient)).scalar():
        return {recipient}
    raise rejected(
        "recipient",
        f"there is no organisation or service {recipient!r}",
        "the code of an organisation or a multi-agency service",
    )


def _with_parental_responsibility(connection: Connection, person_id: int, at: datetime) -> set[str]:
    """The references of the person's relatives holding parental responsibility at `at`."""
    return set(
        connection.execute(
            select(PersonRow.reference)
            .join(RelationshipRow, PersonRow.id == RelationshipRow.relative_id)
            .where(
                RelationshipRow.person_id == person_id,
                RelationshipRow.parental_responsibility.is_(True),
                (RelationshipRow.ended_at.is_(None)) | (RelationshipRow.ended_at > at),
            )
        ).scalars()
    )
