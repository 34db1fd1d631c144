"""Recording consent given or refused, a correction of it, and its withdrawal, each
inside the caller's write transaction (3.18-3.21)."""

from __future__ import annotations

from functools import partial

from sqlalchemy import Connection, select

from sharewise.register.canonical import now
from sharewise.register.consents.records import (
    ConsentEvent,
    StoredConsent,
    consent_decision,
    consent_event,
    consent_withdrawal,
)
from sharewise.register.consents.schemas import ConsentInput, WithdrawalInput
from sharewise.register.consents.state import state_of
from sharewise.register.dates import not_before, not_in_the_future
from sharewise.register.directory.lookups import (
    born_on,
    organisation_id,
    person_id,
    practitioner_id,
    service_id,
)
from sharewise.register.entries import append_entry, ledger_entry
from sharewise.register.errors import rejected
from sharewise.register.tables import ConsentRecordRow

_TABLE = ConsentRecordRow.__table__


def record_consent(connection: Connection, consent: ConsentInput) -> StoredConsent:
    org_id = organisation_id(connection, consent.organisation)
    recorder = practitioner_id(connection, org_id, consent.recorded_by, "recorded_by")
    person = person_id(connection, org_id, consent.person, "person")
    if consent.relative:
        person_id(connection, org_id, consent.relative, "relative")
    for code in consent.recipients.organisations:
        organisation_id(connection, code, "recipients.organisations")
    for code in consent.recipients.services:
        service_id(connection, code, "recipients.services")
    refers_to = None
    if consent.corrects:
        refers_to = _consent_of(connection, org_id, person, consent.corrects, "corrects")
    not_in_the_future(consent.given_at, "given_at")
    born = born_on(connection, person)
    if born:
        not_before(consent.given_at, born, "given_at", "they were born")
    if consent.review_date:
        not_before(consent.review_date, consent.given_at.date(), "review_date", "it was given")
    return _append(
        connection,
        org_id,
        recorder,
        person,
        "correction" if refers_to else consent.status,
        refers_to,
        consent_decision(consent, consent.given_at),
    )


def withdraw_consent(connection: Connection, withdrawal: WithdrawalInput) -> StoredConsent:
    """Withdrawal takes effect at once (3.21): the next coverage query sees it."""
    org_id = organisation_id(connection, withdrawal.organisation)
    recorder = practitioner_id(connection, org_id, withdrawal.recorded_by, "recorded_by")
    person = connection.execute(
        select(_TABLE.c.person_id).where(
            _TABLE.c.id == withdrawal.consent, _TABLE.c.organisation_id == org_id
        )
    ).scalar()
    # Whichever version it names, a withdrawal is of the whole consent (3.21).
    consent = (
        None
        if person is None
        else state_of(connection, person, now()).lineage_of(withdrawal.consent)
    )
    if person is None or consent is None:
        raise rejected(
            "consent",
            f"there is no consent {withdrawal.consent!r} here",
            "the id of a consent given, from `sharewise consent list`",
        )
    if consent.terms.status != "given":
        raise rejected(
            "consent",
            f"consent {withdrawal.consent!r} stands as refused: there is nothing to withdraw",
            "the id of a consent given, from `sharewise consent list`",
        )
    if consent.withdrawal is not None:
        raise rejected(
            "consent",
            f"consent {withdrawal.consent!r} was withdrawn already, on "
            f"{consent.withdrawal.withdrawn_at.date().isoformat()}",
            "the id of a consent that stands",
        )
    withdrawn_at = not_in_the_future(withdrawal.withdrawn_at or now(), "withdrawn_at")
    not_before(withdrawn_at, consent.terms.given_at, "withdrawn_at", "consent was given")
    return _append(
        connection,
        org_id,
        recorder,
        person,
        "withdrawn",
        withdrawal.consent,
        consent_withdrawal(withdrawal, withdrawn_at),
    )


def _consent_of(
    connection: Connection, org_id: int, person: int, consent_id: str, field: str
) -> str:
    found = connection.execute(
        select(_TABLE.c.id).where(
            _TABLE.c.id == consent_id,
            _TABLE.c.organisation_id == org_id,
            _TABLE.c.person_id == person,
            # A correction replaces a version of a consent; a withdrawal has no terms.
            _TABLE.c.kind != "withdrawn",
        )
    ).scalar()
    if found is None:
        raise rejected(
            field,
            f"there is no consent {consent_id!r} for this person",
            "the id of this person's consent given or refused, or of a correction of one",
        )
    return str(found)


def _append(
    connection: Connection,
    org_id: int,
    recorder: int,
    person: int,
    kind: str,
    refers_to: str | None,
    event: ConsentEvent,
) -> StoredConsent:
    entry = ledger_entry(
        event,
        kind=kind,
        recorded_by=recorder,
        person_id=person,
        refers_to=refers_to,
        recorded_at=now(),
    )
    return append_entry(connection, "consent_records", org_id, entry, partial(consent_event, kind))
