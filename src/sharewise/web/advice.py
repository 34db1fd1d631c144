"""Asking an advisor without naming the person (golden rule 3, 1.11, 3.44), one question
per page: who to ask, about whom, the question, what is hidden from it, check your
answers, send. The asker reads the answer with the identifiers put back and records
what they will do; the advisor reads only the de-identified question, and answers.

A question being written is kept on the server as a draft of its own (`ASKING`), its
asker's alone, and goes once it is sent."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from sharewise.advice import Masked
from sharewise.engine.errors import FactError
from sharewise.engine.limits import ACCOUNT, CODE, HIDDEN, NAME
from sharewise.faces.access import logged
from sharewise.faces.advice import Question, ask, masked, put_back
from sharewise.faces.dependencies import AdviceParty, Advisor, Recorder, RegisterDep
from sharewise.register.advice.records import AdviceRequest
from sharewise.register.drafts.service import ASKING, DraftsFull
from sharewise.register.errors import RecordRejected
from sharewise.register.principal import Principal
from sharewise.register.store import Register
from sharewise.web.forms import problem
from sharewise.web.pages import NotFound, render

router = APIRouter(prefix="/advice")

STATUS = {"waiting": "Waiting for an answer", "answered": "Answered", "done": "Done"}
COLOURS = {
    "waiting": "govuk-tag--yellow",
    "answered": "govuk-tag--blue",
    "done": "govuk-tag--green",
}


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _me(principal: Principal) -> str:
    return principal.user or principal.name


class Asking:
    """A question being written: its advisor, person, words, and what to hide or show."""

    def __init__(self, register: Register, ask_id: str, state: dict[str, Any]) -> None:
        self.register = register
        self.id = ask_id
        self.state = state

    @property
    def answers(self) -> dict[str, Any]:
        found: dict[str, Any] = self.state[ASKING]
        return found

    def url(self, page: str) -> str:
        return f"/advice/ask/{self.id}/{page}"

    def save(self) -> None:
        self.register.drafts.save(self.id, self.state)

    def next_missing(self) -> str:
        """The first page not answered yet, or check your answers."""
        for page in ("advisor", "person", "question"):
            if page not in self.answers:
                return self.url(page)
        return self.url("check")


def _open(register: RegisterDep, principal: Recorder, ask_id: str) -> Asking:
    """The practitioner's own question being written: anyone else's is not found."""
    state = register.drafts.get(ask_id)
    mine = state is not None and (state.get("organisation"), state.get("practitioner")) == (
        principal.organisation,
        principal.practitioner,
    )
    if state is None or not mine or ASKING not in state:
        raise NotFound(
            "Question not found",
            "This question was sent already, or has ended. Your advice requests are under "
            "'Your advice requests'.",
        )
    return Asking(register, ask_id, state)


OpenAsking = Annotated[Asking, Depends(_open)]


# --- the practitioner's side ------------------------------------------------------------


@router.get("")
def yours(request: Request, register: RegisterDep, principal: Recorder) -> Response:
    """The requests the practitioner asked, newest first, as sent: de-identified."""
    return render(
        request,
        "advice/yours.html",
        "Your advice requests",
        section="advice",
        requests=register.advice_requests(asker=_me(principal)),
        status=STATUS,
        colours=COLOURS,
    )


def _advisor_page(
    request: Request,
    register: Register,
    principal: Principal,
    action: str,
    chosen: str | None,
    draft: str | None = None,
    errors: list[FactError] | None = None,
) -> Response:
    return render(
        request,
        "advice/advisor.html",
        "Who do you want to ask for advice?",
        section="advice",
        back="/advice",
        errors=errors or (),
        advisors=register.advisors(principal.organisation),
        designated=register.designated_advisors(principal.organisation),
        chosen=chosen,
        draft=draft,
        action=action,
    )


@router.get("/new")
def new(request: Request, register: RegisterDep, principal: Recorder, draft: str = "") -> Response:
    """The first question; nothing is kept until it is answered. `draft`: the decision
    in progress the question is for."""
    return _advisor_page(request, register, principal, "/advice/new", None, draft[:CODE] or None)


def _advisor_problems(register: Register, principal: Principal, chosen: str) -> list[FactError]:
    if chosen in dict(register.advisors(principal.organisation)):
        return []
    return [problem("advisor", "Select who you want to ask", "")]


@router.post("/new")
async def started(request: Request, register: RegisterDep, principal: Recorder) -> Response:
    form = await request.form()
    chosen = str(form.get("advisor", ""))
    draft = _own_decision(register, principal, str(form.get("draft", "")))
    errors = _advisor_problems(register, principal, chosen)
    if errors:
        return _advisor_page(request, register, principal, "/advice/new", None, draft, errors)
    asking: dict[str, Any] = {"advisor": chosen, "draft": draft}
    if draft:  # the decision's person, to confirm
        asking["suggested_person"] = (register.drafts.get(draft) or {}).get("person")
    state = {
        "organisation": principal.organisation,
        "practitioner": principal.practitioner,
        ASKING: asking,
    }
    try:
        ask_id = register.drafts.start(state, owner=principal.name)
    except DraftsFull:
        error = problem(
            "advisor",
            f"You have {register.drafts.most} decisions in progress, all waiting for consent or "
            "advice. Finish or discard one before you ask",
            "",
        )
        return _advisor_page(request, register, principal, "/advice/new", chosen, draft, [error])
    return _go(f"/advice/ask/{ask_id}/person")


def _own_decision(register: Register, principal: Principal, draft_id: str) -> str | None:
    """A decision in progress of the practitioner's, or nothing."""
    state = register.drafts.get(draft_id[:CODE]) if draft_id else None
    if state and (state.get("organisation"), state.get("practitioner")) == (
        principal.organisation,
        principal.practitioner,
    ):
        return draft_id
    return None


