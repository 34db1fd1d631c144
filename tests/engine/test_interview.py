"""Any front end can run the interview by asking what to ask next."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sharewise import CaseFacts, assess
from sharewise.engine.interview import get_fact, next_interview_question, with_fact
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
        assert question.fact not in asked, f"asked {question.fact} twice after {asked}"
        assert len(asked) < QUESTION_LIMIT
        facts = with_fact(facts, question.fact, _answer(question, facts, data))
        CaseFacts.model_validate(facts)
        asked.append(question.fact)
    assessment = assess(facts)
    assert assessment.outcome != "incomplete"
    assert asked[:3] == ["purpose", "recipient", "about"]


def test_with_fact_sets_and_removes_nested_facts() -> None:
    facts = with_fact({}, "consent.status", "given")
    assert facts == {"consent": {"status": "given"}}
    assert get_fact(facts, "consent.status") == "given"
    assert get_fact(facts, "harm.child") is None
    assert with_fact(facts, "consent.status", None) == {}
