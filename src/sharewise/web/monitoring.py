"""A manager's dashboard of their organisation's sharing (4.3), for managers and
auditors: each figure a chart drawn from its table (the table is the figure; the chart
only shows it), filtered by service, recipient, practitioner and time, and each table
downloaded as CSV.

The figures are counts, not personal data; but figures narrowed to one practitioner are
about that practitioner's work, so a dashboard or a CSV asked for with a practitioner is
logged in the access log, as a list is (faces.access)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from sharewise.faces.access import figures_for
from sharewise.faces.dependencies import Monitor, RegisterDep
from sharewise.register.errors import RecordRejected
from sharewise.register.monitoring import FIGURE_NAMES, MonitoringFilters, as_csv
from sharewise.web.forms import read_filters
from sharewise.web.pages import render

router = APIRouter(prefix="/monitoring")
FIELDS = ("service", "recipient", "practitioner", "period")
DATES = {"since": "from", "until": "until"}
# The form offers only what is allowed: these meet an address edited by hand.
WORDS = {
    "service": "Select a service from the list",
    "recipient": "Select who it was shared with from the list",
    "practitioner": "Select a practitioner from the list",
    "period": "Select months or days",
}


@router.get("")
def dashboard(request: Request, register: RegisterDep, principal: Monitor) -> Response:
    filters, shown, dates, errors = read_filters(
        request.query_params, MonitoringFilters, FIELDS, DATES, WORDS
    )
    figures = None
    if filters is not None:
        try:
            figures = figures_for(request, register, principal, filters)
        except RecordRejected as rejected:
            errors = rejected.errors
    organisation = principal.organisation
    services = [s for s in register.services() if organisation in s.members]
    return render(
        request,
        "monitoring.html",
        "Monitoring information sharing",
        section="monitoring",
        errors=errors,
        figures=figures,
        csv_query=urlencode(filters.as_query()) if filters else "",
        shown=shown,
        dates=dates,
        services=services,
        recipients=[*register.organisations(), *register.services()],
        practitioners=register.practitioners(organisation),
    )


@router.get("/{figure}.csv")
def figure_csv(
    request: Request,
    figure: str,
    filters: Annotated[MonitoringFilters, Query()],
    register: RegisterDep,
    principal: Monitor,
) -> Response:
    """One figure's table, as the dashboard shows it under the same filters."""
    if figure not in FIGURE_NAMES:
        raise HTTPException(404)
    try:
        found = figures_for(request, register, principal, filters).figure(figure)
    except RecordRejected as rejected:
        error = rejected.errors[0]
        raise HTTPException(422, f"{error.problem}. Allowed: {error.allowed}.") from None
    return Response(
        as_csv(found),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{figure}.csv"'},
    )
