"""The registry of Information Sharing Protocols (4.8-4.13): a list with its reviews due,
each protocol with its history, and the governance lead's short form to add or change
one, then check the answers. A protocol is kept for regular or bulk sharing (4.10); the
pages beside a decision say whether one covers it, never that one is needed (4.13)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from sharewise.engine.errors import FactError
from sharewise.faces.dependencies import Governor, ProtocolReader, RegisterDep
from sharewise.faces.door import FORM_FIELD
from sharewise.register.errors import RecordRejected, validated
from sharewise.register.principal import Principal
from sharewise.register.protocols.queries import not_found
from sharewise.register.protocols.schemas import STATUSES, ProtocolInput, SharingProtocol
from sharewise.register.store import Register
from sharewise.web.dates import DATE_ALLOWED, DateField, read_date, typed_parts
from sharewise.web.forms import problem
from sharewise.web.pages import FormWords, SeeOther, found_or_not_found, render

router = APIRouter(prefix="/protocols")

TEXTS = ("title", "purpose", "legal_basis", "retention", "security")
DATES = {"signed_on": "The day it was signed off", "review_on": "The review date"}
REQUIRED = {
    "title": "Enter the protocol's title",
    "status": "Select the protocol's status",
    "parties": "Select two or more parties, your organisation among them",
    "purpose": "Enter what the sharing is for",
    "data_items": "Enter the items of information shared, one on each line",
    "legal_basis": "Enter the legal basis for the sharing",
    "retention": "Enter how long what is shared is kept, and what happens then",
    "security": "Enter how it is sent and kept safe",
    "review_on": "Enter the review date",
}
SIGNATORY = (
    "Write each person who signed it off on a line of its own as name, role, organisation, "
    "like: Sam Patel, Caldicott guardian, Riverside NHS Trust"
)
WORDS = FormWords(anchors={name: f"{name}-day" for name in DATES})
SAVED = {
    "added": "The protocol is added",
    "changed": "The protocol is changed: the earlier version is kept in its history",
}


def _places(register: Register) -> dict[str, str]:
    """Every organisation and multi-agency service, by code: who may be a party."""
    return {o.code: o.name for o in register.organisations()} | {
        s.code: s.name for s in register.services()
    }


@router.get("")
def registry(
    request: Request, register: RegisterDep, principal: ProtocolReader, status: str = ""
) -> Response:
    chosen = status if status in STATUSES else ""
    days, today = register.protocol_review_days, date.today()
    found = register.protocols(principal.reach, chosen or None)
    return render(
        request,
        "protocols/list.html",
        "Information sharing protocols",
        section="protocols",
        rows=[(p, p.reminder(today, days)) for p in found],
        statuses=STATUSES,
        chosen=chosen,
        places=_places(register),
        governs="governance" in principal.roles,
        days=days,
    )


@router.get("/new")
def new(request: Request, register: RegisterDep, principal: Governor) -> Response:
    return _form(request, register, "/protocols/new", {"parties": [principal.organisation]})


@router.post("/new")
async def new_answered(request: Request, register: RegisterDep, principal: Governor) -> Response:
    return await _answered(request, register, principal, "/protocols/new")


@router.post("/new/confirm")
async def added(request: Request, register: RegisterDep, principal: Governor) -> Response:
    form = await request.form()
    data, errors = _read(form, _places(register))
    if not errors:
        try:
            made = register.add_protocol(principal.organisation, data, by=principal.user or "")
        except RecordRejected as refused:
            errors = [_on_page(e) for e in refused.errors]
    if errors:
        return _form(request, register, "/protocols/new", _shown(form), errors)
    raise SeeOther(f"/protocols/{made.id}?saved=added")


@router.get("/{protocol_id}")
def protocol(
    request: Request,
    register: RegisterDep,
    principal: ProtocolReader,
    protocol_id: int,
    saved: str = "",
) -> Response:
    versions = found_or_not_found(
        lambda: register.protocol_history(protocol_id, principal.reach),
        request,
        principal,
        "Protocol not found",
        "There is no protocol at this address that your organisation keeps or is a party to.",
    )
    newest = versions[0]
    return render(
        request,
        "protocols/protocol.html",
        newest.title,
        section="protocols",
        back="/protocols",
        protocol=newest,
        history=versions,
        review=newest.reminder(date.today(), register.protocol_review_days),
        statuses=STATUSES,
        places=_places(register),
        may_change="governance" in principal.roles
        and newest.organisation == principal.organisation,
        saved=SAVED.get(saved),
    )


@router.get("/{protocol_id}/change")
def change(
    request: Request, register: RegisterDep, principal: Governor, protocol_id: int
) -> Response:
    kept = _kept(request, register, principal, protocol_id)
    return _form(request, register, f"/protocols/{protocol_id}/change", _values(kept, register))


@router.post("/{protocol_id}/change")
async def change_answered(
    request: Request, register: RegisterDep, principal: Governor, protocol_id: int
) -> Response:
    _kept(request, register, principal, protocol_id)
    return await _answered(request, register, principal, f"/protocols/{protocol_id}/change")


@router.post("/{protocol_id}/change/confirm")
async def changed(
    request: Request, register: RegisterDep, principal: Governor, protocol_id: int
) -> Response:
    _kept(request, register, principal, protocol_id)
    form = await request.form()
    data, errors = _read(form, _places(register))
    if not errors:
        try:
            register.change_protocol(
                principal.organisation, protocol_id, data, by=principal.user or ""
            )
        except RecordRejected as refused:
            errors = [_on_page(e) for e in refused.errors]
    if errors:
        return _form(request, register, f"/protocols/{protocol_id}/change", _shown(form), errors)
    raise SeeOther(f"/protocols/{protocol_id}?saved=changed")


def _kept(
    request: Request, register: Register, principal: Principal, protocol_id: int
) -> SharingProtocol:
    """A protocol the principal's organisation keeps: only its keeper changes it."""

    def find() -> SharingProtocol:
        found = register.protocol(protocol_id, principal.reach)
        if found.organisation != principal.organisation:
            raise not_found(protocol_id)
        return found

    return found_or_not_found(
        find,
        request,
        principal,
        "Protocol not found",
        "There is no protocol at this address that your organisation keeps.",
    )


