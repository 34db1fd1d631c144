"""A manager's dashboard of their organisation's sharing (4.3), for managers and
auditors: each figure a chart drawn from its table (the table is the figure; the chart
only shows it), filtered by service, recipient, practitioner and time, and each table
downloaded as CSV.

The figures are counts, not personal data; but figures narrowed to one practitioner are
about that practitioner's work, so a dashboard or a CSV asked for with a practitioner is
logged in the access log, as a list is (faces.access)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from sharewise.engine.errors import FactError
from sharewise.faces.access import figures_for
from sharewise.faces.dependencies import Monitor, RegisterDep
from sharewise.register.errors import RecordRejected
from sharewise.register.monitoring import FIGURE_NAMES, MonitoringFilters, as_csv
from sharewise.web.dates import DateField, read_dates
from sharewise.web.forms import problem
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


def _filters(
    request: Request,
) -> tuple[MonitoringFilters | None, dict[str, str], list[DateField], list[FactError]]:
    """The filters asked for (None if any is wrong), as the form shows them, and the
    errors in them, each leading to the field at fault."""
    params = request.query_params
    shown = {name: params.get(name, "").strip() for name in FIELDS}
    days, dates, errors = read_dates(params, DATES)
    given: dict[str, Any] = {**{k: v for k, v in shown.items() if v}, **days}
    if errors:
        return None, shown, dates, errors
    try:
        return MonitoringFilters.model_validate(given), shown, dates, []
    except ValidationError as refused:
        for item in refused.errors(include_url=False):
            field = item.get("ctx", {}).get("field") or str(item["loc"][0])
            said = str(item["msg"])
            what = said if field in DATES else WORDS.get(field, said)
            errors.append(problem(f"{field}-day" if field in DATES else field, what, ""))
    return None, shown, dates, errors


@router.get("")
def dashboard(request: Request, register: RegisterDep, principal: Monitor) -> Response:
    filters, shown, dates, errors = _filters(request)
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
