"""People in the register, and each one's history: decisions and consents."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sharewise.faces.dependencies import PrincipalDep, RegisterDep
from sharewise.register.directory import Person
from sharewise.register.errors import RecordRejected
from sharewise.register.principal import Principal
from sharewise.register.store import Register
from sharewise.web.pages import NotFound, render

router = APIRouter(prefix="/people")
PAGE_SIZE = 25
VERSION_STATUS = {
    "stands": "Stands",
    "refused": "Refused",
    "corrected": "Corrected",
    "withdrawn": "Withdrawn",
}
# What the page says after a consent form is saved (post/redirect/get: `?saved=`).
SAVED = {
    "consent": (
        "The consent is recorded",
        "It is in the register and cannot be changed: a mistake in it is put right by a "
        "correction.",
    ),
    "withdrawal": (
        "The consent is withdrawn",
        "No sharing can rely on it from the moment it was withdrawn (3.21).",
    ),
    "correction": (
        "Your correction is saved",
        "It stands in place of the record it corrects, which stays in the register, marked "
        "as corrected.",
    ),
}


@router.get("")
def people(
    request: Request,
    register: RegisterDep,
    principal: PrincipalDep,
    organisation: str = "",
    search: str = "",
    page: int = 1,
) -> Response:
    organisations = [o for o in register.organisations() if o.code in principal.reach]
    chosen = organisation if organisation in principal.reach else principal.organisation
    page = max(page, 1)
    found, total = register.people(chosen, search or None, PAGE_SIZE, (page - 1) * PAGE_SIZE)
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


def find_person(
    register: Register, principal: Principal, organisation: str, reference: str
) -> Person:
    """A person the principal may read of; another organisation's is not found."""
    try:
        return register.person(principal.bound(organisation), reference)
    except RecordRejected:
        raise NotFound(
            "Person not found", "There is no such person in this organisation's register."
        ) from None


def consent_history(register: Register, person: Person) -> list[dict[str, Any]]:
    """A person's consent records, newest first, each with what it is now: the version of
    a consent given that stands (and so can be withdrawn), one withdrawn with the rest of
    its consent, one a correction replaced, or a refusal that stands."""
    organisation, reference = person.organisation, person.reference
    entries = register.consents(organisation, reference)
    # Read after the records, so that it knows of every one of them.
    state = register.consent_state(organisation, reference)
    history = []
    for entry in reversed(entries):
        now = state.version_status(entry.id)
        history.append(
            {"entry": entry, "stands": now == "stands", "now": VERSION_STATUS[now] if now else ""}
        )
    return history


@router.get("/{organisation}/{reference}")
def person(
    request: Request,
    register: RegisterDep,
    principal: PrincipalDep,
    organisation: str,
    reference: str,
    saved: str = "",
) -> Response:
    found = find_person(register, principal, organisation, reference)
    decisions = register.decisions(organisation=organisation, person=reference, limit=100)
    return render(
        request,
        "people/person.html",
        found.name,
        section="people",
        person=found,
        decisions=decisions,
        consents=consent_history(register, found),
        saved=SAVED.get(saved),
        back=f"/people?organisation={organisation}",
    )
