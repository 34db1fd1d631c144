"""Consents (3.18-3.21): record, withdraw, list a person's, what stands of them, and the
coverage question."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sharewise.api.dependencies import TheRegister
from sharewise.api.errors import problems
from sharewise.api.schemas import (
    ConsentEntry,
    ConsentQuery,
    ConsentState,
    ConsentStateQuery,
    Coverage,
    CoverageQuery,
    Page,
    StandingConsent,
    Withdrawal,
)
from sharewise.register.consents.schemas import ConsentInput, WithdrawalInput

router = APIRouter(tags=["consents"])


@router.post("/consents", status_code=201, summary="Record consent given or refused")
def record_consent(consent: ConsentInput, register: TheRegister) -> ConsentEntry:
    """Who gave or refused consent, in what capacity, whether it was explicit, written
    and informed, and for which purposes and recipients."""
    return ConsentEntry.of(register.record_consent(consent))


@router.post(
    "/consents/{consent}/withdrawal",
    status_code=201,
    summary="Withdraw consent",
    responses=problems(404),
)
def withdraw_consent(
    consent: str,
    withdrawal: Withdrawal,
    register: TheRegister,
) -> ConsentEntry:
    """Record that consent was withdrawn. It takes effect at once: the next coverage
    question sees it."""
    record = WithdrawalInput(consent=consent, **withdrawal.model_dump())
    return ConsentEntry.of(register.withdraw_consent(record))


@router.get("/consents", summary="List a person's consent records")
def list_consents(
    query: Annotated[ConsentQuery, Query()], register: TheRegister
) -> Page[ConsentEntry]:
    """A person's consent records, newest first: given, refused, withdrawn, corrected."""
    found = register.consents(
        query.organisation,
        query.person,
        newest_first=True,
        limit=query.limit,
        offset=query.offset,
    )
    return Page[ConsentEntry](
        items=[ConsentEntry.of(e) for e in found],
        limit=query.limit,
        offset=query.offset,
        total=None,
    )


@router.get("/consents/state", summary="What stands of a person's consents")
def consent_state(
    query: Annotated[ConsentStateQuery, Query()], register: TheRegister
) -> ConsentState:
    """Each of the person's consents now (or `at`): the record that stands, whether it is
    withdrawn, and why. A correction replaces what it corrects; a withdrawal of any
    version withdraws the whole consent, at once (3.21)."""
    found = register.consent_state(query.organisation, query.person, query.at)
    return ConsentState(
        at=found.as_of, consents=[StandingConsent.of(lineage) for lineage in found.lineages]
    )


@router.get("/consents/coverage", summary="Does valid consent cover this sharing?")
def coverage(query: Annotated[CoverageQuery, Query()], register: TheRegister) -> Coverage:
    """What valid consent covers sharing this person's information for this purpose with
    this recipient, now (or `at`): withdrawn, refused, out of scope or due for review
    say so, with the consent facts to pre-fill for the practitioner to confirm."""
    return Coverage.model_validate(
        register.covers(query.organisation, query.person, query.purpose, query.recipient, query.at)
    )
