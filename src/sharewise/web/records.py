"""The register's decisions: search and filter them, read one, print it or take a PDF."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import ValidationError

from sharewise.engine.assessment import OUTCOMES
from sharewise.engine.errors import FactError
from sharewise.engine.limits import CURSOR
from sharewise.faces.access import logged, logged_list
from sharewise.faces.advice import put_back
from sharewise.faces.dependencies import Reader, RegisterDep
from sharewise.guidance import load_edition
from sharewise.register.decisions.records import StoredDecision
from sharewise.register.errors import RecordRejected
from sharewise.register.export import EXPORTS
from sharewise.register.filters import MOST_WORDS, DecisionFilters
from sharewise.register.principal import Principal
from sharewise.register.store import Register
from sharewise.web.dates import PARTS, DateField, read_dates
from sharewise.web.forms import problem
from sharewise.web.pages import ENVIRONMENT, found_or_not_found, render

router = APIRouter(prefix="/records")
COUNTED_UP_TO = 500  # past this a page says "more than": counting all would be slow
EXPORT = "/records/export.csv"  # the API's export, as the pages' principal may read it
FIELDS = ("search", "organisation", "person", "practitioner", "outcome", "shared")
DATES = {"since": "from", "until": "until"}  # each date filter, by the word on the page
# What to do about a filter the register refused, where its refusal is not written for
# people already. The form offers only what is allowed: these meet an address edited by
# hand.
CODE = "letters, numbers, full stops, hyphens and underscores"
WORDS = {
    "search": f"Enter up to {MOST_WORDS} words, in 200 characters or fewer",
    "organisation": "Select an organisation from the list",
    "person": f"Enter a person's reference using only {CODE}",
    "practitioner": f"Enter a practitioner's code using only {CODE}",
    "outcome": "Select a recommendation from the list",
    "shared": "Select whether the practitioner shared",
}


def _filters(
    request: Request,
) -> tuple[DecisionFilters | None, dict[str, str], list[DateField], list[FactError]]:
    """The filters asked for, as the register takes them (None if any is wrong), as the
    form shows them, and the errors in them, each leading to the field at fault (for a
    date, to its first part at fault)."""
    params = request.query_params
    shown = {name: params.get(name, "").strip() for name in FIELDS}
    given: dict[str, Any] = {name: text for name, text in shown.items() if text}
    if "shared" in given:
        given["shared"] = {"yes": True, "no": False}.get(given["shared"], given["shared"])
    days, fields, errors = read_dates(params, DATES)
    given.update(days)
    dates = {field.name: field for field in fields}
    try:
        filters = DecisionFilters.model_validate(given)
    except ValidationError as refused:
        for item in refused.errors(include_url=False):
            field = item.get("ctx", {}).get("field") or str(item["loc"][0])
            said = str(item["msg"])
            # The register's checks across filters are written for people already.
            what = said if item["type"] == "needs" and said[:1].isupper() else WORDS[field]
            if field in dates:
                dates[field] = replace(dates[field], wrong=PARTS)
                field = f"{field}-day"
            errors.append(problem(field, what, ""))
    return (None if errors else filters), shown, list(dates.values()), errors


@router.get("")
def search(
    request: Request,
    register: RegisterDep,
    principal: Reader,
    before: Annotated[str, Query(max_length=CURSOR)] = "",  # where the page before ended
) -> Response:
    filters, shown, dates, errors = _filters(request)
    if filters is not None:
        principal.bound(filters.organisation)  # another organisation's: not found
    moment, _, last_id = before.partition("|")
    ended = (moment, last_id) if last_id else None
    size = request.app.state.settings.page_size
    reach = principal.reach
    entries = (
        []
        if filters is None
        else register.listed_decisions(filters, limit=size + 1, before=ended, within=reach)
    )
    more = len(entries) > size
    entries = entries[:size]
    if filters is not None:
        logged_list(request, register, principal, "decisions", filters.as_query())
    asked = {
        name: text.strip()
        for name, text in request.query_params.items()
        if text.strip() and (name in FIELDS or name.partition("-")[0] in DATES)
    }
    last = entries[-1] if entries else None
    next_url = (
        "/records?" + urlencode({**asked, "before": f"{last.recorded_at}|{last.id}"})
        if more and last
        else None
    )
    return render(
        request,
        "records/search.html",
        "Decision records",
        section="records",
        errors=errors,
        entries=entries,
        # A list shows each record's person, not its practitioner.
        names=register.names_of(set(), {(e.organisation, e.person) for e in entries if e.person}),
        count=None
        if filters is None
        else register.count_decisions(filters, most=COUNTED_UP_TO, within=reach),
        counted_up_to=COUNTED_UP_TO,
        export_url=None if filters is None else f"{EXPORT}?{urlencode(filters.as_query())}",
        shown=shown,
        dates=dates,
        outcomes=OUTCOMES,
        organisations=[o for o in register.organisations() if o.code in reach],
        next_url=next_url,
        first_url=f"/records?{urlencode(asked)}" if ended else None,
    )


@router.get("/export.csv")
def export(
    request: Request,
    filters: Annotated[DecisionFilters, Query()],
    register: RegisterDep,
    principal: Reader,
) -> Response:
    """The decisions the records page shows, as the API's export writes them (its link
    gives the filters as the API takes them): a browser sends no API token."""
    principal.bound(filters.organisation)  # another organisation's: not found
    logged_list(request, register, principal, "export", filters.as_query())
    return StreamingResponse(
        EXPORTS["csv"].streamed(register.iter_decisions(filters, within=principal.reach)),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="decisions.csv"'},
    )


def find_record(
    request: Request, register: Register, principal: Principal, record_id: str
) -> StoredDecision:
    """A record the principal may read; another organisation's is not found."""
    return found_or_not_found(
        lambda: register.decision(record_id, within=principal.reach),
        request,
        principal,
        "Record not found",
        "There is no decision record at this address.",
    )


