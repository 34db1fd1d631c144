"""`POST /assessments`: facts in, the guidance's answer out. Nothing is stored."""

from __future__ import annotations

from fastapi import APIRouter

from sharewise.engine import Assessment, CaseFacts, assess

router = APIRouter(tags=["assessments"])


@router.post("/assessments", summary="Assess a case")
def assess_case(facts: CaseFacts) -> Assessment:
    """What the guidance says to do with these facts, and why, with the paragraphs each
    reason rests on. Every fact is optional: where one the decision needs is missing,
    the outcome is `incomplete` and `next_question` names what to ask."""
    return assess(facts)
