"""Consents (3.18-3.21): record, withdraw, list a person's, what stands of them, and the
coverage question."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.api.schemas import (
    ConsentEntry,
    ConsentQuery,
    ConsentRequest,
    ConsentState,
    ConsentStateQuery,
    Coverage,
    CoverageQuery,
    Page,
    StandingConsent,
    Withdrawal,
    acting_as,
)
from sharewise.faces.access import logged
from sharewise.faces.dependencies import Reader, Recorder, RegisterDep
from sharewise.register.consents.schemas import ConsentInput, WithdrawalInput

# Each route acts for the practitioner the header names, within their organisation.
router = APIRouter(tags=["consents"], dependencies=[WITH_TOKEN], responses=problems(401, 403))


@router.post("/consents", status_code=201, summary="Record consent given or refused")
def record_consent(
    consent: ConsentRequest, register: RegisterDep, principal: Recorder
) -> ConsentEntry:
    """Who gave or refused consent, in what capacity, whether it was explicit, written
    and informed, and for which purposes and recipients; recorded by the practitioner
    acting, in their organisation."""
    return ConsentEntry.of(register.record_consent(acting_as(principal, ConsentInput, consent)))


@router.post(
    "/consents/{consent}/withdrawal",
    status_code=201,
    summary="Withdraw consent",
    responses=problems(404),
)
def withdraw_consent(
    consent: str,
    withdrawal: Withdrawal,
    register: RegisterDep,
    principal: Recorder,
) -> ConsentEntry:
    """Record that consent was withdrawn. It takes effect at once: the next coverage
    question sees it."""
    record = acting_as(principal, WithdrawalInput, withdrawal, consent=consent)
    return ConsentEntry.of(register.withdraw_consent(record))


@router.get("/consents", summary="List a person's consent records", responses=problems(404))
def list_consents(
    request: Request,
    query: Annotated[ConsentQuery, Query()],
    register: RegisterDep,
    principal: Reader,
) -> Page[ConsentEntry]:
    """A person's consent records, newest first: given, refused, withdrawn, corrected."""
    found = register.consents(
        principal.bound(query.organisation),
        query.person,
        newest_first=True,
        limit=query.limit,
        offset=query.offset,
    )
    logged(request, register, principal, "consents", query.person, query.person)
    return Page[ConsentEntry](
        items=[ConsentEntry.of(e) for e in found],
        limit=query.limit,
        offset=query.offset,
        total=None,
    )


@router.get(
    "/consents/state", summary="What stands of a person's consents", responses=problems(404)
)
def consent_state(
    request: Request,
    query: Annotated[ConsentStateQuery, Query()],
    register: RegisterDep,
    principal: Reader,
) -> ConsentState:
    """Each of the person's consents now (or `at`): the record that stands, whether it is
    withdrawn, and why. A correction replaces what it corrects; a withdrawal of any
    version withdraws the whole consent, at once (3.21)."""
    found = register.consent_state(principal.bound(query.organisation), query.person, query.at)
    logged(request, register, principal, "consents", query.person, query.person)
    return ConsentState(
        at=found.as_of, consents=[StandingConsent.of(lineage) for lineage in found.lineages]
    )


@router.get(
    "/consents/coverage", summary="Does valid consent cover this sharing?", responses=problems(404)
)
def coverage(
    request: Request,
    query: Annotated[CoverageQuery, Query()],
    register: RegisterDep,
    principal: Reader,
) -> Coverage:
    """What valid consent covers sharing this person's information for this purpose with
    this recipient, now (or `at`): withdrawn, refused, out of scope or due for review
    say so, with the consent facts to pre-fill for the practitioner to confirm."""
    found = register.covers(
        principal.bound(query.organisation), query.person, query.purpose, query.receiving, query.at
    )
    logged(request, register, principal, "consents", query.person, query.person)
    return Coverage.model_validate(found)
