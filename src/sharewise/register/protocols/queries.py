"""Reading protocols: as they stand, as they stood, which cover a sharing, and which are
due for review. An organisation reads the protocols it keeps and those it is a party to
(by name, or as a member of a service that is); any other is not found."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Select, func, select

from sharewise.register.errors import OutOfReach
from sharewise.register.protocols.schemas import SharingProtocol, Signatory
from sharewise.register.tables import (
    OrganisationRow,
    ProtocolRow,
    ProtocolVersionRow,
    ServiceMemberRow,
    ServiceRow,
    has_id,
)

_versions = ProtocolVersionRow.__table__


def _query() -> Select[Any]:
    return (
        select(_versions, OrganisationRow.code.label("keeper"))
        .join(ProtocolRow, ProtocolRow.id == _versions.c.protocol_id)
        .join(OrganisationRow, OrganisationRow.id == ProtocolRow.organisation_id)
    )


def _newest() -> Select[Any]:
    latest = (
        select(_versions.c.protocol_id, func.max(_versions.c.version).label("version"))
        .group_by(_versions.c.protocol_id)
        .subquery()
    )
    return _query().join(
        latest,
        (latest.c.protocol_id == _versions.c.protocol_id)
        & (latest.c.version == _versions.c.version),
    )


def _protocol(row: Any) -> SharingProtocol:
    changed_at: datetime = row.changed_at
    if changed_at.tzinfo is None:  # SQLite gives back its UTC moments without their zone
        changed_at = changed_at.replace(tzinfo=UTC)
    return SharingProtocol(
        id=row.protocol_id,
        organisation=row.keeper,
        version=row.version,
        title=row.title,
        status=row.status,
        parties=tuple(json.loads(row.parties)),
        purpose=row.purpose,
        data_items=tuple(json.loads(row.data_items)),
        legal_basis=row.legal_basis,
        retention=row.retention,
        security=row.security,
        signatories=tuple(Signatory.model_validate(s) for s in json.loads(row.signatories)),
        signed_on=row.signed_on,
        review_on=row.review_on,
        changed_by=row.changed_by,
        changed_at=changed_at,
        note=row.note,
    )


def reached(connection: Connection, parties: Iterable[str]) -> frozenset[str]:
    """The parties, and the organisations of the services among them."""
    listed = frozenset(parties)
    members = connection.execute(
        select(OrganisationRow.code)
        .join(ServiceMemberRow, ServiceMemberRow.organisation_id == OrganisationRow.id)
        .join(ServiceRow, ServiceRow.id == ServiceMemberRow.service_id)
        .where(ServiceRow.code.in_(listed))
    ).scalars()
    return listed | frozenset(members)


def _readable(connection: Connection, protocol: SharingProtocol, within: Collection[str]) -> bool:
    return protocol.organisation in within or bool(
        reached(connection, protocol.parties) & set(within)
    )


def not_found(protocol_id: int) -> OutOfReach:
    return OutOfReach(
        "protocol_id",
        f"there is no protocol {protocol_id} you can read",
        "the id of a protocol your organisation keeps or is a party to",
    )


def protocol(
    connection: Connection,
    protocol_id: int,
    within: Collection[str],
    keeper_only: bool = False,
) -> SharingProtocol:
    """A protocol as it stands, if an organisation `within` keeps it, or (unless
    `keeper_only`) is a party to it."""
    row = connection.execute(_newest().where(has_id(_versions.c.protocol_id, protocol_id))).first()
    found = row and _protocol(row)
    if not found or not (
        found.organisation in within if keeper_only else _readable(connection, found, within)
    ):
        raise not_found(protocol_id)
    return found


def history(
    connection: Connection, protocol_id: int, within: Collection[str]
) -> list[SharingProtocol]:
    """Every version of a protocol, newest first."""
    protocol(connection, protocol_id, within)
    rows = connection.execute(
        _query().where(_versions.c.protocol_id == protocol_id).order_by(_versions.c.version.desc())
    )
    return [_protocol(row) for row in rows]


def protocols(
    connection: Connection, within: Collection[str], status: str | None = None
) -> list[SharingProtocol]:
    """The protocols an organisation `within` keeps or is a party to, as they stand, by
    review day. A register keeps tens of them: they are read whole and sorted here."""
    query = _newest().order_by(_versions.c.review_on, _versions.c.protocol_id)
    if status:
        query = query.where(_versions.c.status == status)
    found = [_protocol(row) for row in connection.execute(query)]
    return [p for p in found if _readable(connection, p, within)]


def covering(connection: Connection, organisation: str, recipient: str) -> list[SharingProtocol]:
    """The protocols in force to which both `organisation` and `recipient` are parties."""
    return [
        p
        for p in protocols(connection, (organisation,), "active")
        if {organisation, recipient} <= reached(connection, p.parties)
    ]


def due_for_review(
    connection: Connection, organisation: str, today: date, within_days: int
) -> list[SharingProtocol]:
    """The protocols `organisation` keeps whose review is due within `within_days`, or
    past; soonest first."""
    query = (
        _newest()
        .where(
            OrganisationRow.code == organisation,
            _versions.c.status.in_(("active", "review")),
            _versions.c.review_on <= today + timedelta(days=within_days),
        )
        .order_by(_versions.c.review_on)
    )
    return [_protocol(row) for row in connection.execute(query)]
