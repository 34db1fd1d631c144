"""The access log, for auditors and admins: who read what about whom, when, and from
where, filtered by person, user and time, paged, and downloaded as CSV. Reading it is
itself logged (docs/security.md, "The access log")."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from sharewise.engine.limits import DEEPEST
from sharewise.faces.access import logged_list
from sharewise.faces.dependencies import Auditor, RegisterDep
from sharewise.register.access import AccessFilters, as_csv
from sharewise.web.forms import read_filters
from sharewise.web.pages import render

router = APIRouter(prefix="/access-log")
FIELDS = ("person", "user")
DATES = {"since": "from", "until": "until"}
WORDS = {
    "person": "Enter a person's reference using only letters, numbers, full stops, "
    "hyphens and underscores",
    "user": "Enter a username, as the person signs in with it",
}


@router.get("")
def access_log(
    request: Request,
    register: RegisterDep,
    principal: Auditor,
    offset: Annotated[int, Query(ge=0, le=DEEPEST)] = 0,
) -> Response:
    filters, shown, dates, errors = read_filters(
        request.query_params, AccessFilters, FIELDS, DATES, WORDS
    )
    size = request.app.state.settings.page_size
    entries = (
        []
        if filters is None
        else register.reads(principal.organisation, filters, limit=size + 1, offset=offset)
    )
    if filters is not None:
        logged_list(request, register, principal, "access log", filters.as_query())
    asked = {
        name: text.strip()
        for name, text in request.query_params.items()
        if text.strip() and (name in FIELDS or name.partition("-")[0] in DATES)
    }
    return render(
        request,
        "access_log.html",
        "Access log",
        section="access-log",
        errors=errors,
        entries=entries[:size],
        shown=shown,
        dates=dates,
        export_url=None
        if filters is None
        else f"/access-log/export.csv?{urlencode(filters.as_query())}",
        next_url=f"/access-log?{urlencode({**asked, 'offset': offset + size})}"
        if len(entries) > size
        else None,
        previous_url=f"/access-log?{urlencode({**asked, 'offset': max(offset - size, 0)})}"
        if offset
        else None,
    )


@router.get("/export.csv")
def export(
    request: Request,
    filters: Annotated[AccessFilters, Query()],
    register: RegisterDep,
    principal: Auditor,
) -> Response:
    """The log as the page filters it, every entry matching, as the API's CSV writes it."""
    # Logged before it is streamed: the export's own entry is its first row.
    asked = {**filters.as_query(), "format": "csv"}
    logged_list(request, register, principal, "access log", asked)
    return StreamingResponse(
        as_csv(register.iter_reads(principal.organisation, filters)),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="access-log.csv"'},
    )
