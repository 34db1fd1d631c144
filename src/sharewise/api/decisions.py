"""Decisions: record one (golden rule 7), read one, list them, export them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.api.schemas import (
    CursorPage,
    DecisionEntry,
    DecisionQuery,
    DecisionRequest,
    DecisionSummary,
    ExportQuery,
    acting_as,
    cursor_at,
)
from sharewise.faces.access import logged, logged_list
from sharewise.faces.dependencies import Reader, Recorder, RegisterDep
from sharewise.register.decisions.schemas import DecisionInput
from sharewise.register.export import EXPORTS

# Each route acts for the practitioner the header names, within their organisation.
router = APIRouter(tags=["decisions"], dependencies=[WITH_TOKEN], responses=problems(401, 403))

MEDIA_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson"}


@router.post(
    "/decisions", status_code=201, summary="Record a decision", response_model=DecisionEntry
)
def record_decision(
    record: DecisionRequest, register: RegisterDep, principal: Recorder
) -> Response:
    """Assess the facts, check the practitioner's decision against the assessment, and
    append the record to their organisation's chain, in their name. Nothing is stored
    if anything is wrong: a departure from the recommendation needs its reasons, and
    sharing without consent needs the public interest weighing."""
    # Rendered here: a model returned would be validated again, in a second trip to the
    # threadpool, on the API's busiest route.
    stored = register.record_decision(acting_as(principal, DecisionInput, record))
    body = DecisionEntry.of(stored).model_dump_json()
    return Response(body, status_code=201, media_type="application/json")


# Another organisation named in the query is not found (404), as its records are.
@router.get("/decisions", summary="List decisions", responses=problems(404))
def list_decisions(
    request: Request,
    query: Annotated[DecisionQuery, Query()],
    register: RegisterDep,
    principal: Reader,
) -> CursorPage[DecisionSummary]:
    """The decisions of the organisations the practitioner can read, newest first,
    filtered. Pass a page's `next` back as `cursor` for the page after: it stays as fast
    however deep it goes."""
    principal.bound(query.organisation)  # another organisation's: not found
    found = register.decisions(
        query, limit=query.limit + 1, before=query.before, within=principal.reach
    )
    page = found[: query.limit]
    logged_list(request, register, principal, "decisions", query.as_query())
    after = cursor_at(page[-1].recorded_at, page[-1].id) if len(found) > query.limit else None
    return CursorPage[DecisionSummary](
        items=[DecisionSummary.of(e) for e in page], limit=query.limit, next=after
    )


@router.get(
    "/decisions/export",
    summary="Export decisions",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The decisions, newest first, as `sharewise records export` "
            "writes them.",
            "content": {media: {} for media in MEDIA_TYPES.values()},
        },
        **problems(404),
    },
)
def export_decisions(
    request: Request,
    query: Annotated[ExportQuery, Query()],
    register: RegisterDep,
    principal: Reader,
) -> StreamingResponse:
    """Every decision matching the filters that the practitioner can read, streamed:
    CSV, a row a decision, or JSON lines, each record in full."""
    principal.bound(query.organisation)  # another organisation's: not found
    entries = register.iter_decisions(query, within=principal.reach)
    logged_list(request, register, principal, "export", query.as_query())
    return StreamingResponse(
        EXPORTS[query.format].streamed(entries),
        media_type=MEDIA_TYPES[query.format],
        headers={"Content-Disposition": f'attachment; filename="decisions.{query.format}"'},
    )


@router.get("/decisions/{id}", summary="Read a decision record", responses=problems(404))
def get_decision(
    request: Request, id: str, register: RegisterDep, principal: Reader
) -> DecisionEntry:
    """One decision record, in full, as stored; another organisation's is not found."""
    found = register.decision(id, within=principal.reach)
    logged(request, register, principal, "decision", found.id, found.record.person)
    return DecisionEntry.of(found)
