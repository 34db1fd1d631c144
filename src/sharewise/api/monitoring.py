"""A manager's figures of their organisation's sharing (4.3), for managers and auditors:
the six figures, or one, as JSON, or one figure's table as CSV, under the dashboard's
filters. Figures narrowed to one practitioner are logged, as a list is."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sharewise.api.errors import NotFound, problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.faces.access import figures_for
from sharewise.faces.dependencies import Monitor, RegisterDep
from sharewise.register.monitoring import FIGURE_NAMES, Figure, Figures, MonitoringFilters, as_csv

router = APIRouter(
    tags=["monitoring"], dependencies=[WITH_TOKEN], responses=problems(401, 403, 422)
)


@router.get("/monitoring", summary="Your organisation's monitoring figures")
def all_figures(
    request: Request,
    filters: Annotated[MonitoringFilters, Query()],
    register: RegisterDep,
    principal: Monitor,
) -> Figures:
    """The six figures, in order: decisions by recommendation, shares without consent,
    decisions against the recommendation, urgent safeguarding cases, how long advice
    took, and people not told of a share by the day set. Each a row a month (or a day),
    counting decisions and reopenings, not corrections."""
    return figures_for(request, register, principal, filters)


@router.get(
    "/monitoring/{figure}",
    summary="One monitoring figure",
    response_model=Figure,
    responses={
        **problems(404),
        200: {
            "description": "The figure, as JSON; or its table as CSV, with `Accept: text/csv`.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
    },
)
def one_figure(
    request: Request,
    figure: str,
    filters: Annotated[MonitoringFilters, Query()],
    register: RegisterDep,
    principal: Monitor,
) -> Figure | Response:
    """One figure by its name; its table as CSV (cells defused for spreadsheets) when
    asked for with `Accept: text/csv`."""
    if figure not in FIGURE_NAMES:
        raise NotFound("figure", f"there is no figure {figure!r}", ", ".join(FIGURE_NAMES))
    found = figures_for(request, register, principal, filters).figure(figure)
    if "text/csv" in request.headers.get("accept", ""):
        return Response(
            as_csv(found),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{figure}.csv"'},
        )
    return found
