"""Training on case examples: answered as a case's facts say, every library case scores
full marks and reaches the guidance's own outcome; answered otherwise, each difference
names the question, both answers and the steps of the guidance it bears on."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sharewise import assess
from sharewise.engine.interview import walk
from sharewise.engine.training import GIVEN_KINDS, case_answer, case_facts, compare
from sharewise.engine.training import given as told
from sharewise.guidance import load_edition
from sharewise.register.training.service import library
from tests.engine.test_interview import QUESTION_LIMIT, _answer

QUESTIONS = load_edition().questions
CASES = library()


def answered_as_the_case_says(facts: dict[str, Any]) -> dict[str, Any]:
    """The answers a trainee gives who answers every question as the case's facts say."""
    answers = told(facts)
    while (question := walk(answers).next) is not None:
        assert len(answers) < QUESTION_LIMIT
        answers[question.fact] = case_answer(facts, question)
    return answers


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_case_answered_as_its_facts_say_scores_full_marks(name: str) -> None:
    facts = CASES[name].facts
    answers = answered_as_the_case_says(facts)
    expected = assess(facts)
    scored = compare(facts, answers, expected.outcome)
    assert scored.asked > 0 and scored.matched == scored.asked and not scored.differences
    # Each answer is one its page offers: the case is answerable on the pages.
    for fact in walk(answers).path:
        question, value = QUESTIONS[fact], answers[fact]
        offered = [a.value for a in question.answers]
        if question.kind == "choice":
            assert value in offered or (value is None and None in offered), (fact, value)
        elif question.kind == "multiple":
            assert isinstance(value, list) and set(value) <= set(offered), (fact, value)
    assert scored.outcome_right and scored.guidance == expected
    # What the case leaves out is answered without changing what the guidance says.
    assert scored.on_your_answers.outcome == expected.outcome


def test_each_difference_names_both_answers_and_the_steps_it_bears_on() -> None:
    facts = CASES["q4-adult-gives-valid-consent"].facts
    answers = {**answered_as_the_case_says(facts), "consent.informed": False}
    answers = {fact: answers[fact] for fact in walk(answers).path}  # as the trainee went
    scored = compare(facts, answers, "seek_consent")
    assert not scored.outcome_right and scored.guidance.outcome == "share"
    (difference,) = scored.differences
    assert (difference.question.fact, difference.yours, difference.case) == (
        "consent.informed",
        False,
        True,
    )
    assert difference.steps and all(step.step == "Q4" for step in difference.steps)
    assert "3.18" in {ref for step in difference.steps for ref in step.citations}
    assert scored.matched == scored.asked - 1


def test_a_question_the_case_never_reaches_has_no_steps_but_the_question_s_own() -> None:
    facts = CASES["q1-no-legitimate-purpose-landlord-request"].facts
    answers = {**answered_as_the_case_says(facts), "legitimate_purpose": True}
    while (question := walk(answers).next) is not None:
        answers[question.fact] = case_answer(facts, question)
    scored = compare(facts, answers, "share")
    facts_differing = [d.question.fact for d in scored.differences]
    assert facts_differing[0] == "legitimate_purpose"
    assert all(d.steps == () for d in scored.differences if d.question.fact != "legitimate_purpose")


def test_a_case_s_facts_are_checked_as_the_guidance_s() -> None:
    with pytest.raises(ValueError, match="about"):
        case_facts({"about": "teenager"})


@given(st.sampled_from(sorted(CASES)), st.data())
def test_any_answers_compare_without_fault(name: str, data: st.DataObject) -> None:
    facts = CASES[name].facts
    answers = told(facts)
    while (question := walk(answers).next) is not None:
        assert len(answers) < QUESTION_LIMIT
        if question.fact in answers:  # asked again: "not known" where it is needed
            answers[question.fact] = case_answer(facts, question)
            if walk(answers).next == question:
                return
            continue
        answers[question.fact] = _answer(question, walk(answers).facts, data)
    decision = data.draw(st.sampled_from(["share", "do_not_share", "seek_consent"]))
    scored = compare(facts, answers, decision)
    judged = [f for f in walk(answers).path if QUESTIONS[f].kind not in GIVEN_KINDS]
    assert scored.asked == len(judged) and 0 <= scored.matched <= scored.asked
    assert scored.matched + len(scored.differences) == scored.asked
    assert scored.outcome_right == (decision == scored.guidance.outcome)
