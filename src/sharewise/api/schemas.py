"""What the API takes and gives back. These are neither the tables nor the register's
dataclasses: the API's shapes are a contract of their own."""

from __future__ import annotations

import base64
import contextlib
import json
from datetime import date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from sharewise.engine import Outcome
from sharewise.engine.errors import FactError
from sharewise.engine.limits import (
    BRIEF,
    CURSOR,
    DEEPEST,
    MEMBERS,
    NAME,
    OLDEST,
    PAGE,
    PERSON_NAME,
    SEARCH,
)
from sharewise.register.consents.records import ConsentEvent, StoredConsent
from sharewise.register.consents.schemas import ConsentInput, WithdrawalInput
from sharewise.register.consents.state import CoverageStatus, Lineage
from sharewise.register.decisions.records import DecisionRecord, StoredDecision
from sharewise.register.decisions.schemas import DecisionInput
from sharewise.register.errors import validated
from sharewise.register.export import summary_row
from sharewise.register.filters import DecisionFilters
from sharewise.register.principal import Principal
from sharewise.register.schemas import TYPED_IN, Code, Day, Moment, NameWords, needs, typed_in
from sharewise.register.sectors import SECTORS

T = TypeVar("T")
In = TypeVar("In", bound=BaseModel)

# --- errors and pages ----------------------------------------------------------------


class Problem(BaseModel):
    """Every error the API gives, whatever went wrong."""

    status: int = Field(description="The HTTP status, again.")
    message: str = Field(description="What went wrong, in a sentence.")
    errors: list[FactError] = Field(
        description="Each field at fault: its dotted path, what was wrong, what is allowed."
    )


class Page(BaseModel, Generic[T]):
    """A page of a list, by offset."""

    items: list[T]
    limit: int
    offset: int
    total: int | None = Field(description="How many match, where that is cheap to count.")


# A cursor is where a page ends: the (recorded_at, id) of its last entry, opaque to the
# caller, so that the next page starts there however deep it is, and however many
# records arrive meanwhile.


def cursor_at(recorded_at: str, record_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([recorded_at, record_id]).encode()).decode("ascii")


def _key(token: str) -> tuple[str, str]:
    key = None
    # Bad base64, bad JSON and text that is not ASCII are all ValueErrors.
    with contextlib.suppress(ValueError):
        key = json.loads(base64.urlsafe_b64decode(token.encode("ascii")))
    if isinstance(key, list) and len(key) == 2 and all(isinstance(k, str) for k in key):
        return key[0], key[1]
    raise PydanticCustomError(
        "cursor", "is not a cursor this list gave", {"allowed": "the `next` of the page before"}
    )


class CursorPage(BaseModel, Generic[T]):
    """A page of a list, by cursor: pass `next` back as `cursor` for the page after."""

    items: list[T]
    limit: int
    next: str | None = Field(description="The cursor of the page after; null on the last.")


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


Limit = Annotated[int, Field(ge=1, le=PAGE, description="How many on a page.")]


class Paging(_Query):
    limit: Limit = 50
    offset: int = Field(
        0, ge=0, le=DEEPEST, description="How many to skip: deeper than this, narrow the list."
    )


# --- assessments and decisions ---------------------------------------------------------


class CursorPaging(_Query):
    """Where a page by cursor starts, and how long it is."""

    limit: Limit = 50
    cursor: str | None = Field(
        None, max_length=CURSOR, description="The `next` of the page before."
    )

    @field_validator("cursor")
    @classmethod
    def _a_cursor_this_list_gave(cls, token: str | None) -> str | None:
        if token is not None:
            _key(token)
        return token

    @property
    def before(self) -> tuple[str, str] | None:
        return _key(self.cursor) if self.cursor else None


class DecisionQuery(DecisionFilters, CursorPaging):
    pass


class ExportQuery(DecisionFilters):
    format: Literal["csv", "jsonl"] = Field(
        "csv", description="csv: a row a decision; jsonl: each record in full, a line each."
    )


class DecisionSummary(BaseModel):
    """A decision in one row, as the export writes it."""

    id: str
    recorded_at: str = Field(description="ISO 8601 in UTC, as stored and hashed.")
    kind: Literal["decision", "reopening", "correction"]
    organisation: str
    practitioner: str
    person: str | None
    outcome: Outcome = Field(description="What the guidance recommended.")
    shared: bool = Field(description="Whether the practitioner shared.")
    urgent_safeguarding: bool
    departs_from_recommendation: bool
    reasons: str = Field(description="The practitioner's reasons, in their own words.")
    refers_to: str | None = Field(description="The record this one reopens or corrects.")
    hash: str = Field(description="The entry's SHA-256 in its organisation's chain.")

    @classmethod
    def of(cls, entry: StoredDecision) -> DecisionSummary:
        return cls(**summary_row(entry))


