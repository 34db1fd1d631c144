"""The examples in the case-facts contract are accepted as written. The project keeps its
own copy of the contract (docs/case-facts.md), kept identical to the specification's."""

from __future__ import annotations

import re

import pytest
import yaml

from sharewise import Assessment, CaseFacts, assess
from tests.conftest import ROOT, SPEC

CONTRACT = ROOT / "docs" / "case-facts.md"
SPECIFIED = SPEC / "case-facts.md"


def test_the_contract_is_the_specified_one() -> None:
    if not SPECIFIED.exists():
        pytest.skip(f"no specification beside this clone ({SPECIFIED})")
    assert CONTRACT.read_text(encoding="utf-8") == SPECIFIED.read_text(encoding="utf-8"), (
        f"the contract has changed: diff {SPECIFIED} {CONTRACT}, follow it, then copy it"
    )


@pytest.fixture(scope="module")
def blocks() -> dict[str, list[str]]:
    text = CONTRACT.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for language, body in re.findall(r"```(\w+)\n(.*?)```", text, flags=re.DOTALL):
        found.setdefault(language, []).append(body)
    return found


def test_the_facts_example_is_accepted_and_assessed(blocks: dict[str, list[str]]) -> None:
    (example,) = blocks["yaml"]
    facts = CaseFacts.model_validate(yaml.safe_load(example))
    assert facts.harm.child == "none" and facts.consent_unsafe == []
    assessment = assess(facts)
    # A 15-year-old's consent was not sought and nothing makes asking unsafe.
    assert assessment.outcome == "seek_consent"


def test_the_assessment_example_is_accepted(blocks: dict[str, list[str]]) -> None:
    (example,) = blocks["json"]
    assessment = Assessment.model_validate_json(example)
    assert assessment.outcome == "share_without_consent"
    assert assessment.citations == ["1.10", "3.36", "3.42", "3.47"]
