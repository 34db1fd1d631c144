"""Every scenario under scenarios/ is replayed through the engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from sharewise import assess
from sharewise.engine.assessment import OUTCOMES, InformSubject, Outcome
from sharewise.guidance import load_edition
from tests.conftest import SCENARIOS, load_scenario


class Expected(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    outcome: Outcome
    urgent_safeguarding: bool
    inform_subject: InformSubject
    next_question: str | None
    citations_include: list[str] = []
    citations_exclude: list[str] = []  # paragraphs that would not fit this person


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: str
    summary: str
    paragraphs: list[str]
    facts: dict[str, object]
    expected: Expected


def _scenario(path: Path) -> Scenario:
    return Scenario.model_validate(load_scenario(path))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_scenario(path: Path) -> None:
    scenario = _scenario(path)
    assessment = assess(scenario.facts)
    expected = scenario.expected
    assert {
        "outcome": assessment.outcome,
        "urgent_safeguarding": assessment.urgent_safeguarding,
        "inform_subject": assessment.inform_subject,
        "next_question": assessment.next_question,
    } == expected.model_dump(exclude={"citations_include", "citations_exclude"}), assessment.reasons
    missing = [c for c in expected.citations_include if c not in assessment.citations]
    assert not missing, f"not cited: {missing}; cited {assessment.citations}"
    stray = [c for c in expected.citations_exclude if c in assessment.citations]
    assert not stray, f"cited, but does not fit: {stray}"
    edition = load_edition()
    for ref in scenario.paragraphs:
        edition.cite(ref)


def test_there_are_enough_scenarios() -> None:
    assert len(SCENARIOS) >= 40


def test_scenarios_cover_every_outcome_and_question() -> None:
    scenarios = [_scenario(path) for path in SCENARIOS]
    outcomes = {s.expected.outcome for s in scenarios}
    assert outcomes == set(OUTCOMES)
    asked = {s.expected.next_question for s in scenarios} - {None}
    assert asked >= {
        "legitimate_purpose",
        "identifiable",
        "confidential",
        "consent.status",
        "competent_to_consent",
        "consent_unsafe",
        "harm.child",
        "harm.self_only",
        "public_interest",
    }
    reasons: set[object] = set()
    for s in scenarios:
        reasons.update(s.facts.get("consent_unsafe") or [])
    assert reasons == {
        "increase_risk_of_harm",
        "prejudice_serious_crime",
        "cause_unjustified_delay",
    }


def test_the_guidance_examples_are_among_the_scenarios() -> None:
    cited = {ref for path in SCENARIOS for ref in _scenario(path).paragraphs}
    assert {"1.12", "1.15", "3.12", "3.19", "3.27", "3.7", "1.21"} <= cited
