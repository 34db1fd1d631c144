"""A decision record's body, typed and versioned, and the one builder of it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    ValidationInfo,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from sharewise.engine import GUIDANCE_EDITION, Assessment, CaseFacts, Outcome, rulebook
from sharewise.engine.limits import KEPT
from sharewise.engine.record import departs
from sharewise.register.decisions.schemas import (
    Advice,
    PractitionerDecision,
    PublicInterestWeighing,
    SharingPackage,
    Telling,
    WhatWasShared,
)
from sharewise.register.entries import SCHEMA_VERSION, Body, SchemaVersion, StoredEntry
from sharewise.register.schemas import NamedRecipient


def _known(facts: CaseFacts) -> dict[str, Any]:
    return facts.model_dump(mode="json", exclude_none=True)


class _SchemaOfItsModel:
    """Its JSON Schema is its model's, as what the serializer leaves out is only nulls."""

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(_unserialized(schema))


def _unserialized(schema: Any) -> CoreSchema:
    """The schema without its serializer, through the validators wrapped around it."""
    plain = {k: v for k, v in schema.items() if k != "serialization"}
    if isinstance(plain.get("schema"), dict):
        plain["schema"] = _unserialized(plain["schema"])
    return cast("CoreSchema", plain)


# Facts are stored as the engine's contract writes them: those not known are left out.
KnownFacts = Annotated[CaseFacts, PlainSerializer(_known), _SchemaOfItsModel()]


class ChecklistItem(BaseModel):
    """One thing the guidance said to do now, and whether the practitioner did it."""

    model_config = ConfigDict(frozen=True)

    action: str
    citations: tuple[str, ...]
    done: bool


class DecisionRecord(Body):
    """The body of a decision, a correction or a reopening: the case, its assessment
    under the edition it was made under, and the practitioner's decision (golden rule 7,
    3.50-3.51)."""

    schema_version: SchemaVersion = 1
    organisation: str
    practitioner: str
    person: str | None
    recipient: str | None
    recipient_named: NamedRecipient | None = None  # someone not in the register, typed in
    assessment: Assessment
    facts: KnownFacts = Field(description="The facts as assessed, those not known left out.")
    prefilled_from_consent_register: list[str] = Field(default_factory=list)
    departs_from_recommendation: bool
    decision: PractitionerDecision
    public_interest: PublicInterestWeighing | None = None
    shared: WhatWasShared | None = None
    told: Telling | None = None
    advice: Advice | None = None
    package: SharingPackage | None = None  # Q6 (3.48-3.49); none before it was kept
    # What the guidance said to do now, each marked done or not (none before it was kept).
    checklist: list[ChecklistItem] = Field(default_factory=list)
    # Records stored by the demo before versioning have none.
    confirmed_from_consent_register: list[str] = Field(default_factory=list)

    @field_validator("facts", mode="before")
    @classmethod
    def _facts_of_its_edition(cls, facts: Any, info: ValidationInfo) -> Any:
        # Valid under the edition that assessed them (read first), whose ages may differ.
        assessment = info.data.get("assessment")
        edition = assessment.guidance_edition if assessment else GUIDANCE_EDITION
        if edition == GUIDANCE_EDITION or not isinstance(facts, dict):
            return facts
        return rulebook(edition).facts.model_validate(facts, context=info.context)

    def header(self) -> dict[str, Any]:
        return {
            "outcome": self.assessment.outcome,
            "shared": int(self.decision.share),
            "urgent_safeguarding": int(self.assessment.urgent_safeguarding),
            "departs_from_recommendation": int(self.departs_from_recommendation),
            "recipient": self.recipient,
            "review_by": self.decision.review_by and self.decision.review_by.isoformat(),
            "tell_by": self.tell_by and self.tell_by.isoformat(),
        }

    @property
    def tell_by(self) -> date | None:
        """The day its package says to tell the person by (3.47), if any."""
        return self.package.telling.tell_by if self.package else None


def decision_record(
    *,
    organisation: str,
    practitioner: str,
    person: str | None,
    recipient: str | None,
    facts: CaseFacts,
    recipient_named: NamedRecipient | None = None,
    assessment: Assessment,
    decision: PractitionerDecision,
    public_interest: PublicInterestWeighing | None = None,
    shared: WhatWasShared | None = None,
    told: Telling | None = None,
    advice: Advice | None = None,
    package: SharingPackage | None = None,
    prefilled: Sequence[str] = (),
    confirmed: Sequence[str] = (),
    actions_done: Collection[int] = (),
) -> DecisionRecord:
    """The one way a decision record is made, by the register and by the demo alike."""
    return DecisionRecord(
        schema_version=SCHEMA_VERSION,
        organisation=organisation,
        practitioner=practitioner,
        person=person,
        recipient=recipient,
        recipient_named=recipient_named,
        facts=facts,
        prefilled_from_consent_register=list(prefilled),
        assessment=assessment,
        departs_from_recommendation=departs(assessment.outcome, decision.share),
        decision=decision,
        public_interest=public_interest,
        shared=shared,
        told=told,
        advice=advice,
        package=package,
        checklist=[
            ChecklistItem(action=a.action, citations=a.citations, done=place in actions_done)
            for place, a in enumerate(assessment.checklist, start=1)
        ],
        confirmed_from_consent_register=list(confirmed),
    )


def read_decision(stored: str) -> DecisionRecord:
    """A stored body, read as it was kept: limits set since do not refuse it."""
    return DecisionRecord.model_validate_json(stored, context=KEPT)


StoredDecision = StoredEntry[DecisionRecord]


@dataclass(frozen=True)
class ListedDecision:
    """A decision as the records page lists it, read from its record's columns and the
    codes they name, not from its body: a page's 26 bodies, some 5 kB each, took a third
    to a half of its statement's time to read and send, and a list shows nothing that
    only they hold."""

    id: str
    recorded_at: str
    organisation: str  # its code
    person: str | None  # their reference, if the record names one
    outcome: Outcome
    shared: bool
    urgent_safeguarding: bool

    @classmethod
    def of(cls, row: Any) -> ListedDecision:
        """From a row of the columns `queries` selects for a list (SQLite's booleans are
        numbers)."""
        return cls(
            id=row["id"],
            recorded_at=row["recorded_at"],
            organisation=row["organisation"],
            person=row["person"],
            outcome=row["outcome"],
            shared=bool(row["shared"]),
            urgent_safeguarding=bool(row["urgent_safeguarding"]),
        )
