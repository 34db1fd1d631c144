"""The access log: who read what about whom, and when, for auditors and admins of the
organisation (docs/security.md, "The access log"). Reading it is itself a read, logged."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.api.schemas import Limit, Page
from sharewise.engine.limits import DEEPEST
from sharewise.faces.access import logged_list
from sharewise.faces.dependencies import Auditor, RegisterDep
from sharewise.register.access import AccessFilters, as_csv

router = APIRouter(tags=["access log"], dependencies=[WITH_TOKEN], responses=problems(401, 403))


class AccessQuery(AccessFilters):
    limit: Limit = 50
    offset: int = Field(
        0, ge=0, le=DEEPEST, description="How many to skip: deeper than this, narrow the list."
    )


class LoggedRead(BaseModel):
    """A read of personal data: who, when, what, and from which address."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    recorded_at: str
    username: str
    read: str = Field(description="What was read: person, decision, pdf, consents, …")
    subject: str = Field(description="The reference, the record's id, or a list's filters.")
    person: str | None = Field(description="The reference of the person it is about.")
    address: str = Field(description="The client's address.")


@router.get("/access-log", summary="Read the access log")
def access_log(
    request: Request,
    query: Annotated[AccessQuery, Query()],
    register: RegisterDep,
    principal: Auditor,
) -> Page[LoggedRead]:
    """Your organisation's reads of personal data, newest first, filtered by the person
    read of, who read, and when. Reading it is logged too, as `access log`."""
    filters = AccessFilters.model_validate(query.as_query())
    found = register.reads(principal.organisation, filters, limit=query.limit, offset=query.offset)
    logged_list(request, register, principal, "access log", query.as_query())
    return Page[LoggedRead](
        items=[LoggedRead.model_validate(e) for e in found],
        limit=query.limit,
        offset=query.offset,
        total=None,
    )


@router.get(
    "/access-log/export",
    summary="Export the access log",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Every read matching, newest first, a CSV row each.",
            "content": {"text/csv": {}},
        }
    },
)
def export_access_log(
    request: Request,
    filters: Annotated[AccessFilters, Query()],
    register: RegisterDep,
    principal: Auditor,
) -> StreamingResponse:
    """Your organisation's reads of personal data matching the filters, as CSV, every
    cell defused for spreadsheets. Logged before it is streamed: its own entry is its
    first row."""
    logged_list(request, register, principal, "access log", {**filters.as_query(), "format": "csv"})
    return StreamingResponse(
        as_csv(register.iter_reads(principal.organisation, filters)),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="access-log.csv"'},
    )
