"""What a person or a system hands the register to record a decision, validated strictly."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from sharewise.engine import CaseFacts
from sharewise.engine.limits import CONFIRMED, PACKAGE_ITEMS, AtMost
from sharewise.engine.sharing import (
    CHANNEL_CHECKS,
    Channel,
    ConsentLimits,
    ItemKind,
    PassingOn,
    TellingChoice,
)
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


def _confirmed(value: bool, field: str, problem: str, allowed: str) -> None:
    """A confirmation the practitioner must give: false is refused, naming what it confirms."""
    if not value:
        raise needs(field, problem, allowed)


class PackageItem(Input):
    """One item shared (3.48): only what is necessary, fact kept apart from opinion, from
    a known source, checked as accurate and up to date."""

    what: Words = Field(description="The item of information shared, in words.")
    kind: ItemKind = Field(description="fact or opinion (3.48).")
    source: BriefWords = Field(description="Where it came from: who said it, or which record.")
    accuracy_checked: Day = Field(
        description="The day its accuracy was last checked (3.48): not in the future."
    )
    necessary_because: Words = Field(description="Why it is necessary for the purpose (3.48).")
    needed_confirmed: bool = Field(
        description="The practitioner confirms it is needed for the purpose: must be true."
    )

    @model_validator(mode="after")
    def _needed(self) -> PackageItem:
        _confirmed(
            self.needed_confirmed,
            "needed_confirmed",
            "must be true: share only what is needed for the purpose (3.48)",
            "true, once you have confirmed the item is needed; otherwise leave the item out",
        )
        return self


class SecureChannel(Input):
    """How it was sent, and that its security check was made (3.48)."""

    by: Channel = Field(description="secure_email, phone, in_person or system_to_system.")
    check_confirmed: bool = Field(
        description="The channel's security check was made (engine.sharing.CHANNEL_CHECKS): "
        "must be true."
    )

    @model_validator(mode="after")
    def _checked(self) -> SecureChannel:
        check = CHANNEL_CHECKS[self.by]
        _confirmed(
            self.check_confirmed,
            "check_confirmed",
            f"must be true: {check.check[0].lower()}{check.check[1:]} ({check.citation})",
            "true, once the check is made; otherwise choose a channel whose check you can make",
        )
        return self


class OnwardSharing(Input):
    """Whether the recipient will pass it on, and the limits of consent given to them (3.48)."""

    passing_on: PassingOn = Field(description="yes, no or not_known.")
    consent_limits: ConsentLimits = Field(
        description="explained (the limits, in words, are required) or no_consent."
    )
    limits: Words | None = Field(
        default=None, description="The limits of the consent explained to the recipient."
    )

    @model_validator(mode="after")
    def _limits(self) -> OnwardSharing:
        if self.consent_limits == "explained" and self.limits is None:
            raise needs(
                "limits",
                "is required when the limits of consent were explained (3.48)",
                "the limits explained to the recipient, in words",
            )
        return self


class PackageTelling(Input):
    """Telling the person (3.47, 3.48): told already, to be told by a day (a task), or not
    told, for a reason (3.36)."""

    status: TellingChoice = Field(description="told, to_tell or not_telling.")
    told_on: Day | None = Field(
        default=None, description="The day they were told, with told: not in the future."
    )
    tell_by: Day | None = Field(
        default=None,
        description="The day by which to tell them, with to_tell: today or later. Kept as "
        "package.telling.tell_by in the record's body.",
    )
    why_not: Words | None = Field(
        default=None, description="Why they will not be told, with not_telling (3.36)."
    )

    @model_validator(mode="after")
    def _shape(self) -> PackageTelling:
        required = {"told": "told_on", "to_tell": "tell_by", "not_telling": "why_not"}
        allowed = {
            "told_on": "the day they were told, like 2026-03-27",
            "tell_by": "the day by which to tell them, like 2026-03-27",
            "why_not": "why telling them is unsafe or inappropriate, in words (3.36)",
        }
        wanted = required[self.status]
        if getattr(self, wanted) is None:
            raise needs(wanted, f"is required when status is {self.status}", allowed[wanted])
        for other in required.values():
            if other != wanted and getattr(self, other) is not None:
                raise needs(
                    other,
                    f"must be left out when status is {self.status}",
                    f"nothing; only {wanted} goes with {self.status}",
                )
        return self


class SharingPackage(Input):
    """Question 6 (3.48-3.49): what was shared, item by item, with whom, how securely, on
    what terms, and whether the person is told."""

    items: Annotated[list[PackageItem], AtMost(PACKAGE_ITEMS)] = Field(
        description="Each item shared: at least one.", json_schema_extra={"minItems": 1}
    )
    recipient_identity_confirmed: BriefWords = Field(
        description="How the recipient's identity was confirmed (3.48), in words."
    )
    channel: SecureChannel
    onward: OnwardSharing
    telling: PackageTelling

    @model_validator(mode="after")
    def _some(self) -> SharingPackage:
        if not self.items:
            raise needs(
                "items",
                "is empty: a package shares at least one item",
                f"a list of 1 to {PACKAGE_ITEMS} items, each with what, kind, source, "
                "accuracy_checked, necessary_because and needed_confirmed",
            )
        return self


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
    package: SharingPackage | None = Field(
        default=None,
        description="Question 6's sharing package (3.48-3.49), with a decision to share. Its "
        "telling answers for told, which may then be left out; given both, they agree.",
    )
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
        if self.package and not self.decision.share:
            raise needs(
                "package",
                "must be left out when the decision is not to share",
                "nothing, when not sharing",
            )
        if self.package and self.told and self.told.told != (self.package.telling.status == "told"):
            raise needs(
                "told.told",
                "disagrees with package.telling.status",
                "true when the package says told; false otherwise",
            )
        if self.reopens and self.corrects:
            raise needs(
                "corrects",
                "a record either reopens or corrects another, not both",
                "one of reopens and corrects",
            )
        return self
