"""`POST /assessments`: facts in, the guidance's answer out. Nothing is stored."""

from __future__ import annotations

from fastapi import APIRouter

from sharewise.engine import Assessment, CaseFacts, assess
from sharewise.faces.dependencies import PUBLIC

router = APIRouter(tags=["assessments"], dependencies=[PUBLIC])


@router.post("/assessments", summary="Assess a case")
async def assess_case(facts: CaseFacts) -> Assessment:
    """What the guidance says to do with these facts, and why, with the paragraphs each
    reason rests on. Every fact is optional: where one the decision needs is missing,
    the outcome is `incomplete` and `next_question` names what to ask."""
    # On the event loop: an assessment is some microseconds of pure work, less than the
    # hops to a worker thread and back that a plain function costs.
    return assess(facts)
