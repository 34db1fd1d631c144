"""What a person or a system hands the register to record consent or its withdrawal,
validated strictly (3.18-3.35)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, model_validator

from sharewise.engine.facts import GivenBy
from sharewise.register.schemas import Code, Input, NamedRecipient, Words, needs


class Recipients(Input):
    organisations: list[Code] = Field(default_factory=list)
    services: list[Code] = Field(default_factory=list)
    named: list[NamedRecipient] = Field(
        default_factory=list,
        max_length=20,
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
        if not self.recipients.keys():
            raise needs(
                "recipients",
                "must name at least one organisation, service or person not in the register",
                "organisations and services by code, and people typed in with their organisations",
            )
        return self


class WithdrawalInput(Input):
    organisation: Code
    consent: str
    recorded_by: Code
    withdrawn_at: datetime | None = Field(default=None, description="Now, when left out.")
    how: Words = Field(description="How the person withdrew it, e.g. 'by phone to the duty desk'.")
