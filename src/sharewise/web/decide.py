"""A new decision, one question per page, in the name of the practitioner signed in:
about whom, shared with whom, then the questions the engine asks for, check your
answers, the outcome, and the decision saved as a record. No page order lives here:
`walk` replays the answers through the engine's interview and names the next question."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from sharewise.engine import assess
from sharewise.engine.answers import AnswerError, parse_answer
from sharewise.engine.consent_state import age_on
from sharewise.engine.errors import FactError
from sharewise.engine.interview import (
    Walk,
    asked_again,
    asked_before,
    facts_before,
    get_fact,
    walk,
)
from sharewise.engine.record import weighing_needed
from sharewise.faces.access import logged
from sharewise.faces.advice import put_back
from sharewise.faces.dependencies import Recorder, RegisterDep
from sharewise.guidance import Question, load_edition
from sharewise.register.advice.records import AdviceRequest
from sharewise.register.decisions.schemas import Advice
from sharewise.register.directory.schemas import Person
from sharewise.register.drafts.service import ASKING, SAVED_AS, WAITING, DraftsFull
from sharewise.register.errors import RecordRejected, validated
from sharewise.register.principal import Principal
from sharewise.register.schemas import NamedRecipient
from sharewise.register.store import Register
from sharewise.web.dates import Moment
from sharewise.web.forms import (
    DECISION_MOMENTS,
    REVIEW,
    YES_NO,
    answer_from_form,
    applied,
    as_sent,
    decision_document,
    decision_problems,
    encode,
    moment_errors,
    now_in,
    problem,
    review_day,
    with_moments,
)
from sharewise.web.framework import in_force
from sharewise.web.identity import described
from sharewise.web.pages import DECISION_FORM, NotFound, SeeOther, render
from sharewise.web.records import find_record

router = APIRouter(prefix="/decisions")


class Draft:
    """The answers so far, kept on the server (`Register.drafts`)."""

    def __init__(self, register: Register, draft_id: str) -> None:
        self.register = register
        self.id = draft_id
        state = register.drafts.get(draft_id)
        self.found = state is not None
        self.state: dict[str, Any] = state or {}

    @property
    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = self.state.setdefault("answers", {})
        return answers

    def save(self) -> None:
        self.register.drafts.save(self.id, self.state)

    def url(self, page: str) -> str:
        return f"/decisions/{self.id}/{page}"

    def setup_missing(self) -> str | None:
        """The first set-up page not done yet."""
        if "person" not in self.state:
            return "person"
        if self.state["person"] and "recipient" not in self.state:
            return "recipient"
        return None

    def last_setup(self) -> str:
        return "recipient" if self.state.get("person") else "person"

    def walk(self) -> Walk:
        return walk(self.answers)

    def where_next(self, where: Walk | None = None) -> str:
        """The page to go to next; `where`, when the caller has walked the answers already."""
        missing = self.setup_missing()
        if missing:
            return self.url(missing)
        following = (where or self.walk()).next
        return self.url(f"questions/{following.fact}") if following else self.url("check")


def _open_draft(register: RegisterDep, principal: Recorder, draft_id: str) -> Draft:
    """The acting practitioner's own decision in progress: anyone else's is not found."""
    draft = Draft(register, draft_id)
    mine = (draft.state.get("organisation"), draft.state.get("practitioner")) == (
        principal.organisation,
        principal.practitioner,
    )
    if not draft.found or not (mine or SAVED_AS in draft.state) or ASKING in draft.state:
        raise NotFound(
            "Decision not found",
            "This decision in progress has ended or was never started. A decision you "
            "saved is under Records.",
        )
    if SAVED_AS in draft.state:
        raise SeeOther(f"/records/{draft.state[SAVED_AS]}")
    return draft


OpenDraft = Annotated[Draft, Depends(_open_draft)]


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


ACTIONS_DONE = "actions_done"  # the checklist's boxes ticked, by place from 1
# A decision to share, its form answered: it waits for its sharing package (web.package).
DECIDED = "decided"
PACKAGE = "package"  # the package so far, as SharingPackage writes it
TYPED_ADVICE = ("sought_from", "outcome")  # the request it came from is not typed
ADVICE_STATUS = {
    "waiting": "The advisor has not answered yet.",
    "answered": "The advisor has answered: read the answer and record what you will do.",
    "done": "The advisor has answered and you recorded what you will do: the advice is "
    "filled in below for you to check.",
}
# What a decision left for later waits for, by the outcome that left it there.
WAITS_FOR = {"seek_consent": "consent", "seek_advice": "advice"}
SAVED_WAITING = {
    "consent": "Saved until consent is asked for. When you have their answer, choose "
    "'Record their answer' below: it goes into the consent register, and the decision "
    "goes on from there.",
    "advice": "Saved until advice is given. When you have it, choose 'Record the advice' "
    "below, then change the answers you were not sure of.",
}


@router.get("")
def in_progress(
    request: Request, register: RegisterDep, principal: Recorder, saved: str = ""
) -> Response:
    """The acting practitioner's decisions in progress, to come back to."""
    return _in_progress_page(request, register, principal, saved)


