"""A second edition plugs in from its own package alone: tests/engine/editions/test_only,
the 2008 edition with capacity presumed from 17, not 16, registered through the engine's
hook. Nothing in sharewise names it."""

from __future__ import annotations

from typing import Any

import pytest

from sharewise.engine import assess, register_edition
from sharewise.engine.interview import next_interview_question, walk
from sharewise.guidance import EDITIONS
from tests.engine.editions.test_only import RULEBOOK

# A young person's own consent, informed, freely given and covering this sharing.
ANSWERS: dict[str, Any] = {
    "purpose": "Early help assessment",
    "recipient": "School nurse",
    "about": "child",
    "age": 16,
    "legal_duty": "none",
    "harm.child": "none",
    "harm.adult": "none",
    "harm.serious_crime": False,
    "emergency": False,
    "sensitive": False,
    "legitimate_purpose": True,
    "identifiable": True,
    "confidential": True,
    "consent.status": "given",
    "consent.given_by": "subject",
    "consent.informed": True,
    "consent.freely_given": True,
    "consent.covers_this_sharing": True,
}
FACTS = walk(ANSWERS).facts


@pytest.fixture(autouse=True, scope="module")
def _registered() -> None:
    register_edition(RULEBOOK)


def test_nothing_outside_its_package_names_it() -> None:
    assert RULEBOOK.edition == "test-only" and "test-only" not in EDITIONS


def test_a_16_year_olds_own_consent_counts_under_2008_but_not_under_the_test_edition() -> None:
    under_2008 = assess(FACTS)
    under_test = assess(FACTS, edition="test-only")
    assert (under_2008.outcome, under_2008.guidance_edition) == ("share", "2008")
    assert "At 16 and over a person is presumed able to decide" in " ".join(under_2008.reasons)
    # No presumption at 16: whether they can decide must be asked (3.23, 3.24).
    assert (under_test.outcome, under_test.next_question) == ("incomplete", "competent_to_consent")
    assert under_test.guidance_edition == "test-only"


def test_at_17_both_presume_capacity_each_from_its_own_age() -> None:
    facts = {**FACTS, "age": 17}
    said = {edition: assess(facts, edition) for edition in ("2008", "test-only")}
    assert {assessment.outcome for assessment in said.values()} == {"share"}
    assert "At 16 and over" in " ".join(said["2008"].reasons)
    assert "At 17 and over" in " ".join(said["test-only"].reasons)


def test_the_interview_asks_what_the_edition_needs() -> None:
    """Asked whether a 16-year-old can decide, the practitioner skipped it: 2008 presumes
    they can, so nothing more is asked; the test edition cannot, so it asks again."""
    asked = [*ANSWERS, "competent_to_consent"]
    assert next_interview_question(FACTS, asked) is None
    question = next_interview_question(FACTS, asked, edition="test-only")
    assert question is not None and question.fact == "competent_to_consent"
    answered = walk({**ANSWERS, "competent_to_consent": True}, edition="test-only")
    assert answered.next is None
    assert assess(answered.facts, edition="test-only").outcome == "share"
