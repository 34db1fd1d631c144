"""Adding to the directory: organisations (each with its own chain), services and their
members, practitioners, people and their relationships. Each function works inside the
caller's write transaction. A practitioner, a person or a relationship added is an entry
in its organisation's chain too (`changes`), made `by` a practitioner when one is known,
`at` a moment the demo's history chooses (now, otherwise)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Connection, CursorResult, insert
from sqlalchemy.exc import IntegrityError

from sharewise.engine.limits import CODE, MEMBERS, NAME, PERSON_NAME
from sharewise.register import chain, purposes
from sharewise.register.canonical import now
from sharewise.register.dates import check_birth
from sharewise.register.directory import changes
from sharewise.register.directory.lookups import organisation_id, person_id
from sharewise.register.errors import rejected
from sharewise.register.schemas import Code
from sharewise.register.sectors import SECTORS
from sharewise.register.tables import (
    Base,
    ChainHeadRow,
    OrganisationRow,
    PersonRow,
    PractitionerRow,
    PurposeRow,
    RelationshipRow,
    ServiceMemberRow,
    ServiceRow,
)

_CODE = TypeAdapter(Code)


def _a_code(field: str, code: str) -> None:
    try:
        _CODE.validate_python(code)
    except ValidationError:
        raise rejected(
            field,
            f"{code[:CODE]!r} is not a code",
            f"letters, numbers, full stops, hyphens and underscores, starting with a letter "
            f"or number, up to {CODE} characters",
        ) from None


def _a_name(field: str, name: str, most: int = NAME) -> None:
    """A name as the directory keeps it: on one line, of at most `most` characters."""
    if not name.strip() or not name.isprintable() or len(name) > most:
        raise rejected(
            field,
            f"must be written on one line, of 1 to {most:,} characters",
            f"a name of up to {most:,} characters",
        )


def add_organisation(connection: Connection, code: str, name: str, sector: str) -> int:
    _a_code("code", code)
    _a_name("name", name)
    if sector not in SECTORS:
        raise rejected("sector", f"{sector!r} is not a sector", ", ".join(SECTORS))
    org_id = _insert_unique(
        connection,
        OrganisationRow,
        {"code": code, "name": name, "sector": sector, "created_at": now()},
        f"organisation {code!r} exists already",
    )
    connection.execute(
        insert(ChainHeadRow.__table__),
        {"organisation_id": org_id, "count": 0, "hash": chain.GENESIS},
    )
    return org_id


def add_service(connection: Connection, code: str, name: str, members: Sequence[str]) -> int:
    _a_code("code", code)
    _a_name("name", name)
    if len(members) > MEMBERS:
        raise rejected(
            "members", f"has {len(members)} items, more than {MEMBERS}", f"up to {MEMBERS}"
        )
    # A member named twice is one member (the pair is the table's key).
    member_ids = [organisation_id(connection, m, "members") for m in dict.fromkeys(members)]
    service_id = _insert_unique(
        connection,
        ServiceRow,
        {"code": code, "name": name, "created_at": now()},
        f"service {code!r} exists already",
    )
    for org_id in member_ids:
        connection.execute(
            insert(ServiceMemberRow.__table__),
            {"service_id": service_id, "organisation_id": org_id},
        )
    return service_id


def add_practitioner(
    connection: Connection,
    organisation: str,
    code: str,
    name: str,
    role: str,
    by: int | None = None,
    at: datetime | None = None,
) -> int:
    _a_code("code", code)
    _a_name("name", name)
    _a_name("role", role)
    org_id = organisation_id(connection, organisation)
    values = {"organisation_id": org_id, "code": code, "name": name, "role": role}
    row_id = _insert_unique(
        connection,
        PractitionerRow,
        {**values, "created_at": at or now()},
        f"practitioner {code!r} exists already in {organisation}",
    )
    _added(connection, org_id, changes.PRACTITIONER, row_id, values, by, at)
    return row_id


def add_person(
    connection: Connection,
    organisation: str,
    reference: str,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    by: int | None = None,
    at: datetime | None = None,
) -> int:
    _a_code("reference", reference)
    _a_name("given_name", given_name, PERSON_NAME)
    _a_name("family_name", family_name, PERSON_NAME)
    check_birth(date_of_birth)
    org_id = organisation_id(connection, organisation)
    values = {
        "organisation_id": org_id,
        "reference": reference,
        "given_name": given_name,
        "family_name": family_name,
        "date_of_birth": date_of_birth,
    }
    row_id = _insert_unique(
        connection,
        PersonRow,
        {**values, "created_at": at or now()},
        f"person {reference!r} exists already in {organisation}",
        field="reference",
    )
    _added(connection, org_id, changes.PERSON, row_id, values, by, at)
    return row_id


def add_purpose(connection: Connection, organisation: str, name: str) -> int:
    """Add a purpose to the list the organisation keeps."""
    name = " ".join(name.split())
    wrong = purposes.refusal(name)
    if wrong:
        raise rejected(
            "name", f"the purpose {wrong}", f"a name of up to {purposes.LONGEST} characters"
        )
    return _insert_unique(
        connection,
        PurposeRow,
        {
            "organisation_id": organisation_id(connection, organisation),
            "name": name,
            "created_at": now(),
        },
        f"the purpose {name!r} is in {organisation}'s list already",
        field="name",
    )


def add_relationship(
    connection: Connection,
    organisation: str,
    person: str,
    relative: str,
    kind: str,
    parental_responsibility: bool,
    by: int | None = None,
    at: datetime | None = None,
) -> int:
    """`relative` stands as `kind` (e.g. parent) to `person`."""
    org_id = organisation_id(connection, organisation)
    values = {
        "person_id": person_id(connection, org_id, person, "person"),
        "relative_id": person_id(connection, org_id, relative, "relative"),
        "kind": kind,
        "parental_responsibility": parental_responsibility,
        "started_at": at or now(),
        "ended_at": None,
    }
    row_id = _inserted_id(connection.execute(insert(RelationshipRow.__table__), values))
    _added(connection, org_id, changes.RELATIONSHIP, row_id, values, by, at)
    return row_id


def _added(
    connection: Connection,
    org_id: int,
    subject: changes.Subject,
    row_id: int,
    values: dict[str, Any],
    by: int | None,
    at: datetime | None,
) -> None:
    made = changes.entry(subject, row_id, values, "added", subject.fields, by, at)
    changes.record(connection, org_id, made)


def _insert_unique(
    connection: Connection,
    row: type[Base],
    values: dict[str, Any],
    clash: str,
    field: str = "code",
) -> int:
    try:
        with connection.begin_nested():
            result = connection.execute(insert(row.__table__), values)
    except IntegrityError:
        raise rejected(field, clash, "a code not used yet") from None
    return _inserted_id(result)


def _inserted_id(result: CursorResult[Any]) -> int:
    """The id the database gave the one row just inserted."""
    key = result.inserted_primary_key
    if key is None:  # SQLAlchemy has none only for an insert of no row
        raise LookupError("the database gave the inserted row no id")
    return int(key[0])