def _in_progress_page(
    request: Request,
    register: Register,
    principal: Principal,
    saved: str = "",
    errors: list[FactError] | None = None,
) -> Response:
    drafts = [  # a question for an advisor being written is no decision
        d
        for d in register.drafts.in_progress(principal.name, most=register.drafts.most)
        if ASKING not in d.state
    ]
    people = {
        d.state["person"]: _name_of(register, principal.organisation, d.state["person"])
        for d in drafts
        if d.state.get("person")
    }
    return render(
        request,
        "decide/in_progress.html",
        "Your decisions in progress",
        section="decide",
        drafts=drafts,
        people=people,
        saved=SAVED_WAITING.get(saved),
        kept_for=register.drafts.kept_for.days,
        errors=errors or (),
    )


def _name_of(register: Register, organisation: str, reference: str) -> str:
    try:
        return register.person(organisation, reference).name
    except RecordRejected:  # a reference typed for someone not in the register
        return reference


def _full(request: Request, register: Register, principal: Principal) -> Response:
    """No room for another draft: say so, over the drafts to finish or discard."""
    most = register.drafts.most
    error = problem(
        "drafts",
        f"You have {most} decisions in progress, all waiting for consent or advice. Continue "
        "one and record it, or discard one you no longer need, before you start another",
        "",
    )
    return _in_progress_page(request, register, principal, errors=[error])


@router.get("/new")
def start(request: Request, register: RegisterDep, principal: Recorder) -> Response:
    """A decision in the name of the practitioner signed in, who records it: each holds a
    bounded number, so that starting one again and again cannot fill the register."""
    state = {
        "organisation": principal.organisation,
        "practitioner": principal.practitioner,
        "answers": {},
    }
    try:
        draft_id = register.drafts.start(state, owner=principal.name)
    except DraftsFull:
        return _full(request, register, principal)
    return _go(f"/decisions/{draft_id}/person")


@router.post("/{draft_id}/discard")
def discard(draft: OpenDraft, principal: Recorder) -> Response:
    """Remove a decision in progress the practitioner no longer needs: their own (anyone
    else's is not found, `OpenDraft`)."""
    draft.register.drafts.discard(draft.id, owner=principal.name)
    return _go("/decisions")


@router.post("/new")
def start_from_record(
    request: Request,
    register: RegisterDep,
    principal: Recorder,
    corrects: str | None = None,
    reopens: str | None = None,
) -> Response:
    """A decision that corrects a saved record, which can never be changed, or that
    reopens a decision not to share, to look at it again as things stand now: it starts
    with that record's person, recipient and answers, on check your answers, for the
    practitioner (who is acting now) to change what was wrong, or what has changed."""
    if (corrects is None) == (reopens is None):  # an address made by hand: as malformed
        raise RequestValidationError(
            [{"loc": ("query", "corrects or reopens"), "msg": "one of them", "type": "missing"}]
        )
    old = find_record(request, register, principal, str(corrects or reopens))
    if reopens and old.shared:
        raise NotFound("Page not found", "Only a decision not to share is reopened.")
    record = old.record
    state = {
        "organisation": principal.organisation,
        "practitioner": principal.practitioner,
        "person": record.person,
        "recipient": record.recipient,
        "recipient_named": record.recipient_named and record.recipient_named.model_dump(),
        "answers": _answers_of(record.facts.model_dump(mode="json", exclude_none=True)),
        "from_register": record.confirmed_from_consent_register,
        "corrects" if corrects else "reopens": old.id,
        # A correction of a share starts from its package, to change what was wrong.
        PACKAGE: record.package.model_dump(mode="json") if record.package else {},
    }
    try:
        draft = Draft(register, register.drafts.start(state, owner=principal.name))
    except DraftsFull:
        return _full(request, register, principal)
    # What the register knows now and the record's answers agree on is shown as the
    # register's: a change of person then answers it afresh (see `_learn`).
    known = _known(draft)
    draft.state["known"] = {fact: v for fact, v in known.items() if draft.answers.get(fact) == v}
    draft.save()
    return _go(draft.where_next())