@router.get("/ask/{ask_id}/advisor")
def advisor(request: Request, asking: OpenAsking, principal: Recorder) -> Response:
    return _advisor_page(
        request, asking.register, principal, asking.url("advisor"), asking.answers.get("advisor")
    )


@router.post("/ask/{ask_id}/advisor")
async def advisor_chosen(request: Request, asking: OpenAsking, principal: Recorder) -> Response:
    chosen = str((await request.form()).get("advisor", ""))
    errors = _advisor_problems(asking.register, principal, chosen)
    if errors:
        return _advisor_page(
            request, asking.register, principal, asking.url("advisor"), None, None, errors
        )
    asking.answers["advisor"] = chosen
    asking.save()
    return _go(asking.next_missing())


def _person_page(
    request: Request, asking: Asking, value: str, errors: list[FactError] | None = None
) -> Response:
    return render(
        request,
        "decide/person.html",
        "Who is the question about?",
        section="advice",
        back=asking.url("advisor"),
        errors=errors or (),
        value=value,
        organisation=asking.state["organisation"],
        action=asking.url("person"),
        asking=True,
    )


@router.get("/ask/{ask_id}/person")
def person(request: Request, asking: OpenAsking) -> Response:
    answers = asking.answers
    value = answers["person"] if "person" in answers else answers.get("suggested_person")
    return _person_page(request, asking, value or "")


@router.post("/ask/{ask_id}/person")
async def person_chosen(request: Request, asking: OpenAsking) -> Response:
    reference = str((await request.form()).get("person", "")).strip()
    if reference:
        try:
            asking.register.person(asking.state["organisation"], reference[:CODE])
        except RecordRejected:
            error = problem(
                "person",
                "Enter the reference of someone in your organisation's register, or leave it blank",
                "",
            )
            return _person_page(request, asking, reference, [error])
    asking.answers["person"] = reference or None
    asking.save()
    return _go(asking.next_missing())


def _question_page(
    request: Request, asking: Asking, value: str, errors: list[FactError] | None = None
) -> Response:
    return render(
        request,
        "advice/question.html",
        "What do you want to ask?",
        section="advice",
        back=asking.url("person"),
        errors=errors or (),
        value=value,
        most=ACCOUNT,
        action=asking.url("question"),
    )


@router.get("/ask/{ask_id}/question")
def question(request: Request, asking: OpenAsking) -> Response:
    return _question_page(request, asking, asking.answers.get("question", ""))


