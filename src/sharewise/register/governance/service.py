"""Publishing a new version of a document, and designating an advisor or ending their
designation: each in the caller's write transaction. A version is never changed once
published: the next is a row of its own."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select, update

from sharewise.register.advice.service import advisors
from sharewise.register.canonical import now
from sharewise.register.directory.lookups import organisation_id, service_id
from sharewise.register.errors import rejected
from sharewise.register.governance import queries
from sharewise.register.governance.schemas import Advisor, Designation, Document, DocumentVersion
from sharewise.register.tables import (
    DesignatedAdvisorRow,
    GovernanceDocumentRow,
    OrganisationRow,
    ServiceMemberRow,
    UserRow,
)

_DOCUMENTS = GovernanceDocumentRow.__table__
_ADVISORS = DesignatedAdvisorRow.__table__


def publish(connection: Connection, given: DocumentVersion) -> Document:
    """The next version of the document: numbered one after the newest."""
    org_id = organisation_id(connection, given.organisation)
    # Two leads publishing at once number their versions one after the other: on
    # PostgreSQL the organisation's row is held until the commit (FOR NO KEY UPDATE: rows
    # naming it are still added meanwhile); SQLite's write lock, taken at BEGIN, does the same.
    connection.execute(
        select(OrganisationRow.id)
        .where(OrganisationRow.id == org_id)
        .with_for_update(key_share=True)
    )
    about = _service(connection, org_id, given.service) if given.service else None
    newest = connection.execute(
        select(func.max(GovernanceDocumentRow.version)).where(
            GovernanceDocumentRow.organisation_id == org_id,
            GovernanceDocumentRow.kind == given.kind,
            GovernanceDocumentRow.service_id.is_(None)
            if about is None
            else GovernanceDocumentRow.service_id == about,
        )
    ).scalar()
    row_id = connection.execute(
        _DOCUMENTS.insert()
        .values(
            organisation_id=org_id,
            kind=given.kind,
            service_id=about,
            version=(newest or 0) + 1,
            title=given.title,
            body=given.body,
            effective_from=given.effective_from,
            published_at=now(),
            published_by=given.published_by,
        )
        .returning(_DOCUMENTS.c.id)
    ).scalar_one()
    return queries.document(connection, given.organisation, row_id)


def _service(connection: Connection, org_id: int, code: str) -> int:
    found = service_id(connection, code, "service")
    member = connection.execute(
        select(ServiceMemberRow.service_id).where(
            ServiceMemberRow.service_id == found, ServiceMemberRow.organisation_id == org_id
        )
    ).scalar()
    if member is None:
        raise rejected(
            "service",
            f"your organisation is not a member of the service {code!r}",
            "the code of a multi-agency service your organisation is a member of",
        )
    return found


def designate(connection: Connection, given: Designation) -> Advisor:
    """Designate an advisor of the organisation for an area of practice."""
    org_id = organisation_id(connection, given.organisation)
    named = dict(advisors(connection, given.organisation))
    if given.advisor not in named:
        raise rejected(
            "advisor",
            f"there is no advisor {given.advisor!r} in your organisation",
            ", ".join(named) or "none: give an account the advisor role first",
        )
    user_id = connection.execute(
        select(UserRow.id).where(UserRow.username == given.advisor)
    ).scalar_one()
    row_id = connection.execute(
        _ADVISORS.insert()
        .values(
            organisation_id=org_id,
            user_id=user_id,
            area=given.area,
            contact=given.contact,
            whole_area=given.whole_area,
            from_date=given.from_date,
            until=given.until,
            named_at=now(),
            named_by=given.named_by,
        )
        .returning(_ADVISORS.c.id)
    ).scalar_one()
    return queries.designation(connection, given.organisation, row_id)


def end(connection: Connection, organisation: str, designation: int, on: date) -> Advisor:
    """End a designation on a day (the day before it starts at the earliest: never)."""
    found = queries.designation(connection, organisation, designation)
    last = max(on, found.from_date)
    if found.until is None or found.until > last:
        connection.execute(
            update(DesignatedAdvisorRow)
            .where(DesignatedAdvisorRow.id == found.id)
            .values(until=last)
        )
    return queries.designation(connection, organisation, designation)
