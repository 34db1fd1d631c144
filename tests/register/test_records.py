"""A decision record's body reads its facts under the edition that assessed them: an
edition whose ages differ from 2008's still reads back."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sharewise.engine import assess, register_edition, rulebook
from sharewise.register.decisions.records import DecisionRecord, decision_record
from sharewise.register.decisions.schemas import PractitionerDecision
from tests.engine.editions import like_2008

EDITION = "adult-at-16"


def _edition() -> str:
    try:
        rulebook(EDITION)
    except LookupError:
        register_edition(like_2008(EDITION, adult_age=16))
    return EDITION


def test_a_record_reads_its_facts_under_its_own_edition() -> None:
    edition = _edition()
    facts = rulebook(edition).facts.model_validate(
        {"about": "adult", "age": 16, "legitimate_purpose": False}
    )
    record = decision_record(
        organisation="council",
        practitioner="jo",
        person=None,
        recipient=None,
        facts=facts,
        assessment=assess(facts, edition=edition),
        decision=PractitionerDecision(share=False, reasons="No purpose was given."),
    )
    stored = record.stored()
    read = DecisionRecord.model_validate_json(stored)
    assert read.facts.age == 16 and read.assessment.guidance_edition == edition
    assert read.stored() == stored
    # Under 2008's ages the same facts are refused: 16 is a child's age there.
    as_2008 = stored.replace(f'"guidance_edition":"{edition}"', '"guidance_edition":"2008"')
    with pytest.raises(ValidationError, match="not allowed for an adult"):
        DecisionRecord.model_validate_json(as_2008)
