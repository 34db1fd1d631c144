"""The trail an assessment leaves: each step's reason and each action, with citations.

Steps share it so that every sentence the engine says carries the paragraphs it rests on.
"""

from __future__ import annotations

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
        # Built by the engine itself, so already valid: skip re-validation on the hot path.
        self.steps.append(Step.model_construct(step=step, reason=text, citations=list(citations)))

    def action(self, text: str, *citations: str) -> None:
        self.checklist.append(Action.model_construct(action=text, citations=list(citations)))

    def citations(self) -> list[str]:
        """Every paragraph cited, in the order first cited, without repeats."""
        seen: dict[str, None] = {}
        for citations in (
            *(step.citations for step in self.steps),
            *(item.citations for item in self.checklist),
        ):
            seen.update(dict.fromkeys(citations))
        return list(seen)
