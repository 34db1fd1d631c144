"""What a practitioner and an advisor hand the register: a request for advice, already
de-identified, an answer, and the outcome the asker records."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from sharewise.engine.limits import ACCOUNT, HIDDEN, NAME, AtMost
from sharewise.register.accounts.schemas import Username
from sharewise.register.schemas import Code, Input, RecordId, Words, needs

SPAN_TYPES = (
    "name", "date_of_birth", "address", "postcode", "school",
    "nhs_number", "ni_number", "phone", "email", "date", "other",
)  # fmt: skip


class HiddenSpan(Input):
    """One identifier masked in the question: where it was in the text typed, what it
    said, and the placeholder the advisor reads instead. The asker's side alone reads
    it."""

    model_config = Input.model_config | {"str_strip_whitespace": False}

    start: int = Field(ge=0, le=ACCOUNT)
    end: int = Field(ge=0, le=ACCOUNT)
    text: Annotated[str, Field(min_length=1), AtMost(NAME * 5)]
    type: str = Field(max_length=20)
    placeholder: Annotated[str, Field(min_length=1), AtMost(NAME)]


class AdviceQuestion(Input):
    """A question to one advisor of the asker's organisation, as it will be sent: the
    identifiers masked, with what was masked kept for the asker (`hidden`)."""

    organisation: Code
    asker: Username
    practitioner: Code = Field(description="The practitioner the asker acts as.")
    advisor: Username = Field(description="The username of an advisor of the organisation.")
    question: Words = Field(description="The question as the advisor reads it, de-identified.")
    hidden: Annotated[list[HiddenSpan], AtMost(HIDDEN)] = Field(default_factory=list)
    person: Code | None = Field(None, description="The reference of the person it is about.")
    draft: RecordId | None = Field(None, description="The decision in progress it is for.")
    decision: RecordId | None = Field(None, description="The decision record it is for.")

    @model_validator(mode="after")
    def _not_oneself(self) -> AdviceQuestion:
        if self.advisor == self.asker:
            raise needs(
                "advisor",
                "you cannot ask yourself for advice",
                "the username of another account with the advisor role",
            )
        return self


class AdviceAnswer(Input):
    """An advisor's answer, in words, using the placeholders where it names anyone."""

    request_id: RecordId
    advisor: Username
    answer: Words


class AdviceOutcome(Input):
    """What the asker will do now, having read the answer (the note under the
    flowchart: the outcome of advice is recorded)."""

    request_id: RecordId
    asker: Username
    outcome: Words
