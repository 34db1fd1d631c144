"""`GET /guidance/{ref}`: what the engine cites, and what the questions point to."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from sharewise.api.errors import NotFound, problems
from sharewise.engine import GUIDANCE_EDITION
from sharewise.faces.dependencies import PUBLIC
from sharewise.guidance import CITABLE, UnknownCitation, load_edition

router = APIRouter(tags=["guidance"], dependencies=[PUBLIC])


class GuidanceEntry(BaseModel):
    """A paragraph, golden rule, key question, note or glossary term, in brief."""

    ref: str = Field(
        description="Its name in the guidance: 3.42, GR3, Q4, flowchart, or a glossary "
        "term's id (serious-harm)."
    )
    kind: Literal["paragraph", "golden_rule", "key_question", "note", "term"]
    title: str
    summary: str = Field(description="What it says, in brief; a term's definition.")
    context: str = Field(
        description="Where it sits: a paragraph's section and heading, or 'Glossary'."
    )
    paragraphs: list[str] = Field(
        description="The paragraphs a golden rule, key question or term points to; "
        "empty for a paragraph or a note."
    )


@router.get("/guidance/{ref}", summary="Read the guidance", responses=problems(404))
def read_guidance(ref: str) -> GuidanceEntry:
    """A paragraph (3.42), a golden rule (GR3), a key question (Q4), the flowchart's
    note (flowchart), or a glossary term, by its id (serious-harm) or its words
    (serious harm)."""
    edition = load_edition(GUIDANCE_EDITION)
    try:
        cited = edition.cite(ref)
    except UnknownCitation:
        term = edition.term(ref)
        if term is None:
            terms = ", ".join(edition.glossary)
            raise NotFound(
                "ref",
                f"nothing in the guidance is called {ref!r}",
                f"{CITABLE}; or a glossary term: {terms}",
            ) from None
        return GuidanceEntry(
            ref=term.id,
            kind="term",
            title=term.term,
            summary=term.definition,
            context="Glossary",
            paragraphs=term.paragraphs,
        )
    expanded = edition.golden_rules.get(cited.ref) or edition.key_questions.get(cited.ref)
    return GuidanceEntry(**cited.model_dump(), paragraphs=expanded.paragraphs if expanded else [])
