"""The flowchart's steps, in order (case-facts.md, "Our reading of the flowchart").

Each step either settles the case, asks for a missing fact, or passes the case on, and
every reason it gives names its paragraphs. See docs/reading-of-the-guidance.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sharewise.engine.assessment import SHARING_OUTCOMES, Assessment, InformSubject
from sharewise.engine.consent import consent_step, unsafe_because, who_decides
from sharewise.engine.facts import CaseFacts
from sharewise.engine.public_interest import public_interest_step
from sharewise.engine.trail import Decision, Trail, incomplete, shared_action, shared_step

GUIDANCE_EDITION = "2008"
ENGINE_VERSION = "1.0.0"


def assess(facts: CaseFacts | Mapping[str, Any]) -> Assessment:
    """What the 2008 guidance says to do with these facts, and why. Pure and deterministic.

    A mapping is validated as `CaseFacts` first (raising pydantic's ValidationError).
    """
    if not isinstance(facts, CaseFacts):
        facts = CaseFacts.model_validate(facts)
    trail = Trail(facts)
    urgent = _safeguarding(trail)
    _emergency(trail)
    decision = _decide(trail)
    inform = _inform_subject(facts, decision)
    _actions(trail, decision, inform)
    summary = trail.summary()
    return Assessment.from_engine(
        {
            "outcome": decision.outcome,
            "urgent_safeguarding": urgent,
            "inform_subject": inform,
            "next_question": decision.next_question,
            "citations": summary.citations,
            "reasons": summary.reasons,
            "actions": summary.actions,
            "steps": trail.steps,
            "checklist": trail.checklist,
            "guidance_edition": GUIDANCE_EDITION,
            "engine_version": ENGINE_VERSION,
        }
    )


def _decide(trail: Trail) -> Decision:
    steps: tuple[Callable[[Trail], Decision | None], ...] = (
        _legal_duty,
        _legitimate_purpose,
        _identifiable,
        _confidential,
        consent_step,
    )
    for step in steps:
        decision = step(trail)
        if decision is not None:
            return decision
    return public_interest_step(trail)


_CHILD_AT_RISK_NOW = shared_step(
    "safeguarding",
    "There is reasonable cause to believe a child may be suffering, or at risk of, "
    "significant harm: follow your local safeguarding children procedures without delay.",
    "flowchart",
    "1.10",
)
_ADULT_AT_RISK_NOW = shared_step(
    "safeguarding",
    "There is reasonable cause to believe an adult may be suffering, or at risk of, "
    "serious harm: follow your local adult safeguarding procedures without delay.",
    "flowchart",
    "1.14",
)


def _safeguarding(trail: Trail) -> bool:
    """The banner under the flowchart: a reasonable cause to believe in harm means
    following the safeguarding procedures now, whatever else the outcome says."""
    harm = trail.facts.harm
    urgent = False
    if harm.child == "reasonable_cause":
        urgent = True
        trail.steps.append(_CHILD_AT_RISK_NOW)
    if harm.adult == "reasonable_cause":
        urgent = True
        trail.steps.append(_ADULT_AT_RISK_NOW)
    return urgent


_EMERGENCY_UNSURE = shared_step(
    "emergency",
    "You are not sure whether this is an emergency. That does not change the answer "
    "below, but if it is one, timing matters: check with your manager now.",
    "1.17",
    "1.18",
    "GR3",
)
_EMERGENCY = shared_step(
    "emergency",
    "This is an emergency, so timing matters: sharing is more likely than not to be in "
    "the interests of the people affected, and asking for consent may not be "
    "appropriate if it would cause delay.",
    "1.17",
    "1.18",
)


def _emergency(trail: Trail) -> None:
    """1.17-1.18: an emergency changes how and how fast, never the outcome by itself."""
    if trail.facts.emergency == "unsure":
        trail.steps.append(_EMERGENCY_UNSURE)
    elif trail.facts.emergency:
        trail.steps.append(_EMERGENCY)


_NO_CONSENT_UNDER_DUTY = shared_step(
    "legal_duty",
    "Do not ask for consent: the law requires the sharing, and a refusal could not be respected.",
    "3.9",
    "3.37",
)
_LEGAL_ADVICE = shared_step(
    "legal_duty",
    "Take legal advice through your organisation before sharing anything under the order.",
    "3.8",
)


def _legal_duty(trail: Trail) -> Decision | None:
    facts = trail.facts
    duty = facts.legal_duty or "none"
    if duty == "none":
        return None
    if duty == "court_order" and facts.court_order_challenged in (True, "unsure"):
        trail.reason(
            "legal_duty",
            "A court order requires the information, but your organisation intends to challenge it"
            if facts.court_order_challenged is True
            else "A court order requires the information, and it is not yet settled whether "
            "your organisation will challenge it",
            "1.16",
            "3.8",
        )
        trail.steps.append(_LEGAL_ADVICE)
        return Decision("seek_advice")
    trail.reason(
        "legal_duty",
        "The law requires this information to be shared (a statutory duty), so it must be "
        "shared even though it may be confidential and consent has not been given."
        if duty == "statutory_duty"
        else "A court order requires this information, and your organisation will not "
        "challenge it, so it must be shared even without consent.",
        "1.16",
        "3.7",
        "3.8",
    )
    trail.steps.append(_NO_CONSENT_UNDER_DUTY)
    return Decision("must_share")


def _yes_no_step(
    fact: str,
    no: tuple[str, Decision, tuple[str, ...]],
    unsure: tuple[str, tuple[str, ...]],
    yes: tuple[str, tuple[str, ...]],
    step: str,
) -> Callable[[Trail], Decision | None]:
    """Q1-Q3 share a shape: missing asks, `unsure` seeks advice, one answer settles the
    case, the other passes it on."""
    said_no, said_unsure, said_yes = (
        shared_step(step, no[0], *no[2]),
        shared_step(step, unsure[0], *unsure[1]),
        shared_step(step, yes[0], *yes[1]),
    )
    missing, settled, advice = incomplete(fact), no[1], Decision("seek_advice")

    def decide(trail: Trail) -> Decision | None:
        value = getattr(trail.facts, fact)
        if value is None:
            return missing
        if value is False:
            trail.steps.append(said_no)
            return settled
        if value == "unsure":
            trail.steps.append(said_unsure)
            return advice
        trail.steps.append(said_yes)
        return None

    return decide


_legitimate_purpose = _yes_no_step(
    "legitimate_purpose",
    no=(
        "There is no clear and legitimate purpose for sharing, so the information should not "
        "be shared.",
        Decision("do_not_share"),
        ("Q1", "3.3", "3.5"),
    ),
    unsure=(
        "You are not sure that the purpose is legitimate: check it is within your agency's "
        "functions and policies before sharing anything.",
        ("3.4", "3.6", "GR3"),
    ),
    yes=("There is a clear and legitimate purpose for sharing.", ("Q1", "3.3")),
    step="Q1",
)

_identifiable = _yes_no_step(
    "identifiable",
    no=(
        "The information is anonymised: no living person can be identified from it, so it "
        "can be shared.",
        Decision("share", identifies_person=False),
        ("Q2", "3.10"),
    ),
    unsure=(
        "You are not sure whether the information could identify someone, alone or with other "
        "information: treat it as personal information until you know.",
        ("3.10", "GR3"),
    ),
    yes=(
        "The information identifies a living person, so data protection and confidentiality "
        "apply to it.",
        ("Q2", "3.10"),
    ),
    step="Q2",
)

_confidential = _yes_no_step(
    "confidential",
    no=(
        "The information is not confidential, so it can be shared, still with the care that "
        "any sharing needs.",
        Decision("share"),
        ("Q3", "3.12", "3.14"),
    ),
    unsure=(
        "Whether information is confidential can be hard to judge, and you are not sure here.",
        ("3.12", "3.13", "GR3"),
    ),
    yes=(
        "The information is confidential, so sharing it needs consent or a sufficient public "
        "interest.",
        ("Q3", "3.12", "3.14"),
    ),
    step="Q3",
)


def _inform_subject(facts: CaseFacts, decision: Decision) -> InformSubject:
    """3.9, 3.11, 3.36, 3.47, 3.48: tell the person, unless that is unsafe."""
    if decision.outcome not in SHARING_OUTCOMES or not decision.identifies_person:
        return "not_applicable"
    return "no" if facts.consent_unsafe else "yes"


# What the practitioner does now (see `shared_step` for why each is built once).
_REFER_CHILD = shared_action(
    "Follow your local safeguarding children procedures now: refer your concern to "
    "children's social care or the police, and tell your safeguarding lead.",
    "1.10",
    "3.45",
)
_REFER_ADULT = shared_action(
    "Follow your local adult safeguarding procedures now: contact your safeguarding "
    "lead or vulnerable adults worker.",
    "1.14",
)
_GET_ADVICE = shared_action(
    "Seek advice from your manager, your safeguarding lead or your Caldicott guardian "
    "before deciding, without naming the person where you can.",
    "GR3",
    "1.11",
    "3.44",
)
_DO_NOT_SHARE = shared_action(
    "Do not share the information. Look at the decision again if new information comes to light.",
    "GR4",
)
_EMERGENCY_SHARE = shared_action(
    "Share only what the emergency needs, by the quickest means that is still secure "
    "enough for information of this kind.",
    "1.18",
)
_EMERGENCY_ASK = shared_action(
    "If asking for consent would hold up what the emergency needs, it may not be "
    "appropriate to ask: record that as a reason not to seek consent and reassess.",
    "1.18",
    "3.36",
)
_RECORD_SHARING = shared_action(
    "Record your decision and your reasons, what you shared, with whom, for what "
    "purpose, and when.",
    "3.50",
    "3.51",
    "GR7",
)
_RECORD_NOT_SHARING = shared_action(
    "Record your decision and your reasons, even though nothing is shared yet.",
    "3.50",
    "GR7",
)
_RECORD_ADVICE = shared_action(
    "Record your decision and your reasons, even though nothing is shared yet, with the "
    "advice you get and what you decide after it.",
    "3.50",
    "GR7",
    "flowchart",
)
# Q6 (3.48-3.49): the checks before any sharing that identifies someone.
_Q6_CHECKS = (
    shared_action(
        "Share only what is necessary for the purpose, and only with the people who need it.",
        "3.48",
        "GR6",
    ),
    shared_action(
        "Make sure what you pass on is correct and current, and mark clearly what is fact "
        "and what is opinion.",
        "3.48",
    ),
    shared_action(
        "Share it securely: confirm who you are talking to, make sure you cannot be overheard, "
        "and use secure email.",
        "3.48",
    ),
    shared_action(
        "Agree with the recipient whether they will pass it on, and make sure they know the "
        "limits of any consent.",
        "3.48",
    ),
    shared_action(
        "Consider whether the information could identify anyone else, such as whoever gave it "
        "to you, and whether sharing could put them at risk.",
        "3.49",
    ),
)
_CHECK_ANONYMISED = shared_action(
    "Check that the recipient cannot identify anyone from the information, alone or "
    "with other information they hold.",
    "3.10",
)
_WITHIN_CONSENT = shared_action(
    "Stay within what the consent covers: its purpose and its recipients.", "3.48"
)
_TELL_DUTY = shared_action(
    "Tell the person that you are sharing the information, why, and with whom.",
    "3.9",
    "3.37",
)
_TELL_WITHOUT_CONSENT = shared_action(
    "Explain to the person (or, for a young child, their family) that you intend to share "
    "the information and why.",
    "3.47",
)
_TELL_SHARED = shared_action(
    "Tell the person (and whoever gave you the information, if someone else) what you "
    "have shared and with whom, if you have not already.",
    "3.48",
)
_TELL = {"must_share": _TELL_DUTY, "share_without_consent": _TELL_WITHOUT_CONSENT}
_ASK_EXPLICITLY = shared_action(
    "Ask for explicit consent, in writing where you can. Do not pressure anyone, and do "
    "not take silence as agreement.",
    "3.19",
    "3.20",
)
_ENCOURAGE_TALKING_TO_PARENTS = shared_action(
    "Encourage the young person to talk it over with their parents, but do not make "
    "your service depend on it.",
    "3.28",
)
_IF_REFUSED = shared_action(
    "If consent is refused, come back to this decision: a refusal does not always rule "
    "out sharing where there is a concern.",
    "3.38",
)
_EXPLAIN = (
    ". Explain why you want to share, what, with whom, and what could follow from sharing "
    "or not sharing."
)
_WHOM_TO_ASK = {
    "subject": shared_action("Ask the person themselves for consent" + _EXPLAIN, "3.30", "3.18"),
    "young_subject": shared_action(
        "Ask the young person themselves for consent" + _EXPLAIN, "3.23", "3.30", "3.18"
    ),
    "for_a_child": shared_action(
        "Ask a person with parental responsibility for consent (one is enough; if the "
        "parents are separated, usually the parent the child lives with; under a care "
        "order, liaise with the local authority), and still seek the child's views" + _EXPLAIN,
        "3.26",
        "3.27",
        "3.18",
    ),
    "best_interests": shared_action(
        "Make a best-interests decision under the Mental Capacity Act code, taking account "
        "of the person's wishes and the views of those close to them" + _EXPLAIN,
        "3.33",
        "3.35",
        "3.18",
    ),
    "unknown_child_or_adult": shared_action(
        "The person cannot decide for themselves: if they are a child, ask a person with "
        "parental responsibility; if an adult, make a best-interests decision" + _EXPLAIN,
        "3.26",
        "3.33",
        "3.18",
    ),
    None: shared_action(
        "First judge whether the person can make this decision for themselves; if they "
        "can, ask them; if a child cannot, ask a person with parental responsibility; if an "
        "adult lacks capacity, decide in their best interests" + _EXPLAIN,
        "3.24",
        "3.26",
        "3.33",
        "3.18",
    ),
}


def _actions(trail: Trail, decision: Decision, inform: InformSubject) -> None:
    """What the practitioner does now: safeguarding first, then the outcome's own actions,
    Q6's checks for any sharing, telling the person, and Q7's record."""
    facts = trail.facts
    checklist = trail.checklist
    if facts.harm.child == "reasonable_cause":
        checklist.append(_REFER_CHILD)
    if facts.harm.adult == "reasonable_cause":
        checklist.append(_REFER_ADULT)
    outcome = decision.outcome
    if outcome == "incomplete":
        return
    sharing = outcome in SHARING_OUTCOMES
    if sharing:
        _sharing_actions(trail, decision, inform)
    elif outcome == "seek_consent":
        _seek_consent_actions(trail)
    elif outcome == "seek_advice":
        checklist.append(_GET_ADVICE)
    else:
        checklist.append(_DO_NOT_SHARE)
    if facts.emergency is True and sharing:
        checklist.append(_EMERGENCY_SHARE)
    elif facts.emergency is True and outcome == "seek_consent":
        checklist.append(_EMERGENCY_ASK)
    if sharing:
        checklist.append(_RECORD_SHARING)
    else:
        checklist.append(_RECORD_ADVICE if outcome == "seek_advice" else _RECORD_NOT_SHARING)


def _sharing_actions(trail: Trail, decision: Decision, inform: InformSubject) -> None:
    facts = trail.facts
    checklist = trail.checklist
    if not decision.identifies_person:
        checklist.append(_CHECK_ANONYMISED)
        return
    checklist.extend(_Q6_CHECKS)
    if decision.outcome == "share" and facts.consent.status == "given":
        checklist.append(_WITHIN_CONSENT)
    if inform == "no" and facts.consent_unsafe:
        trail.action(
            "Do not tell the person or their family for now: it would "
            f"{unsafe_because(facts.consent_unsafe)}. Record why, and tell them once it is safe.",
            "3.36",
            "3.11",
            "3.47",
        )
    elif inform == "yes":
        checklist.append(_TELL.get(decision.outcome, _TELL_SHARED))


def _seek_consent_actions(trail: Trail) -> None:
    facts = trail.facts
    who = who_decides(facts)
    young = who == "subject" and facts.is_adult is not True
    checklist = trail.checklist
    checklist.append(_WHOM_TO_ASK["young_subject" if young else who])
    checklist.append(_ASK_EXPLICITLY)
    if who == "subject" and facts.is_adult is False:
        checklist.append(_ENCOURAGE_TALKING_TO_PARENTS)
    checklist.append(_IF_REFUSED)
