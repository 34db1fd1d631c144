"""What a ledger entry's body holds, typed and versioned: a decision record, and a consent
event. Every writer builds a body here and every reader reads one through these models.

A body is hashed as stored, so it is never rewritten: a body stored before versioning
has no `schema_version`, and reads as version 1. Version 2 writes its version into the
body; its fields are version 1's, named as `docs/` and the case-facts contract name them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Annotated, Any, Generic, Literal, TypeVar, cast

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
from sharewise.engine.record import departs
from sharewise.register.canonical import canonical, instant
from sharewise.register.schemas import (
    Advice,
    ConsentInput,
    PractitionerDecision,
    PublicInterestWeighing,
    Telling,
    WhatWasShared,
    WithdrawalInput,
)

SCHEMA_VERSION: Literal[2] = 2
SchemaVersion = Annotated[
    Literal[1, 2],
    Field(description="The body's version: 1 for a body stored before versioning, without it."),
]
# A moment in a consent body: UTC, to the microsecond, as it is hashed (canonical.instant).
Instant = Annotated[datetime, PlainSerializer(instant, return_type=str, when_used="json")]


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


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True)

    def stored(self) -> str:
        """The body as the ledger stores and hashes it."""
        return canonical(self.model_dump(mode="json"))


class DecisionRecord(_Body):
    """The body of a decision, a correction or a reopening: the case, its assessment
    under the edition it was made under, and the practitioner's decision (golden rule 7,
    3.50-3.51)."""

    schema_version: SchemaVersion = 1
    organisation: str
    practitioner: str
    person: str | None
    recipient: str | None
    assessment: Assessment
    facts: KnownFacts = Field(description="The facts as assessed, those not known left out.")
    prefilled_from_consent_register: list[str] = Field(default_factory=list)
    departs_from_recommendation: bool
    decision: PractitionerDecision
    public_interest: PublicInterestWeighing | None = None
    shared: WhatWasShared | None = None
    told: Telling | None = None
    advice: Advice | None = None
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
        return rulebook(edition).facts.model_validate(facts)


def decision_record(
    *,
    organisation: str,
    practitioner: str,
    person: str | None,
    recipient: str | None,
    facts: CaseFacts,
    assessment: Assessment,
    decision: PractitionerDecision,
    public_interest: PublicInterestWeighing | None = None,
    shared: WhatWasShared | None = None,
    told: Telling | None = None,
    advice: Advice | None = None,
    prefilled: Sequence[str] = (),
    confirmed: Sequence[str] = (),
) -> DecisionRecord:
    """The one way a decision record is made, by the register and by the demo alike."""
    return DecisionRecord(
        schema_version=SCHEMA_VERSION,
        organisation=organisation,
        practitioner=practitioner,
        person=person,
        recipient=recipient,
        facts=facts,
        prefilled_from_consent_register=list(prefilled),
        assessment=assessment,
        departs_from_recommendation=departs(assessment.outcome, decision.share),
        decision=decision,
        public_interest=public_interest,
        shared=shared,
        told=told,
        advice=advice,
        confirmed_from_consent_register=list(confirmed),
    )


class ConsentDecision(_Body, ConsentInput):
    """The body of consent given or refused, or of a correction of either (3.18-3.35)."""

    schema_version: SchemaVersion = 1
    given_at: Instant


class ConsentWithdrawal(_Body, WithdrawalInput):
    """The body of a withdrawal of consent (3.21)."""

    schema_version: SchemaVersion = 1
    withdrawn_at: Instant


ConsentEvent = ConsentDecision | ConsentWithdrawal


def consent_decision(consent: ConsentInput, given_at: datetime) -> ConsentDecision:
    return ConsentDecision(
        **{**consent.model_dump(), "given_at": given_at, "schema_version": SCHEMA_VERSION}
    )


def consent_withdrawal(withdrawal: WithdrawalInput, withdrawn_at: datetime) -> ConsentWithdrawal:
    return ConsentWithdrawal(
        **{
            **withdrawal.model_dump(),
            "withdrawn_at": withdrawn_at,
            "schema_version": SCHEMA_VERSION,
        }
    )


def consent_event(kind: str, stored: str) -> ConsentEvent:
    """A stored consent body, read as what its entry's kind says it is."""
    if kind == "withdrawn":
        return ConsentWithdrawal.model_validate_json(stored)
    return ConsentDecision.model_validate_json(stored)


R = TypeVar("R", bound=_Body)


@dataclass(frozen=True)
class StoredEntry(Generic[R]):
    """A ledger entry as stored: where it sits in its chain, and what it says."""

    table: str
    id: str
    organisation_id: int
    seq: int
    recorded_at: str
    kind: str
    person_id: int | None
    refers_to: str | None
    stored: str = field(repr=False)
    hash: str
    read: Callable[[str], R] = field(repr=False, compare=False)
    outcome: Outcome | None = None
    shared: bool | None = None
    urgent_safeguarding: bool | None = None

    @cached_property
    def record(self) -> R:
        """The body, typed: read when first asked for, as a listing needs few of them."""
        return self.read(self.stored)

    @cached_property
    def body(self) -> dict[str, Any]:
        """The body as stored, untyped: what an export of the stored bodies writes."""
        document: dict[str, Any] = json.loads(self.stored)
        return document


def ledger_entry(
    record: DecisionRecord | ConsentEvent,
    *,
    kind: str,
    recorded_by: int,
    person_id: int | None,
    refers_to: str | None,
    recorded_at: datetime,
    entry_id: str | None = None,
) -> dict[str, Any]:
    """What the ledger appends for a record: the columns queries read, taken from the
    record here and nowhere else, and the body as stored."""
    entry: dict[str, Any] = {
        "id": entry_id or str(uuid.uuid4()),
        "recorded_at": instant(recorded_at),
        "recorded_by": recorded_by,
        "person_id": person_id,
        "refers_to": refers_to,
        "kind": kind,
        "body": record.stored(),
    }
    if isinstance(record, DecisionRecord):
        entry["outcome"] = record.assessment.outcome
        entry["shared"] = int(record.decision.share)
        entry["urgent_safeguarding"] = int(record.assessment.urgent_safeguarding)
        entry["departs_from_recommendation"] = int(record.departs_from_recommendation)
    return entry


StoredDecision = StoredEntry[DecisionRecord]
StoredConsent = StoredEntry[ConsentEvent]
