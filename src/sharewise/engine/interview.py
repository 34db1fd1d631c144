"""What a front end asks next. The engine decides: no page order lives in a front end.

A front end first asks the questions marked `opening` in questions.yaml (so that a legal
duty or the urgent safeguarding warning shows at once), then any follow-up whose
`ask_when` now holds, then whatever the engine's `next_question` names.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sharewise.engine.steps import assess
from sharewise.guidance import Question, load_edition


def get_fact(facts: Mapping[str, Any], dotted: str) -> Any:
    """The value at a dotted name ('harm.child'), or None where it is missing."""
    node: Any = facts
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def with_fact(facts: Mapping[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A copy of `facts` with one fact set (or removed, when value is None)."""
    head, _, rest = dotted.partition(".")
    result = dict(facts)
    if rest:
        inner = with_fact(result.get(head) or {}, rest, value)
        if inner:
            result[head] = inner
        else:
            result.pop(head, None)
    elif value is None:
        result.pop(head, None)
    else:
        result[head] = value
    return result


def _applies(question: Question, facts: Mapping[str, Any]) -> bool:
    return all(
        any(
            get_fact(facts, fact) is v if isinstance(v, bool) else get_fact(facts, fact) == v
            for v in allowed
        )
        for fact, allowed in question.ask_when.items()
    )


def next_interview_question(
    facts: Mapping[str, Any], asked: Collection[str], edition: str = "2008"
) -> Question | None:
    """The next question to put to the practitioner, or None when the assessment is
    complete. `asked` holds the facts already put to them (answered or skipped)."""
    questions = load_edition(edition).questions
    for question in questions.values():
        if question.fact in asked or not (question.opening or question.ask_when):
            continue
        if _applies(question, facts):
            return question
    next_fact = assess(facts).next_question
    return questions[next_fact] if next_fact else None
