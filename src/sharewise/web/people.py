"""People in the register, and each one's history: decisions and consents."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sharewise.engine.errors import FactError
from sharewise.engine.limits import PAGES, PERSON_NAME, SEARCH
from sharewise.faces.access import logged
from sharewise.faces.dependencies import Reader, Recorder, RegisterDep
from sharewise.register.dates import birth_refusal
from sharewise.register.directory.schemas import Organisation, Person
from sharewise.register.errors import RecordRejected
from sharewise.register.principal import Principal
from sharewise.register.store import Register
from sharewise.web.dates import DATE_ALLOWED, DateField, read_date, typed_parts
from sharewise.web.forms import problem
from sharewise.web.pages import SeeOther, found_or_not_found, render

router = APIRouter(prefix="/people")
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
    "person": (
        "The person is added",
        "Their date of birth now answers whether they are a child or an adult, and their "
        "age, for you to confirm, in every decision about them.",
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
    principal: Reader,
    organisation: str = "",
    search: str = "",
    page: Annotated[int, Query(ge=1, le=PAGES)] = 1,
) -> Response:
    organisations = _within_reach(register, principal)
    chosen = organisation if organisation in principal.reach else principal.organisation
    size = request.app.state.settings.page_size
    errors = []
    if len(search) > SEARCH:
        errors.append(problem("search", f"Enter a search of {SEARCH} characters or fewer", ""))
    found, total = (
        ([], 0) if errors else register.people(chosen, search or None, size, (page - 1) * size)
    )
    return render(
        request,
        "people/list.html",
        "People",
        section="people",
        errors=errors,
        organisations=organisations,
        chosen=chosen,
        search=search,
        people=found,
        total=total,
        page=page,
        pages=max(1, -(-total // size)),
    )


REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _within_reach(register: Register, principal: Principal) -> list[Organisation]:
    """The organisations whose people the principal may see and add to."""
    return [o for o in register.organisations() if o.code in principal.reach]


@router.get("/new")
def new_person(
    request: Request, register: RegisterDep, principal: Recorder, organisation: str = ""
) -> Response:
    blank = DateField("date_of_birth", "Date of birth", typed_parts({}, "date_of_birth"))
    chosen = organisation if organisation in principal.reach else principal.organisation
    return _person_form(request, register, principal, {"organisation": chosen}, blank, [])


@router.post("/new")
async def person_added(request: Request, register: RegisterDep, principal: Recorder) -> Response:
    form = {name: str(value).strip() for name, value in (await request.form()).items()}
    errors, born, date_of_birth = _person_problems(principal, form)
    if not errors:
        try:
            register.add_person(
                form["organisation"], form["reference"], form["given_name"],
                form["family_name"], born, by=principal.practitioner,
            )  # fmt: skip
        except RecordRejected as refused:
            # The register knows what a form cannot: a reference used already.
            errors = [
                problem(e.field, _REFUSED.get(e.field, e.problem), "") for e in refused.errors
            ]
    if errors:
        return _person_form(request, register, principal, form, date_of_birth, errors)
    raise SeeOther(f"/people/{form['organisation']}/{form['reference']}?saved=person")


_REFUSED = {
    "reference": "This reference is used already for someone else: enter another, or find "
    "the person on the people page",
    "organisation": "Select an organisation from the list",
}


def _person_problems(
    principal: Principal, form: dict[str, str]
) -> tuple[list[FactError], date | None, DateField]:
    """Everything wrong with the form at once, in the Design System's words; the date
    of birth when it is right; and the date as the form shows it again."""
    errors = []
    if form.get("organisation") not in principal.reach:
        errors.append(problem("organisation", "Select the person's organisation", ""))
    for field, words in (("given_name", "first name"), ("family_name", "last name")):
        name = form.get(field, "")
        if not name:
            errors.append(problem(field, f"Enter their {words}", ""))
        elif not name.isprintable():  # a NUL, a tab or a line break pasted in
            errors.append(problem(field, f"Their {words} must be on one line, typed again", ""))
        elif len(name) > PERSON_NAME:
            errors.append(
                problem(field, f"Their {words} must be {PERSON_NAME} characters or fewer", "")
            )
    reference = form.get("reference", "")
    if not reference:
        errors.append(problem("reference", "Enter their reference in your organisation", ""))
    elif not REFERENCE.match(reference):
        errors.append(
            problem(
                "reference",
                "Their reference must start with a letter or number, use only letters, "
                "numbers, full stops, hyphens and underscores, and be 64 characters or fewer",
                "",
            )
        )
    typed = typed_parts(form, "date_of_birth")
    born, wrong, what = read_date(typed, "Date of birth", "The year of birth")
    today = date.today()
    refused = born and birth_refusal(born, today)
    if born and refused:  # the register's rule, with the part at fault marked
        wrong, what = ("day",) if born > today else ("year",), f"Date of birth {refused}"
    if what:
        errors.append(problem(f"date_of_birth-{wrong[0]}", what, DATE_ALLOWED))
    shown = DateField("date_of_birth", "Date of birth", typed, wrong)
    return errors, (None if what else born), shown


def _person_form(
    request: Request,
    register: Register,
    principal: Principal,
    form: dict[str, str],
    date_of_birth: DateField,
    errors: list[FactError],
) -> Response:
    return render(
        request,
        "people/new.html",
        "Add a person",
        section="people",
        errors=errors,
        form=form,
        organisations=_within_reach(register, principal),
        date_of_birth=date_of_birth,
        back="/people"
        + (f"?organisation={form['organisation']}" if form.get("organisation") else ""),
    )


def find_person(
    request: Request, register: Register, principal: Principal, organisation: str, reference: str
) -> Person:
    """A person the principal may read of; another organisation's is not found."""
    return found_or_not_found(
        lambda: register.person(principal.bound(organisation), reference),
        request,
        principal,
        "Person not found",
        "There is no such person in this organisation's register.",
    )


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
    principal: Reader,
    organisation: str,
    reference: str,
    saved: str = "",
) -> Response:
    found = find_person(request, register, principal, organisation, reference)
    decisions = register.decisions(organisation=organisation, person=reference, limit=100)
    logged(request, register, principal, "person", found.reference, found.reference)
    return render(
        request,
        "people/person.html",
        found.name,
        section="people",
        person=found,
        decisions=decisions,
        names=register.names_for(decisions),
        consents=consent_history(register, found),
        saved=SAVED.get(saved),
        back=f"/people?organisation={organisation}",
    )
