"""Training over the API (4.3, 4.5): the cases to train on, and an attempt at one sent
whole (the answers and the decision), answered with the comparison and the score. The
attempt is kept in the training tables; nothing goes into the register's records."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.api.interview import Answers
from sharewise.engine import Assessment
from sharewise.engine.assessment import Step
from sharewise.engine.errors import FactError
from sharewise.engine.interview import walk
from sharewise.engine.training import compare
from sharewise.faces.dependencies import RegisterDep, Trainee, TrainingViewer
from sharewise.faces.training import trainee_of
from sharewise.register.errors import RecordRejected

router = APIRouter(tags=["training"], dependencies=[WITH_TOKEN], responses=problems(401, 403))

Decision = Literal[
    "share", "share_without_consent", "must_share", "do_not_share", "seek_consent", "seek_advice"
]


class TrainingCaseEntry(BaseModel):
    id: str = Field(description="The case: a scenario's name, or an organisation's case's id.")
    title: str
    summary: str = Field(description="The case, as the trainee reads it.")
    given: dict[str, Any] = Field(
        description="What the case tells the trainee outright, by fact (why the sharing is "
        "wanted, to whom, the person's age): these answers are the case's, not scored."
    )
    organisation: str | None = Field(
        description="The organisation that added it; null for the scenario library's."
    )


class AttemptRequest(BaseModel):
    """An attempt at a case, whole: the answers to its questions as the trainee would
    give them (as POST /interviews takes them), and what they would do."""

    model_config = ConfigDict(extra="forbid")

    case: str = Field(max_length=100, description="The case's id (GET /training/cases).")
    answers: Answers = Field(default_factory=Answers)
    decision: Decision = Field(description="What the trainee would do.")


class Difference(BaseModel):
    fact: str
    question: str
    yours: Any = Field(description="The trainee's answer.")
    case: Any = Field(description="The case's answer, as its facts say.")
    steps: list[Step] = Field(
        description="What the guidance says of the case at the steps this question bears "
        "on, each with its paragraphs; empty where the case never comes to them."
    )
    paragraphs: list[str] = Field(description="The paragraphs behind the question itself.")


class AttemptResult(BaseModel):
    id: str = Field(description="The attempt, as the training pages show it.")
    asked: int = Field(description="Questions the trainee answered (the given ones aside).")
    matched: int = Field(description="Of those, the ones answered as the case's facts say.")
    outcome_right: bool = Field(description="Whether the decision is the guidance's.")
    decision: Decision
    differences: list[Difference]
    guidance: Assessment = Field(description="What the guidance says of the case's facts.")
    on_your_answers: Assessment = Field(description="What it says of the trainee's answers.")


@router.get("/training/cases", summary="List the training cases")
def list_cases(register: RegisterDep, principal: TrainingViewer) -> list[TrainingCaseEntry]:
    """The scenario library's cases, then the organisation's own."""
    return [
        TrainingCaseEntry(
            id=c.id, title=c.title, summary=c.summary, given=c.given, organisation=c.organisation
        )
        for c in register.training.cases(principal.organisation)
    ]


@router.post("/training/attempts", summary="Make an attempt at a training case")
def attempt(sent: AttemptRequest, register: RegisterDep, principal: Trainee) -> AttemptResult:
    """Compare the answers and the decision with the case's facts and the guidance, and
    keep the score. The case's given answers stand whatever is sent for them. The
    answers must lead the interview to its end (POST /interviews says what is next)."""
    # Not found is a field at fault (the case named in the body): 422.
    case = register.training.case(principal.organisation, sent.case)
    answers = {**sent.answers.model_dump(by_alias=True, exclude_unset=True), **case.given}
    where = walk(answers)
    if where.next is not None:
        raise RecordRejected(
            [
                FactError(
                    field=f"answers.{where.next.fact}",
                    problem="the answers stop before the guidance can answer",
                    allowed=f"an answer to {where.next.question!r}",
                )
            ]
        )
    scored = compare(case.facts, answers, sent.decision)
    kept = register.training.record(
        principal.organisation, trainee_of(principal), case, answers, scored
    )
    return AttemptResult(
        id=kept.id,
        asked=scored.asked,
        matched=scored.matched,
        outcome_right=scored.outcome_right,
        decision=sent.decision,
        differences=[
            Difference(
                fact=d.question.fact,
                question=d.question.question,
                yours=d.yours,
                case=d.case,
                steps=list(d.steps),
                paragraphs=d.question.paragraphs,
            )
            for d in scored.differences
        ],
        guidance=scored.guidance,
        on_your_answers=scored.on_your_answers,
    )
