"""The organisation's information sharing framework (4.7-4.8): its code of practice,
procedures and privacy notices, every version of them; and its designated advisors,
with those serving the whole area (4.3-4.4). Anyone signed in reads them; the
information governance lead publishes a version and designates an advisor."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.faces.dependencies import Governor, RegisterDep, SignedIn
from sharewise.register.accounts.schemas import Username
from sharewise.register.errors import validated
from sharewise.register.governance.queries import Shelf
from sharewise.register.governance.schemas import (
    Advisor,
    Designation,
    Document,
    DocumentVersion,
    Kind,
    Text,
)
from sharewise.register.principal import Principal
from sharewise.register.schemas import BriefWords, Code, Day, NameWords

router = APIRouter(
    prefix="/governance",
    tags=["governance"],
    dependencies=[WITH_TOKEN],
    responses=problems(401, 403),
)

DocumentId = Annotated[int, Path(ge=1, description="The id of one version of a document.")]
DesignationId = Annotated[int, Path(ge=1, description="The id of a designation.")]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NewVersion(_Body):
    """A new version of a document: the old ones stay as they were, readable."""

    kind: Kind = Field(description="code-of-practice, procedures or privacy-notice.")
    service: Code | None = Field(
        None, description="A privacy notice's multi-agency service, if not the organisation's."
    )
    title: NameWords
    body: Text = Field(description="The text: paragraphs separated by a blank line.")
    effective_from: Day = Field(description="The day it comes into force.")


class VersionSummary(BaseModel):
    id: int
    kind: str
    service: str | None
    version: int
    title: str
    effective_from: date
    published_at: str
    published_by: str

    @classmethod
    def of(cls, found: Document) -> VersionSummary:
        return cls(
            **{k: getattr(found, k) for k in cls.model_fields if k != "published_at"},
            published_at=found.published_at.isoformat(),
        )


class VersionRead(VersionSummary):
    body: str

    @classmethod
    def of(cls, found: Document) -> VersionRead:
        return cls(**VersionSummary.of(found).model_dump(), body=found.body)


class FrameworkDocument(BaseModel):
    """A document of the framework: the version in force today, if any has come into
    force, and every version, newest first."""

    kind: str
    service: str | None
    current: VersionSummary | None
    versions: list[VersionSummary]

    @classmethod
    def of(cls, shelf: Shelf) -> FrameworkDocument:
        return cls(
            kind=shelf.kind,
            service=shelf.service,
            current=VersionSummary.of(shelf.current) if shelf.current else None,
            versions=[VersionSummary.of(v) for v in shelf.versions],
        )


class NewDesignation(_Body):
    advisor: Username = Field(description="The username of an advisor of your organisation.")
    area: NameWords = Field(description="What to ask them about: 'Children's safeguarding'.")
    contact: BriefWords = Field(description="How to reach them, in words.")
    whole_area: bool = Field(False, description="They serve the whole area (4.4).")
    from_date: Day
    until: Day | None = None


class AdvisorsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    every: bool = Field(False, description="Each designation ever made, not today's.")


class Ending(_Body):
    until: Day = Field(description="Their last day as a designated advisor.")


class DesignatedAdvisor(BaseModel):
    id: int
    organisation: str
    organisation_name: str
    username: str
    who: str | None = Field(description="Their name and role; null once no longer an advisor.")
    area: str
    contact: str
    whole_area: bool
    from_date: date
    until: date | None

    @classmethod
    def of(cls, found: Advisor) -> DesignatedAdvisor:
        return cls(**{k: getattr(found, k) for k in cls.model_fields})


def _me(principal: Principal) -> str:
    return principal.user or principal.name


@router.get("/documents", summary="Your organisation's information sharing framework")
def framework(register: RegisterDep, principal: SignedIn) -> list[FrameworkDocument]:
    """Each document, with the version in force today. None published: an empty list."""
    return [FrameworkDocument.of(s) for s in register.framework(principal.organisation)]


@router.get(
    "/documents/{document_id}", summary="Read one version of a document", responses=problems(404)
)
def read_version(
    document_id: DocumentId, register: RegisterDep, principal: SignedIn
) -> VersionRead:
    return VersionRead.of(register.document(principal.organisation, document_id))


@router.post(
    "/documents", status_code=201, summary="Publish a new version", responses=problems(422)
)
def publish(new: NewVersion, register: RegisterDep, principal: Governor) -> VersionRead:
    mine = {"organisation": principal.organisation, "published_by": _me(principal)}
    given = validated(DocumentVersion, {**new.model_dump(), **mine})
    return VersionRead.of(register.publish_document(given))


@router.get("/advisors", summary="Who to ask: your organisation's designated advisors")
def designated(
    query: Annotated[AdvisorsQuery, Query()], register: RegisterDep, principal: SignedIn
) -> list[DesignatedAdvisor]:
    """Those designated today, and other organisations' serving the whole area (4.4);
    with `every`, each designation of your organisation ever made."""
    found = register.designated_advisors(principal.organisation, every=query.every)
    return [DesignatedAdvisor.of(a) for a in found]


@router.post("/advisors", status_code=201, summary="Designate an advisor", responses=problems(422))
def designate(new: NewDesignation, register: RegisterDep, principal: Governor) -> DesignatedAdvisor:
    mine = {"organisation": principal.organisation, "named_by": _me(principal)}
    given = validated(Designation, {**new.model_dump(), **mine})
    return DesignatedAdvisor.of(register.designate_advisor(given))


@router.post(
    "/advisors/{designation_id}/end",
    summary="End a designation",
    responses=problems(404, 422),
)
def end(
    designation_id: DesignationId, ending: Ending, register: RegisterDep, principal: Governor
) -> DesignatedAdvisor:
    found = register.end_designation(principal.organisation, designation_id, ending.until)
    return DesignatedAdvisor.of(found)
