"""What a person or a system hands the register to record consent or its withdrawal,
validated strictly (3.18-3.35)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sharewise.engine.facts import GivenBy
from sharewise.engine.limits import NAMED, PURPOSES, RECIPIENTS, AtMost
from sharewise.register.schemas import (
    BriefWords,
    Code,
    Day,
    Input,
    Moment,
    NamedRecipient,
    NameWords,
    RecordId,
    Words,
    needs,
)

Codes = Annotated[list[Code], AtMost(RECIPIENTS)]


class Recipients(Input):
    organisations: Codes = Field(default_factory=list)
    services: Codes = Field(default_factory=list)
    named: Annotated[list[NamedRecipient], AtMost(NAMED)] = Field(
        default_factory=list,
        description="People not in the register, typed in, with their organisations.",
    )

    def keys(self) -> frozenset[str]:
        """Everyone the consent reaches, as coverage compares them."""
        return frozenset([*self.organisations, *self.services, *(n.key for n in self.named)])


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
        if not self.recipients.keys():
            raise needs(
                "recipients",
                "must name at least one organisation, service or person not in the register",
                "organisations and services by code, and people typed in with their organisations",
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
