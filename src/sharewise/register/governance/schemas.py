"""What the information governance lead hands the register: a new version of a
document of the framework, and an advisor designated for an area of practice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from sharewise.engine.limits import DOCUMENT, AtMost
from sharewise.register.accounts.schemas import Username
from sharewise.register.schemas import BriefWords, Code, Day, Input, NameWords, needs

KINDS = {
    "code-of-practice": "Information sharing code of practice",
    "procedures": "Information sharing procedures",
    "privacy-notice": "Privacy notice",
}
"""The kinds of document, each as a page names it (4.7-4.8)."""

Kind = Literal["code-of-practice", "procedures", "privacy-notice"]


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must say something in words, not be blank")
    if "\x00" in value:  # PostgreSQL can neither store nor search it
        raise ValueError("has a character that is not allowed (a NUL): type it again")
    return value.strip().replace("\r\n", "\n")


Text = Annotated[str, AfterValidator(_text), AtMost(DOCUMENT)]


class DocumentVersion(Input):
    """A new version of one of the organisation's documents, in force from a day."""

    organisation: Code
    kind: Kind = Field(description="code-of-practice, procedures or privacy-notice.")
    service: Code | None = Field(
        None,
        description="For a privacy notice of a multi-agency service the organisation is a "
        "member of: the service's code. None: the organisation's own.",
    )
    title: NameWords
    body: Text = Field(description="The text: paragraphs separated by a blank line.")
    effective_from: Day = Field(description="The day this version comes into force.")
    published_by: Username

    @model_validator(mode="after")
    def _service_notice(self) -> DocumentVersion:
        if self.service is not None and self.kind != "privacy-notice":
            raise needs(
                "service",
                "only a privacy notice is a service's",
                "no service, for a code of practice or procedures",
            )
        return self


class Designation(Input):
    """An advisor of the organisation, designated as a source of advice on an area."""

    organisation: Code
    advisor: Username = Field(description="The username of an advisor of the organisation.")
    area: NameWords = Field(description="What to ask them about: 'Children's safeguarding'.")
    contact: BriefWords = Field(description="How to reach them, in words.")
    whole_area: bool = Field(
        False, description="Whether they serve the whole area, smaller organisations too (4.4)."
    )
    from_date: Day
    until: Day | None = None
    named_by: Username

    @model_validator(mode="after")
    def _in_order(self) -> Designation:
        if self.until is not None and self.until < self.from_date:
            raise needs("until", "is before the day it starts", f"{self.from_date} or later")
        return self


@dataclass(frozen=True)
class Document:
    """One version of a document, as published."""

    id: int
    organisation: str
    kind: str
    service: str | None
    service_name: str | None
    version: int
    title: str
    body: str
    effective_from: date
    published_at: datetime
    published_by: str

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind]

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.body)


def paragraphs(text: str) -> list[str]:
    """A text's paragraphs, for a page to show each escaped in its own <p>."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


@dataclass(frozen=True)
class Advisor:
    """A designated advisor: who they are, what to ask them, how to reach them."""

    id: int
    organisation: str
    organisation_name: str
    username: str
    who: str | None  # their name and role; None once no longer an advisor
    area: str
    contact: str
    whole_area: bool
    from_date: date
    until: date | None
