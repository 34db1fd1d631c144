"""Your organisation's information sharing framework (4.7-4.8): the documents in force
and each earlier version, and who to ask (4.3-4.4), for anyone signed in. The
information governance lead publishes a new version, and designates an advisor or ends a
designation, each with a short form and check your answers.

`in_force` is what the decision flow, the sharing package and the consent pages show of
it: the code of practice and procedures to follow, and what the privacy notices tell
people."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sharewise.engine.errors import FactError
from sharewise.engine.limits import CODE
from sharewise.faces.dependencies import GOVERN, Governor, RegisterDep, SignedIn
from sharewise.faces.door import FORM_FIELD
from sharewise.register.errors import RecordRejected, validated
from sharewise.register.governance import queries as governance
from sharewise.register.governance.schemas import (
    KINDS,
    Advisor,
    Designation,
    Document,
    DocumentVersion,
    paragraphs,
)
from sharewise.register.principal import Principal
from sharewise.register.store import Register
from sharewise.web.dates import DATE_ALLOWED, DateField, read_date, typed_parts
from sharewise.web.forms import problem
from sharewise.web.pages import FormWords, found_or_not_found, render

router = APIRouter(prefix="/framework")

TITLE = "Your organisation's information sharing framework"


@dataclass(frozen=True)
class InForce:
    """The versions in force today: the code of practice, the procedures, and each
    privacy notice (the organisation's first, then its services')."""

    code_of_practice: Document | None = None
    procedures: Document | None = None
    notices: list[Document] = field(default_factory=list)


def in_force(register: Register, organisation: str) -> InForce:
    current = [s.current for s in register.framework(organisation) if s.current]
    found = {(d.kind, d.service): d for d in current}
    return InForce(
        found.get(("code-of-practice", None)),
        found.get(("procedures", None)),
        [d for d in current if d.kind == "privacy-notice"],  # the organisation's first
    )


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _me(principal: Principal) -> str:
    return principal.user or principal.name


# --- reading --------------------------------------------------------------------------


@router.get("")
def framework(
    request: Request, register: RegisterDep, principal: SignedIn, done: str = ""
) -> Response:
    organisation = principal.organisation
    return render(
        request,
        "framework/framework.html",
        TITLE,
        section="framework",
        shelves=register.framework(organisation),
        advisors=register.designated_advisors(organisation),
        kinds=KINDS,
        organisation=register.organisation(organisation),
        governs=GOVERN.allows(principal.roles),
        done=DONE.get(done),
        today=date.today(),
    )


DONE = {
    "designated": "Advisor designated",
    "ended": "Designation ended: they are no longer listed",
}


@router.get("/documents/{document_id}")
def document(
    request: Request, document_id: int, register: RegisterDep, principal: SignedIn,
    published: bool = False,
) -> Response:  # fmt: skip
    found = found_or_not_found(
        lambda: register.document(principal.organisation, document_id),
        request,
        principal,
        "Document not found",
        "There is no such version of your organisation's documents. The documents in force "
        "are on your organisation's information sharing framework page.",
    )
    versions = register.documents(principal.organisation, found.kind, found.service)
    current = governance.in_force(versions, date.today())
    return render(
        request,
        "framework/document.html",
        found.title,
        section="framework",
        back="/framework",
        document=found,
        versions=versions,
        current=current,
        published=published,
        today=date.today(),
    )


# --- publishing a version ----------------------------------------------------------------

PUBLISH_WORDS = FormWords(
    anchors={"effective_from": "effective_from-day"},
    required={"kind": "Select which document this is a version of"},
)


def _choices(register: Register, organisation: str) -> dict[str, str]:
    """The documents a version may be of: the form's value, and its name."""
    choices = dict(KINDS)
    choices["privacy-notice"] = "Privacy notice for the organisation as a whole"
    for service in register.services():
        if organisation in service.members:
            choices[f"privacy-notice:{service.code}"] = f"Privacy notice for {service.name}"
    return choices