def _answers_of(facts: dict[str, Any]) -> dict[str, Any]:
    """The answers that gave a record's facts, replayed through the interview. A question
    on the record's path that its facts leave out was answered "I do not know"; one that
    cannot be (asked only since) is left for the practitioner to answer."""
    answers = {
        fact: value
        for fact in load_edition().questions
        if (value := get_fact(facts, fact)) is not None
    }
    where = walk(answers)
    while where.next is not None and where.next.fact not in answers:
        try:
            answers[where.next.fact] = parse_answer(where.next, None)
        except AnswerError:
            break
        where = walk(answers)
    return {fact: answers[fact] for fact in where.path}


# --- about whom, sharing with whom ------------------------------------------------------


def _setup_page(
    request: Request,
    draft: Draft,
    page: str,
    title: str,
    back: str,
    change: bool,
    errors: list[FactError] | None,
    template: str = "",
    **context: Any,
) -> Response:
    """A set-up page (`decide/{page}.html` unless another template is named): reached
    from check your answers, it goes back there."""
    return render(
        request,
        template or f"decide/{page}.html",
        title,
        section="decide",
        back=draft.url("check") if change else back,
        errors=errors or (),
        action=draft.url(page) + ("?change=1" if change else ""),
        **context,
    )


@router.get("/{draft_id}/person")
def person(request: Request, draft: OpenDraft, change: bool = False) -> Response:
    return _person_page(request, draft, change, draft.state.get("person") or "")


def _person_page(
    request: Request,
    draft: Draft,
    change: bool,
    value: str,
    errors: list[FactError] | None = None,
) -> Response:
    return _setup_page(
        request,
        draft,
        "person",
        "Who is the information about?",
        "/decisions",
        change,
        errors,
        value=value,
        organisation=draft.state.get("organisation"),
        framework=in_force(draft.register, draft.state["organisation"]),
    )


@router.post("/{draft_id}/person")
async def person_answered(request: Request, draft: OpenDraft, change: bool = False) -> Response:
    reference = str((await request.form()).get("person", "")).strip()
    if "\x00" in reference:  # no reference holds one, and PostgreSQL refuses to look it up
        error = problem("person", "Enter their reference in the register, like RC-00004", "")
        return _person_page(request, draft, change, reference.replace("\x00", ""), [error])
    if reference:
        try:
            draft.register.person(draft.state["organisation"], reference)
        except RecordRejected as rejected:
            return _person_page(request, draft, change, reference, rejected.errors)
    if reference != draft.state.get("person"):
        for key in RECIPIENT_KEYS:
            draft.state.pop(key, None)
    draft.state["person"] = reference or None
    _learn(draft)
    draft.save()
    return _go(draft.url("check") if change and not draft.setup_missing() else draft.where_next())


def _recipients(register: Register) -> list[tuple[str, str, bool]]:
    """Who can receive information: each organisation and multi-agency service, by code,
    with its name and whether it is a service."""
    return [(o.code, o.name, False) for o in register.organisations()] + [
        (s.code, s.name, True) for s in register.services()
    ]


def _recipient_name(register: Register, code: str | None) -> str | None:
    return next((name for found, name, _ in _recipients(register) if found == code), None)


RECIPIENT_KEYS = ("recipient", "recipient_named", "coverage")  # what choosing them sets

