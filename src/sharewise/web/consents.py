"""The consent register in pages: record consent given or refused, withdraw it, and ask
whether consent covers a sharing (3.18 to 3.37)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sharewise.engine.errors import FactError
from sharewise.engine.limits import BRIEF, PURPOSES
from sharewise.faces.access import logged
from sharewise.faces.dependencies import Reader, Recorder, RegisterDep
from sharewise.register.consents.records import ConsentDecision, StoredConsent
from sharewise.register.consents.schemas import ConsentInput, WithdrawalInput
from sharewise.register.directory.schemas import Person
from sharewise.register.errors import RecordRejected
from sharewise.register.principal import Principal
from sharewise.register.store import Register
from sharewise.web.dates import PARTS, Moment, moment_values, read_date, typed_parts
from sharewise.web.decide import Draft, consent_answered, waiting_for_consent
from sharewise.web.forms import (
    in_the_forms_words,
    moment,
    moment_errors,
    now_in,
    problem,
    too_long,
    with_moments,
)
from sharewise.web.framework import in_force
from sharewise.web.identity import described
from sharewise.web.pages import CONSENT_FORM, NotFound, render
from sharewise.web.people import consent_history, find_person

router = APIRouter()
YES_NO_FIELDS = ("explicit", "informed", "freely_given")


def _consent_page(
    request: Request,
    register: Register,
    principal: Principal,
    found: Person,
    values: dict[str, Any],
    errors: list[FactError] | None = None,
    correcting: StoredConsent | None = None,
    moments: Mapping[str, Moment] | None = None,
    waiting: Draft | None = None,
) -> Response:
    return render(
        request,
        "consents/new.html",
        "Correct consent" if correcting else "Record consent",
        section="people",
        back=f"/people/{found.organisation}/{found.reference}",
        errors=errors or (),
        words=CONSENT_FORM,
        person=found,
        correcting=correcting,
        waiting=waiting,
        recorder=described(register, principal),
        organisations=register.organisations(),
        services=register.services(),
        purposes=register.purposes(found.organisation),
        framework=in_force(register, found.organisation),
        values={**now_in("given_at"), "freely_given": "yes", **values},
        moments=moments or {},
    )


def _typed_in(name: str, organisation: str) -> dict[str, str]:
    return {
        "recipients.named": "yes",
        "recipients.named.name": name,
        "recipients.named.organisation": organisation,
    }


def _asked_for(register: Register, waiting: Draft, listed: list[str]) -> dict[str, Any]:
    """The consent a decision waits for, as its form starts: the decision's purpose (from
    the organisation's list, if it is there) and who would receive the information."""
    purpose = str(waiting.answers.get("purpose") or "")
    values: dict[str, Any] = {
        "purposes.listed": [purpose] if purpose in listed else [],
        "purposes": "" if purpose in listed else purpose,
    }
    code = waiting.state.get("recipient")
    if code:
        services = {service.code for service in register.services()}
        values["recipients.services" if code in services else "recipients.organisations"] = [code]
    if named := waiting.state.get("recipient_named"):
        values.update(_typed_in(named["name"], named["organisation"]))
    return values


def _form_values(consent: ConsentDecision, listed: list[str]) -> dict[str, Any]:
    """A consent record as its form shows it, to correct it: its purposes from the
    organisation's list ticked, the others typed. Who records the correction is
    whoever does it now."""
    values: dict[str, Any] = {
        name: getattr(consent, name)
        for name in ("status", "given_by", "given_by_name", "relative", "form", "told")
        if getattr(consent, name)
    }
    values.update({name: "yes" if getattr(consent, name) else "no" for name in YES_NO_FIELDS})
    values["purposes.listed"] = [p for p in consent.purposes if p in listed]
    values["purposes"] = "\n".join(p for p in consent.purposes if p not in listed)
    values["recipients.organisations"] = consent.recipients.organisations
    values["recipients.services"] = consent.recipients.services
    for named in consent.recipients.named[:1]:  # the form types in one; the API, more
        values.update(_typed_in(named.name, named.organisation))
    values.update(moment_values("given_at", consent.given_at))
    if day := consent.review_date:
        values.update({f"review_date-{part}": str(getattr(day, part)) for part in PARTS})
    return values


