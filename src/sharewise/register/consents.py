"""The consent register's question: what valid consent covers sharing this person's
information, for this purpose, with this recipient, at this moment (3.18-3.21)?

The answer fills the engine's `consent.*` facts, for the practitioner to confirm.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Connection, and_, select

from sharewise.register.canonical import instant
from sharewise.register.errors import rejected
from sharewise.register.tables import (
    ConsentRecordRow,
    OrganisationRow,
    PersonRow,
    RelationshipRow,
    ServiceMemberRow,
    ServiceRow,
)

CoverageStatus = Literal["covered", "not_covered", "withdrawn", "refused", "none"]
ADULT_AGE = 18


@dataclass(frozen=True)
class Coverage:
    status: CoverageStatus
    consent_id: str | None
    reasons: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Consent:
    id: str
    body: dict[str, Any]
    withdrawn_at: str | None = None


def _norm(purpose: str) -> str:
    return " ".join(purpose.lower().split())


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def coverage(
    connection: Connection,
    org_id: int,
    person: str,
    purpose: str,
    recipient: str,
    at: datetime,
) -> Coverage:
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
    in_scope = _recipient_scope(connection, recipient)
    moment = instant(at)
    consents = _effective_consents(connection, person_row.id)
    applicable = [
        c
        for c in consents.values()
        if _norm(purpose) in {_norm(p) for p in c.body["purposes"]}
        and (set(c.body["recipients"]["organisations"]) | set(c.body["recipients"]["services"]))
        & in_scope
        and c.body["given_at"] <= moment
    ]
    if not applicable:
        if consents:
            return _not_covering(
                max(consents.values(), key=lambda c: c.body["given_at"]),
                "Consent on record does not cover this purpose or this recipient: a new use "
                "needs consent to be sought again (3.21).",
            )
        return Coverage(
            "none",
            None,
            ["No consent is recorded for this person."],
            {"consent": {"status": "not_sought"}},
        )
    latest = max(applicable, key=lambda c: c.body["given_at"])
    given_by = latest.body["given_by"]
    if latest.body["status"] == "refused":
        return Coverage(
            "refused",
            latest.id,
            [f"{latest.body['given_by_name']} refused consent for this purpose and recipient."],
            {"consent": {"status": "refused", "given_by": given_by}},
        )
    if latest.withdrawn_at is not None and latest.withdrawn_at <= moment:
        return Coverage(
            "withdrawn",
            latest.id,
            [f"Consent was withdrawn on {latest.withdrawn_at[:10]}."],
            {"consent": {"status": "withdrawn", "given_by": given_by}},
        )
    review = latest.body.get("review_date")
    if review is not None and review < at.date().isoformat():
        return _not_covering(
            latest,
            f"The consent was due for review on {review}: review it "
            "with the person before relying on it.",
        )
    changed = _relationship_changed(connection, person_row, latest, at)
    if changed:
        return _not_covering(latest, changed)
    return Coverage(
        "covered",
        latest.id,
        [f"Consent from {latest.body['given_by_name']} covers this purpose and recipient."],
        {"consent": {**_validity(latest), "covers_this_sharing": True}},
    )


def _validity(consent: _Consent) -> dict[str, Any]:
    return {
        "status": "given",
        "given_by": consent.body["given_by"],
        "informed": consent.body["informed"],
        "freely_given": consent.body["freely_given"],
    }


def _not_covering(consent: _Consent, why: str) -> Coverage:
    return Coverage(
        "not_covered",
        consent.id,
        [why],
        {"consent": {**_validity(consent), "covers_this_sharing": False}},
    )


def _effective_consents(connection: Connection, person_id: int) -> dict[str, _Consent]:
    """Each consent as it stands: corrections replace what they correct, and
    withdrawals mark the consent they name."""
    table = ConsentRecordRow.__table__
    rows = connection.execute(
        select(table.c.id, table.c.kind, table.c.refers_to, table.c.body)
        .where(table.c.person_id == person_id)
        .order_by(table.c.seq)
    )
    consents: dict[str, _Consent] = {}
    for row in rows:
        body = json.loads(row.body)
        if row.kind in ("given", "refused"):
            consents[row.id] = _Consent(row.id, body)
        elif row.kind == "correction" and row.refers_to in consents:
            consents[row.refers_to].body = body
        elif row.kind == "withdrawn" and row.refers_to in consents:
            consents[row.refers_to].withdrawn_at = body["withdrawn_at"]
    return consents


def _recipient_scope(connection: Connection, recipient: str) -> set[str]:
    """The codes whose consent reaches `recipient`: itself, and for an organisation, any
    multi-agency service it belongs to (consent to a service covers sharing within it,
    3.19); for a service, the service."""
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


def _relationship_changed(
    connection: Connection, person: Any, consent: _Consent, at: datetime
) -> str | None:
    """3.21: a change in the relationship means consent is sought again."""
    if consent.body["given_by"] != "parent":
        return None
    if person.date_of_birth is not None and _age(person.date_of_birth, at.date()) >= ADULT_AGE:
        return (
            "The consent came from a parent, and the person is now an adult: only they "
            "can consent now (3.21, 3.30)."
        )
    relative = consent.body.get("relative")
    if relative is None:
        return None
    still = connection.execute(
        select(RelationshipRow.id)
        .join(PersonRow, PersonRow.id == RelationshipRow.relative_id)
        .where(
            and_(
                RelationshipRow.person_id == person.id,
                PersonRow.reference == relative,
                RelationshipRow.parental_responsibility.is_(True),
                (RelationshipRow.ended_at.is_(None)) | (RelationshipRow.ended_at > at),
            )
        )
    ).first()
    if still is None:
        return (
            "The parent who consented no longer has parental responsibility on record: "
            "seek consent again (3.21, 3.26)."
        )
    return None
