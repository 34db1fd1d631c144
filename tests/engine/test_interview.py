"""Any front end can run the interview by asking what to ask next."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from sharewise import CaseFacts, assess
from sharewise.engine.interview import get_fact, next_interview_question, walk, with_fact
from sharewise.guidance import Question

QUESTION_LIMIT = 40  # there are 23 facts; a walk longer than this is a loop


def _answer(question: Question, facts: dict[str, Any], data: st.DataObject) -> Any:
    if question.kind == "text":
        return data.draw(st.sampled_from([None, "Refer to the school nurse"]))
    if question.kind == "number":
        about = facts.get("about")
        low, high = {"child": (0, 17), "adult": (18, 130)}.get(about, (0, 130))
        return data.draw(st.one_of(st.none(), st.integers(low, high)))
    values = [answer.value for answer in question.answers]
    if question.kind == "multiple":
        return data.draw(st.lists(st.sampled_from(values), unique=True))
    return data.draw(st.sampled_from(values))


@given(st.data())
def test_every_walk_through_the_interview_ends_with_an_answer(data: st.DataObject) -> None:
    facts: dict[str, Any] = {}
    asked: list[str] = []
    while (question := next_interview_question(facts, asked)) is not None:
        if question.fact in asked:
            # "I do not know" whether a child or an adult, where consent came from someone
            # else: the contract asks it again, as whose word counts turns on it.
            assert question.fact == "about" and "about" not in facts and "age" not in facts
            assert walk({fact: get_fact(facts, fact) for fact in asked}).next == question
            return
        assert len(asked) < QUESTION_LIMIT
        facts = with_fact(facts, question.fact, _answer(question, facts, data))
        CaseFacts.model_validate(facts)
        asked.append(question.fact)
    assessment = assess(facts)
    assert assessment.outcome != "incomplete"
    assert asked[:3] == ["purpose", "recipient", "about"]
    # Replaying the answers retraces the same path to the same facts, with nothing left.
    answers = {fact: get_fact(facts, fact) for fact in asked}
    replayed = walk(answers)
    assert (replayed.path, replayed.facts, replayed.next, replayed.unused) == (
        tuple(asked),
        facts,
        None,
        (),
    )


@given(st.data())
def test_a_changed_answer_asks_only_the_new_questions(data: st.DataObject) -> None:
    answers: dict[str, Any] = {}
    while (question := walk(answers).next) is not None:
        answers[question.fact] = _answer(question, walk(answers).facts, data)
    changed_fact = data.draw(st.sampled_from(sorted(answers)))
    question = next(q for q in _questions() if q.fact == changed_fact)
    answers[changed_fact] = _answer(question, {}, data)
    after = walk(answers)
    # Every question on the new path that was answered before keeps its answer...
    assert all(get_fact(after.facts, fact) == answers[fact] for fact in after.path)
    # ...the next question, if any, is one never answered, or one whose answer no longer
    # fits the ones before it...
    if after.next is not None and after.next.fact in answers:
        with pytest.raises(ValidationError):
            CaseFacts.model_validate(
                with_fact(after.facts, after.next.fact, answers[after.next.fact])
            )
    # ...and any other answer is either on the path or named as no longer applying.
    asked_again = {after.next.fact} & set(answers) if after.next else set()
    assert set(after.path) | set(after.unused) | asked_again == set(answers)
    assert not set(after.path) & set(after.unused)


def test_an_answer_that_no_longer_fits_is_asked_again_and_the_rest_are_kept() -> None:
    answers: dict[str, Any] = {
        "purpose": "Refer to the school nurse",
        "recipient": "School nurse",
        "about": "child",
        "age": 10,
        "legal_duty": "none",
        "harm.child": "none",
    }
    assert walk(answers).path == tuple(answers)
    answers["about"] = "adult"
    changed = walk(answers)
    assert changed.next is not None and changed.next.fact == "age"
    assert changed.unused == ("legal_duty", "harm.child")
    [conflict] = changed.conflicts
    assert conflict.field == "age" and "from 18 to 130" in conflict.allowed
    answers["age"] = 40
    assert walk(answers).path == tuple(answers)


def _questions() -> list[Question]:
    from sharewise.guidance import load_edition

    return list(load_edition().questions.values())


@given(st.data())
def test_not_known_where_the_rules_need_an_answer_asks_it_again(data: st.DataObject) -> None:
    """Any answer may be sent as "not known" (None), as a hand-made form or an API client
    can: the walk ends, asking that question again, and never replays it for ever (it
    once did, holding a server thread on a blank answer to "legitimate purpose")."""
    answers: dict[str, Any] = {}
    while (question := walk(answers).next) is not None and len(answers) < QUESTION_LIMIT:
        if question.fact in answers:  # answered "not known", and needed: asked again
            assert answers[question.fact] is None
            assert question.fact not in walk(answers).path
            return
        given_none = data.draw(st.booleans())
        answers[question.fact] = (
            None if given_none else _answer(question, walk(answers).facts, data)
        )
    assert len(answers) < QUESTION_LIMIT


def test_with_fact_sets_and_removes_nested_facts() -> None:
    facts = with_fact({}, "consent.status", "given")
    assert facts == {"consent": {"status": "given"}}
    assert get_fact(facts, "consent.status") == "given"
    assert get_fact(facts, "harm.child") is None
    assert with_fact(facts, "consent.status", None) == {}
