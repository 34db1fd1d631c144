"""The facts a practitioner knows about a case: the contract's `CaseFacts`.

Every fact is optional. A missing fact the decision needs becomes the next question;
the others take the contract's defaults (see `sharewise.engine.steps`). Who is a child,
and from what age capacity is presumed, are an edition's dated parameters: `CaseFacts`
reads the default edition's, and `CaseFacts.under` gives the model for another's.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from sharewise.engine.limits import BRIEF, OLDEST, AtMost
from sharewise.guidance import DEFAULT_EDITION, Parameters, load_parameters

Unsure = Literal["unsure"]

_DEFAULT_AGES = load_parameters(DEFAULT_EDITION)


# Strict mode: a yes/no fact is JSON true or false, never 1, 0 or "yes".
YesNoUnsure = bool | Unsure

HarmLevel = Literal["none", "unsure", "reasonable_cause"]
About = Literal["child", "adult"]


def _without_nul(text: str) -> str:
    if "\x00" in text:  # PostgreSQL can neither store nor search it
        raise PydanticCustomError(
            "nul", "has a character that is not allowed (a NUL)", {"allowed": "text"}
        )
    return text


# The case's own words: kept with the record and searched, so no NUL character; a few
# words, as the interview asks for them (an addition to the contract: a maximum length).
Text = Annotated[str, AfterValidator(_without_nul), AtMost(BRIEF)]
LegalDuty = Literal["none", "statutory_duty", "court_order"]
ConsentStatus = Literal["given", "refused", "withdrawn", "not_sought"]
GivenBy = Literal["subject", "parent", "local_authority", "best_interests"]
UnsafeReason = Literal[
    "increase_risk_of_harm", "prejudice_serious_crime", "cause_unjustified_delay"
]

UNSAFE_REASONS: tuple[UnsafeReason, ...] = (
    "increase_risk_of_harm",
    "prejudice_serious_crime",
    "cause_unjustified_delay",
)


class _Facts(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Harm(_Facts):
    """Harm that may justify sharing without consent (1.10-1.15, 3.42-3.43)."""

    child: HarmLevel | None = None
    adult: HarmLevel | None = None
    serious_crime: YesNoUnsure | None = None
    self_only: YesNoUnsure | None = None


class ConsentFacts(_Facts):
    """What is known of consent to this sharing (3.17-3.35)."""

    status: ConsentStatus | None = None
    given_by: GivenBy | None = None
    informed: YesNoUnsure | None = None
    freely_given: YesNoUnsure | None = None
    covers_this_sharing: YesNoUnsure | None = None


class CaseFacts(_Facts):
    """Everything the practitioner knows about the case. Names and values are fixed by
    the case-facts contract; every field is optional."""

    # The edition's ages (sharewise.guidance.Parameters): the default edition's here,
    # another's on the model `under` gives it.
    adult_age: ClassVar[int] = _DEFAULT_AGES.adult_age
    presumed_competent_age: ClassVar[int] = _DEFAULT_AGES.presumed_competent_age

    about: About | None = None
    age: Annotated[int, Field(ge=0, le=OLDEST)] | None = None
    purpose: Text | None = None
    recipient: Text | None = None
    legitimate_purpose: YesNoUnsure | None = None
    legal_duty: LegalDuty | None = None
    court_order_challenged: YesNoUnsure | None = None
    identifiable: YesNoUnsure | None = None
    confidential: YesNoUnsure | None = None
    sensitive: YesNoUnsure | None = None
    emergency: YesNoUnsure | None = None
    harm: Harm = Harm()
    competent_to_consent: YesNoUnsure | None = None
    consent: ConsentFacts = ConsentFacts()
    consent_unsafe: Annotated[list[UnsafeReason], AtMost(len(UNSAFE_REASONS))] | None = None
    public_interest: YesNoUnsure | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CaseFacts:
        # One check for the whole case (cheaper than one per field); each error names
        # its field in ctx["field"], which sharewise.engine.errors reports.
        age, about = self.age, self.about
        if age is not None and about is not None and (age >= self.adult_age) != (about == "adult"):
            adult = self.adult_age
            allowed = (
                f"{adult} to 130, as the person is an adult"
                if about == "adult"
                else f"0 to {adult - 1}, as the person is a child"
            )
            raise PydanticCustomError(
                "age_about",
                "{age} is not allowed for {whom}",
                {
                    "field": "age",
                    "age": age,
                    "whom": f"an adult, who is {adult} or over"
                    if about == "adult"
                    else f"a child, who is under {adult}",
                    "allowed": f"a whole number from {allowed}",
                },
            )
        reasons = self.consent_unsafe
        if reasons and len(set(reasons)) != len(reasons):
            raise PydanticCustomError(
                "unique", "a reason is given more than once", {"field": "consent_unsafe"}
            )
        return self

    @classmethod
    def under(cls, ages: Parameters) -> type[CaseFacts]:
        """These facts as an edition with these ages reads them: this model where the
        ages are its own, else a subclass that differs in nothing else."""
        own = (cls.adult_age, cls.presumed_competent_age)
        if (ages.adult_age, ages.presumed_competent_age) == own:
            return cls
        attributes = {
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "adult_age": ages.adult_age,
            "presumed_competent_age": ages.presumed_competent_age,
        }
        return cast("type[CaseFacts]", type(cls.__name__, (cls,), attributes))

    # What the engine reads, with the contract's defaults applied.

    @property
    def is_adult(self) -> bool | None:
        """True for an adult, False for a child, None when neither about nor age says."""
        if self.age is not None:
            return self.age >= self.adult_age
        if self.about is not None:
            return self.about == "adult"
        return None

    @property
    def competence_presumed(self) -> bool:
        """3.30: presumed from the edition's age (16 in 2008), and for any adult."""
        if self.age is not None:
            return self.age >= self.presumed_competent_age
        return self.about == "adult"

    @property
    def competent(self) -> bool | Unsure | None:
        """The subject's competence: as given, else presumed where 3.30 allows, else unknown."""
        if self.competent_to_consent is not None:
            return self.competent_to_consent
        return True if self.competence_presumed else None
