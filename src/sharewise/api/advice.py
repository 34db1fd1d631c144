"""Advice requests (golden rule 3, 3.44): a practitioner asks an advisor of their
organisation, the question de-identified before it leaves; the advisor reads only that,
and answers; the practitioner reads the answer with the identifiers put back, and
records what they will do."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.api.schemas import Paging
from sharewise.engine.limits import HIDDEN, AtMost
from sharewise.faces.access import logged
from sharewise.faces.advice import Question, put_back
from sharewise.faces.advice import ask as ask_advice
from sharewise.faces.dependencies import AdviceParty, Advisor, Recorder, RegisterDep
from sharewise.register.accounts.schemas import Username
from sharewise.register.advice.records import AdviceRequest
from sharewise.register.advice.schemas import HiddenSpan
from sharewise.register.principal import Principal
from sharewise.register.schemas import Code, NameWords, RecordId, Words

router = APIRouter(tags=["advice"], dependencies=[WITH_TOKEN], responses=problems(401, 403))

Status = Literal["waiting", "answered", "done"]
STATUS = "waiting (not answered), answered, or done (the outcome recorded)"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NewAdviceRequest(_Body):
    """A question for an advisor. It is de-identified before it is kept or sent: what
    the register holds of the person (their name and date of birth), and patterns that
    identify anyone, are replaced by placeholders like [CHILD]."""

    advisor: Username = Field(description="The username of an advisor of your organisation.")
    question: Words = Field(description="The question, as you would put it.")
    person: Code | None = Field(None, description="The reference of the person it is about.")
    draft: RecordId | None = Field(None, description="The decision in progress it is for.")
    decision: RecordId | None = Field(None, description="The decision record it is for.")
    hide: Annotated[list[NameWords], AtMost(HIDDEN)] = Field(
        default_factory=list, description="More words or phrases to hide."
    )
    show: Annotated[list[NameWords], AtMost(HIDDEN)] = Field(
        default_factory=list,
        description="Words or phrases that would be hidden that you choose to leave visible.",
    )


class Answer(_Body):
    answer: Words = Field(description="The advice, naming people by their placeholders.")


class Outcome(_Body):
    outcome: Words = Field(description="What you will do now, having read the advice.")


class AdviceSummary(BaseModel):
    """A request in a list: the question as the advisor reads it, with no identifier."""

    id: str
    asked_at: str
    advisor: str = Field(description="The advisor's username.")
    advisor_name: str = Field(description="Who the advisor is: their name and role.")
    status: Status = Field(description=STATUS)
    question: str = Field(description="The question, de-identified, as sent.")

    @classmethod
    def of(cls, asked: AdviceRequest) -> AdviceSummary:
        return cls(
            id=asked.id,
            asked_at=asked.asked_at,
            advisor=asked.advisor,
            advisor_name=asked.body.advisor_name,
            status=asked.status,
            question=asked.question,
        )


class AdviceForAdvisor(AdviceSummary):
    """A request as its advisor reads it: the de-identified question and their answer,
    and nothing that names the person."""

    view: Literal["advisor"] = "advisor"
    answer: str | None = Field(description="The advice given, as the advisor wrote it.")
    answered_at: str | None

    @classmethod
    def of(cls, asked: AdviceRequest) -> AdviceForAdvisor:
        return cls(
            **AdviceSummary.of(asked).model_dump(),
            answer=asked.answer,
            answered_at=asked.answered_at,
        )


class AdviceForAsker(AdviceSummary):
    """A request as its asker reads it: what was hidden, and the answer with the
    identifiers put back."""

    view: Literal["asker"] = "asker"
    hidden: list[HiddenSpan] = Field(description="What was hidden, and its placeholder.")
    person: str | None
    draft: str | None
    decision: str | None
    answer: str | None = Field(description="The advice, with the identifiers put back.")
    answer_as_given: str | None = Field(description="The advice as the advisor wrote it.")
    answered_at: str | None
    outcome: str | None = Field(description="What you will do, recorded once.")
    outcome_at: str | None

    @classmethod
    def of(cls, asked: AdviceRequest) -> AdviceForAsker:
        return cls(
            **AdviceSummary.of(asked).model_dump(),
            hidden=asked.body.hidden,
            person=asked.body.person,
            draft=asked.body.draft,
            decision=asked.body.decision,
            answer=put_back(asked, asked.answer) if asked.answer else None,
            answer_as_given=asked.answer,
            answered_at=asked.answered_at,
            outcome=asked.outcome,
            outcome_at=asked.outcome_at,
        )


class AdviceLists(BaseModel):
    """Your requests: those you asked, and those addressed to you (unanswered first)."""

    asked: list[AdviceSummary]
    addressed_to_you: list[AdviceSummary]
    limit: int
    offset: int


def _username(principal: Principal) -> str:
    return principal.user or principal.name


@router.post(
    "/advice-requests", status_code=201, summary="Ask an advisor", response_model=AdviceForAsker
)
def ask(sent: NewAdviceRequest, register: RegisterDep, principal: Recorder) -> AdviceForAsker:
    """De-identify the question and send it to the advisor, in your name."""
    asked = ask_advice(
        register,
        principal,
        Question(
            sent.advisor, sent.question, sent.person, sent.draft, sent.decision, sent.hide,
            sent.show,
        ),
    )  # fmt: skip
    return AdviceForAsker.of(asked)


@router.get("/advice-requests", summary="List your advice requests")
def list_requests(
    query: Annotated[Paging, Query()], register: RegisterDep, principal: AdviceParty
) -> AdviceLists:
    """Those you asked, newest first, and those addressed to you, unanswered first: each
    as the advisor reads it, de-identified."""
    me, limit, offset = _username(principal), query.limit, query.offset
    asked, addressed = [], []
    if "practitioner" in principal.roles:
        asked = register.advice_requests(asker=me, limit=limit, offset=offset)
    if "advisor" in principal.roles:
        addressed = register.advice_requests(advisor=me, limit=limit, offset=offset)
    return AdviceLists(
        asked=[AdviceSummary.of(r) for r in asked],
        addressed_to_you=[AdviceSummary.of(r) for r in addressed],
        limit=limit,
        offset=offset,
    )


@router.get(
    "/advice-requests/{request_id}",
    summary="Read an advice request",
    response_model=AdviceForAsker | AdviceForAdvisor,
    responses=problems(404),
)
def get_request(
    request: Request, request_id: str, register: RegisterDep, principal: AdviceParty
) -> AdviceForAsker | AdviceForAdvisor:
    """Your own request, with what was hidden and the answer with the identifiers put
    back (a read that is logged); or one addressed to you, as you read it,
    de-identified. Anyone else's is not found."""
    asked = _yours(register, principal, request_id)
    if asked.asker != _username(principal):
        return AdviceForAdvisor.of(asked)
    logged(request, register, principal, "advice", asked.id, asked.body.person)
    return AdviceForAsker.of(asked)


def _yours(register: RegisterDep, principal: Principal, request_id: str) -> AdviceRequest:
    me = _username(principal)
    return register.advice_request(
        request_id,
        asker=me if "practitioner" in principal.roles else None,
        advisor=me if "advisor" in principal.roles else None,
    )


@router.post(
    "/advice-requests/{request_id}/answer",
    summary="Answer an advice request addressed to you",
    responses=problems(404),
)
def answer(
    request_id: str, given: Answer, register: RegisterDep, principal: Advisor
) -> AdviceForAdvisor:
    """Once: name people by the placeholders the question uses."""
    answered = register.answer_advice(
        {"request_id": request_id, "advisor": _username(principal), "answer": given.answer}
    )
    return AdviceForAdvisor.of(answered)


@router.post(
    "/advice-requests/{request_id}/outcome",
    summary="Record what you will do, having read the advice",
    responses=problems(404),
)
def outcome(
    request_id: str, given: Outcome, register: RegisterDep, principal: Recorder
) -> AdviceForAsker:
    """Once, after the answer has come."""
    done = register.record_advice_outcome(
        {"request_id": request_id, "asker": _username(principal), "outcome": given.outcome}
    )
    return AdviceForAsker.of(done)
