"""The ids behind the codes people type, for every domain: a code that names nothing is
refused with the codes that would do."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, select, text
from sqlalchemy.orm import InstrumentedAttribute

from sharewise.register.errors import rejected
from sharewise.register.tables import OrganisationRow, PersonRow, PractitionerRow, ServiceRow

_RESOLVE = text(
    "SELECT o.id, "
    "(SELECT id FROM practitioners WHERE organisation_id = o.id AND code = :practitioner), "
    "(SELECT id FROM people WHERE organisation_id = o.id AND reference = :person) "
    "FROM organisations o WHERE o.code = :organisation"
)


def lookup(
    connection: Connection,
    row_id: InstrumentedAttribute[int],
    where: Any,
    field: str,
    what: str,
    hint: Any,
) -> int:
    found = connection.execute(select(row_id).where(where)).scalar()
    if found is None:
        known = connection.execute(hint.limit(6)).scalars().all()
        allowed = ", ".join(known[:5]) + (", …" if len(known) > 5 else "") or "none yet"
        raise rejected(field, f"there is no {what}", allowed)
    return int(found)


def organisation_id(connection: Connection, code: str, field: str = "organisation") -> int:
    return lookup(
        connection,
        OrganisationRow.id,
        OrganisationRow.code == code,
        field,
        f"organisation {code!r}",
        select(OrganisationRow.code).order_by(OrganisationRow.code),
    )


def service_id(connection: Connection, code: str, field: str) -> int:
    return lookup(
        connection,
        ServiceRow.id,
        ServiceRow.code == code,
        field,
        f"service {code!r}",
        select(ServiceRow.code).order_by(ServiceRow.code),
    )


def practitioner_id(connection: Connection, org_id: int, code: str, field: str) -> int:
    return lookup(
        connection,
        PractitionerRow.id,
        and_(PractitionerRow.organisation_id == org_id, PractitionerRow.code == code),
        field,
        f"practitioner {code!r} in this organisation",
        select(PractitionerRow.code).where(PractitionerRow.organisation_id == org_id),
    )


def person_id(connection: Connection, org_id: int, reference: str, field: str) -> int:
    return lookup(
        connection,
        PersonRow.id,
        and_(PersonRow.organisation_id == org_id, PersonRow.reference == reference),
        field,
        f"person {reference!r} in this organisation",
        select(PersonRow.reference).where(PersonRow.organisation_id == org_id),
    )


def born_on(connection: Connection, person: int) -> date | None:
    """A person's date of birth, by their id, where the register knows it."""
    found: date | None = connection.execute(
        select(PersonRow.date_of_birth).where(PersonRow.id == person)
    ).scalar()
    return found


def resolve(
    connection: Connection, organisation: str, practitioner: str, person: str | None
) -> tuple[int, int, int | None]:
    """The ids behind a record's codes, in one query; a code that names nothing is
    refused with what is allowed."""
    found = connection.execute(
        _RESOLVE, {"organisation": organisation, "practitioner": practitioner, "person": person}
    ).first()
    if found is None:
        organisation_id(connection, organisation)
    assert found is not None
    org_id, practitioner_found, person_found = found
    if practitioner_found is None:
        practitioner_id(connection, org_id, practitioner, "practitioner")
    if person is not None and person_found is None:
        person_id(connection, org_id, person, "person")
    return org_id, practitioner_found, person_found
