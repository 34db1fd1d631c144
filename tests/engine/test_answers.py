"""One parser for every front end: each kind of answer, and what a person is told to do
when the answer will not do."""

from __future__ import annotations

from typing import Any

import pytest

from sharewise.engine.answers import NONE_OF_THESE, AnswerError, allowed_answers, parse_answer
from sharewise.guidance import load_edition

QUESTIONS = load_edition().questions


def test_every_answer_a_question_offers_is_its_own_value() -> None:
    for question in QUESTIONS.values():
        for answer in question.answers:
            if question.kind == "multiple":
                assert parse_answer(question, [answer.value]) == [answer.value]
            else:
                assert parse_answer(question, answer.value) is answer.value


def test_none_of_these_is_no_answer_a_multiple_question_offers() -> None:
    for question in QUESTIONS.values():
        if question.kind == "multiple":
            assert NONE_OF_THESE not in [a.value for a in question.answers], question.fact


@pytest.mark.parametrize(
    ("fact", "raw", "value"),
    [
        ("about", None, None),
        ("emergency", False, False),
        ("emergency", "unsure", "unsure"),
        ("consent_unsafe", [], []),
        ("consent_unsafe", [NONE_OF_THESE], []),
        (
            "consent_unsafe",
            ["cause_unjustified_delay", "increase_risk_of_harm", "cause_unjustified_delay"],
            ["cause_unjustified_delay", "increase_risk_of_harm"],
        ),
        ("age", 0, 0),
        ("age", "007", 7),
        ("age", "  ", None),
        ("purpose", " School nurse ", "School nurse"),
        ("purpose", "x" * 500, "x" * 500),
        ("purpose", None, None),
    ],
)
def test_a_raw_answer_is_the_facts_value(fact: str, raw: Any, value: Any) -> None:
    assert parse_answer(QUESTIONS[fact], raw) == value


@pytest.mark.parametrize(
    ("fact", "raw", "message"),
    [
        ("legal_duty", None, "Select one of the answers shown"),
        ("emergency", "yes", "Select one of the answers shown"),
        ("emergency", 0, "Select one of the answers shown"),
        ("consent_unsafe", None, "Select all that apply, or 'None of these'"),
        (
            "consent_unsafe",
            [NONE_OF_THESE, "prejudice_serious_crime"],
            "Select 'None of these' on its own, or the ones that apply",
        ),
        ("consent_unsafe", ["because"], "Select from the answers shown"),
        ("age", "fifteen", "Enter a whole number, like 15, or leave it blank if not known"),
        ("age", "٣", "Enter a whole number, like 15, or leave it blank if not known"),
        ("age", 3.0, "Enter a whole number, like 15, or leave it blank if not known"),
        ("age", "200", "Enter a whole number from 0 to 130, or leave it blank if not known"),
        ("purpose", "x" * 501, "Keep the answer to 500 characters or fewer"),
        ("purpose", 42, "Enter the answer as text"),
    ],
)
def test_an_answer_that_will_not_do_says_what_to_do(fact: str, raw: Any, message: str) -> None:
    with pytest.raises(AnswerError) as refused:
        parse_answer(QUESTIONS[fact], raw)
    assert str(refused.value) == message
    assert refused.value.problem and refused.value.allowed == allowed_answers(QUESTIONS[fact])
    assert isinstance(refused.value, ValueError)  # what the forms and the CLI catch


def test_what_each_kind_allows_in_words() -> None:
    assert allowed_answers(QUESTIONS["about"]) == "child, adult, or null for 'I do not know'"
    assert allowed_answers(QUESTIONS["harm.serious_crime"]) == "true, false, unsure"
    assert allowed_answers(QUESTIONS["consent_unsafe"]) == (
        "a list of any of: increase_risk_of_harm, prejudice_serious_crime, "
        "cause_unjustified_delay (an empty list for none of these)"
    )
    assert allowed_answers(QUESTIONS["age"]) == (
        "a whole number from 0 to 130, as a number or as digits; blank or null if not known"
    )
    assert allowed_answers(QUESTIONS["purpose"]) == (
        "text of at most 500 characters; blank or null if not known"
    )
