"""What a person or a system hands the register to record consent or its withdrawal,
validated strictly (3.18-3.35)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sharewise.engine.facts import GivenBy
from sharewise.engine.limits import PURPOSES, RECIPIENTS, AtMost
from sharewise.register.schemas import (
    BriefWords,
    Code,
    Day,
    Input,
    Moment,
    NameWords,
    RecordId,
    Words,
    needs,
)

Codes = Annotated[list[Code], AtMost(RECIPIENTS)]


class Recipients(Input):
    organisations: Codes = Field(default_factory=list)
    services: Codes = Field(default_factory=list)


class ConsentInput(Input):
    """Consent given or refused (3.18-3.21), and by whom (3.22-3.35)."""

    organisation: Code
    person: Code
    recorded_by: Code
    status: Literal["given", "refused"]
    given_by: GivenBy
    given_by_name: NameWords = Field(description="Who, in words, e.g. 'Sam Jones, mother'.")
    relative: Code | None = Field(
        default=None, description="The person record of the parent who decided, if any."
    )
    explicit: bool
    form: Literal["verbal", "written"]
    informed: bool
    told: Words = Field(description="What they were told: why, what, with whom, what follows.")
    freely_given: bool = True
    purposes: Annotated[list[BriefWords], Field(min_length=1), AtMost(PURPOSES)]
    recipients: Recipients
    given_at: Moment = Field(
        description="When it was given or refused: not in the future, nor before the "
        "person was born."
    )
    review_date: Day | None = Field(default=None, description="Not before it was given.")
    corrects: RecordId | None = None

    @model_validator(mode="after")
    def _someone_to_share_with(self) -> ConsentInput:
        if not (self.recipients.organisations or self.recipients.services):
            raise needs(
                "recipients",
                "must name at least one organisation or service",
                "organisations and services, by code",
            )
        return self


class WithdrawalInput(Input):
    organisation: Code
    consent: RecordId
    recorded_by: Code
    withdrawn_at: Moment | None = Field(
        default=None,
        description="Now, when left out; not in the future, nor before consent was given.",
    )
    how: BriefWords = Field(
        description="How the person withdrew it, e.g. 'by phone to the duty desk'."
    )
