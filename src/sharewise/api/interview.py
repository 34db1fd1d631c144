"""The interview over the API: the questions as data, and `POST /interviews`, which
replays a set of answers through the engine's interview and says what to ask next.

A client needs no questions of its own: it sends the answers so far, shows `next`, and
sends them again with that one added, until `next` is null. Nothing is stored.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, create_model
from pydantic_core import PydanticCustomError

from sharewise import guidance
from sharewise.api.errors import NotFound, problems
from sharewise.engine import ENGINE_VERSION, GUIDANCE_EDITION, Assessment, assess
from sharewise.engine.answers import (
    LONGEST_TEXT,
    AnswerError,
    FactValue,
    allowed_answers,
    parse_answer,
)
from sharewise.engine.errors import FactError
from sharewise.engine.interview import walk
from sharewise.faces.dependencies import PUBLIC

router = APIRouter(tags=["interview"], dependencies=[PUBLIC])

EDITION = guidance.load_edition(GUIDANCE_EDITION)


class Choice(BaseModel):
    """One answer a choice or multiple question offers."""

    model_config = ConfigDict(from_attributes=True)

    value: bool | str | None = Field(
        description="What to send as the answer. null is 'I do not know': the fact stays "
        "missing, and the assessment says what that means."
    )
    label: str = Field(description="The answer, as a person reads it.")
    hint: str | None = Field(description="What choosing it means, where that needs saying.")


class Question(BaseModel):
    """How a person is asked for one fact of the case."""

    model_config = ConfigDict(from_attributes=True)

    fact: str = Field(
        description="The fact it asks for, by its dotted name in the case facts "
        "(`harm.child`): the key of its answer in POST /interviews."
    )
    kind: Literal["choice", "multiple", "number", "text"] = Field(
        description="choice: one answer's value; multiple: a list of answers' values, "
        "empty for none of these; number: a whole number; text: up to 500 characters. A "
        "number or a text may be left blank, or null, when not known."
    )
    question: str = Field(description="The question, as a person is asked it.")
    hint: str = Field(description="What helps them answer it.")
    answers: list[Choice] = Field(description="A choice's or multiple's answers; else empty.")
    paragraphs: list[str] = Field(
        description="The paragraphs of the guidance behind it: see GET /guidance/{ref}."
    )
    opening: bool = Field(
        description="Asked at the start, before the engine's own questions, so that a "
        "legal duty or the urgent safeguarding warning shows at once."
    )
    ask_when: dict[str, list[bool | str]] = Field(
        description="A follow-up: asked only once each fact named has one of the values "
        "listed. Empty for a question that is not a follow-up."
    )


QUESTIONS = {fact: Question.model_validate(q) for fact, q in EDITION.questions.items()}


def _parsed(question: guidance.Question, raw: Any) -> FactValue:
    try:
        return parse_answer(question, raw)
    except AnswerError as wrong:
        # As a pydantic error, so that the API's one error shape names `answers.<fact>`.
        raise PydanticCustomError(
            "answer", "{problem}", {"problem": wrong.problem, "allowed": wrong.allowed}
        ) from None


def _schema(question: guidance.Question) -> dict[str, Any]:
    values = [answer.value for answer in question.answers]
    by_kind: dict[str, dict[str, Any]] = {
        "choice": {"enum": values},
        "multiple": {"type": "array", "items": {"enum": values}},
        "number": {"type": ["integer", "string", "null"]},
        "text": {"type": ["string", "null"], "maxLength": LONGEST_TEXT},
    }
    return by_kind[question.kind]


# A field a fact, named by its dotted name, each parsed by the engine's parser.
Answers = create_model(  # type: ignore[call-overload]
    "Answers",
    __config__=ConfigDict(extra="forbid"),
    __doc__="The answers so far, by fact: see GET /questions for each fact's question.",
    **{
        question.fact.replace(".", "_"): (
            Annotated[
                Any, AfterValidator(partial(_parsed, question)), WithJsonSchema(_schema(question))
            ],
            Field(
                None,
                alias=question.fact,
                description=f"{question.question} Allowed: {allowed_answers(question)}.",
            ),
        )
        for question in EDITION.questions.values()
    },
)


class InterviewAnswers(BaseModel):
    """Every answer given so far, in any order. An answer to a question the path no
    longer asks is ignored, and named in `unused`."""

    model_config = ConfigDict(extra="forbid")

    answers: Answers = Field(default_factory=Answers)


class Interview(BaseModel):
    """Where the answers lead: the questions asked, the facts they give, what to ask
    next, and what the guidance says so far."""

    path: list[str] = Field(description="The facts asked, in the order asked.")
    facts: dict[str, Any] = Field(
        description="The case facts the answers on the path give, as POST /assessments "
        "and a decision's `facts` take them."
    )
    next: Question | None = Field(
        description="The question to ask next; null when the assessment is complete."
    )
    conflicts: list[FactError] = Field(
        description="Why the answer sent for `next`, if one was, was not taken: it does "
        "not fit the answers before it (an age of 40 for a child). Empty otherwise."
    )
    unused: list[str] = Field(
        description="Answers sent that the path no longer asks for, after an earlier "
        "answer changed: they are not in `facts`."
    )
    asked_again: bool = Field(
        description="`next` was answered null (not known), and an answer after it means "
        "the rules need it now: ask it again, saying why, or seek advice."
    )
    assessment: Assessment = Field(description="What the guidance says, given `facts`.")
    engine_version: str
    guidance_edition: str


@router.get("/questions", summary="List the interview's questions")
def list_questions() -> list[Question]:
    """Every question of the guidance edition, in its order: the opening questions,
    their follow-ups, then the engine's own. Which one to ask next is POST
    /interviews's to say."""
    return list(QUESTIONS.values())


@router.get("/questions/{fact}", summary="Read a question", responses=problems(404))
def get_question(fact: str) -> Question:
    """The question for one fact, by its dotted name (`harm.child`)."""
    if fact not in QUESTIONS:
        raise NotFound("fact", f"no question asks for a fact {fact!r}", ", ".join(QUESTIONS))
    return QUESTIONS[fact]


@router.post("/interviews", summary="Walk the interview")
def interview(sent: InterviewAnswers) -> Interview:
    """Replay the answers through the interview from the start, and say what to ask
    next. Send `{"answers": {}}` for the first question, then every answer so far with
    each new one. A changed answer may take the path elsewhere: answers it no longer
    asks for are named in `unused`. Nothing is stored."""
    where = walk(sent.answers.model_dump(by_alias=True, exclude_unset=True), GUIDANCE_EDITION)
    return Interview(
        path=list(where.path),
        facts=where.facts,
        next=QUESTIONS[where.next.fact] if where.next else None,
        conflicts=list(where.conflicts),
        unused=list(where.unused),
        asked_again=where.asked_again,
        assessment=assess(where.facts),
        engine_version=ENGINE_VERSION,
        guidance_edition=GUIDANCE_EDITION,
    )
