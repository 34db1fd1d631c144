"""What a front end asks next. The engine decides: no page order lives in a front end.

A front end first asks the questions marked `opening` in questions.yaml (so that a legal
duty or the urgent safeguarding warning shows at once), then any follow-up whose
`ask_when` now holds, then whatever the engine's `next_question` names.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from sharewise.engine.errors import FactError, fact_errors
from sharewise.engine.rulebook import assess, rulebook
from sharewise.guidance import DEFAULT_EDITION, Question


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
    facts: Mapping[str, Any], asked: Collection[str], edition: str = DEFAULT_EDITION
) -> Question | None:
    """The next question to put to the practitioner, or None when the assessment is
    complete. `asked` holds the facts already put to them (answered or skipped). The
    edition's questions are asked, and its rules decide what else is needed."""
    rules = rulebook(edition)
    questions = rules.guidance.questions
    for question in questions.values():
        if question.fact in asked or not (question.opening or question.ask_when):
            continue
        if _applies(question, facts):
            return question
    next_fact = assess(facts, edition).next_question
    return questions[next_fact] if next_fact else None


@dataclass(frozen=True)
class Walk:
    """Where a set of answers leads: the questions on its path, in the order asked, the
    facts they give, the first question not answered yet, and the answers the path no
    longer asks for (after a change of an earlier answer). `conflicts` says why the
    answer given for `next`, if one was, does not fit the answers before it."""

    path: tuple[str, ...]
    facts: dict[str, Any]
    next: Question | None
    unused: tuple[str, ...] = field(default=())
    conflicts: tuple[FactError, ...] = field(default=())
    # `next` was answered "not known", and a later answer means the rules need it now.
    asked_again: bool = False


def walk(answers: Mapping[str, Any], edition: str = DEFAULT_EDITION) -> Walk:
    """Replay `answers` (fact -> value, None for a question left unanswered) through the
    interview from the start. A changed answer may take the path elsewhere: only the
    questions on the new path count, and the first one not answered is asked next. An
    answer that no longer fits an earlier one (an age of 18 once the case is about a
    child) is asked again."""
    facts_model = rulebook(edition).facts
    facts: dict[str, Any] = {}
    path: list[str] = []
    conflicts: tuple[FactError, ...] = ()
    asked_again = False
    while (question := next_interview_question(facts, path, edition)) is not None:
        # Not answered yet; or answered "not known" where the rules cannot go on without
        # it, so it is asked again (replaying the answer would ask it for ever).
        if question.fact in path:
            path.remove(question.fact)
            asked_again = True
            break
        if question.fact not in answers:
            break
        candidate = with_fact(facts, question.fact, answers[question.fact])
        try:
            facts_model.model_validate(candidate)
        except ValidationError as invalid:
            conflicts = tuple(fact_errors(invalid))
            break
        facts = candidate
        path.append(question.fact)
    asked_next = question.fact if question else None
    unused = tuple(fact for fact in answers if fact not in path and fact != asked_next)
    return Walk(tuple(path), facts, question, unused, conflicts, asked_again)


def asked_before(where: Walk, fact: str) -> tuple[str, ...]:
    """The questions asked before `fact` on the path (all of them, for the next one)."""
    return where.path[: where.path.index(fact)] if fact in where.path else where.path


def facts_before(where: Walk, fact: str) -> dict[str, Any]:
    """The facts the answers before this question give: what it was asked in the light of."""
    facts: dict[str, Any] = {}
    for earlier in asked_before(where, fact):
        facts = with_fact(facts, earlier, get_fact(where.facts, earlier))
    return facts


def asked_again(where: Walk, fact: str) -> bool:
    """`fact` was answered "not known", and a later answer means it is needed now."""
    return where.asked_again and where.next is not None and where.next.fact == fact
