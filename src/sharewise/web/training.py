"""Training on case examples (4.3, 4.5): a practitioner reads a case, answers its
questions on the pages of a real decision (decide's question page, one question a page,
walked by the engine's interview), says what they would do, and sees where they differed
from the case's facts and the guidance, and why, paragraph by paragraph. A manager or
the governance lead adds the organisation's own cases and sees the team's scores.

Nothing here touches the register's records: a training case names no one, and an
attempt is kept in the training tables alone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sharewise.engine import assess
from sharewise.engine.assessment import HEADLINES, OUTCOMES
from sharewise.engine.errors import FactError
from sharewise.engine.interview import Walk, asked_again, asked_before, facts_before, walk
from sharewise.engine.training import GIVEN_KINDS, Comparison, compare
from sharewise.faces.dependencies import (
    TRAIN,
    TRAINING_LEAD,
    RegisterDep,
    Trainee,
    TrainingLead,
    TrainingViewer,
)
from sharewise.faces.training import trainee_of
from sharewise.guidance import Question, load_edition
from sharewise.register.errors import RecordRejected
from sharewise.register.principal import Principal
from sharewise.register.store import Register
from sharewise.register.training.service import Attempt, TrainingCase
from sharewise.web.decide import answer_given
from sharewise.web.forms import as_sent, encode, problem
from sharewise.web.pages import NotFound, found_or_not_found, render

router = APIRouter(prefix="/training")

DECISIONS = [outcome for outcome in OUTCOMES if outcome != "incomplete"]
CASE_NOT_FOUND = ("Training case not found", "There is no such training case.")
ATTEMPT_NOT_FOUND = ("Attempt not found", "There is no such attempt at a training case.")


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def said(question: Question, value: Any) -> str:
    """An answer as its page words it; a fact left out as "I do not know"."""
    return "I do not know" if value is None else question.label_for(value)


def _case(request: Request, register: Register, principal: Principal, case_id: str) -> Any:
    return found_or_not_found(
        lambda: register.training.case(principal.organisation, case_id),
        request,
        principal,
        *CASE_NOT_FOUND,
    )


def _attempt(request: Request, register: Register, principal: Principal, attempt_id: str) -> Any:
    """An attempt its trainee, or a lead of their organisation, may see; anyone else's
    is not found."""
    attempt: Attempt = found_or_not_found(
        lambda: register.training.attempt(principal.organisation, attempt_id),
        request,
        principal,
        *ATTEMPT_NOT_FOUND,
    )
    if attempt.trainee != trainee_of(principal) and not TRAINING_LEAD.allows(principal.roles):
        raise NotFound(*ATTEMPT_NOT_FOUND)
    return attempt


def _in_progress(
    request: Request, register: Register, principal: Principal, attempt_id: str
) -> tuple[Attempt, TrainingCase]:
    """The trainee's own attempt still in progress, with its case."""
    attempt = _attempt(request, register, principal, attempt_id)
    if attempt.trainee != trainee_of(principal) or attempt.finished_at is not None:
        raise NotFound(*ATTEMPT_NOT_FOUND)
    return attempt, _case(request, register, principal, attempt.case_id)


def _url(attempt: Attempt, page: str = "") -> str:
    return f"/training/attempts/{attempt.id}" + (f"/{page}" if page else "")


def _back(attempt: Attempt, case: TrainingCase, before: tuple[str, ...]) -> str:
    """The question answered last before this page, or the case."""
    answered = [fact for fact in before if fact not in case.given]
    return _url(attempt, f"questions/{answered[-1]}") if answered else f"/training/{case.id}"


def _where_next(attempt: Attempt, where: Walk | None = None) -> str:
    following = (where or walk(attempt.answers)).next
    return _url(attempt, f"questions/{following.fact}" if following else "decision")


# --- the cases, the scores ------------------------------------------------------------


