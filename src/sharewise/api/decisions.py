"""Decisions: record one (golden rule 7), read one, list them, export them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from sharewise.api.dependencies import TheRegister
from sharewise.api.errors import problems
from sharewise.api.schemas import (
    CursorPage,
    DecisionQuery,
    DecisionRecord,
    DecisionSummary,
    ExportQuery,
    cursor_at,
)
from sharewise.register.export import EXPORTS
from sharewise.register.schemas import DecisionInput

router = APIRouter(tags=["decisions"])

MEDIA_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson"}
EXPORT_CHUNK = 500  # rows a write: far fewer hops to the event loop than a row at a time


@router.post(
    "/decisions", status_code=201, summary="Record a decision", response_model=DecisionRecord
)
def record_decision(record: DecisionInput, register: TheRegister) -> Response:
    """Assess the facts, check the practitioner's decision against the assessment, and
    append the record to the organisation's chain. Nothing is stored if anything is
    wrong: a departure from the recommendation needs its reasons, and sharing without
    consent needs the public interest weighing."""
    # Rendered here: a model returned would be validated again, in a second trip to the
    # threadpool, on the API's busiest route.
    stored = DecisionRecord.of(register.record_decision(record))
    return Response(stored.model_dump_json(), status_code=201, media_type="application/json")


@router.get("/decisions", summary="List decisions")
def list_decisions(
    query: Annotated[DecisionQuery, Query()], register: TheRegister
) -> CursorPage[DecisionSummary]:
    """Decisions, newest first, filtered. Pass a page's `next` back as `cursor` for the
    page after: it stays as fast however deep it goes."""
    found = register.decisions(query, limit=query.limit + 1, before=query.before)
    page = found[: query.limit]
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
        }
    },
)
def export_decisions(
    query: Annotated[ExportQuery, Query()], register: TheRegister
) -> StreamingResponse:
    """Every decision matching the filters, streamed: CSV, a row a decision, or JSON
    lines, each record in full."""
    entries = register.iter_decisions(query)
    # The first page is read now, so that a query that runs too long there is still an
    # error in the one shape rather than a broken download.
    first = list(itertools.islice(entries, 1))
    lines = EXPORTS[query.format].lines(itertools.chain(first, entries))
    return StreamingResponse(
        _chunks(lines),
        media_type=MEDIA_TYPES[query.format],
        headers={"Content-Disposition": f'attachment; filename="decisions.{query.format}"'},
    )


@router.get("/decisions/{id}", summary="Read a decision record", responses=problems(404))
def get_decision(id: str, register: TheRegister) -> DecisionRecord:
    """One decision record, in full, as stored."""
    return DecisionRecord.of(register.decision(id))


def _chunks(lines: Iterator[str]) -> Iterator[str]:
    while chunk := "".join(itertools.islice(lines, EXPORT_CHUNK)):
        yield chunk
