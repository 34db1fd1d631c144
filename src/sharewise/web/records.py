"""The register's decisions: search and filter them, read one, print it or take a PDF."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sharewise.engine.assessment import OUTCOMES
from sharewise.guidance import load_edition
from sharewise.register.errors import RecordRejected
from sharewise.register.store import StoredEntry
from sharewise.web.forms import problem, register_of
from sharewise.web.pages import ENVIRONMENT, NotFound, render

router = APIRouter(prefix="/records")
PAGE_SIZE = 25
FILTERS = ("organisation", "person", "practitioner", "outcome", "shared", "since", "until")


def _filters(request: Request) -> tuple[dict[str, Any], dict[str, str], list[Any]]:
    """The filters asked for, as the register takes them, as the form shows them, and
    the errors in them."""
    shown = {k: request.query_params.get(k, "").strip() for k in FILTERS}
    taken: dict[str, Any] = {}
    errors = []
    for key, text in shown.items():
        if not text:
            continue
        if key == "shared":
            taken[key] = text == "yes"
        elif key == "outcome" and text not in OUTCOMES:
            errors.append(
                problem("outcome", "Select an outcome from the list", ", ".join(OUTCOMES))
            )
        elif key in ("since", "until"):
            try:
                taken[key] = datetime.fromisoformat(text).astimezone()
            except ValueError:
                errors.append(
                    problem(key, "Enter the date as year-month-day, like 2026-11-25", "a date")
                )
        else:
            taken[key] = text
    return taken, shown, errors


@router.get("")
def search(request: Request) -> Response:
    taken, shown, errors = _filters(request)
    before_text = request.query_params.get("before", "")
    moment, _, last_id = before_text.partition("|")
    before = (moment, last_id) if last_id else None
    entries = (
        []
        if errors
        else register_of(request).decisions(
            limit=PAGE_SIZE + 1,
            before=before,
            **taken,
        )
    )
    more = len(entries) > PAGE_SIZE
    entries = entries[:PAGE_SIZE]
    asked = {k: v for k, v in shown.items() if v}
    query = urlencode(asked)
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
        names=register_of(request).names_for(entries),
        shown=shown,
        outcomes=OUTCOMES,
        organisations=register_of(request).organisations(),
        next_url=next_url,
        first_url=f"/records?{query}" if before else None,
    )


def _entry(request: Request, record_id: str) -> StoredEntry:
    try:
        return register_of(request).decision(record_id)
    except RecordRejected:
        raise NotFound("Record not found", "There is no decision record at this address.") from None


def _context(request: Request, entry: StoredEntry) -> dict[str, Any]:
    body = entry.body
    questions = load_edition().questions
    facts = []
    for fact, question in questions.items():
        node: Any = body["facts"]
        for part in fact.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            facts.append((question.question, question.label_for(node)))
    return {
        "entry": entry,
        "body": body,
        "facts": facts,
        "assessment": body["assessment"],
        "names": register_of(request).names_for([entry]),
    }


@router.get("/{record_id}")
def record(request: Request, record_id: str, saved: bool = False) -> Response:
    entry = _entry(request, record_id)
    return render(
        request,
        "records/record.html",
        "Decision record",
        section="records",
        saved=saved,
        **_context(request, entry),
    )


def record_document(request: Request, entry: StoredEntry) -> Any:
    """The record laid out on A4 pages, as its PDF prints it (a weasyprint Document)."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # slow to import: on first use

    page = ENVIRONMENT.get_template("records/record_pdf.html").render(
        title="Decision record",
        marking=request.app.state.protective_marking,
        **_context(request, entry),
    )
    return HTML(string=page).render(pdf_variant="pdf/ua-1")


@router.get("/{record_id}/pdf")
def record_pdf(request: Request, record_id: str) -> Response:
    entry = _entry(request, record_id)
    return Response(
        # PDF/UA: tagged, with its language and title, for screen readers.
        record_document(request, entry).write_pdf(pdf_variant="pdf/ua-1"),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="decision-{entry.id}.pdf"'},
    )
