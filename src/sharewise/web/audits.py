"""Monthly audit reports (4.3), for managers and auditors: the list, and a form to make
one for a month; a report with its figures, its sample, the chain head it pins and a
finding for each sampled record; its PDF, to file."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sharewise.engine.errors import FactError
from sharewise.engine.limits import ACCOUNT
from sharewise.faces.access import logged
from sharewise.faces.audits import acting
from sharewise.faces.dependencies import Monitor, RegisterDep
from sharewise.register.audits.records import StoredReport
from sharewise.register.audits.schemas import ANSWERS, MOST_SAMPLED, QUESTION, SAMPLE_SIZE
from sharewise.register.decisions.records import StoredDecision
from sharewise.register.errors import RecordRejected
from sharewise.register.principal import Principal
from sharewise.register.store import Register
from sharewise.web.forms import problem
from sharewise.web.pages import ENVIRONMENT, found_or_not_found, render

router = APIRouter(prefix="/audit-reports")
ANSWER_LABELS = {"yes": "Yes", "no": "No", "partly": "Partly"}
SIZE_WORDS = f"Enter how many records to sample, a whole number from 1 to {MOST_SAMPLED}"
# The register's refusals of the month, as the form's fields say them.
MONTH_FIELDS = {"month": "month-month", "sample_size": "sample_size"}


def _last_month() -> tuple[str, str]:
    today = datetime.now(UTC)
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return str(month), str(year)


def _list_page(
    request: Request,
    register: Register,
    principal: Principal,
    typed: dict[str, str] | None = None,
    errors: list[FactError] | None = None,
) -> Response:
    month, year = _last_month()
    return render(
        request,
        "audits/list.html",
        "Audit reports",
        section="audit-reports",
        errors=errors or [],
        reports=register.audit_reports(principal.organisation),
        typed=typed or {"month": month, "year": year, "sample_size": str(SAMPLE_SIZE)},
        most=MOST_SAMPLED,
    )


@router.get("")
def reports(request: Request, register: RegisterDep, principal: Monitor) -> Response:
    return _list_page(request, register, principal)


def _month_asked(typed: dict[str, str]) -> tuple[str | None, int | None, list[FactError]]:
    """The month (YYYY-MM) and sample size typed, or the errors in them."""
    errors = []
    month = year = None
    if not typed["month"] and not typed["year"]:
        errors.append(problem("month-month", "Enter the month and year to report on", ""))
    else:
        if typed["month"].isdigit() and 1 <= int(typed["month"]) <= 12:
            month = int(typed["month"])
        else:
            errors.append(problem("month-month", "The month must be a number from 1 to 12", ""))
        if len(typed["year"]) == 4 and typed["year"].isdigit() and int(typed["year"]) >= 2000:
            year = int(typed["year"])
        else:
            errors.append(problem("month-year", "The year must be 4 numbers, like 2026", ""))
    size = typed["sample_size"]
    if not (size.isdigit() and 1 <= int(size) <= MOST_SAMPLED):
        errors.append(problem("sample_size", SIZE_WORDS, ""))
    asked = f"{year:04d}-{month:02d}" if month and year else None
    return asked, int(size) if not errors else None, errors


@router.post("")
async def make(request: Request, register: RegisterDep, principal: Monitor) -> Response:
    form = await request.form()
    typed = {
        name: str(form.get(field, "")).strip()
        for name, field in (
            ("month", "month-month"), ("year", "month-year"), ("sample_size", "sample_size"),
        )
    }  # fmt: skip
    month, size, errors = _month_asked(typed)
    if not errors:
        try:
            made = register.make_audit_report(
                {**acting(principal), "month": month, "sample_size": size}
            )
        except RecordRejected as refused:
            errors = [
                problem(MONTH_FIELDS.get(e.field, e.field), _sentence(e.problem), "")
                for e in refused.errors
            ]
        else:
            return RedirectResponse(f"/audit-reports/{made.id}", status_code=303)
    return _list_page(request, register, principal, typed, errors)


def _sentence(said: str) -> str:
    return said[:1].upper() + said[1:]


def _find(
    request: Request, register: Register, principal: Principal, report_id: str
) -> StoredReport:
    return found_or_not_found(
        lambda: register.audit_report(report_id, principal.organisation),
        request,
        principal,
        "Audit report not found",
        "There is no audit report at this address.",
    )


def _context(register: Register, principal: Principal, report: StoredReport) -> dict[str, Any]:
    """The report with its sampled records (a read of them, logged by the caller)."""
    sampled: list[StoredDecision] = [
        register.decision(record_id, within=principal.reach) for record_id in report.body.sample
    ]
    return {
        "report": report,
        "sampled": sampled,
        "names": register.names_for(sampled),
        "question": QUESTION,
        "answers": ANSWER_LABELS,
    }


def _report_page(
    request: Request,
    register: Register,
    principal: Principal,
    report: StoredReport,
    *,
    typed: dict[str, str] | None = None,
    errors: list[FactError] | None = None,
    recorded: bool = False,
) -> Response:
    context = _context(register, principal, report)
    logged(request, register, principal, "audit report", report.id)
    return render(
        request,
        "audits/report.html",
        f"Audit report for {_month_named(report.body.month)}",
        section="audit-reports",
        errors=errors or [],
        typed=typed or {},
        recorded=recorded,
        links=True,
        **context,
    )


def _month_named(month: str) -> str:
    return datetime.strptime(month, "%Y-%m").strftime("%B %Y")


@router.get("/{report_id}.pdf")
def report_pdf(
    request: Request, register: RegisterDep, principal: Monitor, report_id: str
) -> Response:
    report = _find(request, register, principal, report_id)
    marking = request.app.state.settings.protective_marking
    document = report_document(marking, register, principal, report)
    logged(request, register, principal, "audit report", report.id)
    return Response(
        document.write_pdf(pdf_variant="pdf/ua-1"),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="audit-report-{report.body.month}.pdf"'
        },
    )


def report_document(
    marking: str, register: Register, principal: Principal, report: StoredReport
) -> Any:
    """The report laid out on A4 pages under the protective `marking`, as its PDF prints
    it (a weasyprint Document): its sampled records read as `principal` reads them."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # slow to import: on first use

    page = ENVIRONMENT.get_template("audits/report_pdf.html").render(
        title=f"Audit report for {_month_named(report.body.month)}",
        marking=marking,
        links=False,
        **_context(register, principal, report),
    )
    return HTML(string=page).render(pdf_variant="pdf/ua-1")