@router.get("/people/{organisation}/{reference}/consents/new")
def new_consent(
    request: Request,
    register: RegisterDep,
    principal: Recorder,
    organisation: str,
    reference: str,
    corrects: str = "",
    decision: str = "",
) -> Response:
    found = find_person(request, register, principal, organisation, reference)
    waiting = waiting_for_consent(register, principal, decision, found) if decision else None
    if waiting:
        values = _asked_for(register, waiting, register.purposes(found.organisation))
        return _consent_page(request, register, principal, found, values, waiting=waiting)
    if not corrects:
        return _consent_page(request, register, principal, found, {})
    correcting = _standing(register, found, corrects)
    logged(request, register, principal, "consents", found.reference, found.reference)
    consent = correcting.record
    assert isinstance(consent, ConsentDecision)  # what stands is a version, never a withdrawal
    values = _form_values(consent, register.purposes(found.organisation))
    return _consent_page(request, register, principal, found, values, correcting=correcting)


@router.post("/people/{organisation}/{reference}/consents/new")
async def consent_recorded(
    request: Request,
    register: RegisterDep,
    principal: Recorder,
    organisation: str,
    reference: str,
    corrects: str = "",
    decision: str = "",
) -> Response:
    found = find_person(request, register, principal, organisation, reference)
    correcting = _standing(register, found, corrects) if corrects else None
    waiting = waiting_for_consent(register, principal, decision, found) if decision else None
    form = await request.form()
    typed, moments = with_moments({k: str(form.get(k, "")).strip() for k in form}, ("given_at",))
    values: dict[str, Any] = typed
    values["recipients.organisations"] = [str(v) for v in form.getlist("recipients.organisations")]
    values["recipients.services"] = [str(v) for v in form.getlist("recipients.services")]
    named = {
        part: values[f"recipients.named.{part}"]
        for part in ("name", "organisation")
        if values.get(f"recipients.named.{part}")
    }
    document: dict[str, Any] = {
        "organisation": found.organisation,
        "person": found.reference,
        "recorded_by": principal.practitioner,
        "recipients": {
            "organisations": values["recipients.organisations"],
            "services": values["recipients.services"],
            # Typed in only when ticked: what was typed and then unticked does not apply.
            "named": [named] if values.get("recipients.named") else [],
        },
    }
    values["purposes.listed"] = [str(v) for v in form.getlist("purposes.listed")]
    others = [line.strip() for line in values.get("purposes", "").splitlines() if line.strip()]
    purposes = list(dict.fromkeys([*values["purposes.listed"], *others]))
    if purposes:  # none given is a field left out, with its own message
        document["purposes"] = purposes
    for name in ("status", "given_by", "given_by_name", "relative", "form", "told"):
        if values.get(name):
            document[name] = values[name]
    for name in YES_NO_FIELDS:
        if values.get(name) in ("yes", "no"):
            document[name] = values[name] == "yes"
    if values.get("given_at"):
        document["given_at"] = moment(values["given_at"])
    review = typed_parts(values, "review_date")
    day, wrong, said = read_date(review, "The review date", "The year of the review date")
    if day or said:  # typed wrong, the register refuses it, and the form says why
        document["review_date"] = day.isoformat() if day else " ".join(review.values())
        moments["review_date"] = Moment("review_date", review, wrong, said)
    if correcting:
        document["corrects"] = correcting.id
    ours = too_long(values, ConsentInput, CONSENT_FORM.required) + _purposes_problems(purposes)
    try:
        register.record_consent(document)
    except RecordRejected as rejected:
        errors = in_the_forms_words(ours, moment_errors(rejected.errors, moments))
        return _consent_page(
            request, register, principal, found, values, errors, correcting, moments, waiting
        )
    if waiting:  # the answer the decision waited for: it goes on from here
        return RedirectResponse(consent_answered(waiting), status_code=303)
    saved = "correction" if correcting else "consent"
    return RedirectResponse(
        f"/people/{found.organisation}/{found.reference}?saved={saved}", status_code=303
    )


def _purposes_problems(purposes: list[str]) -> list[FactError]:
    if len(purposes) > PURPOSES:
        return [problem("purposes", f"Select or enter up to {PURPOSES} purposes", "")]
    if any(len(purpose) > BRIEF for purpose in purposes):
        return [problem("purposes", f"Enter each purpose in {BRIEF} characters or fewer", "")]
    return []