# Someone not in the register: what each field typed in is called on the page.
TYPED_FIELDS = {"name": "recipient_name", "organisation": "recipient_organisation"}
TYPED_PROBLEMS = {
    "recipient_name": "Enter the name and role of the person who would receive it",
    "recipient_organisation": "Enter the organisation they work for",
}


def _named(state: Mapping[str, Any]) -> NamedRecipient | None:
    """The recipient typed in, when they are not in the register."""
    named = state.get("recipient_named")
    return NamedRecipient.model_validate(named) if named else None


def receiving(draft: Draft) -> str | None:
    """Who would receive it, in words: the register's name, or the person typed in."""
    named = _named(draft.state)
    if named is not None:
        return str(named)
    return _recipient_name(draft.register, draft.state.get("recipient"))


@router.get("/{draft_id}/recipient")
def recipient(request: Request, draft: OpenDraft, change: bool = False) -> Response:
    named = draft.state.get("recipient_named") or {}
    return _recipient_page(
        request,
        draft,
        change,
        draft.state.get("recipient") or ("none" if "recipient" in draft.state else None),
        {
            "recipient_name": named.get("name", ""),
            "recipient_organisation": named.get("organisation", ""),
        },
    )


def _recipient_page(
    request: Request,
    draft: Draft,
    change: bool,
    chosen: str | None,
    typed: Mapping[str, str],
    errors: list[FactError] | None = None,
) -> Response:
    return _setup_page(
        request,
        draft,
        "recipient",
        "Who would receive the information?",
        draft.url("person"),
        change,
        errors,
        recipients=_recipients(draft.register),
        chosen=chosen,
        typed=typed,
    )


@router.post("/{draft_id}/recipient")
async def recipient_answered(request: Request, draft: OpenDraft, change: bool = False) -> Response:
    form = await request.form()
    chosen = str(form.get("recipient", ""))
    typed = {field: str(form.get(field, "")).strip() for field in TYPED_FIELDS.values()}
    named = None
    if chosen == "none":
        try:
            named = NamedRecipient(**{name: typed[field] for name, field in TYPED_FIELDS.items()})
        except ValidationError as invalid:
            errors = [
                problem(TYPED_FIELDS[str(e["loc"][0])], _typed_problem(e), "")
                for e in invalid.errors()
            ]
            return _recipient_page(request, draft, change, chosen, typed, errors)
    elif _recipient_name(draft.register, chosen) is None:
        error = problem(
            "recipient",
            "Select who would receive the information, or that they are not in the register",
            "an organisation or service in the register, or someone not in it",
        )
        return _recipient_page(request, draft, change, None, typed, [error])
    draft.state["recipient"] = None if named else chosen
    draft.state["recipient_named"] = named and named.model_dump()
    draft.state.pop("coverage", None)
    _learn(draft)
    draft.save()
    return _go(draft.url("check") if change and not draft.setup_missing() else draft.where_next())


def _typed_problem(error: Any) -> str:
    """What to do about a field typed in: blank, too long, or holding a NUL."""
    field = TYPED_FIELDS[str(error["loc"][0])]
    if error["type"] in ("too_long", "string_too_long"):
        return f"{TYPED_PROBLEMS[field]} in {error['ctx']['max_length']:,} characters or fewer"
    if "NUL" in error["msg"]:
        return f"{TYPED_PROBLEMS[field]} again: it has a character that is not allowed"
    return TYPED_PROBLEMS[field]


# --- the questions ----------------------------------------------------------------------


def _known(draft: Draft) -> dict[str, Any]:
    """What the register already knows of the case once the person and the recipient are
    chosen: whether they are a child and their age (from the date of birth), that the
    information identifies them, and the recipient's name."""
    state = draft.state
    known: dict[str, Any] = {}
    if state.get("person"):
        person = draft.register.person(state["organisation"], state["person"])
        if person.date_of_birth is not None:
            age = age_on(person.date_of_birth, date.today())
            adult = age >= load_edition().parameters.adult_age
            known.update(about="adult" if adult else "child", age=age)
        known["identifiable"] = True  # Q2: a named person is identified
    recipient = receiving(draft)
    if recipient:
        known["recipient"] = recipient
    return known