@router.get("/{report_id}")
def report(
    request: Request,
    register: RegisterDep,
    principal: Monitor,
    report_id: str,
    recorded: bool = False,
) -> Response:
    found = _find(request, register, principal, report_id)
    return _report_page(request, register, principal, found, recorded=recorded)


@router.post("/{report_id}/findings")
async def record_finding(
    request: Request, register: RegisterDep, principal: Monitor, report_id: str
) -> Response:
    found = _find(request, register, principal, report_id)
    form = await request.form()
    record = str(form.get("record", ""))
    # Where the record's form is on the page: the first, for a record not in the sample.
    place = found.body.sample.index(record) + 1 if record in found.body.sample else 1
    answer, note = str(form.get("answer", "")), str(form.get("note", "")).strip()
    errors = []
    if answer not in ANSWERS:
        errors.append(problem(f"answer-{place}", "Select yes, no or partly", ""))
    else:
        try:
            register.record_audit_finding(
                {**acting(principal), "report_id": found.id, "record": record,
                 "answer": answer, "note": note or None}
            )  # fmt: skip
        except RecordRejected as refused:
            errors = [_finding_error(e, place) for e in refused.errors]
        else:
            return RedirectResponse(
                f"/audit-reports/{found.id}?recorded=true#record-{place}", status_code=303
            )
    typed = {"place": str(place), "answer": answer, "note": note}
    return _report_page(request, register, principal, found, typed=typed, errors=errors)


def _finding_error(error: FactError, place: int) -> FactError:
    """The register's refusal of a finding, as the record's form says it."""
    if error.field == "note":
        if "characters long" in error.problem:
            return problem(f"note-{place}", f"The note must be {ACCOUNT:,} characters or fewer", "")
        return problem(f"note-{place}", _sentence(error.problem), "")
    return problem(f"answer-{place}", _sentence(error.problem), "")