@router.post("/ask/{ask_id}/question")
async def question_written(request: Request, asking: OpenAsking) -> Response:
    text = str((await request.form()).get("question", "")).strip()
    if not text:
        return _question_page(
            request, asking, text, [problem("question", "Enter your question", "")]
        )
    if len(text) > ACCOUNT or "\x00" in text:
        error = problem(
            "question", f"Enter a question of {ACCOUNT:,} characters or fewer, as plain text", ""
        )
        return _question_page(request, asking, text, [error])
    asking.answers["question"] = text
    asking.answers.setdefault("hide", [])
    asking.answers.setdefault("show", [])
    asking.save()
    return _go(asking.url("hidden"))


def _question(asking: Asking) -> Question:
    """The question as written so far: what it will be sent as."""
    answers = asking.answers
    return Question(
        answers["advisor"], answers["question"], answers.get("person"),
        answers.get("draft"), None, answers.get("hide", []), answers.get("show", []),
    )  # fmt: skip


def _masked(asking: Asking, principal: Principal) -> Masked:
    return masked(asking.register, principal, _question(asking))


def _hidden_page(
    request: Request,
    asking: Asking,
    principal: Principal,
    typed: str = "",
    errors: list[FactError] | None = None,
) -> Response:
    question = _masked(asking, principal)
    return render(
        request,
        "advice/hidden.html",
        "Check what is hidden",
        section="advice",
        back=asking.url("question"),
        errors=errors or (),
        question=question,
        shown=asking.answers.get("show", []),
        typed=typed,
        action=asking.url("hidden"),
    )


@router.get("/ask/{ask_id}/hidden")
def hidden(request: Request, asking: OpenAsking, principal: Recorder) -> Response:
    if "question" not in asking.answers:
        return _go(asking.next_missing())
    return _hidden_page(request, asking, principal)


@router.post("/ask/{ask_id}/hidden")
async def hidden_checked(request: Request, asking: OpenAsking, principal: Recorder) -> Response:
    """Show what is ticked, hide what is typed; 'Update' shows the result again,
    'Continue' goes on to check your answers."""
    if "question" not in asking.answers:
        return _go(asking.next_missing())
    form = await request.form()
    shown = [str(value)[:NAME] for value in form.getlist("show")][:HIDDEN]
    more = str(form.get("hide", "")).strip()
    if len(more) > NAME or "\x00" in more:
        error = problem("hide", f"Enter words to hide of {NAME} characters or fewer", "")
        return _hidden_page(request, asking, principal, more, [error])
    # A phrase hidden by hand and then ticked is hidden no more.
    hide = [text for text in asking.answers.get("hide", []) if text not in shown]
    if more and more not in hide and len(hide) < HIDDEN:
        hide.append(more)
    asking.answers["hide"] = hide
    asking.answers["show"] = [text for text in shown if text not in asking.answers["hide"]]
    asking.save()
    if form.get("then") == "update" or more:
        return _go(asking.url("hidden"))
    return _go(asking.url("check"))


@router.get("/ask/{ask_id}/check")
def check(request: Request, asking: OpenAsking, principal: Recorder) -> Response:
    if asking.next_missing() != asking.url("check") or "hide" not in asking.answers:
        return _go(asking.next_missing())
    return _check_page(request, asking, principal)


def _check_page(
    request: Request,
    asking: Asking,
    principal: Principal,
    errors: list[FactError] | None = None,
) -> Response:
    answers = asking.answers
    register = asking.register
    person = answers.get("person")
    return render(
        request,
        "advice/check.html",
        "Check your answers before sending your question",
        section="advice",
        back=asking.url("hidden"),
        errors=errors or (),
        asking=asking,
        advisor_name=dict(register.advisors(principal.organisation)).get(answers["advisor"]),
        person_name=person and f"{register.person(principal.organisation, person).name} ({person})",
        question=_masked(asking, principal),
        action=asking.url("send"),
    )


