"""The users of the register: adding them, reading them, their passwords, disabling
them. Each function works inside the caller's transaction, and each change to a user is
an entry in their organisation's chain (`changes.USER`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from sharewise.register.accounts.schemas import USERNAME, Account, NewUser
from sharewise.register.canonical import now
from sharewise.register.directory import changes
from sharewise.register.directory.lookups import organisation_id, practitioner_id, service_id
from sharewise.register.errors import rejected
from sharewise.register.tables import (
    ApiTokenRow,
    OrganisationRow,
    PractitionerRow,
    ServiceMemberRow,
    ServiceRow,
    SessionRow,
    UserRoleRow,
    UserRow,
    UserServiceRow,
)

_users = UserRow.__table__


def add_user(
    connection: Connection,
    user: NewUser,
    password_hash: str,
    *,
    must_change: bool,
    at: datetime,
    demo: bool = False,
) -> Account:
    """Add `user`, refusing an organisation, practitioner or service that is not there
    (or not theirs) and a username taken."""
    org_id, practitioner, services = _placed(connection, user)
    try:
        with connection.begin_nested():
            added = insert(_users).values(
                organisation_id=org_id,
                username=user.username,
                practitioner_id=practitioner,
                password_hash=password_hash,
                must_change_password=must_change,
                password_changed_at=at,
                demo=demo,
                created_at=at,
            )
            user_id = connection.execute(added.returning(_users.c.id)).scalar_one()
    except IntegrityError:
        raise rejected(
            "username", f"the username {user.username!r} is taken", "a username not used yet"
        ) from None
    connection.execute(
        insert(UserRoleRow.__table__), [{"user_id": user_id, "role": r} for r in user.roles]
    )
    if services:
        connection.execute(
            insert(UserServiceRow.__table__),
            [{"user_id": user_id, "service_id": s} for s in dict.fromkeys(services)],
        )
    changes.record_as_stored(connection, changes.USER, user_id, "added", changes.USER.fields, at)
    return account(connection, user.username)


def change_user(connection: Connection, user_id: int, user: NewUser, at: datetime) -> Account:
    """Give the user the roles, services and practitioner of `user` (checked as a new
    user's are), as an entry naming what changed. Their sessions and tokens stay: each
    request reads the account afresh, so a role taken away is gone at once."""
    _, practitioner, services = _placed(connection, user)
    was = account(connection, user.username)
    changed = [
        name
        for name, differs in (
            ("practitioner_id", was.practitioner != user.practitioner),
            ("roles", was.roles != frozenset(user.roles)),
            ("services", was.services != frozenset(user.services)),
        )
        if differs
    ]
    if not changed:
        return was
    connection.execute(
        update(_users).where(_users.c.id == user_id).values(practitioner_id=practitioner)
    )
    for row, key, values in (
        (UserRoleRow, "role", list(user.roles)),
        (UserServiceRow, "service_id", list(dict.fromkeys(services))),
    ):
        table = row.__table__
        connection.execute(delete(table).where(table.c.user_id == user_id))
        if values:
            connection.execute(insert(table), [{"user_id": user_id, key: v} for v in values])
    changes.record_as_stored(connection, changes.USER, user_id, "changed", changed, at)
    return account(connection, user.username)


def password_changed_at(connection: Connection, user_id: int) -> datetime:
    when: datetime = connection.execute(
        select(_users.c.password_changed_at).where(_users.c.id == user_id)
    ).scalar_one()
    return when


def _placed(connection: Connection, user: NewUser) -> tuple[int, int | None, list[int]]:
    """The ids of the user's organisation, practitioner record and services, refusing
    any that is not there, or not theirs."""
    org_id = organisation_id(connection, user.organisation)
    practitioner = (
        practitioner_id(connection, org_id, user.practitioner, "practitioner")
        if user.practitioner
        else None
    )
    services = [_service_of(connection, org_id, user.organisation, s) for s in user.services]
    return org_id, practitioner, services


def _service_of(connection: Connection, org_id: int, organisation: str, code: str) -> int:
    """A service the organisation is a member of: a user works only in those."""
    found = service_id(connection, code, "services")
    member = connection.execute(
        select(ServiceMemberRow.service_id).where(
            ServiceMemberRow.service_id == found, ServiceMemberRow.organisation_id == org_id
        )
    ).first()
    if member is None:
        theirs = connection.execute(
            select(ServiceRow.code)
            .join(ServiceMemberRow, ServiceMemberRow.service_id == ServiceRow.id)
            .where(ServiceMemberRow.organisation_id == org_id)
            .order_by(ServiceRow.code)
        ).scalars()
        raise rejected(
            "services",
            f"{organisation} is not a member of the service {code!r}",
            ", ".join(theirs) or f"none: {organisation} is a member of no service",
        )
    return found


_ACCOUNT = (
    select(
        UserRow.id,
        UserRow.username,
        OrganisationRow.code,
        PractitionerRow.code,
        UserRow.must_change_password,
        UserRow.disabled_at,
        UserRow.demo,
    )
    .join(OrganisationRow, OrganisationRow.id == UserRow.organisation_id)
    .outerjoin(PractitionerRow, PractitionerRow.id == UserRow.practitioner_id)
)


def accounts(connection: Connection, where: Any = None) -> list[Account]:
    """The accounts `where` picks (every one by default), by organisation and username."""
    query = _ACCOUNT.order_by(OrganisationRow.code, UserRow.username)
    if where is not None:
        query = query.where(where)
    rows = connection.execute(query).all()
    ids = [row.id for row in rows]
    roles = _grouped(connection, select(UserRoleRow.user_id, UserRoleRow.role), ids)
    services = _grouped(
        connection,
        select(UserServiceRow.user_id, ServiceRow.code).join(
            ServiceRow, ServiceRow.id == UserServiceRow.service_id
        ),
        ids,
    )
    return [
        Account(
            id=row.id,
            username=row.username,
            organisation=row[2],
            practitioner=row[3],
            roles=frozenset(roles.get(row.id, ())),
            services=frozenset(services.get(row.id, ())),
            must_change_password=row.must_change_password,
            disabled=row.disabled_at is not None,
            demo=row.demo,
        )
        for row in rows
    ]


def _grouped(
    connection: Connection, query: Select[int, str], ids: Iterable[int]
) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    key = query.selected_columns[0]
    for user_id, value in connection.execute(query.where(key.in_(list(ids)))):
        found.setdefault(user_id, []).append(value)
    return found


def find(connection: Connection, username: str) -> tuple[Account, str] | None:
    """The account called `username` and its password's hash, or None."""
    name = username.strip().casefold()
    if not USERNAME.match(name):  # nobody's, and a NUL PostgreSQL could not search for
        return None
    found = accounts(connection, UserRow.username == name)
    if not found:
        return None
    stored = connection.execute(
        select(UserRow.password_hash).where(UserRow.id == found[0].id)
    ).scalar_one()
    return found[0], stored


def account(connection: Connection, username: str) -> Account:
    """The account called `username`, or a refusal naming the usernames there are."""
    found = find(connection, username)
    if found is None:
        known = connection.execute(select(UserRow.username).order_by(UserRow.username).limit(6))
        names = list(known.scalars())
        raise rejected(
            "username",
            f"there is no user {username!r}",
            ", ".join(names[:5]) + (", …" if len(names) > 5 else "") or "none yet",
        )
    return found[0]


# What a new password changes: never stated but by its hash's fingerprint.
_PASSWORD = ("password", "must_change_password", "password_changed_at")


def set_password(
    connection: Connection,
    user_ids: list[int],
    password_hash: str,
    *,
    must_change: bool,
    at: datetime,
) -> None:
    """Give the users a new password's hash. Their sessions end: whoever signed in with
    the old password signs in again."""
    connection.execute(
        update(_users)
        .where(_users.c.id.in_(user_ids))
        .values(
            password_hash=password_hash, must_change_password=must_change, password_changed_at=at
        )
    )
    connection.execute(delete(SessionRow.__table__).where(SessionRow.user_id.in_(user_ids)))
    for user_id in user_ids:
        changes.record_as_stored(connection, changes.USER, user_id, "changed", _PASSWORD, at)


def rehash(connection: Connection, user_id: int, password_hash: str) -> None:
    """The same password, hashed at today's parameters."""
    connection.execute(
        update(_users).where(_users.c.id == user_id).values(password_hash=password_hash)
    )
    changes.record_as_stored(connection, changes.USER, user_id, "changed", ["password"], now())


def disable(connection: Connection, user_id: int, at: datetime) -> tuple[int, int]:
    """Disable a user: their sessions end and their tokens are revoked. How many of each."""
    connection.execute(update(_users).where(_users.c.id == user_id).values(disabled_at=at))
    changes.record_as_stored(connection, changes.USER, user_id, "changed", ["disabled_at"], at)
    sessions = connection.execute(
        delete(SessionRow.__table__).where(SessionRow.user_id == user_id)
    ).rowcount
    tokens = connection.execute(
        update(ApiTokenRow.__table__)
        .where(
            ApiTokenRow.user_id == user_id,
            ApiTokenRow.revoked_at.is_(None),
            ApiTokenRow.expires_at > at,
        )
        .values(revoked_at=at)
    ).rowcount
    return sessions, tokens
