"""The engine's answer: the contract's `Assessment`."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Outcome = Literal[
    "share",
    "share_without_consent",
    "must_share",
    "do_not_share",
    "seek_consent",
    "seek_advice",
    "incomplete",
]
InformSubject = Literal["yes", "no", "not_applicable"]

OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
HEADLINES: dict[Outcome, str] = {
    "share": "You can share this information.",
    "share_without_consent": "Share without consent: the public interest justifies it.",
    "must_share": "You must share this information: the law requires it.",
    "do_not_share": "Do not share this information.",
    "seek_consent": "Seek consent before sharing.",
    "seek_advice": "Seek advice before you decide.",
    "incomplete": "More is needed before the guidance gives an answer.",
}
# Each outcome in a word or two: a tag, a filter's choice, a figure's column.
OUTCOME_LABELS: dict[Outcome, str] = {
    "share": "Share",
    "share_without_consent": "Share without consent",
    "must_share": "Must share",
    "do_not_share": "Do not share",
    "seek_consent": "Seek consent",
    "seek_advice": "Seek advice",
    "incomplete": "Incomplete",
}
SHARING_OUTCOMES: frozenset[Outcome] = frozenset({"share", "share_without_consent", "must_share"})


class _Out(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Step(_Out):
    """One step the engine took, in a practitioner's words, with the paragraphs it rests on."""

    step: str
    reason: str
    citations: tuple[str, ...]
    # Added to the contract: the kind of sentence, which declares what it may cite and
    # for whom (sharewise.engine.citing).
    kind: str | None = None


class Action(_Out):
    """One thing the practitioner must do now, with the paragraphs that ask for it."""

    action: str
    citations: tuple[str, ...]
    kind: str | None = None


class Assessment(_Out):
    """What the guidance says to do with a case, and why.

    `reasons`, `actions` and `citations` are the contract's flat lists; `steps` and
    `checklist` carry the same sentences with the paragraphs behind each one.
    """

    outcome: Outcome
    urgent_safeguarding: bool
    inform_subject: InformSubject
    next_question: str | None
    citations: list[str]
    reasons: list[str]
    actions: list[str]
    # Added to the contract: an assessment in the contract's shape alone is still accepted.
    steps: list[Step] = Field(default_factory=list)
    checklist: list[Action] = Field(default_factory=list)
    guidance_edition: str = "2008"
    engine_version: str | None = None

    @property
    def safeguarding(self) -> list[Step]:
        """The urgent warning, in the engine's words for each person at risk (a child's
        significant harm, an adult's serious harm): every front end shows these."""
        return [step for step in self.steps if step.step == "safeguarding"]

    @classmethod
    def from_engine(cls, fields: dict[str, Any]) -> Assessment:
        """An assessment the engine built, so valid already: set its fields as
        `model_construct` does for a model with every field given, no aliases and no
        private attributes, without that method's per-field bookkeeping, which costs more
        than the whole decision (bench/engine.py). tests/engine/test_assessment.py checks
        that the result is the model pydantic would have built."""
        assessment = cls.__new__(cls)
        _set_dict(assessment, fields)
        _set_fields_set(assessment, set(fields))
        _set_extra(assessment, None)
        _set_private(assessment, None)
        return assessment


# BaseModel's own slots, set directly: its frozen __setattr__ would refuse.
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