@router.get("")
def cases(request: Request, register: RegisterDep, principal: TrainingViewer) -> Response:
    """The cases to train on (the library's and the organisation's), and the attempts
    of the one signed in."""
    return render(
        request,
        "training/cases.html",
        "Training",
        section="training",
        cases=register.training.cases(principal.organisation),
        attempts=register.training.attempts(principal.organisation, trainee_of(principal)),
        trains=TRAIN.allows(principal.roles),
        leads=TRAINING_LEAD.allows(principal.roles),
    )


@router.get("/team")
def team(request: Request, register: RegisterDep, principal: TrainingLead) -> Response:
    """The organisation's practitioners' attempts and scores, newest first."""
    return render(
        request,
        "training/team.html",
        "Your team's training",
        section="training",
        back="/training",
        attempts=register.training.attempts(principal.organisation),
    )


@router.get("/cases/new")
def new_case(request: Request, principal: TrainingLead) -> Response:
    return _new_case_page(request, {})


def _new_case_page(
    request: Request, values: Mapping[str, str], errors: list[FactError] | None = None
) -> Response:
    return render(
        request,
        "training/new_case.html",
        "Add a training case",
        section="training",
        back="/training",
        errors=errors or (),
        values=values,
        questions=load_edition().questions.values(),
    )


@router.post("/cases/new")
async def case_added(request: Request, register: RegisterDep, principal: TrainingLead) -> Response:
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in ("title", "summary", "facts")}
    try:
        case = register.training.add_case(
            principal.organisation, trainee_of(principal), dict(values)
        )
    except RecordRejected as rejected:
        return _new_case_page(request, values, [_on_the_form(e) for e in rejected.errors])
    return _go(f"/training/{case.id}?added=1")


def _on_the_form(error: FactError) -> FactError:
    """A fact's error shown at the facts box, naming the fact."""
    if not error.field.startswith("facts."):
        return error
    fact = error.field.removeprefix("facts.")
    return problem("facts", f"Fact {fact}: {error.problem}. Allowed: {error.allowed}", "")


@router.get("/attempts/{attempt_id}")
def attempt(
    request: Request, register: RegisterDep, principal: TrainingViewer, attempt_id: str
) -> Response:
    """How an attempt went: the score, and each difference with the guidance's reasons.
    The trainee's own attempt in progress goes on where they left it."""
    found = _attempt(request, register, principal, attempt_id)
    mine = found.trainee == trainee_of(principal)
    if found.finished_at is None and mine:
        return _go(_where_next(found))
    try:
        case = register.training.case(principal.organisation, found.case_id)
    except RecordRejected:  # a case the library no longer holds: the score alone
        case = None
    compared = (
        compare(case.facts, found.answers, found.decision)
        if case is not None and found.decision
        else None
    )
    return render(
        request,
        "training/attempt.html",
        f"How you did: {found.case_title}" if mine else f"Training: {found.case_title}",
        section="training",
        back="/training/team" if not mine else "/training",
        attempt=found,
        case=case,
        mine=mine,
        compared=compared,
        differences=_differences(compared) if compared else [],
    )


def _differences(compared: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "question": d.question,
            "yours": said(d.question, d.yours),
            "case": said(d.question, d.case),
            "steps": d.steps,
        }
        for d in compared.differences
    ]


# --- a case, started --------------------------------------------------------------------


@router.get("/{case_id}")
def case(
    request: Request,
    register: RegisterDep,
    principal: TrainingViewer,
    case_id: str,
    added: bool = False,
) -> Response:
    found = _case(request, register, principal, case_id)
    questions = load_edition().questions
    return render(
        request,
        "training/case.html",
        found.title,
        section="training",
        back="/training",
        case=found,
        given=[(questions[f], said(questions[f], v)) for f, v in found.given.items()],
        added=added,
        trains=TRAIN.allows(principal.roles),
    )


