"""Who is in the register: organisations, multi-agency services, practitioners and
people, as front ends list and look them up. Reading only; `Register` adds them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, or_, select, tuple_

from sharewise.register.errors import rejected
from sharewise.register.tables import (
    OrganisationRow,
    PersonRow,
    PractitionerRow,
    ServiceMemberRow,
    ServiceRow,
)


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    sector: str


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Practitioner:
    organisation: str
    code: str
    name: str
    role: str


@dataclass(frozen=True)
class Person:
    organisation: str
    reference: str
    given_name: str
    family_name: str
    date_of_birth: date | None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


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


@dataclass(frozen=True)
class Names:
    """What people call the codes a record holds: organisations and services by name,
    practitioners by name and role, people by name. A code not found stays a code."""

    places: dict[str, str]
    practitioners: dict[tuple[str, str], str]
    people: dict[tuple[str, str], str]

    def place(self, code: str | None) -> str | None:
        return None if code is None else self.places.get(code, code)

    def practitioner(self, organisation: str, code: str) -> str:
        return self.practitioners.get((organisation, code), code)

    def person(self, organisation: str, reference: str | None) -> str | None:
        return None if reference is None else self.people.get((organisation, reference))


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
