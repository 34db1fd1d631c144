"""The trail an assessment leaves: each step's reason and each action, with citations.

Steps share it so that every sentence the engine says carries the paragraphs it rests on.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from sharewise.engine.assessment import Action, Outcome, Step
from sharewise.engine.facts import CaseFacts


class Decision(NamedTuple):
    """Where a step leaves the case: an outcome, and the fact to ask for when incomplete."""

    outcome: Outcome
    next_question: str | None = None
    identifies_person: bool = True


def incomplete(fact: str) -> Decision:
    return Decision("incomplete", fact)


class Trail:
    __slots__ = ("checklist", "facts", "steps")

    def __init__(self, facts: CaseFacts) -> None:
        self.facts = facts
        self.steps: list[Step] = []
        self.checklist: list[Action] = []

    def reason(self, step: str, text: str, *citations: str) -> None:
        self.steps.append(_step(step, text, citations))

    def action(self, text: str, *citations: str) -> None:
        self.checklist.append(_action(text, citations))

    def citations(self) -> list[str]:
        """Every paragraph cited, in the order first cited, without repeats."""
        return list(
            dict.fromkeys(
                chain(
                    chain.from_iterable(step.citations for step in self.steps),
                    chain.from_iterable(item.citations for item in self.checklist),
                )
            )
        )


# Steps and actions are frozen, and the engine says the same few dozen sentences over and
# over: build each once. They come from the engine itself, so skip re-validation.
@lru_cache(maxsize=4096)
def _step(step: str, text: str, citations: tuple[str, ...]) -> Step:
    return Step.model_construct(step=step, reason=text, citations=citations)


@lru_cache(maxsize=4096)
def _action(text: str, citations: tuple[str, ...]) -> Action:
    return Action.model_construct(action=text, citations=citations)