async def _answered(
    request: Request, register: Register, principal: Principal, action: str
) -> Response:
    """The form sent: back to it to change an answer, or with what is wrong; otherwise
    the answers to check, carried in the check page's own form."""
    form = await request.form()
    if form.get("edit"):
        return _form(request, register, action, _shown(form))
    places = _places(register)
    data, errors = _read(form, places)
    if not errors:
        try:  # the register's checks too: that the parties are known, and include yours
            given = register.check_protocol(principal.organisation, data)
        except RecordRejected as refused:
            errors = [_on_page(e) for e in refused.errors]
    if errors:
        return _form(request, register, action, _shown(form), errors)
    return render(
        request,
        "protocols/check.html",
        "Check your answers",
        section="protocols",
        protocol=given,
        statuses=STATUSES,
        places=places,
        action=action,
        carried=[(k, str(v)) for k, v in form.multi_items() if k not in (FORM_FIELD, "edit")],
    )


def _read(form: FormData, places: dict[str, str]) -> tuple[dict[str, Any], list[FactError]]:
    """The form's answers as `ProtocolInput` takes them, and everything wrong at once."""
    data: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in TEXTS}
    data["status"] = str(form.get("status", ""))
    data["parties"] = [str(code) for code in form.getlist("parties")]
    data["data_items"] = _lines(form.get("data_items"))
    errors = [problem(f, REQUIRED[f], "") for f in REQUIRED if f in data and not data[f]]
    by_name = {name.casefold(): code for code, name in places.items()}
    signatories = []
    for line in _lines(form.get("signatories")):
        name, _, rest = line.partition(",")
        role, _, place = rest.rpartition(",")
        code = place.strip() if place.strip() in places else by_name.get(place.strip().casefold())
        if not (name.strip() and role.strip() and code):
            errors.append(problem("signatories", SIGNATORY, ""))
            break
        signatories.append({"name": name.strip(), "role": role.strip(), "organisation": code})
    data["signatories"] = signatories
    sent = {key: str(value) for key, value in form.items()}
    for name, word in DATES.items():
        day, wrong, what = read_date(typed_parts(sent, name), word, f"{word}'s year")
        if what:
            errors.append(problem(f"{name}-{wrong[0]}", what, DATE_ALLOWED))
        elif day is None and name in REQUIRED:
            errors.append(problem(f"{name}-day", REQUIRED[name], ""))
        data[name] = day
    if not errors:
        try:
            validated(ProtocolInput, data)
        except RecordRejected as refused:
            errors = [_on_page(e) for e in refused.errors]
    return data, errors


def _lines(sent: object) -> list[str]:
    return [line.strip() for line in str(sent or "").splitlines() if line.strip()]


def _on_page(error: FactError) -> FactError:
    """The register's error at the form's field: a list's item is its whole field."""
    field = error.field.split("[")[0].split(".")[0]
    return problem(f"{field}-day" if field in DATES else field, error.problem, error.allowed)


def _shown(form: FormData) -> dict[str, Any]:
    """What was sent, as the form shows it again."""
    shown: dict[str, Any] = {k: str(v) for k, v in form.items()}
    shown["parties"] = [str(code) for code in form.getlist("parties")]
    return shown


def _values(protocol: SharingProtocol, register: Register) -> dict[str, Any]:
    """A protocol as its form shows it, to change."""
    places = _places(register)
    values: dict[str, Any] = {name: getattr(protocol, name) for name in TEXTS}
    values |= {
        "status": protocol.status,
        "parties": list(protocol.parties),
        "data_items": "\n".join(protocol.data_items),
        "signatories": "\n".join(
            f"{s.name}, {s.role}, {places.get(s.organisation, s.organisation)}"
            for s in protocol.signatories
        ),
    }
    for name in DATES:
        day: date | None = getattr(protocol, name)
        if day:
            values |= {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}
    return values


def _form(
    request: Request,
    register: Register,
    action: str,
    values: dict[str, Any],
    errors: list[FactError] | None = None,
) -> Response:
    wrong = {e.field.partition("-")[0]: (e.field.partition("-")[2],) for e in errors or ()}
    return render(
        request,
        "protocols/form.html",
        "Add an information sharing protocol" if action.endswith("/new") else "Change the protocol",
        section="protocols",
        errors=errors or (),
        words=WORDS,
        back="/protocols" if action.endswith("/new") else action.removesuffix("/change"),
        action=action,
        values=values,
        places=_places(register),
        statuses=STATUSES,
        dates={
            name: DateField(name, word, typed_parts(values, name), wrong.get(name, ()))
            for name, word in DATES.items()
        },
    )