def _read_version(
    register: Register, principal: Principal, values: Mapping[str, str]
) -> tuple[DocumentVersion | None, list[FactError], DateField]:
    errors = []
    chosen = values.get("kind", "")
    if chosen not in _choices(register, principal.organisation):
        errors.append(problem("kind", "Select which document this is a version of", ""))
    for name, said in (("title", "Enter a title"), ("body", "Enter the text of the document")):
        if not values.get(name, "").strip():
            errors.append(problem(name, said, ""))
    typed = typed_parts(values, "effective_from")
    day, wrong, what = read_date(typed, "The date it comes into force", "The year")
    if day is None:
        wrong = wrong or ("day",)
        errors.append(
            problem(
                f"effective_from-{wrong[0]}",
                what or "Enter the date it comes into force",
                DATE_ALLOWED,
            )
        )
    shown = DateField("effective_from", "When it comes into force", typed, wrong)
    if errors:
        return None, errors, shown
    kind, _, service = chosen.partition(":")
    try:
        given = validated(
            DocumentVersion,
            {
                "organisation": principal.organisation,
                "kind": kind,
                "service": service or None,
                "title": values["title"],
                "body": values["body"],
                "effective_from": day,
                "published_by": _me(principal),
            },
        )
    except RecordRejected as rejected:
        return None, rejected.errors, shown
    return given, [], shown


def _publish_form(
    request: Request,
    register: Register,
    principal: Principal,
    values: Mapping[str, str],
    shown: DateField | None = None,
    errors: list[FactError] | None = None,
) -> Response:
    return render(
        request,
        "framework/publish.html",
        "Publish a new version of a document",
        section="framework",
        back="/framework",
        errors=errors or (),
        words=PUBLISH_WORDS,
        values=values,
        choices=_choices(register, principal.organisation),
        effective_from=shown
        or DateField("effective_from", "", typed_parts(values, "effective_from")),
    )


@router.get("/publish")
def publish_form(
    request: Request, register: RegisterDep, principal: Governor, kind: str = ""
) -> Response:
    return _publish_form(request, register, principal, {"kind": kind[:CODE]})


async def _values(request: Request) -> dict[str, str]:
    return {name: str(value) for name, value in (await request.form()).items()}


@router.post("/publish")
async def publish_check(request: Request, register: RegisterDep, principal: Governor) -> Response:
    values = await _values(request)
    given, errors, shown = _read_version(register, principal, values)
    if given is None:
        return _publish_form(request, register, principal, values, shown, errors)
    name = _choices(register, principal.organisation)[values["kind"]]
    before = register.documents(principal.organisation, given.kind, given.service)
    rows = [
        ("Document", name),
        (
            "Version",
            f"Version {len(before) + 1}"
            + (f", after version {before[0].version}" if before else ", the first"),
        ),
        ("Title", given.title),
        ("Comes into force", _day(given.effective_from)),
    ]
    return _check(
        request, "Check the new version before you publish it", rows, values,
        "/framework/publish/confirm", "Publish", paragraphs(given.body),
    )  # fmt: skip


def _check(
    request: Request,
    title: str,
    rows: list[tuple[str, str]],
    values: Mapping[str, str],
    action: str,
    button: str,
    shown: list[str] | None = None,
) -> Response:
    kept = {k: v for k, v in values.items() if k not in ("action", FORM_FIELD)}
    return render(
        request,
        "framework/check.html",
        title,
        section="framework",
        back="/framework",
        rows=rows,
        values=kept,
        action=action,
        button=button,
        paragraphs=shown or [],
    )


@router.post("/publish/confirm")
async def publish(request: Request, register: RegisterDep, principal: Governor) -> Response:
    values = await _values(request)
    given, errors, shown = _read_version(register, principal, values)
    if given is None or values.get("action") == "change":
        return _publish_form(request, register, principal, values, shown, errors)
    try:
        published = register.publish_document(given)
    except RecordRejected as rejected:  # a service left meanwhile, say
        return _publish_form(request, register, principal, values, shown, rejected.errors)
    return _go(f"/framework/documents/{published.id}?published=1")


# --- designating an advisor --------------------------------------------------------------

DESIGNATE_WORDS = FormWords(
    anchors={"from_date": "from_date-day", "until": "until-day"},
    required={"advisor": "Select the advisor"},
)
_DESIGNATION_DAYS = {
    "from_date": ("The date they start", "Enter the date they start"),
    "until": ("Their last day", ""),
}


def _read_designation(
    register: Register, principal: Principal, values: Mapping[str, str]
) -> tuple[Designation | None, list[FactError], dict[str, DateField]]:
    errors = []
    if values.get("advisor", "") not in dict(register.advisors(principal.organisation)):
        errors.append(problem("advisor", "Select the advisor", ""))
    for name, said in (
        ("area", "Enter what to ask them about"),
        ("contact", "Enter how to reach them"),
    ):
        if not values.get(name, "").strip():
            errors.append(problem(name, said, ""))
    if values.get("whole_area") not in ("yes", "no"):
        errors.append(problem("whole_area", "Select whether they serve the whole area", ""))
    days: dict[str, date | None] = {}
    shown = {}
    for name, (whole, missing) in _DESIGNATION_DAYS.items():
        typed = typed_parts(values, name)
        days[name], wrong, what = read_date(typed, whole, "The year")
        if days[name] is None and (what or missing):
            wrong = wrong or ("day",)
            errors.append(problem(f"{name}-{wrong[0]}", what or missing, DATE_ALLOWED))
        shown[name] = DateField(name, whole, typed, wrong)
    if errors:
        return None, errors, shown
    try:
        given = validated(
            Designation,
            {
                "organisation": principal.organisation,
                "advisor": values["advisor"],
                "area": values["area"],
                "contact": values["contact"],
                "whole_area": values["whole_area"] == "yes",
                "from_date": days["from_date"],
                "until": days["until"],
                "named_by": _me(principal),
            },
        )
    except RecordRejected as rejected:
        return None, rejected.errors, shown
    return given, [], shown


