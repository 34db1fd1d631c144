"""The guidance's invariants, over any facts the contract allows."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sharewise import Assessment, CaseFacts, assess
from sharewise.engine.assessment import SHARING_OUTCOMES
from sharewise.engine.interview import with_fact
from sharewise.guidance import load_edition
from tests.engine.strategies import case_facts


@given(case_facts())
def test_no_legitimate_purpose_never_shares_without_a_legal_duty(facts: dict[str, Any]) -> None:
    assessment = assess(facts)
    if facts.get("legitimate_purpose") is False and assessment.outcome in SHARING_OUTCOMES:
        assert facts.get("legal_duty") in ("statutory_duty", "court_order")
        assert assessment.outcome == "must_share"


@given(case_facts())
def test_a_legal_duty_must_be_shared_unless_the_order_is_challenged(facts: dict[str, Any]) -> None:
    outcome = assess(facts).outcome
    duty = facts.get("legal_duty", "none")
    challenged = facts.get("court_order_challenged", False)
    if duty == "statutory_duty" or (duty == "court_order" and challenged is False):
        assert outcome == "must_share"
    elif duty == "court_order":
        assert outcome == "seek_advice"
    else:
        assert outcome != "must_share"


@given(case_facts())
def test_urgent_exactly_when_there_is_reasonable_cause(facts: dict[str, Any]) -> None:
    harm = facts.get("harm", {})
    expected = "reasonable_cause" in (harm.get("child"), harm.get("adult"))
    assert assess(facts).urgent_safeguarding is expected


@given(case_facts())
def test_every_answer_cites_the_guidance(facts: dict[str, Any]) -> None:
    assessment = assess(facts)
    edition = load_edition()
    if assessment.outcome != "incomplete":
        assert assessment.citations
        assert assessment.reasons
        assert any("3.50" in item.citations for item in assessment.checklist)
    for ref in assessment.citations:
        edition.cite(ref)
    for item in (*assessment.steps, *assessment.checklist):
        assert item.citations, item


@given(case_facts())
def test_incomplete_exactly_when_a_question_is_named(facts: dict[str, Any]) -> None:
    assessment = assess(facts)
    assert (assessment.outcome == "incomplete") is (assessment.next_question is not None)
    if assessment.outcome not in SHARING_OUTCOMES:
        assert assessment.inform_subject == "not_applicable"


@given(case_facts(), st.data())
def test_answering_the_next_question_never_asks_it_again(
    facts: dict[str, Any], data: st.DataObject
) -> None:
    first = assess(facts)
    if first.next_question is None:
        return
    question = load_edition().question(first.next_question)
    if question.kind == "multiple":
        value: Any = data.draw(
            st.lists(st.sampled_from([a.value for a in question.answers]), unique=True)
        )
    else:
        value = data.draw(st.sampled_from([a.value for a in question.answers]))
    answered = with_fact(facts, first.next_question, value)
    assert assess(answered).next_question != first.next_question


@given(case_facts())
def test_facts_and_assessment_round_trip_through_json(facts: dict[str, Any]) -> None:
    assessment = assess(facts)
    assert assess(json.loads(json.dumps(facts))) == assessment
    assert assess(CaseFacts.model_validate_json(json.dumps(facts))) == assessment
    assert Assessment.model_validate_json(assessment.model_dump_json()) == assessment
    dumped = CaseFacts.model_validate(facts).model_dump(exclude_none=True)
    assert assess(dumped) == assessment
