"""Rendering pages: GOV.UK Frontend's Jinja macros, our templates, and the filters
that turn the engine's words and the register's entries into what a page shows."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import (
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.exceptions import HTTPException

from sharewise.engine import sharing
from sharewise.engine.assessment import HEADLINES
from sharewise.engine.citing import KINDS
from sharewise.engine.errors import FactError
from sharewise.faces.access import logged_refusal
from sharewise.faces.dependencies import ADVISE, AUDIT, RECORD, TRAINING
from sharewise.faces.door import FORM_FIELD, content_security_policy, form_token
from sharewise.guidance import Citation, UnknownCitation, load_edition
from sharewise.register.errors import OutOfReach, RecordRejected
from sharewise.register.principal import Principal
from sharewise.web.forms import DECISION_WORDS, as_sent, encode

OUTCOME_LABELS = {
    "share": "Share",
    "share_without_consent": "Share without consent",
    "must_share": "Must share",
    "do_not_share": "Do not share",
    "seek_consent": "Seek consent",
    "seek_advice": "Seek advice",
    "incomplete": "Incomplete",
}
OUTCOME_COLOURS = {
    "share": "govuk-tag--green",
    "share_without_consent": "govuk-tag--orange",
    "must_share": "govuk-tag--purple",
    "do_not_share": "govuk-tag--red",
    "seek_consent": "govuk-tag--blue",
    "seek_advice": "govuk-tag--yellow",
    "incomplete": "govuk-tag--grey",
}


T = TypeVar("T")


class NotFound(HTTPException):
    """A page for something that does not exist, saying what it was."""

    def __init__(self, title: str, what: str) -> None:
        super().__init__(404, what)
        self.title = title


def found_or_not_found(
    find: Callable[[], T], request: Request, principal: Principal, title: str, what: str
) -> T:
    """What `find` finds, or a NotFound page; another organisation's is said alike, and
    logged as a refusal (faces.access)."""
    try:
        return find()
    except RecordRejected as rejected:
        if isinstance(rejected, OutOfReach):
            logged_refusal(request, principal)
        raise NotFound(title, what) from None


class SeeOther(HTTPException):
    """Somewhere else holds what was asked for: a draft that has become a record."""

    def __init__(self, location: str) -> None:
        super().__init__(303)
        self.location = location


def field_id(field: str) -> str:
    """The id of a form field from its dotted path: 'shared.when' -> 'shared-when'."""
    return field.replace(".", "-").replace("[", "-").replace("]", "")


@dataclass(frozen=True)
class FormWords:
    """How one form's errors read and where they lead: an error about a group of fields
    to the group's first field, and a field left out to what to do about it."""

    anchors: Mapping[str, str] = field(default_factory=dict)
    required: Mapping[str, str] = field(default_factory=dict)

    def anchor(self, name: str) -> str:
        return self.anchors.get(name, field_id(name))

    def message(self, error: FactError) -> str:
        """An error in a sentence a person can act on: what was wrong, what is allowed."""
        if error.problem.lower() == "field required" and error.field in self.required:
            return self.required[error.field]
        if error.problem[:1].isupper():
            return error.problem  # written for the page already (the register's are not)
        # A field a hand-made form named 'told.told.' has no last part: name it whole.
        subject = (error.field.rsplit(".", 1)[-1] or error.field).replace("_", " ")
        return f"{subject[:1].upper()}{subject[1:]}: {error.problem}. Allowed: {error.allowed}"


PLAIN_FORM = FormWords()
DECISION_FORM = FormWords(
    anchors={
        "shared": "shared-what",
        "public_interest": "public_interest-risks_of_sharing",
        "advice": "advice-sought_from",
    },
    required=DECISION_WORDS,
)
CONSENT_FORM = FormWords(
    required={
        "status": "Select whether consent was given or refused",
        "given_by": "Select who made the decision about consent",
        "given_by_name": "Enter their name, and how they stand to the person",
        "explicit": "Select whether it was explicit",
        "form": "Select how it was given",
        "informed": "Select whether they were told enough to decide",
        "told": "Enter what they were told",
        "purposes": "Select or enter at least one purpose",
        "recipients.named[0].name": "Enter the name and role of the person who may receive it",
        "recipients.named[0].organisation": "Enter the organisation they work for",
        "given_at": "Enter when it was given or refused",
        "how": "Enter how they withdrew it",
    },
)


def _citations(refs: Iterable[str]) -> list[Citation]:
    edition = load_edition()
    found = []
    for ref in dict.fromkeys(refs):
        try:
            found.append(edition.cite(ref))
        except UnknownCitation:
            continue
    return found