class DecisionEntry(DecisionSummary):
    """A decision record in full, as stored: the facts, the assessment with its guidance
    edition and engine version, and the practitioner's decision and reasons."""

    seq: int = Field(description="Its place in its organisation's chain, from 1.")
    body: DecisionRecord

    @classmethod
    def of(cls, entry: StoredDecision) -> DecisionEntry:
        return cls(**summary_row(entry), seq=entry.seq, body=entry.record)


# --- consents --------------------------------------------------------------------------


class ConsentEntry(BaseModel):
    """A consent event as stored: given, refused, withdrawn, or a correction."""

    id: str
    organisation: str
    seq: int
    recorded_at: str = Field(description="ISO 8601 in UTC, as stored and hashed.")
    kind: Literal["given", "refused", "withdrawn", "correction"]
    refers_to: str | None = Field(description="The consent withdrawn, or the record corrected.")
    hash: str
    body: ConsentEvent

    @classmethod
    def of(cls, entry: StoredConsent) -> ConsentEntry:
        return cls(
            id=entry.id,
            organisation=entry.record.organisation,
            seq=entry.seq,
            recorded_at=entry.recorded_at,
            kind=entry.kind,
            refers_to=entry.refers_to,
            hash=entry.hash,
            body=entry.record,
        )


Holding = Annotated[
    Code | None,
    Field(
        description="The organisation holding the information: the acting practitioner's "
        "if left out, and only an organisation whose records they can read."
    ),
]


class ConsentQuery(Paging):
    organisation: Holding = None
    person: Code = Field(description="The person's reference.")


class CoverageQuery(_Query):
    organisation: Holding = None
    person: Code = Field(description="The person's reference there.")
    purpose: Annotated[str, StringConstraints(min_length=1, max_length=BRIEF)] = Field(
        description="Why the information would be shared."
    )
    recipient: Code | None = Field(None, description="The receiving organisation or service.")
    recipient_organisation: NameWords | None = Field(
        None,
        description="Instead of `recipient`: the organisation, in words, of someone not in "
        "the register (consent naming it covers sharing with anyone typed in there).",
    )
    at: Moment | None = Field(None, description="When; now if left out.")

    @model_validator(mode="after")
    def _one_recipient(self) -> CoverageQuery:
        if (self.recipient is None) == (self.recipient_organisation is None):
            raise needs(
                "recipient",
                "name one recipient",
                "`recipient` (a code in the register) or `recipient_organisation` (words)",
            )
        return self

    @property
    def receiving(self) -> str:
        """The recipient as coverage compares it."""
        return self.recipient or typed_in(self.recipient_organisation or "")


class Coverage(BaseModel):
    """Does valid consent cover this sharing? `facts` are the consent facts to pre-fill,
    for the practitioner to confirm."""

    model_config = ConfigDict(from_attributes=True)

    status: CoverageStatus
    consent_id: str | None = Field(description="The consent's id: its first record's.")
    reasons: list[str]
    citations: list[str] = Field(description="The paragraphs the reasons rest on.")
    facts: dict[str, Any]


class ConsentStateQuery(_Query):
    organisation: Holding = None
    person: Code = Field(description="The person's reference there.")
    at: Moment | None = Field(None, description="When; now if left out.")


class Reason(BaseModel):
    reason: str
    citations: list[str]