def _learn(draft: Draft) -> None:
    """Answer from the register what it knows, so that those pages are not asked, for the
    practitioner to confirm on check your answers. An answer they gave themselves stays;
    what the register answered for an earlier choice of person goes."""
    answers = draft.answers
    for fact, value in draft.state.get("known", {}).items():
        if answers.get(fact) == value:
            del answers[fact]
    known = _known(draft)
    for fact, value in known.items():
        answers.setdefault(fact, value)
    draft.state["known"] = {fact: v for fact, v in known.items() if answers[fact] == v}


def _suggested(draft: Draft, question: Question, facts: dict[str, Any]) -> Any:
    """What the consent register suggests for a consent question not answered yet, for
    the practitioner to confirm."""
    if not question.fact.startswith("consent."):
        return None
    coverage = _coverage(draft, facts)
    return get_fact(coverage["facts"], question.fact) if coverage else None


def _coverage(draft: Draft, facts: dict[str, Any]) -> dict[str, Any] | None:
    """The consent register's answer for this person, purpose and recipient, asked once
    per purpose and kept with the draft so that every consent question shows the same."""
    state = draft.state
    purpose = facts.get("purpose")
    named = _named(state)
    recipient = named.key if named else state.get("recipient")
    if not (state.get("person") and recipient and purpose):
        return None
    held = state.get("coverage")
    if held and held.get("purpose") == purpose:
        return dict(held)
    found = draft.register.covers(state["organisation"], state["person"], purpose, recipient)
    state["coverage"] = {
        "purpose": purpose,
        "status": found.status,
        "consent_id": found.consent_id,
        "reasons": list(found.reasons),
        "facts": found.facts,
    }
    draft.save()
    return dict(state["coverage"])


@router.get("/{draft_id}/questions/{fact}")
def question(request: Request, draft: OpenDraft, fact: str, change: bool = False) -> Response:
    where = draft.walk()
    on_path = fact in where.path or (where.next is not None and where.next.fact == fact)
    if draft.setup_missing() or not on_path:
        return _go(draft.where_next(where))
    return _question_page(request, draft, fact, where, change)


def _question_page(
    request: Request,
    draft: Draft,
    fact: str,
    where: Walk,
    change: bool,
    value: Any = None,
    errors: list[FactError] | None = None,
) -> Response:
    asked = load_edition().questions[fact]
    before = asked_before(where, fact)
    known_before = facts_before(where, fact)
    suggested = None
    if value is None and not errors:
        value = draft.answers.get(fact)
        if fact not in draft.answers:
            suggested = _suggested(draft, asked, known_before)
            value = suggested
    if change:
        back = draft.url("check")
    elif before:
        back = draft.url(f"questions/{before[-1]}")
    else:
        back = draft.url(draft.last_setup())
    return render(
        request,
        "decide/question.html",
        asked.question,
        section="decide",
        back=back,
        errors=errors or (),
        question=asked,
        # An answer of "I do not know" is kept as the fact left out: show it chosen.
        value=as_sent(value) if value is None and fact in draft.answers else encode(value),
        suggested=suggested is not None,
        coverage=draft.state.get("coverage") if asked.fact.startswith("consent.") else None,
        # The purposes the organisation keeps, so that a consent to one of them covers it.
        choices=draft.register.purposes(draft.state["organisation"])
        if fact == "purpose" and draft.state.get("organisation")
        else [],
        assessment=assess(known_before),
        asked_again=asked_again(where, fact),
        action=draft.url(f"questions/{fact}") + ("?change=1" if change else ""),
        ask_advice=f"/advice/new?draft={draft.id}",
    )


def answer_given(
    asked: Question, form: FormData, answers: Mapping[str, Any]
) -> tuple[Any, Walk, list[FactError]]:
    """A question page's answer, added to the answers before it: the value, where the
    answers then lead, and what is wrong with it (then the page is shown again: an
    answer the question does not take is not kept; one that does not fit the answers
    before it, or that a later answer needs now, is kept as typed)."""
    try:
        value = answer_from_form(asked, form)
    except ValueError as wrong:
        error = problem("answer", str(wrong), "one of the answers shown")
        return None, walk(answers), [error]
    fact = asked.fact
    where = walk({**answers, fact: value})
    if where.conflicts and where.next is not None and where.next.fact == fact:
        # The answer does not fit the answers before it: say why, and keep what was typed.
        return value, where, [problem("answer", f"Enter {e.allowed}", "") for e in where.conflicts]
    if asked_again(where, fact):
        error = problem("answer", "Select an answer: a later answer means it is needed now", "")
        return value, where, [error]
    return value, where, []


