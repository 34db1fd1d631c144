"""People in the register, and each one's history: decisions and consents."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sharewise.register.directory import Person
from sharewise.register.errors import RecordRejected
from sharewise.web.forms import register_of
from sharewise.web.pages import NotFound, render

router = APIRouter(prefix="/people")
PAGE_SIZE = 25


@router.get("")
def people(request: Request, organisation: str = "", search: str = "", page: int = 1) -> Response:
    register = register_of(request)
    organisations = register.organisations()
    codes = [o.code for o in organisations]
    chosen = organisation if organisation in codes else (codes[0] if codes else "")
    page = max(page, 1)
    found, total = (
        register.people(chosen, search or None, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        if chosen
        else ([], 0)
    )
    return render(
        request,
        "people/list.html",
        "People",
        section="people",
        organisations=organisations,
        chosen=chosen,
        search=search,
        people=found,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
    )


def find_person(request: Request, organisation: str, reference: str) -> Person:
    try:
        return register_of(request).person(organisation, reference)
    except RecordRejected:
        raise NotFound(
            "Person not found", "There is no such person in this organisation's register."
        ) from None


def consent_history(request: Request, organisation: str, reference: str) -> list[dict[str, Any]]:
    """A person's consent records, newest first, each with whether it still stands."""
    entries = register_of(request).consents(organisation, reference)
    withdrawn = {e.refers_to for e in entries if e.kind == "withdrawn"}
    corrected = {e.refers_to for e in entries if e.kind == "correction"}
    return [
        {
            "entry": entry,
            "stands": entry.kind in ("given", "correction")
            and entry.id not in withdrawn
            and entry.id not in corrected,
            "withdrawn": entry.id in withdrawn,
        }
        for entry in reversed(entries)
    ]


@router.get("/{organisation}/{reference}")
def person(request: Request, organisation: str, reference: str) -> Response:
    found = find_person(request, organisation, reference)
    decisions = register_of(request).decisions(
        organisation=organisation, person=reference, limit=100
    )
    return render(
        request,
        "people/person.html",
        found.name,
        section="people",
        person=found,
        decisions=decisions,
        consents=consent_history(request, organisation, reference),
        back=f"/people?organisation={organisation}",
    )
