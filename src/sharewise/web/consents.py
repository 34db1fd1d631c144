"""The consent register in pages: record consent given or refused, withdraw it, and ask
whether consent covers a sharing (3.18 to 3.37)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sharewise.engine.errors import FactError
from sharewise.register.consents.records import ConsentDecision, StoredConsent
from sharewise.register.errors import RecordRejected
from sharewise.web.forms import local_now, moment, register_of
from sharewise.web.pages import CONSENT_FORM, NotFound, render
from sharewise.web.people import consent_history, find_person

router = APIRouter()
YES_NO_FIELDS = ("explicit", "informed", "freely_given")


def _consent_page(
    request: Request,
    organisation: str,
    reference: str,
    values: dict[str, Any],
    errors: list[FactError] | None = None,
    correcting: StoredConsent | None = None,
) -> Response:
    register = register_of(request)
    found = find_person(request, organisation, reference)
    return render(
        request,
        "consents/new.html",
        "Correct consent" if correcting else "Record consent",
        section="people",
        back=f"/people/{organisation}/{reference}",
        errors=errors or (),
        words=CONSENT_FORM,
        person=found,
        correcting=correcting,
        practitioners=register.practitioners(organisation),
        organisations=register.organisations(),
        services=register.services(),
        values={"given_at": local_now(), "freely_given": "yes", **values},
    )


def _form_values(consent: ConsentDecision) -> dict[str, Any]:
    """A consent record as its form shows it, to correct it. Who records the correction
    is left to choose: it is whoever does it now."""
    values: dict[str, Any] = {
        name: getattr(consent, name)
        for name in ("status", "given_by", "given_by_name", "relative", "form", "told")
        if getattr(consent, name)
    }
    values.update({name: "yes" if getattr(consent, name) else "no" for name in YES_NO_FIELDS})
    values["purposes"] = "\n".join(consent.purposes)
    values["recipients.organisations"] = consent.recipients.organisations
    values["recipients.services"] = consent.recipients.services
    given_at = consent.given_at.astimezone()  # as the field shows it
    values["given_at"] = given_at.strftime("%Y-%m-%dT%H:%M")
    if consent.review_date:
        values["review_date"] = consent.review_date.isoformat()
    return values


@router.get("/people/{organisation}/{reference}/consents/new")
def new_consent(
    request: Request, organisation: str, reference: str, corrects: str = ""
) -> Response:
    if not corrects:
        return _consent_page(request, organisation, reference, {})
    correcting = _standing(request, organisation, reference, corrects)
    consent = correcting.record
    assert isinstance(consent, ConsentDecision)  # what stands is a version, never a withdrawal
    values = _form_values(consent)
    return _consent_page(request, organisation, reference, values, correcting=correcting)


@router.post("/people/{organisation}/{reference}/consents/new")
async def consent_recorded(
    request: Request, organisation: str, reference: str, corrects: str = ""
) -> Response:
    correcting = _standing(request, organisation, reference, corrects) if corrects else None
    form = await request.form()
    values: dict[str, Any] = {k: str(form.get(k, "")).strip() for k in form}
    values["recipients.organisations"] = [str(v) for v in form.getlist("recipients.organisations")]
    values["recipients.services"] = [str(v) for v in form.getlist("recipients.services")]
    document: dict[str, Any] = {
        "organisation": organisation,
        "person": reference,
        "recipients": {
            "organisations": values["recipients.organisations"],
            "services": values["recipients.services"],
        },
    }
    purposes = [line.strip() for line in values.get("purposes", "").splitlines() if line.strip()]
    if purposes:  # none given is a field left out, with its own message
        document["purposes"] = purposes
    for name in ("recorded_by", "status", "given_by", "given_by_name", "relative", "form", "told"):
        if values.get(name):
            document[name] = values[name]
    for name in YES_NO_FIELDS:
        if values.get(name) in ("yes", "no"):
            document[name] = values[name] == "yes"
    if values.get("given_at"):
        document["given_at"] = moment(values["given_at"])
    if values.get("review_date"):
        document["review_date"] = values["review_date"]
    if correcting:
        document["corrects"] = correcting.id
    try:
        register_of(request).record_consent(document)
    except RecordRejected as rejected:
        return _consent_page(request, organisation, reference, values, rejected.errors, correcting)
    saved = "correction" if correcting else "consent"
    return RedirectResponse(f"/people/{organisation}/{reference}?saved={saved}", status_code=303)


def _standing(
    request: Request, organisation: str, reference: str, consent_id: str
) -> StoredConsent:
    """The person's consent record `consent_id`, if it is the version of a consent given
    that stands now: the one to withdraw or correct."""
    find_person(request, organisation, reference)  # a person not found is a page not found
    history = consent_history(request, organisation, reference)
    consent = next((c for c in history if c["entry"].id == consent_id and c["stands"]), None)
    if consent is None:
        raise NotFound(
            "Consent not found", "This person has no consent with that reference that stands now."
        )
    entry: StoredConsent = consent["entry"]
    return entry


def _withdraw_page(
    request: Request,
    organisation: str,
    reference: str,
    consent_id: str,
    values: dict[str, Any],
    errors: list[FactError] | None = None,
) -> Response:
    found = find_person(request, organisation, reference)
    consent = _standing(request, organisation, reference, consent_id)
    return render(
        request,
        "consents/withdraw.html",
        "Withdraw consent",
        section="people",
        back=f"/people/{organisation}/{reference}",
        errors=errors or (),
        words=CONSENT_FORM,
        person=found,
        consent=consent,
        practitioners=register_of(request).practitioners(organisation),
        values={"withdrawn_at": local_now(), **values},
    )


@router.get("/people/{organisation}/{reference}/consents/{consent_id}/withdraw")
def withdraw(request: Request, organisation: str, reference: str, consent_id: str) -> Response:
    return _withdraw_page(request, organisation, reference, consent_id, {})


@router.post("/people/{organisation}/{reference}/consents/{consent_id}/withdraw")
async def withdrawn(
    request: Request, organisation: str, reference: str, consent_id: str
) -> Response:
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in form}
    document = {
        "organisation": organisation,
        "consent": consent_id,
        **{k: values[k] for k in ("recorded_by", "how") if values.get(k)},
    }
    if values.get("withdrawn_at"):
        document["withdrawn_at"] = moment(values["withdrawn_at"])
    try:
        register_of(request).withdraw_consent(document)
    except RecordRejected as rejected:
        return _withdraw_page(request, organisation, reference, consent_id, values, rejected.errors)
    return RedirectResponse(f"/people/{organisation}/{reference}?saved=withdrawal", status_code=303)


@router.get("/consents/covers")
def covers(
    request: Request,
    organisation: str = "",
    person: str = "",
    purpose: str = "",
    recipient: str = "",
) -> Response:
    register = register_of(request)
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
        missing = [
            FactError(field=k, problem="Enter the " + k, allowed="")
            for k, v in values.items()
            if not v
        ]
        errors = missing
        if not missing:
            try:
                coverage = register.covers(
                    values["organisation"], values["person"], values["purpose"], values["recipient"]
                )
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
        organisations=register.organisations(),
        services=register.services(),
    )
