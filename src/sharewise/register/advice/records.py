"""The bodies of advice entries (a request, an answer, an outcome), and a request as
its asker and its advisor read it: the entries of one request together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sharewise.engine.limits import KEPT
from sharewise.register.advice.schemas import HiddenSpan
from sharewise.register.entries import Body


class _Between(Body):
    """Every advice entry is between an asker and an advisor, whom its header names."""

    schema_version: Literal[1] = 1
    asker: str
    advisor: str

    def header(self) -> dict[str, Any]:
        return {"asker": self.asker, "advisor": self.advisor}


class AdviceRequested(_Between):
    """A question sent to an advisor: as they read it (`question`), and, for the asker's
    side alone, what was masked in it (`hidden`) and what it is about."""

    organisation: str
    practitioner: str
    advisor_name: str  # who they are, as the directory named them when asked
    question: str
    hidden: list[HiddenSpan]
    person: str | None
    draft: str | None
    decision: str | None


class AdviceAnswered(_Between):
    answer: str


class AdviceOutcomeRecorded(_Between):
    outcome: str


KINDS: dict[str, type[_Between]] = {
    "request": AdviceRequested,
    "answer": AdviceAnswered,
    "outcome": AdviceOutcomeRecorded,
}


def read_body(kind: str, stored: str) -> _Between:
    """A stored body, as its entry's kind says, read as it was kept."""
    return KINDS[kind].model_validate_json(stored, context=KEPT)


@dataclass(frozen=True)
class AdviceRequest:
    """A request with its answer and outcome, when they came. The advisor's view of it
    is `question` and `answer` alone (`sharewise.api.advice`, `sharewise.web.advice`):
    `hidden`, `person`, `draft`, `decision` and `outcome` are the asker's side's."""

    id: str
    asked_at: str
    body: AdviceRequested
    answer: str | None = None
    answered_at: str | None = None
    outcome: str | None = None
    outcome_at: str | None = None

    @property
    def organisation(self) -> str:
        return self.body.organisation

    @property
    def asker(self) -> str:
        return self.body.asker

    @property
    def advisor(self) -> str:
        return self.body.advisor

    @property
    def question(self) -> str:
        return self.body.question

    @property
    def status(self) -> Literal["waiting", "answered", "done"]:
        if self.answer is None:
            return "waiting"
        return "answered" if self.outcome is None else "done"
