"""What a protocol records, and what may change of it. Its status is one of four:

- draft: being written, not yet signed off; it covers nothing;
- active: signed off and in force: the only status that covers sharing;
- review: under review, being revised: it covers nothing until active again;
- ended: expired or withdrawn; kept, with its history, but covering nothing.

A protocol is never a condition of sharing (4.11-4.13): it only says, where one is in
force, what the parties agreed for regular or bulk sharing (4.10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from sharewise.engine.limits import AtMost
from sharewise.register.schemas import BriefWords, Code, Day, Input, NameWords, Words, needs

Status = Literal["draft", "active", "review", "ended"]
STATUSES: dict[str, str] = {
    "draft": "Draft",
    "active": "Active",
    "review": "Under review",
    "ended": "Ended",
}
PARTIES = 20  # the organisations and services one protocol names
ITEMS = 50  # the data items one protocol lists
SIGNATORIES = 20


class Signatory(Input):
    """Who signed the protocol off, for which of its parties."""

    name: NameWords
    role: NameWords
    organisation: Code = Field(description="The party they signed for: its code.")


class ProtocolInput(Input):
    """A protocol as the information governance lead records it, whole."""

    title: NameWords
    status: Status = Field(
        description="draft, active (in force: the only status that covers sharing), "
        "review (under review), ended."
    )
    parties: Annotated[list[Code], AtMost(PARTIES)] = Field(
        json_schema_extra={"minItems": 2},
        description="The organisations and multi-agency services that agreed it, by "
        "code: two or more, the recording organisation among them.",
    )
    purpose: Words = Field(description="What the sharing is for.")
    data_items: Annotated[list[BriefWords], Field(min_length=1), AtMost(ITEMS)] = Field(
        description="The items of information shared, each in a few words."
    )
    legal_basis: Words
    retention: Words = Field(description="How long what is shared is kept, and then what.")
    security: Words = Field(description="How it is sent and kept safe.")
    signatories: Annotated[list[Signatory], AtMost(SIGNATORIES)] = Field(
        default_factory=list, description="Who signed it off; one at least once active."
    )
    signed_on: Day | None = Field(
        default=None, description="The day it was signed off: not in the future."
    )
    review_on: Day = Field(description="The day to review it by: after the sign-off.")

    @field_validator("parties")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        allowed = {"allowed": "two or more codes of organisations or services, each once"}
        if len(value) < 2:
            raise PydanticCustomError(
                "parties", "names fewer than two: a protocol is agreed between two or more", allowed
            )
        if len(set(value)) != len(value):
            raise PydanticCustomError("parties", "names a party more than once", allowed)
        return value

    @field_validator("signed_on")
    @classmethod
    def _not_ahead(cls, value: date | None) -> date | None:
        if value is not None and value > date.today():
            raise ValueError("is in the future: a sign-off is a day up to today")
        return value

    @model_validator(mode="after")
    def _agree(self) -> ProtocolInput:
        if self.signed_on and self.review_on <= self.signed_on:
            raise needs(
                "review_on",
                "is not after the day it was signed off",
                f"a day after {self.signed_on.isoformat()}",
            )
        if self.status != "draft" and not (self.signed_on and self.signatories):
            field = "signed_on" if not self.signed_on else "signatories"
            raise needs(
                field,
                f"is missing: a protocol that is {STATUSES[self.status].lower()} was signed off",
                "the day it was signed off and who signed it; or the status draft",
            )
        for n, signatory in enumerate(self.signatories):
            if signatory.organisation not in self.parties:
                raise needs(
                    f"signatories[{n}].organisation",
                    f"{signatory.organisation!r} is not one of the parties",
                    "the code of one of the parties: " + ", ".join(self.parties),
                )
        return self


class ProtocolChange(Input):
    """What changes of a protocol: the fields given, each as in `ProtocolInput`; those
    not given stay as they are. The whole is then checked again, as a new version."""

    title: NameWords | None = None
    status: Status | None = None
    parties: Annotated[list[Code], AtMost(PARTIES)] | None = None
    purpose: Words | None = None
    data_items: Annotated[list[BriefWords], AtMost(ITEMS)] | None = None
    legal_basis: Words | None = None
    retention: Words | None = None
    security: Words | None = None
    signatories: Annotated[list[Signatory], AtMost(SIGNATORIES)] | None = None
    signed_on: Day | None = None
    review_on: Day | None = None


@dataclass(frozen=True)
class SharingProtocol:
    """A protocol as it stands (its newest version), or as it stood at a version."""

    id: int
    organisation: str  # whose register keeps it: its information governance lead's
    version: int
    title: str
    status: Status
    parties: tuple[str, ...]
    purpose: str
    data_items: tuple[str, ...]
    legal_basis: str
    retention: str
    security: str
    signatories: tuple[Signatory, ...]
    signed_on: date | None
    review_on: date
    changed_by: str
    changed_at: datetime
    note: str

    @property
    def in_force(self) -> bool:
        return self.status == "active"

    def reminder(self, today: date, within_days: int) -> Literal["due", "overdue"] | None:
        """Whether its review is due (within `within_days`) or overdue; never for a draft
        or an ended protocol, which nobody relies on."""
        if self.status in ("draft", "ended"):
            return None
        if self.review_on < today:
            return "overdue"
        return "due" if (self.review_on - today).days <= within_days else None

    def as_input(self) -> dict[str, object]:
        """What was given, to change some of it and give it again."""
        return {
            "title": self.title, "status": self.status, "parties": list(self.parties),
            "purpose": self.purpose, "data_items": list(self.data_items),
            "legal_basis": self.legal_basis, "retention": self.retention,
            "security": self.security,
            "signatories": [s.model_dump() for s in self.signatories],
            "signed_on": self.signed_on, "review_on": self.review_on,
        }  # fmt: skip
