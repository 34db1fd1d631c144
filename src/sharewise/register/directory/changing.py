"""Changing the directory: a person's names or date of birth, a practitioner's name or
role. Each change is an entry in the organisation's chain (`changes`), saying who made
it, when known, and which fields changed. Each function works inside the caller's write
transaction."""

from __future__ import annotations

from sqlalchemy import Connection, update

from sharewise.register.directory import changes
from sharewise.register.directory.lookups import organisation_id, person_id, practitioner_id
from sharewise.register.directory.schemas import PersonChange, PractitionerChange
from sharewise.register.schemas import Input


def change_person(
    connection: Connection,
    organisation: str,
    reference: str,
    change: PersonChange,
    by: int | None = None,
) -> list[str]:
    """What changed of the person: nothing is recorded when nothing did."""
    org_id = organisation_id(connection, organisation)
    row_id = person_id(connection, org_id, reference, "person")
    return _change(connection, org_id, changes.PERSON, row_id, change, by)


def change_practitioner(
    connection: Connection,
    organisation: str,
    code: str,
    change: PractitionerChange,
    by: int | None = None,
) -> list[str]:
    """What changed of the practitioner: nothing is recorded when nothing did."""
    org_id = organisation_id(connection, organisation)
    row_id = practitioner_id(connection, org_id, code, "practitioner")
    return _change(connection, org_id, changes.PRACTITIONER, row_id, change, by)


def _change(
    connection: Connection,
    org_id: int,
    subject: changes.Subject,
    row_id: int,
    change: Input,
    by: int | None,
) -> list[str]:
    given = change.model_dump(include=change.model_fields_set)
    table = subject.table
    # Locked until the commit, so that two changes at once each record what they found.
    query = subject.rows.where(table.c.id == row_id)
    if connection.dialect.name == "postgresql":
        query = query.with_for_update(of=table)
    stood = dict(connection.execute(query).mappings().one())
    changed = [
        name
        for name, value in given.items()
        if changes.stated(value) != changes.stated(stood[name])
    ]
    if not changed:
        return []
    values = {name: given[name] for name in changed}
    connection.execute(update(table).where(table.c.id == row_id).values(values))
    made = changes.entry(subject, row_id, {**stood, **values}, "changed", changed, by)
    changes.record(connection, org_id, made)
    return changed