@router.post("/{draft_id}/questions/{fact}")
async def question_answered(
    request: Request, draft: OpenDraft, fact: str, change: bool = False
) -> Response:
    questions = load_edition().questions
    if fact not in questions:
        return _go(draft.where_next())
    asked = questions[fact]
    value, where, errors = answer_given(asked, await request.form(), draft.answers)
    if errors:
        return _question_page(request, draft, fact, where, change, value, errors)
    answers = {**draft.answers, fact: value}
    if fact.startswith("consent."):
        # The record says which answers the practitioner took from the consent register.
        suggested = _suggested(draft, asked, facts_before(where, fact))
        confirmed = set(draft.state.get("from_register", []))
        if suggested is not None and value == suggested:
            confirmed.add(fact)
        else:
            confirmed.discard(fact)
        draft.state["from_register"] = sorted(confirmed)
    draft.state["answers"] = answers
    draft.state.pop(WAITING, None)  # the answer came: it waits no more
    if draft.state.get("known", {}).get(fact, value) != value:
        del draft.state["known"][fact]  # the practitioner knows better
    draft.save()
    return _go(draft.where_next(where))


# --- check your answers, the outcome, the decision --------------------------------------


@router.get("/{draft_id}/check")
def check(request: Request, draft: OpenDraft) -> Response:
    where = draft.walk()
    if draft.setup_missing() or where.next is not None:
        return _go(draft.where_next(where))
    questions = load_edition().questions
    return render(
        request,
        "decide/check.html",
        "Check your answers",
        section="decide",
        back=draft.url(f"questions/{where.path[-1]}") if where.path else None,
        draft=draft,
        practitioner=described(
            draft.register, Principal(draft.state["organisation"], draft.state["practitioner"])
        ),
        recipient_name=receiving(draft),
        person_name=draft.state.get("person")
        and f"{_name_of(draft.register, draft.state['organisation'], draft.state['person'])} "
        f"({draft.state['person']})",
        answered=[(questions[fact], draft.answers[fact]) for fact in where.path],
        known=draft.state.get("known", {}),
        unused=[(questions[fact], draft.answers[fact]) for fact in where.unused],
    )


@router.get("/{draft_id}/outcome")
def outcome(request: Request, draft: OpenDraft) -> Response:
    where = draft.walk()
    if draft.setup_missing() or where.next is not None:
        return _go(draft.where_next(where))
    decided = draft.state.get(DECIDED, {})  # back from the sharing package: as answered
    return _outcome_page(
        request, draft, where, decided.get("values", {}), done=decided.get("done", ())
    )


def _outcome_page(
    request: Request,
    draft: Draft,
    where: Walk,
    values: dict[str, Any],
    errors: list[FactError] | None = None,
    moments: Mapping[str, Moment] | None = None,
    done: Sequence[str] = (),
) -> Response:
    assessment = assess(where.facts)
    defaults = {
        "shared.with_whom": where.facts.get("recipient", ""),
        "shared.purpose": where.facts.get("purpose", ""),
        **now_in(*DECISION_MOMENTS),
        # Advice recorded when it came, while the decision waited for it.
        **{
            f"advice.{name}": text
            for name, text in draft.state.get("advice", {}).items()
            if name != "request"
        },
    }
    return render(
        request,
        "decide/outcome.html",
        "What the guidance says to do",
        section="decide",
        back=draft.url("check"),
        errors=errors or (),
        words=DECISION_FORM,
        assessment=assessment,
        weighing=weighing_needed(assessment.outcome, True),
        values={**defaults, **values},
        moments=moments or {},
        done=list(done),
        action=draft.url("outcome"),
        wait_action=draft.url("wait"),
        ask_advice=f"/advice/new?draft={draft.id}",
    )


