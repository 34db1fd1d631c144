"""The examples in the case-facts contract are accepted as written."""

from __future__ import annotations

import re

import pytest
import yaml

from sharewise import Assessment, CaseFacts, assess
from tests.conftest import ROOT

CONTRACT = ROOT.parent / "shared" / "spec" / "case-facts.md"


@pytest.fixture(scope="module")
def blocks() -> dict[str, list[str]]:
    if not CONTRACT.exists():
        pytest.fail(f"the contract is expected at {CONTRACT} (../shared beside the repo)")
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