@router.post("/ask/{ask_id}/send")
def send(request: Request, asking: OpenAsking, principal: Recorder) -> Response:
    if asking.next_missing() != asking.url("check") or "hide" not in asking.answers:
        return _go(asking.next_missing())
    try:
        asked = ask(asking.register, principal, _question(asking))
    except RecordRejected as rejected:
        return _check_page(request, asking, principal, rejected.errors)
    # The question as typed names the person: it goes once it is sent.
    asking.register.drafts.discard(asking.id, principal.name)
    return _go(f"/advice/{asked.id}?sent=1")


# --- either side: one request ---------------------------------------------------------------


def _find(register: Register, principal: Principal, request_id: str) -> AdviceRequest:
    me = _me(principal)
    try:
        return register.advice_request(
            request_id[:CODE],
            asker=me if "practitioner" in principal.roles else None,
            advisor=me if "advisor" in principal.roles else None,
        )
    except RecordRejected:
        raise NotFound(
            "Advice request not found", "There is no advice request of yours at this address."
        ) from None


@router.get("/for-you")
def for_you(request: Request, register: RegisterDep, principal: Advisor) -> Response:
    """The requests addressed to the advisor, unanswered first."""
    return render(
        request,
        "advice/for_you.html",
        "Advice requests for you",
        section="advice",
        requests=register.advice_requests(advisor=_me(principal)),
        status=STATUS,
        colours=COLOURS,
    )


@router.get("/{request_id}")
def one(
    request: Request,
    register: RegisterDep,
    principal: AdviceParty,
    request_id: str,
    sent: bool = False,
) -> Response:
    asked = _find(register, principal, request_id)
    return _request_page(request, register, principal, asked, sent=sent)


def _request_page(
    request: Request,
    register: Register,
    principal: Principal,
    asked: AdviceRequest,
    *,
    sent: bool = False,
    typed: str = "",
    errors: list[FactError] | None = None,
) -> Response:
    if asked.asker != _me(principal):  # the advisor's side: the question as sent, no more
        return render(
            request,
            "advice/for_advisor.html",
            "Advice request",
            section="advice",
            back="/advice/for-you",
            errors=errors or (),
            asked=asked,
            typed=typed,
            status=STATUS,
            colours=COLOURS,
        )
    logged(request, register, principal, "advice", asked.id, asked.body.person)
    return render(
        request,
        "advice/for_asker.html",
        "Your advice request",
        section="advice",
        back="/advice",
        errors=errors or (),
        asked=asked,
        answer=put_back(asked, asked.answer) if asked.answer else None,
        sent=sent,
        typed=typed,
        status=STATUS,
        colours=COLOURS,
    )


@router.post("/{request_id}/answer")
async def answered(
    request: Request, register: RegisterDep, principal: Advisor, request_id: str
) -> Response:
    asked = _find(register, principal, request_id)
    text = str((await request.form()).get("answer", "")).strip()
    try:
        register.answer_advice({"request_id": asked.id, "advisor": _me(principal), "answer": text})
    except RecordRejected as rejected:
        errors = [_said(e, "answer", "Enter your advice", "Your answer") for e in rejected.errors]
        return _request_page(request, register, principal, asked, typed=text, errors=errors)
    return _go(f"/advice/{asked.id}")


@router.post("/{request_id}/outcome")
async def outcome(
    request: Request, register: RegisterDep, principal: Recorder, request_id: str
) -> Response:
    asked = _find(register, principal, request_id)
    text = str((await request.form()).get("outcome", "")).strip()
    try:
        register.record_advice_outcome(
            {"request_id": asked.id, "asker": _me(principal), "outcome": text}
        )
    except RecordRejected as rejected:
        errors = [
            _said(e, "outcome", "Enter what you will do", "What you will do")
            for e in rejected.errors
        ]
        return _request_page(request, register, principal, asked, typed=text, errors=errors)
    return _go(f"/advice/{asked.id}")


def _said(error: FactError, field: str, blank: str, label: str) -> FactError:
    """The register's refusal of a form's one field, as the page says it."""
    if "blank" in error.problem:
        return problem(field, blank, "")
    if "characters long" in error.problem:
        return problem(field, f"{label} must be {ACCOUNT:,} characters or fewer", "")
    return problem(field, error.problem[:1].upper() + error.problem[1:], "")