@router.post("/{draft_id}/wait")
def wait(draft: OpenDraft) -> Response:
    """Leave a decision until consent is asked for or advice given, to come back to."""
    where = draft.walk()
    if draft.setup_missing() or where.next is not None:
        return _go(draft.where_next(where))
    waits_for = WAITS_FOR.get(assess(where.facts).outcome)
    if waits_for is None:  # nothing to wait for: the decision is the practitioner's now
        return _go(draft.url("outcome"))
    draft.state[WAITING] = waits_for
    draft.save()
    return _go(f"/decisions?saved={waits_for}")


# --- when the answer comes: consent asked for, or advice given ------------------------


def waiting_for_consent(
    register: Register, principal: Principal, draft_id: str, person: Person
) -> Draft | None:
    """The acting practitioner's decision about `person` that waits for their consent,
    if `draft_id` is one: recording consent from it takes the decision on."""
    draft = Draft(register, draft_id)
    state = draft.state
    if not draft.found or state.get(WAITING) != "consent":
        return None
    mine = (state.get("organisation"), state.get("practitioner")) == (
        principal.organisation,
        principal.practitioner,
    )
    about = (state.get("organisation"), state.get("person")) == (
        person.organisation,
        person.reference,
    )
    return draft if mine and about else None


def consent_answered(draft: Draft) -> str:
    """Consent asked for is in the consent register now: the decision's answers about
    consent go, to be answered again from the register, and it waits no more. Where to
    go on."""
    for fact in [fact for fact in draft.answers if fact.startswith("consent.")]:
        del draft.answers[fact]
    draft.state["from_register"] = []
    for key in (WAITING, "coverage"):
        draft.state.pop(key, None)
    draft.save()
    return draft.where_next()


@router.get("/{draft_id}/answer")
def answer_came(draft: OpenDraft) -> Response:
    """The answer to what a decision waits for: consent is recorded on the person's
    consent form, filled in from the decision; advice, on a page of its own. Consent
    about someone not named cannot be recorded: the answer about it is changed instead."""
    waits_for = draft.state.get(WAITING)
    state = draft.state
    if waits_for == "advice":
        return _go(draft.url("advice"))
    if waits_for == "consent" and state.get("person"):
        return _go(
            f"/people/{state['organisation']}/{state['person']}/consents/new?decision={draft.id}"
        )
    return _go(draft.url("questions/consent.status?change=1") if waits_for else draft.url("check"))


@router.get("/{draft_id}/advice")
def advice(request: Request, draft: OpenDraft, principal: Recorder) -> Response:
    asked = _asked(request, draft, principal)
    values = draft.state.get("advice") or (_advice_of(asked) if asked else {})
    return _advice_page(request, draft, values, asked=asked)


def _asked(request: Request, draft: Draft, principal: Principal) -> AdviceRequest | None:
    """The request the decision sent to an advisor in sharewise, if any, as its asker
    reads it (a read that is logged)."""
    request_id = draft.state.get("advice_request")
    if not request_id:
        return None
    try:
        asked = draft.register.advice_request(request_id, asker=principal.user or principal.name)
    except RecordRejected:
        return None
    logged(request, draft.register, principal, "advice", asked.id, asked.body.person)
    return asked


def _advice_of(asked: AdviceRequest) -> dict[str, str]:
    """The advice as the decision keeps it, once its asker has recorded the outcome:
    for them to confirm."""
    if asked.status != "done" or asked.answer is None:
        return {}
    return {"sought_from": asked.body.advisor_name, "outcome": put_back(asked, asked.answer)}


def _advice_page(
    request: Request,
    draft: Draft,
    values: Mapping[str, str],
    errors: list[FactError] | None = None,
    asked: AdviceRequest | None = None,
) -> Response:
    questions = load_edition().questions
    unsure = [
        (questions[fact], value)
        for fact, value in draft.answers.items()
        if fact in questions and value == "unsure"
    ]
    return render(
        request,
        "decide/advice.html",
        "Record the advice you were given",
        section="decide",
        back="/decisions",
        errors=errors or (),
        words=DECISION_FORM,
        values={f"advice.{name}": value for name, value in values.items()},
        unsure=unsure,
        draft=draft,
        asked=asked,
        status=ADVICE_STATUS,
        action=draft.url("advice"),
        ask_advice=f"/advice/new?draft={draft.id}",
    )


