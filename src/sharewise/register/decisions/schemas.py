"""What a person or a system hands the register to record a decision, validated strictly."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from sharewise.engine import CaseFacts
from sharewise.engine.limits import CONFIRMED, AtMost
from sharewise.register.schemas import (
    BriefWords,
    Code,
    Day,
    Input,
    Moment,
    NamedRecipient,
    RecordId,
    Words,
    needs,
)


class PractitionerDecision(Input):
    """The practitioner's own decision, in their own words (golden rule 7)."""

    share: bool
    reasons: Words
    departure: Words | None = Field(
        default=None, description="Why the decision differs from the recommendation."
    )
    review_by: Day | None = Field(
        default=None,
        description="For a decision not to share: the day to look at it again, as things may "
        "change (a task on the practitioner's home page until it is reopened or corrected). "
        "Today or later.",
    )

    @model_validator(mode="after")
    def _review_not_to_share(self) -> PractitionerDecision:
        if self.share and self.review_by is not None:
            raise needs(
                "review_by",
                "is for a decision not to share, and this decision is to share",
                "no review date when sharing",
            )
        return self


class PublicInterestWeighing(Input):
    """3.40: what might happen if the information is shared, and if it is not."""

    risks_of_sharing: Words
    risks_of_not_sharing: Words
    necessity: Words
    proportionality: Words


class WhatWasShared(Input):
    """3.50: what was shared, with whom, why, when and how."""

    what: Words
    with_whom: BriefWords
    purpose: BriefWords
    when: Moment = Field(description="Not in the future, nor before the person was born.")
    how: BriefWords


class Telling(Input):
    """Whether the person was told, or why not (3.36, 3.47)."""

    told: bool
    when: Moment | None = Field(
        default=None, description="Not in the future, nor before the person was born."
    )
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


class Advice(Input):
    """Advice sought, and what it said (golden rule 3)."""

    sought_from: BriefWords
    outcome: Words
    request: RecordId | None = Field(
        default=None, description="The advice request in sharewise it came from, if any."
    )


MOST_ACTIONS = 30  # far more than any outcome's checklist holds


class DecisionInput(Input):
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
    recipient_named: NamedRecipient | None = Field(
        default=None,
        description="Who receives it, typed in, when they are not in the register: with a "
        "person and a purpose, consent naming their organisation is looked up alike.",
    )
    confirmed_from_consent_register: Annotated[
        list[Annotated[str, Field(pattern=r"^consent\.[a-z_]+$", max_length=64)]],
        AtMost(CONFIRMED),
    ] = Field(
        default_factory=list,
        description="Consent facts a front end filled in from the consent register and the "
        "practitioner confirmed as they stood.",
    )
    actions_done: list[Annotated[int, Field(ge=1, le=MOST_ACTIONS)]] = Field(
        default_factory=list,
        max_length=MOST_ACTIONS,
        description="Which things to do now (the assessment's checklist) were done, by "
        "their place in it from 1: the record keeps the checklist with each one marked.",
    )
    reopens: RecordId | None = Field(default=None, description="A decision not to share, reopened.")
    corrects: RecordId | None = Field(default=None, description="A record this one corrects.")

    @model_validator(mode="after")
    def _consistent(self) -> DecisionInput:
        # What the record must say given the recommendation is the engine's to judge
        # (sharewise.engine.record), once the facts are assessed.
        if self.recipient and self.recipient_named:
            raise needs(
                "recipient_named",
                "names a recipient as well as the recipient's code",
                "a recipient in the register by code, or one typed in, not both",
            )
        if self.reopens and self.corrects:
            raise needs(
                "corrects",
                "a record either reopens or corrects another, not both",
                "one of reopens and corrects",
            )
        return self