@router.post("/{case_id}")
def start(request: Request, register: RegisterDep, principal: Trainee, case_id: str) -> Response:
    """An attempt at the case: its first question."""
    found = _case(request, register, principal, case_id)
    started = register.training.start(principal.organisation, trainee_of(principal), found)
    return _go(_where_next(started))


# --- the questions, on decide's page ----------------------------------------------------


@router.get("/attempts/{attempt_id}/questions/{fact}")
def question(
    request: Request, register: RegisterDep, principal: Trainee, attempt_id: str, fact: str
) -> Response:
    found, case = _in_progress(request, register, principal, attempt_id)
    where = walk(found.answers)
    if not _askable(where, fact):
        return _go(_where_next(found, where))
    return _question_page(request, found, case, fact, where)


def _askable(where: Walk, fact: str) -> bool:
    """On the path (to change) or next; a question the case answers only when the rules
    need it asked again."""
    following = where.next is not None and where.next.fact == fact
    given = load_edition().questions[fact].kind in GIVEN_KINDS
    return following or (fact in where.path and not given)


def _question_page(
    request: Request,
    found: Attempt,
    case: TrainingCase,
    fact: str,
    where: Walk,
    value: Any = None,
    errors: list[FactError] | None = None,
) -> Response:
    asked = load_edition().questions[fact]
    if value is None and not errors:
        value = found.answers.get(fact)
    return render(
        request,
        "training/question.html",
        asked.question,
        section="training",
        back=_back(found, case, asked_before(where, fact)),
        errors=errors or (),
        question=asked,
        value=as_sent(value) if value is None and fact in found.answers else encode(value),
        suggested=False,
        coverage=None,
        choices=[],
        assessment=assess(facts_before(where, fact)),
        asked_again=asked_again(where, fact),
        action=_url(found, f"questions/{fact}"),
        case=case,
    )


@router.post("/attempts/{attempt_id}/questions/{fact}")
async def question_answered(
    request: Request, register: RegisterDep, principal: Trainee, attempt_id: str, fact: str
) -> Response:
    found, case = _in_progress(request, register, principal, attempt_id)
    questions = load_edition().questions
    if fact not in questions or not _askable(walk(found.answers), fact):
        return _go(_where_next(found))
    value, where, errors = answer_given(questions[fact], await request.form(), found.answers)
    if errors:
        return _question_page(request, found, case, fact, where, value, errors)
    answers = {**found.answers, fact: value}
    register.training.answered(found.id, answers)
    return _go(_where_next(found, where))


# --- the trainee's decision, and the score ----------------------------------------------


@router.get("/attempts/{attempt_id}/decision")
def decision(
    request: Request, register: RegisterDep, principal: Trainee, attempt_id: str
) -> Response:
    found, case = _in_progress(request, register, principal, attempt_id)
    where = walk(found.answers)
    if where.next is not None:
        return _go(_where_next(found, where))
    return _decision_page(request, found, case, where)


def _decision_page(
    request: Request,
    found: Attempt,
    case: TrainingCase,
    where: Walk,
    errors: list[FactError] | None = None,
) -> Response:
    return render(
        request,
        "training/decision.html",
        "What would you do?",
        section="training",
        back=_back(found, case, where.path),
        errors=errors or (),
        case=case,
        choices=[(outcome, HEADLINES[outcome]) for outcome in DECISIONS],
        action=_url(found, "decision"),
    )


@router.post("/attempts/{attempt_id}/decision")
async def decided(
    request: Request, register: RegisterDep, principal: Trainee, attempt_id: str
) -> Response:
    found, case = _in_progress(request, register, principal, attempt_id)
    where = walk(found.answers)
    if where.next is not None:
        return _go(_where_next(found, where))
    chosen = str((await request.form()).get("decision", ""))
    if chosen not in DECISIONS:
        error = problem("decision", "Select what you would do", "one of the answers shown")
        return _decision_page(request, found, case, where, [error])
    register.training.finish(found.id, found.answers, compare(case.facts, found.answers, chosen))
    return _go(_url(found))