@router.post("/{draft_id}/advice")
async def advice_given(request: Request, draft: OpenDraft, principal: Recorder) -> Response:
    """The advice is kept with the decision, for its record, with the request it came
    from in sharewise once that is done; the decision goes on to check your answers, to
    change what the advice settled."""
    form = await request.form()
    typed = {
        name: str(form.get(f"advice.{name}", "")).strip() for name in ("sought_from", "outcome")
    }
    asked = _asked(request, draft, principal)
    came_from = {"request": asked.id} if asked and asked.status == "done" else {}
    try:
        given = validated(Advice, {**{n: text for n, text in typed.items() if text}, **came_from})
    except RecordRejected as rejected:
        errors = [e.model_copy(update={"field": f"advice.{e.field}"}) for e in rejected.errors]
        return _advice_page(request, draft, typed, errors, asked)
    draft.state["advice"] = given.model_dump(exclude_none=True)
    draft.state.pop(WAITING, None)
    draft.save()
    return _go(draft.url("check"))


@router.post("/{draft_id}/outcome")
async def decided(request: Request, draft: OpenDraft) -> Response:
    where = draft.walk()
    if draft.setup_missing() or where.next is not None:
        return _go(draft.where_next(where))
    form = await request.form()
    done = [str(place) for place in form.getlist(ACTIONS_DONE)]
    values, moments = with_moments(
        {key: str(form.get(key, "")).strip() for key in form if key != ACTIONS_DONE},
        DECISION_MOMENTS,
    )
    outcome = assess(where.facts).outcome
    problems = decision_problems(values, outcome, moments)
    if problems:
        return _outcome_page(request, draft, where, values, problems, moments, done)
    if YES_NO[values["decision.share"]]:
        # Q6 comes next: what was shared and how (web.package), then the record is saved.
        draft.state[DECIDED] = {"values": values, "done": done}
        draft.save()
        return _go(draft.url("package/items"))
    draft.state.pop(DECIDED, None)
    day, _ = review_day(values)
    if day is not None:
        values[f"decision.{REVIEW}"] = day.isoformat()
    try:
        return save_decision(draft, None, values, done)
    except RecordRejected as rejected:
        errors = moment_errors(rejected.errors, moments)
        return _outcome_page(request, draft, where, values, errors, moments, done)


def decision_refused(request: Request, draft: Draft, errors: Sequence[FactError]) -> Response:
    """The decision form again, as answered, with what the register refused about it
    when the decision was saved with its package."""
    kept = draft.state[DECIDED]
    values, moments = with_moments(kept["values"], DECISION_MOMENTS)
    said = moment_errors(errors, moments)
    return _outcome_page(request, draft, draft.walk(), values, said, moments, kept["done"])


def save_decision(
    draft: Draft,
    package: dict[str, Any] | None,
    values: Mapping[str, str] | None = None,
    done: Sequence[str] = (),
) -> Response:
    """Record the decision from its form's answers (those kept with the draft when none
    are given) and, with a share, its package; RecordRejected if the register refuses."""
    if values is None:
        values, done = draft.state[DECIDED]["values"], draft.state[DECIDED]["done"]
    where = draft.walk()
    outcome = assess(where.facts).outcome
    document = decision_document(draft.state, where.facts, applied(values, outcome))
    # A place that is not a number is no box of this page's: a hand-made form's.
    document[ACTIONS_DONE] = sorted({int(place) for place in done if place.isdigit()})
    document["confirmed_from_consent_register"] = [
        fact for fact in draft.state.get("from_register", []) if fact in where.path
    ]
    # the record it corrects, or the decision not to share it reopens, if any
    document["corrects"] = draft.state.get("corrects")
    document["reopens"] = draft.state.get("reopens")
    came_from = draft.state.get("advice", {}).get("request")
    if came_from and "advice" in document:  # the advice request in sharewise it came from
        document["advice"]["request"] = came_from
    if package is not None:
        document["package"] = package
    entry = draft.register.record_decision(document)
    draft.register.drafts.finish(draft.id, entry.id)
    return _go(f"/records/{entry.id}?saved=1")
