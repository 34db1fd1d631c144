"""Recording protocols and their changes. Each function works inside the caller's
transaction; a change is a new version, never an update, so every version stays."""

from __future__ import annotations

import json

from sqlalchemy import Connection, insert, select

from sharewise.register.canonical import now
from sharewise.register.directory.lookups import organisation_id
from sharewise.register.errors import rejected, validated
from sharewise.register.protocols import queries
from sharewise.register.protocols.schemas import ProtocolInput, SharingProtocol
from sharewise.register.tables import (
    OrganisationRow,
    ProtocolRow,
    ProtocolVersionRow,
    ServiceRow,
)


def add(connection: Connection, organisation: str, given: ProtocolInput, by: str) -> int:
    """Record a new protocol of `organisation`, made `by` a username: its id."""
    org_id = organisation_id(connection, organisation)
    check(connection, organisation, given)
    protocol_id = connection.execute(
        insert(ProtocolRow).values(organisation_id=org_id, created_at=now())
    ).inserted_primary_key
    assert protocol_id is not None
    _version(connection, protocol_id[0], 1, given, by, "Added")
    return int(protocol_id[0])


def change(
    connection: Connection, organisation: str, protocol_id: int, changes: dict[str, object], by: str
) -> SharingProtocol:
    """Give the fields in `changes` new values: a new version, if anything changed. Only
    the organisation that keeps a protocol changes it; another's is not found."""
    current = queries.protocol(connection, protocol_id, (organisation,), keeper_only=True)
    unknown = set(changes) - set(ProtocolInput.model_fields)
    if unknown:
        raise rejected(
            sorted(unknown)[0], "is not a known field", ", ".join(ProtocolInput.model_fields)
        )
    before = current.as_input()
    given = validated(ProtocolInput, {**before, **changes})
    check(connection, organisation, given)
    # `as_input` gives it as `model_dump` does: what differs is what changed.
    changed = [name for name, value in given.model_dump().items() if value != before[name]]
    if changed:
        said = "Changed " + ", ".join(name.replace("_", " ") for name in changed)
        _version(connection, protocol_id, current.version + 1, given, by, said)
    return queries.protocol(connection, protocol_id, (organisation,))


def check(connection: Connection, organisation: str, given: ProtocolInput) -> None:
    """Every party is an organisation or a multi-agency service in the register, and the
    organisation keeping the protocol is one of them (or in a service that is)."""
    organisations = set(connection.execute(select(OrganisationRow.code)).scalars())
    services = set(connection.execute(select(ServiceRow.code)).scalars())
    for n, party in enumerate(given.parties):
        if party not in organisations | services:
            raise rejected(
                f"parties[{n}]",
                f"{party!r} is not an organisation or service in the register",
                "the codes of organisations and multi-agency services in the register",
            )
    if organisation not in queries.reached(connection, given.parties):
        raise rejected(
            "parties",
            f"does not include {organisation!r}, whose protocol it is",
            f"{organisation!r} among the parties, or a service it is a member of",
        )


def _version(
    connection: Connection, protocol_id: int, version: int, given: ProtocolInput, by: str, note: str
) -> None:
    as_json = given.model_dump(mode="json")
    connection.execute(
        insert(ProtocolVersionRow).values(
            protocol_id=protocol_id,
            version=version,
            title=given.title,
            status=given.status,
            parties=json.dumps(as_json["parties"]),
            purpose=given.purpose,
            data_items=json.dumps(as_json["data_items"]),
            legal_basis=given.legal_basis,
            retention=given.retention,
            security=given.security,
            signatories=json.dumps(as_json["signatories"]),
            signed_on=given.signed_on,
            review_on=given.review_on,
            changed_by=by,
            changed_at=now(),
            note=note,
        )
    )
