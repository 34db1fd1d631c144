"""Training on case examples (4.3, 4.5): a trainee answers a case's questions as they
would, and decides; the case's facts are the truth. `compare` says where their answers
and their decision differ from the case's and from what the guidance says, each with the
steps (and the paragraphs they rest on) that bear on it. Pure: facts in, comparison out.

The case gives what a practitioner would be told rather than judge (why the sharing is
wanted, to whom, the person's age): `given` answers those questions from the case, and
they are not scored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from sharewise.engine.assessment import Assessment, Outcome, Step
from sharewise.engine.interview import get_fact, walk, with_fact
from sharewise.engine.rulebook import assess, rulebook
from sharewise.guidance import DEFAULT_EDITION, Question

GIVEN_KINDS = frozenset({"text", "number"})  # told by the case, not judged by the trainee

# The steps of the flowchart each question bears on, by the fact it asks for (or the
# first part of it): the duty and the emergency first, then key questions Q1 to Q5.
STEPS_OF = {
    "legal_duty": ("legal_duty",),
    "court_order_challenged": ("legal_duty",),
    "emergency": ("emergency",),
    "harm": ("safeguarding", "Q5"),
    "sensitive": ("Q5",),
    "public_interest": ("Q5",),
    "legitimate_purpose": ("Q1",),
    "identifiable": ("Q2",),
    "confidential": ("Q3",),
    "about": ("Q4",),
    "consent": ("Q4",),
    "competent_to_consent": ("Q4",),
    "consent_unsafe": ("Q4",),
}


def case_facts(facts: Mapping[str, Any], edition: str = DEFAULT_EDITION) -> dict[str, Any]:
    """A case's facts as the interview's answers give them: validated as the edition's
    CaseFacts (ValidationError if not), with only what the case says."""
    model = rulebook(edition).facts.model_validate(facts)
    found: dict[str, Any] = model.model_dump(mode="json", exclude_unset=True)
    return found


def given(facts: Mapping[str, Any], edition: str = DEFAULT_EDITION) -> dict[str, Any]:
    """The answers the case gives the trainee: every text or number question's, None
    where the case does not say (not known)."""
    questions = rulebook(edition).guidance.questions.values()
    return {q.fact: get_fact(facts, q.fact) for q in questions if q.kind in GIVEN_KINDS}


def case_answer(
    facts: Mapping[str, Any], question: Question, edition: str = DEFAULT_EDITION
) -> Any:
    """The case's answer to `question`: the fact as the case says it. Where the case
    leaves it out, "I do not know" if the question offers it; if not, the answer that
    changes nothing the guidance tells the practitioner to do, "no" where that does (no
    legal duty, no harm to anyone): a case is written with the facts that matter to it.
    (An adult's capacity, say, is presumed where a case says nothing of it: "yes".)"""
    value = get_fact(facts, question.fact)
    offered = [answer.value for answer in question.answers]
    if value is not None or question.kind in GIVEN_KINDS or None in offered:
        return value
    said = _said(facts, edition)
    # "No" first: of the answers that change nothing, the one that adds nothing.
    candidates: list[Any] = [[]] if question.kind == "multiple" else sorted(offered, key=_not_a_no)
    for answer in candidates:
        if said is not None and _said(with_fact(facts, question.fact, answer), edition) == said:
            return answer
    return None


def _not_a_no(answer: Any) -> bool:
    return not (answer is False or answer == "none")


def _said(facts: Mapping[str, Any], edition: str) -> tuple[Any, ...] | None:
    """What the guidance says of the facts, to tell whether an answer changes it."""
    try:
        assessment = assess(facts, edition)
    except ValidationError:  # an answer the other facts do not allow
        return None
    return (assessment.outcome, assessment.urgent_safeguarding, assessment.inform_subject)


def same(yours: Any, case: Any) -> bool:
    """Whether two answers agree: a multiple question's, whatever the order."""
    if isinstance(yours, list) and isinstance(case, list):
        return sorted(map(str, yours)) == sorted(map(str, case))
    return bool(yours == case and type(yours) is type(case))


@dataclass(frozen=True)
class Difference:
    """A question answered otherwise than the case's facts say, with what the guidance
    says of the case at the steps it bears on (none: the case never came to them)."""

    question: Question
    yours: Any
    case: Any
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Comparison:
    """A trainee's answers and decision, set beside the case's facts and the guidance."""

    asked: int  # the questions the trainee answered (the case's given ones aside)
    matched: int  # of those, the ones answered as the case's facts say
    differences: tuple[Difference, ...]
    decision: Outcome
    guidance: Assessment  # what the guidance says of the case's facts
    on_your_answers: Assessment  # what it would say of the trainee's

    @property
    def outcome_right(self) -> bool:
        return self.decision == self.guidance.outcome


def steps_for(fact: str, assessment: Assessment) -> tuple[Step, ...]:
    names = STEPS_OF.get(fact, STEPS_OF.get(fact.split(".", 1)[0], ()))
    return tuple(step for step in assessment.steps if step.step in names)


def compare(
    facts: Mapping[str, Any],
    answers: Mapping[str, Any],
    decision: Outcome,
    edition: str = DEFAULT_EDITION,
) -> Comparison:
    """Set a trainee's `answers` (fact -> value, as `walk` takes them) and `decision`
    beside a case's `facts` (as `case_facts` gives them). Only the questions on the
    trainee's path count: an answer they were not asked for is no answer."""
    questions = rulebook(edition).guidance.questions
    guidance = assess(facts, edition)
    where = walk(answers, edition)
    judged = [fact for fact in where.path if questions[fact].kind not in GIVEN_KINDS]
    differences = tuple(
        Difference(questions[fact], answers[fact], case, steps_for(fact, guidance))
        for fact in judged
        if not same(answers[fact], case := case_answer(facts, questions[fact], edition))
    )
    return Comparison(
        asked=len(judged),
        matched=len(judged) - len(differences),
        differences=differences,
        decision=decision,
        guidance=guidance,
        on_your_answers=assess(where.facts, edition),
    )
