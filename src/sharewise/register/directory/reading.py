"""Who is in the register: organisations, multi-agency services, practitioners and
people, as front ends list and look them up. Reading only; `directory.adding` adds them."""

from __future__ import annotations

from sqlalchemy import Connection, func, or_, select, tuple_
from sqlalchemy.orm import aliased

from sharewise.register.directory.schemas import (
    Names,
    Organisation,
    Person,
    Practitioner,
    Relative,
    Service,
)
from sharewise.register.errors import rejected
from sharewise.register.tables import (
    OrganisationRow,
    PersonRow,
    PractitionerRow,
    RelationshipRow,
    ServiceMemberRow,
    ServiceRow,
)

_ORGANISATION = select(OrganisationRow.code, OrganisationRow.name, OrganisationRow.sector)


def organisations(connection: Connection) -> list[Organisation]:
    rows = connection.execute(_ORGANISATION.order_by(OrganisationRow.name))
    return [Organisation(*row) for row in rows]


def organisation(connection: Connection, code: str) -> Organisation:
    row = connection.execute(_ORGANISATION.where(OrganisationRow.code == code)).first()
    if row is None:
        raise rejected(
            "organisation", f"there is no organisation {code!r}", "an organisation's code"
        )
    return Organisation(*row)


_SERVICE = (
    select(ServiceRow.code, ServiceRow.name, OrganisationRow.code)
    .join(ServiceMemberRow, ServiceMemberRow.service_id == ServiceRow.id)
    .join(OrganisationRow, OrganisationRow.id == ServiceMemberRow.organisation_id)
    .order_by(ServiceRow.name, OrganisationRow.code)
)


def services(connection: Connection) -> list[Service]:
    found: dict[str, Service] = {}
    for code, name, member in connection.execute(_SERVICE):
        held = found.get(code)
        found[code] = Service(code, name, (*held.members, member) if held else (member,))
    return list(found.values())


def service(connection: Connection, code: str) -> Service:
    rows = connection.execute(_SERVICE.where(ServiceRow.code == code)).all()
    if not rows:
        raise rejected("service", f"there is no service {code!r}", "a multi-agency service's code")
    return Service(code, rows[0][1], tuple(member for _code, _name, member in rows))


def practitioners(connection: Connection, organisation: str | None = None) -> list[Practitioner]:
    query = (
        select(
            OrganisationRow.code, PractitionerRow.code, PractitionerRow.name, PractitionerRow.role
        )
        .join(OrganisationRow, OrganisationRow.id == PractitionerRow.organisation_id)
        .order_by(OrganisationRow.name, PractitionerRow.name)
    )
    if organisation:
        query = query.where(OrganisationRow.code == organisation)
    return [Practitioner(*row) for row in connection.execute(query)]


_PERSON = select(
    OrganisationRow.code,
    PersonRow.reference,
    PersonRow.given_name,
    PersonRow.family_name,
    PersonRow.date_of_birth,
).join(OrganisationRow, OrganisationRow.id == PersonRow.organisation_id)


def people(
    connection: Connection,
    organisation: str,
    search: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Person], int]:
    """One page of an organisation's people, by family name, and how many match."""
    query = _PERSON.where(OrganisationRow.code == organisation)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(PersonRow.reference).like(pattern),
                func.lower(PersonRow.given_name + " " + PersonRow.family_name).like(pattern),
            )
        )
    total = connection.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = connection.execute(
        query.order_by(PersonRow.family_name, PersonRow.given_name, PersonRow.reference)
        .limit(limit)
        .offset(offset)
    )
    return [Person(*row) for row in rows], int(total)


def person(connection: Connection, organisation: str, reference: str) -> Person:
    row = connection.execute(
        _PERSON.where(OrganisationRow.code == organisation, PersonRow.reference == reference)
    ).first()
    if row is None:
        raise rejected(
            "person",
            f"there is no person {reference!r} in organisation {organisation!r}",
            "the reference of one of this organisation's people",
        )
    return Person(*row)


def relatives(connection: Connection, organisation: str, reference: str) -> list[Relative]:
    """The people the register links to a person, as they stand to them (a parent), in
    the order they were linked: those whose link has ended too, as they may still be
    named in what is written about the person."""
    found = person(connection, organisation, reference)  # not found: refused, named
    subject = aliased(PersonRow)
    rows = connection.execute(
        _PERSON.add_columns(RelationshipRow.kind)
        .join(RelationshipRow, RelationshipRow.relative_id == PersonRow.id)
        .join(subject, subject.id == RelationshipRow.person_id)
        .where(subject.organisation_id == PersonRow.organisation_id)
        .where(OrganisationRow.code == found.organisation, subject.reference == reference)
        .order_by(RelationshipRow.id)
    ).all()
    return [Relative(Person(*row[:5]), row.kind) for row in rows]


def names(
    connection: Connection,
    practitioners: set[tuple[str, str]],
    people: set[tuple[str, str]],
) -> Names:
    """The names behind a page of records' codes, in a few queries whatever its size."""
    places = dict(connection.execute(select(OrganisationRow.code, OrganisationRow.name)).all())
    places.update(connection.execute(select(ServiceRow.code, ServiceRow.name)).all())
    found_staff: dict[tuple[str, str], str] = {}
    if practitioners:
        rows = connection.execute(
            select(
                OrganisationRow.code,
                PractitionerRow.code,
                PractitionerRow.name,
                PractitionerRow.role,
            )
            .join(OrganisationRow, OrganisationRow.id == PractitionerRow.organisation_id)
            .where(tuple_(OrganisationRow.code, PractitionerRow.code).in_(sorted(practitioners)))
        )
        found_staff = {(org, code): f"{name}, {role}" for org, code, name, role in rows}
    found_people: dict[tuple[str, str], str] = {}
    if people:
        person_rows = connection.execute(
            _PERSON.where(tuple_(OrganisationRow.code, PersonRow.reference).in_(sorted(people)))
        )
        found_people = {(row[0], row[1]): Person(*row).name for row in person_rows}
    return Names(places, found_staff, found_people)