def _designate_form(
    request: Request,
    register: Register,
    principal: Principal,
    values: Mapping[str, str],
    shown: Mapping[str, DateField] | None = None,
    errors: list[FactError] | None = None,
) -> Response:
    dates = {n: DateField(n, w, typed_parts(values, n)) for n, (w, _) in _DESIGNATION_DAYS.items()}
    return render(
        request,
        "framework/designate.html",
        "Designate an advisor",
        section="framework",
        back="/framework",
        errors=errors or (),
        words=DESIGNATE_WORDS,
        values=values,
        advisors=register.advisors(principal.organisation),
        dates={**dates, **(shown or {})},
    )


@router.get("/advisors/new")
def designate_form(request: Request, register: RegisterDep, principal: Governor) -> Response:
    today = date.today()
    started = {
        "from_date-day": today.day,
        "from_date-month": today.month,
        "from_date-year": today.year,
    }
    return _designate_form(request, register, principal, {k: str(v) for k, v in started.items()})


@router.post("/advisors/new")
async def designate_check(request: Request, register: RegisterDep, principal: Governor) -> Response:
    values = await _values(request)
    given, errors, shown = _read_designation(register, principal, values)
    if given is None:
        return _designate_form(request, register, principal, values, shown, errors)
    who = dict(register.advisors(principal.organisation))[given.advisor]
    rows = _designation_rows(who, given)
    return _check(
        request, "Check the advisor before you designate them", rows, values,
        "/framework/advisors/confirm", "Designate",
    )  # fmt: skip


@router.post("/advisors/confirm")
async def designate(request: Request, register: RegisterDep, principal: Governor) -> Response:
    values = await _values(request)
    given, errors, shown = _read_designation(register, principal, values)
    if given is None or values.get("action") == "change":
        return _designate_form(request, register, principal, values, shown, errors)
    try:
        register.designate_advisor(given)
    except RecordRejected as rejected:  # no longer an advisor, say
        return _designate_form(request, register, principal, values, shown, rejected.errors)
    return _go("/framework?done=designated")


@router.get("/advisors/{designation_id}/end")
def end_check(
    request: Request, designation_id: int, register: RegisterDep, principal: Governor
) -> Response:
    """Ask before ending a designation: practitioners stop seeing whom to ask."""
    advisor = _designation(
        request, principal, lambda: register.designation(principal.organisation, designation_id)
    )
    until = advisor.until
    return render(
        request,
        "framework/end.html",
        "End this designation?",
        section="framework",
        back="/framework",
        rows=_designation_rows(advisor.who or advisor.username, advisor),
        advisor=advisor,
        ended=_day(until) if until is not None and until <= date.today() else None,
    )


@router.post("/advisors/{designation_id}/end")
def end(
    request: Request, designation_id: int, register: RegisterDep, principal: Governor
) -> Response:
    """End a designation today: they are no longer listed from tomorrow."""
    _designation(
        request,
        principal,
        lambda: register.end_designation(principal.organisation, designation_id, date.today()),
    )
    return _go("/framework?done=ended")


def _designation_rows(who: str, designation: Designation | Advisor) -> list[tuple[str, str]]:
    """What a designation says, to check before it is made or ended."""
    until = designation.until
    return [
        ("Advisor", who),
        ("What to ask them about", designation.area),
        ("How to reach them", designation.contact),
        ("Serves the whole area", "Yes" if designation.whole_area else "No"),
        ("From", _day(designation.from_date)),
        ("Until", _day(until) if until else "No end date"),
    ]


def _day(day: date) -> str:
    return day.strftime("%-d %B %Y")


def _designation(request: Request, principal: Principal, find: Callable[[], Advisor]) -> Advisor:
    return found_or_not_found(
        find,
        request,
        principal,
        "Advisor not found",
        "There is no such designation of your organisation's.",
    )
