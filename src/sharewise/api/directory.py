"""Who is in the register: organisations, their practitioners, and multi-agency
services. Reference data is small, so a page is cut from the whole list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.api.schemas import (
    NewOrganisation,
    NewPractitioner,
    NewService,
    Organisation,
    Page,
    Paging,
    Practitioner,
    Service,
)
from sharewise.faces.dependencies import SIGNED_IN, Admin, RegisterDep

router = APIRouter()
# Who is in the register is for those signed in; changing it, for an admin.
SIGNED_IN_ONLY = [WITH_TOKEN, Depends(SIGNED_IN)]
organisations = APIRouter(
    tags=["organisations"], dependencies=SIGNED_IN_ONLY, responses=problems(401, 403)
)
services = APIRouter(tags=["services"], dependencies=SIGNED_IN_ONLY, responses=problems(401, 403))

M = TypeVar("M", bound=BaseModel)


def _page(model: type[M], found: Sequence[object], paging: Paging) -> Page[M]:
    shown = found[paging.offset : paging.offset + paging.limit]
    return Page(
        items=[model.model_validate(f) for f in shown],
        limit=paging.limit,
        offset=paging.offset,
        total=len(found),
    )


@organisations.get("/organisations", summary="List organisations")
def list_organisations(
    paging: Annotated[Paging, Query()], register: RegisterDep
) -> Page[Organisation]:
    """By name."""
    return _page(Organisation, register.organisations(), paging)


@organisations.post("/organisations", status_code=201, summary="Add an organisation")
def add_organisation(
    organisation: NewOrganisation, register: RegisterDep, _admin: Admin
) -> Organisation:
    register.add_organisation(**organisation.model_dump())
    return Organisation.model_validate(organisation.model_dump())


@organisations.get(
    "/organisations/{organisation}", summary="Read an organisation", responses=problems(404)
)
def get_organisation(organisation: str, register: RegisterDep) -> Organisation:
    return Organisation.model_validate(register.organisation(organisation))


@organisations.get(
    "/organisations/{organisation}/practitioners",
    summary="List an organisation's practitioners",
    responses=problems(404),
)
def list_practitioners(
    organisation: str, paging: Annotated[Paging, Query()], register: RegisterDep
) -> Page[Practitioner]:
    """By name."""
    return _page(Practitioner, register.practitioners(organisation), paging)


@organisations.post(
    "/organisations/{organisation}/practitioners",
    status_code=201,
    summary="Add a practitioner",
    responses=problems(404),
)
def add_practitioner(
    organisation: str, practitioner: NewPractitioner, register: RegisterDep, admin: Admin
) -> Practitioner:
    register.add_practitioner(admin.bound(organisation), **practitioner.model_dump())
    return Practitioner(organisation=organisation, **practitioner.model_dump())


@organisations.get(
    "/organisations/{organisation}/purposes",
    summary="List the purposes an organisation shares for",
    responses=problems(404),
)
def list_purposes(organisation: str, register: RegisterDep) -> list[str]:
    """The list the organisation keeps, by name: a consent's purposes and a decision's
    `purpose` taken from it are compared as the same purpose (3.21)."""
    return register.purposes(organisation)


@services.get("/services", summary="List multi-agency services")
def list_services(paging: Annotated[Paging, Query()], register: RegisterDep) -> Page[Service]:
    """By name, each with its member organisations."""
    return _page(Service, register.services(), paging)


@services.post("/services", status_code=201, summary="Add a multi-agency service")
def add_service(service: NewService, register: RegisterDep, _admin: Admin) -> Service:
    """Consent given to a service covers sharing within it (3.19)."""
    register.add_service(**service.model_dump())
    return Service.model_validate(register.service(service.code))


@services.get("/services/{service}", summary="Read a multi-agency service", responses=problems(404))
def get_service(service: str, register: RegisterDep) -> Service:
    return Service.model_validate(register.service(service))


router.include_router(organisations)
router.include_router(services)
