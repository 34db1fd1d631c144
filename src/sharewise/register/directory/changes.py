"""The directory in the ledger: each person, practitioner and relationship added or
changed is an entry in its organisation's chain, saying who did it (when known), which
fields changed, and every field as it then stood. `verify` holds each row of the
directory to its latest entry, so that an edit made behind the register's back (a name,
a date of birth, a role, a parent's responsibility) is caught.

A subject is one table of the directory (`register_subject`). The users are one: who
they are, their organisation, roles, services and practitioner, whether they are
disabled, and when their password last changed, with a fingerprint of its stored hash
(never the hash: the fingerprint holds none of the hash's salt, so it tests no guess at a
password) so that a hash swapped behind the register's back is caught too. Their
sessions, tokens and sign-in attempts are working data, not entries.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Connection, Select, Table, func, select

from sharewise.register import chain
from sharewise.register.canonical import instant, now
from sharewise.register.entries import Body, ledger_entry
from sharewise.register.tables import (
    DirectoryRecordRow,
    PersonRow,
    PractitionerRow,
    RelationshipRow,
    ServiceRow,
    UserRoleRow,
    UserRow,
    UserServiceRow,
)

Kind = Literal["added", "changed", "found"]


@dataclass(frozen=True)
class Subject:
    """A table of the directory: the fields its entries state, the query that reads its
    rows as (id, organisation_id, *fields), and the person a row is about, if any."""

    name: str
    table: Table
    fields: tuple[str, ...]
    rows: Select[Any]
    person: Callable[[int, Mapping[Any, Any]], int | None]
    # How a field's stored value is stated, where not as it is (`stated`).
    states: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)

    def state(self, name: str, value: Any) -> Any:
        shown = self.states.get(name)
        return stated(value if shown is None else shown(value))


SUBJECTS: dict[str, Subject] = {}


def register_subject(subject: Subject) -> Subject:
    SUBJECTS[subject.name] = subject
    return subject


def _rows(table: Table, fields: tuple[str, ...]) -> Select[Any]:
    return select(table.c.id, table.c.organisation_id, *(table.c[f] for f in fields))


_PEOPLE = PersonRow.__table__
_PERSON_FIELDS = ("reference", "given_name", "family_name", "date_of_birth")
PERSON = register_subject(
    Subject(
        "person",
        _PEOPLE,
        _PERSON_FIELDS,
        _rows(_PEOPLE, _PERSON_FIELDS),
        lambda subject_id, _fields: subject_id,
    )
)
_PRACTITIONER_FIELDS = ("code", "name", "role")
PRACTITIONER = register_subject(
    Subject(
        "practitioner",
        PractitionerRow.__table__,
        _PRACTITIONER_FIELDS,
        _rows(PractitionerRow.__table__, _PRACTITIONER_FIELDS),
        lambda _id, _fields: None,
    )
)
_RELATIONSHIPS = RelationshipRow.__table__
_RELATIONSHIP_FIELDS = (
    "person_id", "relative_id", "kind", "parental_responsibility", "started_at", "ended_at",
)  # fmt: skip
RELATIONSHIP = register_subject(
    Subject(
        "relationship",
        _RELATIONSHIPS,
        _RELATIONSHIP_FIELDS,
        # A relationship is the organisation's that knows the person.
        select(
            _RELATIONSHIPS.c.id,
            _PEOPLE.c.organisation_id,
            *(_RELATIONSHIPS.c[f] for f in _RELATIONSHIP_FIELDS),
        ).join(_PEOPLE, _PEOPLE.c.id == _RELATIONSHIPS.c.person_id),
        lambda _id, fields: int(fields["person_id"]),
    )
)
_USERS = UserRow.__table__
_USER_FIELDS = (
    "username", "practitioner_id", "roles", "services", "demo", "disabled_at",
    "must_change_password", "password_changed_at", "password",
)  # fmt: skip


def _each(value: str | None) -> list[str]:
    """A set the query joined with commas, in order."""
    return sorted(value.split(",")) if value else []


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


USER = register_subject(
    Subject(
        "user",
        _USERS,
        _USER_FIELDS,
        select(
            _USERS.c.id,
            _USERS.c.organisation_id,
            _USERS.c.username,
            _USERS.c.practitioner_id,
            select(func.aggregate_strings(UserRoleRow.role, ","))
            .where(UserRoleRow.user_id == _USERS.c.id)
            .scalar_subquery()
            .label("roles"),
            select(func.aggregate_strings(ServiceRow.code, ","))
            .join(UserServiceRow, UserServiceRow.service_id == ServiceRow.id)
            .where(UserServiceRow.user_id == _USERS.c.id)
            .scalar_subquery()
            .label("services"),
            _USERS.c.demo,
            _USERS.c.disabled_at,
            _USERS.c.must_change_password,
            _USERS.c.password_changed_at,
            _USERS.c.password_hash.label("password"),
        ),
        lambda _id, _fields: None,
        {"roles": _each, "services": _each, "password": _fingerprint},
    )
)


def stated(value: Any) -> Any:
    """A field's value as an entry states it: moments as stored and hashed, dates in ISO."""
    if isinstance(value, datetime):
        return instant(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def fields_of(subject: Subject, values: Mapping[Any, Any]) -> dict[str, Any]:
    return {name: subject.state(name, values[name]) for name in subject.fields}


class DirectoryChange(Body):
    """The body of a directory entry: what it is about, the fields that changed (all of
    them, when added; none, when found), and every field as it then stood."""

    schema_version: Literal[1] = 1
    subject: str
    subject_id: int
    changed: list[str]
    fields: dict[str, Any]

    def header(self) -> dict[str, Any]:
        return {"subject": self.subject, "subject_id": self.subject_id}


def entry(
    subject: Subject,
    subject_id: int,
    values: Mapping[Any, Any],
    kind: Kind,
    changed: Iterable[str],
    by: int | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The ledger entry for a row of `subject` as `values` now state it."""
    fields = fields_of(subject, values)
    return ledger_entry(
        DirectoryChange(
            subject=subject.name, subject_id=subject_id, changed=list(changed), fields=fields
        ),
        kind=kind,
        recorded_by=by,
        person_id=subject.person(subject_id, fields),
        refers_to=None,
        recorded_at=at or now(),
    )


def record(connection: Connection, organisation_id: int, made: dict[str, Any]) -> None:
    """Append an `entry` for a row just added or changed, in the caller's transaction."""
    chain.append(connection, DIRECTORY.table, organisation_id, [made])


def record_as_stored(
    connection: Connection,
    subject: Subject,
    subject_id: int,
    kind: Kind,
    changed: Iterable[str],
    at: datetime | None = None,
) -> None:
    """`record` the row of `subject` as it is now stored, read as verify will read it."""
    row = connection.execute(subject.rows.where(subject.table.c.id == subject_id)).mappings()
    stored = row.one()
    record(
        connection,
        stored["organisation_id"],
        entry(subject, subject_id, stored, kind, changed, at=at),
    )


def record_found(connection: Connection) -> int:
    """Record every row of the directory that has no entry yet, as found: the rows made
    before the directory was in the ledger. How many were recorded."""
    table = DirectoryRecordRow.__table__
    recorded = {(s, i) for s, i in connection.execute(select(table.c.subject, table.c.subject_id))}
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for subject in SUBJECTS.values():
        for row in connection.execute(subject.rows).mappings():
            if (subject.name, row["id"]) not in recorded:
                found[row["organisation_id"]].append(entry(subject, row["id"], row, "found", ()))
    for organisation_id, entries in sorted(found.items()):
        chain.append(connection, DIRECTORY.table, organisation_id, entries)
    return sum(map(len, found.values()))


# --- what verify holds the directory to ------------------------------------------------


class _Vouched:
    """The latest entry of each row of the directory, as verify meets them in order: its
    organisation, its place, and the fields it states, in its subject's order (a tuple:
    the directory may hold a great many rows)."""

    def __init__(self) -> None:
        self.latest: dict[tuple[str, int], tuple[int, int, tuple[Any, ...]]] = {}

    def entry(self, row: tuple[Any, ...]) -> None:
        subject = SUBJECTS.get(row[_SUBJECT])
        if subject is None:
            return  # a subject this sharewise does not know: its rows are not checked
        said = json.loads(row[_BODY])["fields"]
        stated = tuple(said.get(name) for name in subject.fields)
        self.latest[(subject.name, row[_SUBJECT_ID])] = (row[0], row[1], stated)

    def problems(self, connection: Connection, broken: set[int]) -> Iterable[chain.Problem]:
        unrecorded: dict[tuple[int, str], list[int]] = defaultdict(list)
        for subject in SUBJECTS.values():
            for row in connection.execute(subject.rows).mappings():
                organisation_id = row["organisation_id"]
                latest = self.latest.pop((subject.name, row["id"]), None)
                if organisation_id in broken:
                    continue
                if latest is None:
                    unrecorded[(organisation_id, subject.name)].append(row["id"])
                    continue
                problem = _differs(subject, row, *latest)
                if problem is not None:
                    yield problem
        for (name, subject_id), (organisation_id, seq, _) in self.latest.items():
            if organisation_id not in broken:
                yield chain.Problem(
                    organisation_id,
                    f"{name} {subject_id}, of directory entry {seq}, is not in the register "
                    "(deleted behind its back)",
                )
        for (organisation_id, name), ids in sorted(unrecorded.items()):
            shown = ", ".join(map(str, ids[:5])) + (", …" if len(ids) > 5 else "")
            what = (
                f"{name} {shown} has" if len(ids) == 1 else f"{len(ids)} {name} rows ({shown}) have"
            )
            yield chain.Problem(
                organisation_id,
                f"{what} no directory entry: made before directory entries (run `sharewise "
                "ledger seal` once, after upgrading), or added behind the register's back",
                before_seals=True,
            )


def _differs(
    subject: Subject,
    row: Mapping[Any, Any],
    organisation_id: int,
    seq: int,
    said: tuple[Any, ...],
) -> chain.Problem | None:
    where = f"{subject.name} {row['id']}"
    if row["organisation_id"] != organisation_id:
        return chain.Problem(
            row["organisation_id"],
            f"{where} is recorded in organisation {organisation_id}'s chain (directory entry "
            f"{seq}), not this one's (moved behind the register's back)",
        )
    stands = tuple(subject.state(name, row[name]) for name in subject.fields)
    if stands == said:
        return None
    changed = [
        name for name, now, then in zip(subject.fields, stands, said, strict=True) if now != then
    ]
    differ = "differ" if len(changed) > 1 else "differs"
    return chain.Problem(
        organisation_id,
        f"{where} was changed behind the register's back: its {', '.join(changed)} {differ} "
        f"from its latest directory entry (entry {seq})",
    )


DIRECTORY = chain.register_kind(
    chain.EntryKind(
        DirectoryRecordRow,
        # Hashed from its first entry under a header that names its version.
        {2: (*chain.ENTRY_HEADER, "subject", "subject_id")},
        vouches=_Vouched,
    )
)
_SUBJECT, _SUBJECT_ID = (DIRECTORY.columns.index(c) for c in ("subject", "subject_id"))
_BODY = len(DIRECTORY.columns) + chain.STORED.index("body")
