"""The trail an assessment leaves: each step's reason and each action, with citations.

Steps share it so that every sentence the engine says carries the paragraphs it rests on.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from sharewise.engine.assessment import Action, Outcome, Step
from sharewise.engine.citing import check_citations
from sharewise.engine.facts import CaseFacts


class Decision(NamedTuple):
    """Where a step leaves the case: an outcome, the fact to ask for when incomplete, and
    for advice or not sharing, the kind of action that says why (sharewise.engine.citing)."""

    outcome: Outcome
    next_question: str | None = None
    identifies_person: bool = True
    why: str | None = None


def incomplete(fact: str) -> Decision:
    return Decision("incomplete", fact)


class Trail:
    __slots__ = ("checklist", "facts", "steps")

    def __init__(self, facts: CaseFacts) -> None:
        self.facts = facts
        self.steps: list[Step] = []
        self.checklist: list[Action] = []

    def reason(self, step: str, kind: str, text: str, *citations: str) -> None:
        self.steps.append(shared_step(step, kind, text, *citations))

    def action(self, kind: str, text: str, *citations: str) -> None:
        self.checklist.append(shared_action(kind, text, *citations))

    def summary(self) -> Summary:
        """The flat lists an Assessment carries, derived from the steps and actions.

        Cases follow a few hundred paths through the flowchart, so the lists are derived
        once per path. Steps and actions are shared instances (see `shared_step`), so a path is
        known by their identities; the memo keeps them alive, so no id is reused while
        its entry stands."""
        # A step is never an action, so one tuple of identities tells both lists apart.
        key = (*map(id, self.steps), *map(id, self.checklist))
        known = _SUMMARIES.get(key)
        if known is None:
            if len(_SUMMARIES) >= _MAX_PATHS:
                _SUMMARIES.clear()
            said: tuple[Step | Action, ...] = (*self.steps, *self.checklist)  # keeps ids theirs
            known = _SUMMARIES[key] = (_summarise(self.steps, self.checklist), said)
        citations, reasons, actions = known[0]
        # Fresh lists: an Assessment's lists belong to it alone.
        return Summary(citations.copy(), reasons.copy(), actions.copy())


class Summary(NamedTuple):
    citations: list[str]
    reasons: list[str]
    actions: list[str]


_MAX_PATHS = 4096
_SUMMARIES: dict[tuple[int, ...], tuple[Summary, tuple[Step | Action, ...]]] = {}


def _summarise(steps: list[Step], checklist: list[Action]) -> Summary:
    """Every paragraph cited, in the order first cited, without repeats; and the sentences."""
    cited = chain(
        chain.from_iterable(step.citations for step in steps),
        chain.from_iterable(item.citations for item in checklist),
    )
    return Summary(
        list(dict.fromkeys(cited)),
        [step.reason for step in steps],
        [item.action for item in checklist],
    )


# Steps and actions are frozen, and the engine says the same few dozen sentences over and
# over: each is built once. A fixed sentence is a module constant beside the step that says
# it; a sentence built from the facts (who gave consent, say) is caught by the cache. They
# come from the engine itself, so pydantic's re-validation is skipped.
# Each is checked against its kind once, when first built.
@lru_cache(maxsize=4096)
def shared_step(step: str, kind: str, text: str, *citations: str) -> Step:
    check_citations(kind, citations)
    return Step.model_construct(step=step, reason=text, citations=citations, kind=kind)


@lru_cache(maxsize=4096)
def shared_action(kind: str, text: str, *citations: str) -> Action:
    check_citations(kind, citations)
    return Action.model_construct(action=text, citations=citations, kind=kind)
