"""The guidance data is whole, consistent, in our own words, and behind every citation."""

from __future__ import annotations

import ast
import re

import pytest

from sharewise.engine.facts import CaseFacts
from sharewise.guidance import CITATION, UnknownCitation, load_edition
from tests.conftest import ROOT

EDITION = load_edition()
PARAGRAPH_RANGES = {"1": 21, "3": 51, "4": 13}


def test_every_numbered_paragraph_is_there_once() -> None:
    expected = [f"{s}.{n}" for s, last in PARAGRAPH_RANGES.items() for n in range(1, last + 1)]
    assert sorted(EDITION.paragraphs, key=_order) == expected


def _order(number: str) -> tuple[int, int]:
    section, _, paragraph = number.partition(".")
    return int(section), int(paragraph)


def test_seven_golden_rules_and_seven_questions() -> None:
    assert list(EDITION.golden_rules) == [f"GR{n}" for n in range(1, 8)]
    assert list(EDITION.key_questions) == [f"Q{n}" for n in range(1, 8)]
    assert "flowchart" in EDITION.notes


def test_every_reference_in_the_data_resolves() -> None:
    refs = [
        *(p for rule in EDITION.golden_rules.values() for p in rule.paragraphs),
        *(p for question in EDITION.key_questions.values() for p in question.paragraphs),
        *(p for term in EDITION.glossary.values() for p in term.paragraphs),
        *(p for question in EDITION.questions.values() for p in question.paragraphs),
    ]
    assert refs
    for ref in refs:
        EDITION.cite(ref)


def _engine_citations() -> set[str]:
    """Every string literal in the engine that has the shape of a citation."""
    found = set()
    for path in (ROOT / "src" / "sharewise" / "engine").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CITATION.match(node.value)
            ):
                found.add(node.value)
    return found


def test_every_citation_the_engine_can_make_resolves() -> None:
    citations = _engine_citations()
    assert len(citations) > 30
    for ref in citations:
        EDITION.cite(ref)


def test_an_unknown_citation_is_refused() -> None:
    with pytest.raises(UnknownCitation, match=r"3\.99"):
        EDITION.cite("3.99")


def _leaf_facts(schema: dict, root: dict, prefix: str = "") -> dict[str, dict]:
    leaves = {}
    for name, node in schema["properties"].items():
        options = [o for o in node.get("anyOf", [node]) if o.get("type") != "null"]
        target = options[0]
        if "$ref" in target:
            target = root["$defs"][target["$ref"].rsplit("/", 1)[-1]]
        if options == [{"type": "boolean"}, {"const": "unsure", "type": "string"}]:
            target = {"enum": [True, False, "unsure"]}
        if "properties" in target:
            leaves |= _leaf_facts(target, root, f"{prefix}{name}.")
        else:
            leaves[f"{prefix}{name}"] = target
    return leaves


def test_every_fact_has_exactly_one_question_with_the_allowed_answers() -> None:
    schema = CaseFacts.model_json_schema()
    leaves = _leaf_facts(schema, schema)
    assert set(EDITION.questions) == set(leaves)
    for fact, allowed in leaves.items():
        question = EDITION.questions[fact]
        # The order of the answers is the question's to choose; the set is the contract's.
        # "I do not know" (None) leaves an optional fact out; only an opening question,
        # which the flow asks before the engine needs it, offers it.
        values = sorted(repr(a.value) for a in question.answers if a.value is not None)
        if len(values) < len(question.answers):
            assert question.opening, fact
        if "enum" in allowed:
            assert values == sorted(map(repr, allowed["enum"])), fact
        elif allowed.get("type") == "array":
            assert question.kind == "multiple"
            assert values == sorted(map(repr, allowed["items"]["enum"])), fact
        elif allowed.get("type") == "boolean":
            assert values == ["False", "True"], fact
        else:
            assert question.kind in ("number", "text") and not values, fact
        assert question.question.endswith("?"), fact
        assert question.hint and question.paragraphs, fact


def test_follow_up_questions_name_real_facts_and_values() -> None:
    for question in EDITION.questions.values():
        for fact, values in question.ask_when.items():
            asked = EDITION.questions[fact]
            assert set(values) <= {answer.value for answer in asked.answers}, question.fact


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


WINDOW = 10  # ten words in a row, taken from the guidance, is a pasted sentence


def test_nothing_pastes_the_guidance(guidance_text: str) -> None:
    words = _words(guidance_text)
    shingles = {tuple(words[i : i + WINDOW]) for i in range(len(words) - WINDOW + 1)}
    ours = [
        *(ROOT / "src" / "sharewise").rglob("*.yaml"),
        *(ROOT / "src" / "sharewise").rglob("*.py"),
        *(ROOT / "scenarios").glob("*.yaml"),
        *(ROOT / "docs").glob("*.md"),
        ROOT / "README.md",
    ]
    pasted = {}
    for path in ours:
        text = _words(path.read_text(encoding="utf-8"))
        for i in range(len(text) - WINDOW + 1):
            if tuple(text[i : i + WINDOW]) in shingles:
                pasted[str(path.relative_to(ROOT))] = " ".join(text[i : i + WINDOW])
                break
    assert not pasted, pasted


def test_editions_other_than_2008_are_refused() -> None:
    with pytest.raises(LookupError, match="2008"):
        load_edition("2030")


def test_the_2008_ages_are_the_ones_its_text_gives() -> None:
    ages = EDITION.parameters
    child = EDITION.term("child")
    assert child is not None and f"under {ages.adult_age}," in child.definition
    assert f"aged {ages.presumed_competent_age} or over" in EDITION.paragraphs["3.30"].summary
