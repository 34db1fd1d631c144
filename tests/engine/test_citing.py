"""Every citation fits the sentence it is attached to, for this person.

The engine's sentences, the question file and every template cite only what their kind
declares in `sharewise.engine.citing`, and only for the people that kind applies to.
Every edition's package is covered: the built-in ones, and those for tests only
(tests/engine/editions/), each under its own facts model and resolved in its own text."""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from sharewise.engine import Rulebook, assess, register_edition, rulebook
from sharewise.engine.assessment import Assessment
from sharewise.engine.citing import KINDS, QUESTION_MAY_CITE, band
from sharewise.engine.facts import CaseFacts
from sharewise.engine.interview import with_fact
from sharewise.guidance import EDITIONS
from tests.conftest import SCENARIOS, load_scenario
from tests.engine import editions as test_editions
from tests.engine.strategies import case_facts


def _test_editions() -> list[Rulebook]:
    found = pkgutil.iter_modules(test_editions.__path__, f"{test_editions.__name__}.")
    rulebooks = [importlib.import_module(module.name).RULEBOOK for module in found]
    for rules in rulebooks:
        register_edition(rules)  # assessed by its name, as every edition is
    return rulebooks


RULEBOOKS = [rulebook(edition) for edition in EDITIONS] + _test_editions()
every_edition = pytest.mark.parametrize("rules", RULEBOOKS, ids=lambda rules: rules.edition)
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "sharewise" / "web" / "templates"
# A citation written into a page by hand: "(3.47)", "3.38 to 3.41", "golden rule 6", "Q4".
BY_HAND = re.compile(
    r"\(\s*[1-4]\.\d{1,2}\b|\b[1-4]\.\d{1,2}\s+to\b|golden rule \d|\bGR\d\b|\bQ[1-7]\b"
)
CITE_CALL = re.compile(r"""cite\(\s*["']([^"']+)["']\s*\)""")


def fits(facts: CaseFacts, assessment: Assessment) -> list[str]:
    """What in the assessment cites outside its kind, or for the wrong person."""
    whom = band(facts)
    wrong = []
    for said, text in itertools.chain(
        ((step, step.reason) for step in assessment.steps),
        ((action, action.action) for action in assessment.checklist),
    ):
        kind = KINDS.get(said.kind or "")
        if kind is None:
            wrong.append(f"{text!r} has no declared kind ({said.kind})")
            continue
        if whom not in kind.applies_to:
            wrong.append(f"{said.kind} is said for someone who is {whom}: {text!r}")
        stray = set(said.citations) - set(kind.may_cite)
        if stray:
            wrong.append(f"{said.kind} cites {sorted(stray)}: {text!r}")
    return wrong


def check(rules: Rulebook, facts: dict[str, Any]) -> None:
    parsed = rules.facts.model_validate(facts)
    assessment = assess(parsed, rules.edition)
    assert not fits(parsed, assessment), (facts, fits(parsed, assessment))
    for ref in assessment.citations:
        rules.guidance.cite(ref)


@every_edition
def test_every_declared_citation_is_in_the_guidance(rules: Rulebook) -> None:
    for kind in KINDS.values():
        assert kind.may_cite
        for ref in kind.may_cite:
            rules.guidance.cite(ref)


@every_edition
def test_every_scenario_cites_within_its_kinds(rules: Rulebook) -> None:
    for path in SCENARIOS:
        check(rules, load_scenario(path)["facts"])


@every_edition
@given(facts=case_facts())
def test_any_case_cites_within_its_kinds(rules: Rulebook, facts: dict[str, Any]) -> None:
    check(rules, facts)


# Whom the case is about, and what it turns on: every path the engine's questions open.
PEOPLE = [{}, {"age": 9}, {"age": 16}, {"about": "child"}, {"about": "adult"}, {"age": 82}]
HARM = ("none", "unsure", "reasonable_cause")
GROUNDS = [
    {"harm": {"child": child, "adult": adult, "serious_crime": crime}}
    for child, adult, crime in itertools.product(HARM, HARM, (False, "unsure", True))
]
VALUES: dict[str, list[Any]] = {
    "consent_unsafe": [[], ["increase_risk_of_harm"]],
    "about": ["child", "adult"],
}


def _every_path(rules: Rulebook, facts: dict[str, Any]) -> int:
    """Answer each question the engine asks with every answer it allows, to the end."""
    check(rules, facts)
    asked = assess(facts, rules.edition).next_question
    if asked is None:
        return 1
    answers = VALUES.get(asked) or [a.value for a in rules.guidance.questions[asked].answers]
    return sum(_every_path(rules, with_fact(facts, asked, answer)) for answer in answers)


@every_edition
def test_every_path_of_the_questions_cites_within_its_kinds(rules: Rulebook) -> None:
    paths = 0
    for person, grounds, given_by in itertools.product(
        PEOPLE, GROUNDS, ("subject", "parent", "best_interests")
    ):
        paths += _every_path(rules, {**person, **grounds, "consent": {"given_by": given_by}})
    assert paths > 10_000  # the walk reached every branch, not a few


@every_edition
def test_the_question_file_cites_within_each_question(rules: Rulebook) -> None:
    questions = rules.guidance.questions
    for fact, question in questions.items():
        declared = QUESTION_MAY_CITE[fact]
        assert question.paragraphs, fact
        stray = set(question.paragraphs) - set(declared)
        assert not stray, f"{fact} cites {sorted(stray)}, outside {declared}"
    assert set(QUESTION_MAY_CITE) == set(questions)


def test_templates_cite_only_through_their_declared_kinds() -> None:
    used = set()
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        by_hand = BY_HAND.findall(text)
        assert not by_hand, f"{template.name} cites by hand: {by_hand}; use cite(kind)"
        for kind in CITE_CALL.findall(text):
            assert kind in KINDS and kind.startswith("page."), f"{template.name}: {kind}"
            used.add(kind)
    unused = {kind for kind in KINDS if kind.startswith("page.")} - used
    assert not unused, f"declared for pages, cited by none: {unused}"