class StandingConsent(BaseModel):
    """One consent through its versions: a correction replaces what it corrects, and a
    withdrawal of any version withdraws the whole consent, at once (3.21)."""

    consent_id: str = Field(description="Its first record's id.")
    version: str = Field(description="The record that stands: the last correction, if any.")
    versions: list[str] = Field(description="Every record of it, oldest first.")
    status: Literal["given", "refused"]
    given_by_name: str
    purposes: list[str]
    recipients: list[str] = Field(description="Organisation and service codes.")
    named_recipients: list[str] = Field(
        description="People not in the register, typed in, with their organisations."
    )
    given_at: datetime
    review_date: date | None
    withdrawn: bool = Field(description="Withdrawn by the moment asked about.")
    withdrawn_at: datetime | None = Field(description="When a withdrawal takes effect, if any.")
    stands: bool = Field(description="Given, and not withdrawn.")
    reasons: list[Reason]

    @classmethod
    def of(cls, lineage: Lineage) -> StandingConsent:
        terms = lineage.terms
        return cls(
            consent_id=lineage.id,
            version=lineage.current,
            versions=list(lineage.versions),
            status=terms.status,
            given_by_name=terms.given_by_name,
            purposes=list(terms.purposes),
            recipients=sorted(k for k in terms.recipients if not k.startswith(TYPED_IN)),
            named_recipients=list(terms.named),
            given_at=terms.given_at,
            review_date=terms.review_date,
            withdrawn=lineage.withdrawn,
            withdrawn_at=lineage.withdrawal.withdrawn_at if lineage.withdrawal else None,
            stands=lineage.stands,
            reasons=[Reason(reason=r.reason, citations=list(r.citations)) for r in lineage.reasons],
        )


class ConsentState(BaseModel):
    """What stands of a person's consents at a moment, oldest consent first."""

    at: datetime
    consents: list[StandingConsent]


def _request(model: type[BaseModel], supplied: set[str], doc: str) -> Any:
    """What a client sends for the register's `model`: its fields but those the path and
    the principal supply (`acting_as` puts them back). Its checks across fields run
    when the register's model is built."""
    return create_model(  # type: ignore[call-overload]
        model.__name__.removesuffix("Input") + "Request",
        __config__=model.model_config,
        __doc__=doc,
        **{
            name: (field.annotation, field)
            for name, field in model.model_fields.items()
            if name not in supplied
        },
    )


def acting_as(principal: Principal, model: type[In], request: BaseModel, **given: Any) -> In:
    """The register's `model` from what a client sent, what the path gave and who is
    acting: in their organisation, and made or recorded by them."""
    actor = "practitioner" if "practitioner" in model.model_fields else "recorded_by"
    supplied = {"organisation": principal.organisation, actor: principal.practitioner}
    # dict(request), not a dump: the facts keep which answers were given, which the
    # decision's pre-filling from the consent register reads (decisions.recording).
    return validated(model, {**dict(request), **given, **supplied})


DecisionRequest = _request(
    DecisionInput,
    {"organisation", "practitioner"},
    "A decision to record, in the acting practitioner's name: the case, their decision "
    "and what followed.",
)
ConsentRequest = _request(
    ConsentInput,
    {"organisation", "recorded_by"},
    "Consent given or refused (3.18-3.21), and by whom (3.22-3.35), recorded by the "
    "acting practitioner.",
)
Withdrawal = _request(
    WithdrawalInput,
    {"organisation", "consent", "recorded_by"},
    "Consent withdrawn: it takes effect at once (3.21).",
)


# --- who is in the register --------------------------------------------------------------


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME)]
PersonName = Annotated[str, StringConstraints(min_length=1, max_length=PERSON_NAME)]


class NewOrganisation(_Input):
    code: Code
    name: Name
    sector: str = Field(json_schema_extra={"enum": list(SECTORS)})


class Organisation(_Out):
    code: str
    name: str
    sector: str


class NewService(_Input):
    """A multi-agency service: consent given to it covers sharing within it (3.19)."""

    code: Code
    name: Name
    members: list[Code] = Field(
        min_length=1, max_length=MEMBERS, description="Its organisations, by code."
    )


class Service(_Out):
    code: str
    name: str
    members: list[str]


class NewPractitioner(_Input):
    code: Code
    name: Name
    role: Name


class Practitioner(_Out):
    organisation: str
    code: str
    name: str
    role: str


class NewPerson(_Input):
    reference: Code = Field(description="The organisation's own reference for them.")
    given_name: PersonName
    family_name: PersonName
    date_of_birth: Day | None = Field(
        None, description=f"In the past, and no more than {OLDEST} years ago."
    )


class Person(_Out):
    organisation: str
    reference: str
    given_name: str
    family_name: str
    date_of_birth: date | None


class PersonDetail(Person):
    """A person, with their newest decisions and consent records."""

    decisions: list[DecisionSummary] = Field(description="Newest first; see GET /decisions.")
    consents: list[ConsentEntry] = Field(description="Newest first; see GET /consents.")


class PeopleQuery(Paging):
    search: str | None = Field(
        None, max_length=SEARCH, description="Part of a name or a reference."
    )


class Health(BaseModel):
    status: Literal["ok"]
    version: str = Field(description="The version of sharewise serving.")