def _context(register: Register, entry: StoredDecision) -> dict[str, Any]:
    record = entry.record
    questions = load_edition().questions
    facts = []
    for fact, question in questions.items():
        node: Any = record.facts
        for part in fact.split("."):
            node = getattr(node, part, None)
        if node is not None:
            facts.append((question.question, question.label_for(node)))
    return {
        "entry": entry,
        "record": record,
        "facts": facts,
        "names": register.names_for([entry]),
        "corrects": (
            register.decision(entry.refers_to)
            if entry.kind == "correction" and entry.refers_to
            else None
        ),
        "corrected_by": register.corrections_of(entry.id),
        "asked": _asked(register, entry),
    }


def _asked(register: Register, entry: StoredDecision) -> dict[str, Any] | None:
    """The advice request in sharewise the record's advice came from, as its asker's
    side reads it: the answer with the identifiers put back. Read with the record, and
    logged with it."""
    advice = entry.record.advice
    if advice is None or advice.request is None:
        return None
    try:
        asked = register.advice_request(advice.request, organisation=entry.record.organisation)
    except RecordRejected:
        return None
    answer = put_back(asked, asked.answer) if asked.answer else None
    return {"request": asked, "answer": answer}


@router.get("/{record_id}")
def record(
    request: Request,
    register: RegisterDep,
    principal: Reader,
    record_id: str,
    saved: bool = False,
) -> Response:
    entry = find_record(request, register, principal, record_id)
    logged(request, register, principal, "decision", entry.id, entry.record.person)
    return render(
        request,
        "records/record.html",
        "Decision record",
        section="records",
        saved=saved,
        links=True,  # to the records it corrects or that correct it; a PDF only names them
        **_context(register, entry),
    )


def record_document(request: Request, register: Register, entry: StoredDecision) -> Any:
    """The record laid out on A4 pages, as its PDF prints it (a weasyprint Document)."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # slow to import: on first use

    page = ENVIRONMENT.get_template("records/record_pdf.html").render(
        title="Decision record",
        marking=request.app.state.settings.protective_marking,
        links=False,
        **_context(register, entry),
    )
    return HTML(string=page).render(pdf_variant="pdf/ua-1")


@router.get("/{record_id}/pdf")
def record_pdf(
    request: Request, register: RegisterDep, principal: Reader, record_id: str
) -> Response:
    entry = find_record(request, register, principal, record_id)
    document = record_document(request, register, entry)
    logged(request, register, principal, "pdf", entry.id, entry.record.person)
    return Response(
        # PDF/UA: tagged, with its language and title, for screen readers.
        document.write_pdf(pdf_variant="pdf/ua-1"),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="decision-{entry.id}.pdf"'},
    )
