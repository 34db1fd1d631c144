"""What a person or a system hands the register, validated strictly. These are not the
tables: a form or a file is one thing, how it is stored another."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from sharewise.engine import CaseFacts
from sharewise.engine.facts import GivenBy


def needs(field: str, problem: str, allowed: str) -> PydanticCustomError:
    """An error from a check across fields, naming the field at fault."""
    return PydanticCustomError("needs", problem, {"field": field, "allowed": allowed})


def _words(value: str) -> str:
    if not value.strip():
        raise ValueError("must say something in words, not be blank")
    return value.strip()


Words = Annotated[str, AfterValidator(_words), Field(max_length=10_000)]
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PractitionerDecision(_Input):
    """The practitioner's own decision, in their own words (golden rule 7)."""

    share: bool
    reasons: Words
    departure: Words | None = Field(
        default=None, description="Why the decision differs from the recommendation."
    )


class PublicInterestWeighing(_Input):
    """3.40: what might happen if the information is shared, and if it is not."""

    risks_of_sharing: Words
    risks_of_not_sharing: Words
    necessity: Words
    proportionality: Words


class WhatWasShared(_Input):
    """3.50: what was shared, with whom, why, when and how."""

    what: Words
    with_whom: Words
    purpose: Words
    when: datetime
    how: Words


class Telling(_Input):
    """Whether the person was told, or why not (3.36, 3.47)."""

    told: bool
    when: datetime | None = None
    why_not: Words | None = None

    @model_validator(mode="after")
    def _why_not(self) -> Telling:
        if not self.told and self.why_not is None:
            raise needs(
                "why_not",
                "is required when told is false (3.36, 3.47)",
                "why the person was not told, in words",
            )
        return self


class Advice(_Input):
    """Advice sought, and what it said (golden rule 3)."""

    sought_from: Words
    outcome: Words


class DecisionInput(_Input):
    """A decision to record: the case, the practitioner's decision and what followed."""

    organisation: Code
    practitioner: Code
    person: Code | None = Field(default=None, description="The person's reference here.")
    facts: CaseFacts
    decision: PractitionerDecision
    public_interest: PublicInterestWeighing | None = None
    shared: WhatWasShared | None = None
    told: Telling | None = None
    advice: Advice | None = None
    recipient: Code | None = Field(
        default=None,
        description="The receiving organisation or service's code: with a person and a "
        "purpose, consent facts not given are pre-filled from the consent register.",
    )
    confirmed_from_consent_register: list[
        Annotated[str, Field(pattern=r"^consent\.[a-z_]+$", max_length=64)]
    ] = Field(
        default_factory=list,
        description="Consent facts a front end filled in from the consent register and the "
        "practitioner confirmed as they stood.",
    )
    reopens: str | None = Field(default=None, description="A decision not to share, reopened.")
    corrects: str | None = Field(default=None, description="A record this one corrects.")

    @model_validator(mode="after")
    def _consistent(self) -> DecisionInput:
        # What the record must say given the recommendation is the engine's to judge
        # (sharewise.engine.record), once the facts are assessed.
        if self.reopens and self.corrects:
            raise needs(
                "corrects",
                "a record either reopens or corrects another, not both",
                "one of reopens and corrects",
            )
        return self


class Recipients(_Input):
    organisations: list[Code] = Field(default_factory=list)
    services: list[Code] = Field(default_factory=list)


class ConsentInput(_Input):
    """Consent given or refused (3.18-3.21), and by whom (3.22-3.35)."""

    organisation: Code
    person: Code
    recorded_by: Code
    status: Literal["given", "refused"]
    given_by: GivenBy
    given_by_name: Words = Field(description="Who, in words, e.g. 'Sam Jones, mother'.")
    relative: Code | None = Field(
        default=None, description="The person record of the parent who decided, if any."
    )
    explicit: bool
    form: Literal["verbal", "written"]
    informed: bool
    told: Words = Field(description="What they were told: why, what, with whom, what follows.")
    freely_given: bool = True
    purposes: Annotated[list[Words], Field(min_length=1)]
    recipients: Recipients
    given_at: datetime
    review_date: date | None = None
    corrects: str | None = None

    @model_validator(mode="after")
    def _someone_to_share_with(self) -> ConsentInput:
        if not (self.recipients.organisations or self.recipients.services):
            raise needs(
                "recipients",
                "must name at least one organisation or service",
                "organisations and services, by code",
            )
        return self


class WithdrawalInput(_Input):
    organisation: Code
    consent: str
    recorded_by: Code
    withdrawn_at: datetime | None = Field(default=None, description="Now, when left out.")
    how: Words = Field(description="How the person withdrew it, e.g. 'by phone to the duty desk'.")