def _when(value: str | datetime | None) -> str:
    """A moment as people write it: 25 November 2026, 14:05 (UTC)."""
    if value is None or value == "":
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime("%-d %B %Y, %H:%M") + (" UTC" if moment.utcoffset() is not None else "")


def _day(value: Any) -> str:
    return value.strftime("%-d %B %Y") if value else "Not known"


def _yes_no(value: Any) -> str:
    return {True: "Yes", False: "No", None: "Not answered"}.get(value, str(value))


_SAID_AS = {"flowchart": "the flowchart", **{f"GR{n}": f"golden rule {n}" for n in range(1, 8)}}


def cite(kind: str) -> str:
    """What a page cites beside its own words, as declared for its kind (engine.citing)."""
    return "(" + ", ".join(_SAID_AS.get(ref, ref) for ref in KINDS[kind].may_cite) + ")"


@pass_context
def _form_token(context: Context) -> Markup:
    """The hidden field every form that posts carries: without it the door refuses the
    form (sharewise.faces.door). tests/web/test_door.py checks that every form has it."""
    token = form_token(context["request"].scope)
    return Markup('<input type="hidden" name="{}" value="{}">').format(FORM_FIELD, token)


def _environment() -> Environment:
    environment = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("sharewise.web", "templates"),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=select_autoescape(["html"]),
        # A value not given prints as nothing: GOV.UK Frontend's textarea prints its
        # value as is, and an empty field must not hold the word "None".
        finalize=lambda value: "" if value is None else value,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        citations=_citations,
        outcome_label=OUTCOME_LABELS.get,
        outcome_colour=OUTCOME_COLOURS.get,
        headline=HEADLINES.get,
        when=_when,
        day=_day,
        yes_no=_yes_no,
        field_id=field_id,
        encode=encode,
        as_sent=as_sent,
    )
    environment.globals.update(
        edition=load_edition(),
        cite=cite,
        form_token=_form_token,
        audits=_audits,
        may_train=_may_train,
        advice_for=_advice_for,
        q6=sharing,  # the sharing package's choices and checks, as a person reads them
    )
    return environment


def _audits(principal: Any) -> bool:
    """Whether the header links to the access log: for whom its rule lets in."""
    return principal is not None and AUDIT.allows(principal.roles)


def _may_train(principal: Any) -> bool:
    """Whether the header links to training: for whom its rule lets in."""
    return principal is not None and TRAINING.allows(principal.roles)


def _advice_for(principal: Any) -> str | None:
    """Where the header's advice link goes: a practitioner's requests, or an advisor's."""
    if principal is None:
        return None
    if RECORD.allows(principal.roles):
        return "/advice"
    return "/advice/for-you" if ADVISE.allows(principal.roles) else None


ENVIRONMENT = _environment()


def _allowed_inline_scripts() -> str:
    """GOV.UK Frontend's page template holds one inline script, a line that marks the
    body as able to run its JavaScript before the page is drawn. The policy allows it
    alone, by the hash of what the template renders (so an upgrade that changes it
    cannot go unnoticed), and no other inline script: ours are files under /static."""
    page = ENVIRONMENT.from_string(
        '{% extends "govuk_frontend_jinja/template.html" %}'
        "{% block header %}{% endblock %}{% block footer %}{% endblock %}"
    ).render()
    scripts = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", page, re.DOTALL)
    hashes = (base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts)
    return " ".join(f"'sha256-{h}'" for h in hashes)


POLICY = content_security_policy(scripts=f"'self' {_allowed_inline_scripts()}")
"""The pages' Content-Security-Policy (the door gives it to every response that sets
none of its own)."""


def render(
    request: Request,
    template: str,
    title: str,
    *,
    status_code: int = 200,
    errors: Sequence[FactError] = (),
    words: FormWords = PLAIN_FORM,
    **context: Any,
) -> HTMLResponse:
    """A page. A page with errors says so in its title, so that a screen reader hears it
    first, and answers 422 (or the status given)."""
    summary = [{"text": words.message(e), "href": f"#{words.anchor(e.field)}"} for e in errors]
    error_for: dict[str, dict[str, str]] = {}
    for error in errors:  # each field shows its first error
        error_for.setdefault(words.anchor(error.field), {"text": words.message(error)})
    page = ENVIRONMENT.get_template(template).render(
        request=request,
        title=title,
        errors=summary,
        error_for=error_for,
        **context,
    )
    return HTMLResponse(page, status_code=422 if errors and status_code == 200 else status_code)