def _standing(register: Register, found: Person, consent_id: str) -> StoredConsent:
    """The person's consent record `consent_id`, if it is the version of a consent given
    that stands now: the one to withdraw or correct."""
    history = consent_history(register, found)
    consent = next((c for c in history if c["entry"].id == consent_id and c["stands"]), None)
    if consent is None:
        raise NotFound(
            "Consent not found", "This person has no consent with that reference that stands now."
        )
    entry: StoredConsent = consent["entry"]
    return entry


def _withdraw_page(
    request: Request,
    register: Register,
    principal: Principal,
    found: Person,
    consent_id: str,
    values: dict[str, Any],
    errors: list[FactError] | None = None,
    moments: Mapping[str, Moment] | None = None,
) -> Response:
    consent = _standing(register, found, consent_id)
    return render(
        request,
        "consents/withdraw.html",
        "Withdraw consent",
        section="people",
        back=f"/people/{found.organisation}/{found.reference}",
        errors=errors or (),
        words=CONSENT_FORM,
        person=found,
        consent=consent,
        recorder=described(register, principal),
        values={**now_in("withdrawn_at"), **values},
        moments=moments or {},
    )


@router.get("/people/{organisation}/{reference}/consents/{consent_id}/withdraw")
def withdraw(
    request: Request,
    register: RegisterDep,
    principal: Recorder,
    organisation: str,
    reference: str,
    consent_id: str,
) -> Response:
    found = find_person(request, register, principal, organisation, reference)
    _standing(register, found, consent_id)  # one that is not there is no read
    logged(request, register, principal, "consents", found.reference, found.reference)
    return _withdraw_page(request, register, principal, found, consent_id, {})


@router.post("/people/{organisation}/{reference}/consents/{consent_id}/withdraw")
async def withdrawn(
    request: Request,
    register: RegisterDep,
    principal: Recorder,
    organisation: str,
    reference: str,
    consent_id: str,
) -> Response:
    found = find_person(request, register, principal, organisation, reference)
    form = await request.form()
    values, moments = with_moments(
        {k: str(form.get(k, "")).strip() for k in form}, ("withdrawn_at",)
    )
    document = {
        "organisation": found.organisation,
        "consent": consent_id,
        "recorded_by": principal.practitioner,
    }
    if values.get("how"):  # left out, it is a field missing, with its own message
        document["how"] = values["how"]
    if values.get("withdrawn_at"):
        document["withdrawn_at"] = moment(values["withdrawn_at"])
    try:
        register.withdraw_consent(document)
    except RecordRejected as rejected:
        ours = too_long(values, WithdrawalInput, CONSENT_FORM.required)
        errors = in_the_forms_words(ours, moment_errors(rejected.errors, moments))
        return _withdraw_page(
            request, register, principal, found, consent_id, values, errors, moments
        )
    return RedirectResponse(
        f"/people/{found.organisation}/{found.reference}?saved=withdrawal", status_code=303
    )


@router.get("/consents/covers")
def covers(
    request: Request,
    register: RegisterDep,
    principal: Reader,
    organisation: str = "",
    person: str = "",
    purpose: str = "",
    recipient: str = "",
) -> Response:
    values = {
        "organisation": organisation.strip(),
        "person": person.strip(),
        "purpose": purpose.strip(),
        "recipient": recipient.strip(),
    }
    asked = any(values.values())
    errors: list[FactError] = []
    coverage = None
    if asked:
        errors = [problem(k, "Enter the " + k, "") for k, v in values.items() if not v]
        if len(values["purpose"]) > BRIEF:
            errors.append(problem("purpose", f"Enter a purpose of {BRIEF} characters or fewer", ""))
        if not errors:
            try:
                coverage = register.covers(
                    principal.bound(values["organisation"]),
                    values["person"],
                    values["purpose"],
                    values["recipient"],
                )
                person = values["person"]
                logged(request, register, principal, "consents", person, person)
            except RecordRejected as rejected:
                errors = rejected.errors
    return render(
        request,
        "consents/covers.html",
        "Does consent cover this sharing?",
        section="people",
        errors=errors,
        values=values,
        coverage=coverage,
        holders=[o for o in register.organisations() if o.code in principal.reach],
        organisations=register.organisations(),
        services=register.services(),
    )
