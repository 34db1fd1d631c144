"""An organisation's people: the persons its information is about."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.api.schemas import (
    ConsentEntry,
    DecisionSummary,
    NewPerson,
    Page,
    PeopleQuery,
    Person,
    PersonDetail,
)
from sharewise.faces.access import logged
from sharewise.faces.dependencies import Reader, Recorder, RegisterDep

# Each route acts for the practitioner the header names: their organisation's people only.
router = APIRouter(tags=["people"], dependencies=[WITH_TOKEN], responses=problems(401, 403, 404))

NEWEST = 20  # decisions and consent records shown with a person; the lists page on


@router.get("/organisations/{organisation}/people", summary="List an organisation's people")
def list_people(
    organisation: str,
    query: Annotated[PeopleQuery, Query()],
    register: RegisterDep,
    principal: Reader,
) -> Page[Person]:
    """By family name; `search` matches part of a name or a reference."""
    found, total = register.people(
        principal.bound(organisation), query.search, query.limit, query.offset
    )
    return Page[Person](
        items=[Person.model_validate(p) for p in found],
        limit=query.limit,
        offset=query.offset,
        total=total,
    )


@router.post("/organisations/{organisation}/people", status_code=201, summary="Add a person")
def add_person(
    organisation: str, person: NewPerson, register: RegisterDep, principal: Recorder
) -> Person:
    register.add_person(
        principal.bound(organisation), **person.model_dump(), by=principal.practitioner
    )
    return Person(organisation=organisation, **person.model_dump())


@router.get(
    "/organisations/{organisation}/people/{person}",
    summary="Read a person, with their newest records",
)
def get_person(
    request: Request, organisation: str, person: str, register: RegisterDep, principal: Reader
) -> PersonDetail:
    """The person, their newest decisions and their newest consent records. For more,
    page through GET /decisions?person= and GET /consents?person=."""
    found = register.person(principal.bound(organisation), person)
    decisions = register.decisions(organisation=organisation, person=person, limit=NEWEST)
    consents = register.consents(organisation, person, newest_first=True, limit=NEWEST)
    logged(request, register, principal, "person", found.reference, found.reference)
    return PersonDetail(
        **Person.model_validate(found).model_dump(),
        decisions=[DecisionSummary.of(e) for e in decisions],
        consents=[ConsentEntry.of(e) for e in consents],
    )
