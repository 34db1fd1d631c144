"""The flowchart's steps, in order (case-facts.md, "Our reading of the flowchart").

Each step either settles the case, asks for a missing fact, or passes the case on, and
every reason it gives names its paragraphs. See docs/reading-of-the-guidance.md.
"""

from __future__ import annotations

from collections.abc import Callable

from sharewise.engine.assessment import SHARING_OUTCOMES, Action, Assessment, InformSubject
from sharewise.engine.citing import Band, band
from sharewise.engine.consent import WhoDecides, consent_step, unsafe_because, who_decides
from sharewise.engine.facts import CaseFacts
from sharewise.engine.public_interest import public_interest_step
from sharewise.engine.trail import Decision, Trail, incomplete, shared_action, shared_step

ENGINE_VERSION = "1.1.0"


def flowchart(facts: CaseFacts, edition: str) -> Assessment:
    """What the 2008 guidance's flowchart says to do with these facts, and why, as the
    assessment of `edition`: the 2008 edition's rulebook, and any edition that keeps its
    flowchart and changes only its parameters, which `facts` carries. Pure and
    deterministic; call it through `sharewise.engine.assess`, which validates the facts.
    """
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
            "guidance_edition": edition,
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
    "safeguarding.child",
    "There is reasonable cause to believe a child may be suffering, or at risk of, "
    "significant harm: follow your local safeguarding children procedures without delay.",
    "flowchart",
    "1.10",
)
_ADULT_AT_RISK_NOW = shared_step(
    "safeguarding",
    "safeguarding.adult",
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
    "emergency",
    "You are not sure whether this is an emergency. That does not change the answer "
    "below, but if it is one, timing matters: check with your manager now.",
    "1.17",
    "1.18",
    "GR3",
)
_EMERGENCY = shared_step(
    "emergency",
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
    "duty.no_consent",
    "Do not ask for consent: the law requires the sharing, and a refusal could not be respected.",
    "3.9",
    "3.37",
)
_LEGAL_ADVICE = shared_step(
    "legal_duty",
    "advice.order",
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
            "duty.challenged",
            "A court order requires the information, but your organisation intends to challenge it"
            if facts.court_order_challenged is True
            else "A court order requires the information, and it is not yet settled whether "
            "your organisation will challenge it",
            "1.16",
            "3.8",
        )
        trail.steps.append(_LEGAL_ADVICE)
        return Decision("seek_advice", why="advice.order")
    trail.reason(
        "legal_duty",
        "duty.must_share",
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
    advice_on: str,
) -> Callable[[Trail], Decision | None]:
    """Q1-Q3 share a shape: missing asks, `unsure` seeks advice on that doubt, one answer
    settles the case, the other passes it on."""
    said_no, said_unsure, said_yes = (
        shared_step(step, step, no[0], *no[2]),
        shared_step(step, step, unsure[0], *unsure[1]),
        shared_step(step, step, yes[0], *yes[1]),
    )
    missing, settled = incomplete(fact), no[1]
    advice = Decision("seek_advice", why=advice_on)

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
        Decision("do_not_share", why="act.do_not_share.purpose"),
        ("Q1", "3.3", "3.5"),
    ),
    unsure=(
        "You are not sure that the purpose is legitimate: check it is within your agency's "
        "functions and policies before sharing anything.",
        ("3.4", "3.6", "GR3"),
    ),
    yes=("There is a clear and legitimate purpose for sharing.", ("Q1", "3.3")),
    step="Q1",
    advice_on="advice.purpose",
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
    advice_on="advice.identifiable",
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
    advice_on="advice.confidential",
)


def _inform_subject(facts: CaseFacts, decision: Decision) -> InformSubject:
    """3.9, 3.11, 3.36, 3.47, 3.48: tell the person, unless that is unsafe."""
    if decision.outcome not in SHARING_OUTCOMES or not decision.identifies_person:
        return "not_applicable"
    return "no" if facts.consent_unsafe else "yes"


# What the practitioner does now (see `shared_step` for why each is built once).
_REFER_CHILD = shared_action(
    "act.refer.child",
    "Follow your local safeguarding children procedures now: refer your concern to "
    "children's social care or the police, and tell your safeguarding lead.",
    "1.10",
    "3.45",
)
_REFER_ADULT = shared_action(
    "act.refer.adult",
    "Follow your local adult safeguarding procedures now: contact your safeguarding "
    "lead or vulnerable adults worker.",
    "1.14",
)
_WITHOUT_NAMING = "before deciding, without naming the person where you can"
# Seek advice on what the doubt is about (GR3), with the paragraph on that doubt.
_GET_ADVICE = {
    "advice.order": shared_action(
        "advice.order",
        "Take legal advice through your organisation on the court order before sharing "
        "anything under it.",
        "GR3",
        "3.8",
    ),
    "advice.purpose": shared_action(
        "advice.purpose",
        "Check with your manager or your agency's policies that sharing for this purpose is "
        f"within your agency's functions, {_WITHOUT_NAMING}.",
        "GR3",
        "3.4",
        "3.6",
    ),
    "advice.identifiable": shared_action(
        "advice.identifiable",
        "Ask your manager or your information governance lead whether the recipient could "
        f"identify anyone from the information, {_WITHOUT_NAMING}.",
        "GR3",
        "3.10",
    ),
    "advice.confidential": shared_action(
        "advice.confidential",
        "Check with the person who gave you the information what they expect, or ask your "
        f"manager or Caldicott guardian whether it is confidential, {_WITHOUT_NAMING}.",
        "GR3",
        "3.12",
        "3.13",
    ),
    "advice.consent_validity": shared_action(
        "advice.consent_validity",
        "Go back to whoever gave consent, or ask your manager, to settle whether it was "
        "informed, freely given and covers this sharing.",
        "GR3",
        "3.18",
        "3.19",
        "3.20",
    ),
    "advice.competence.child": shared_action(
        "advice.competence.child",
        "Ask your manager or nominated advisor whether the child can decide for themselves, "
        "and so whose consent counts.",
        "GR3",
        "3.24",
        "3.29",
    ),
    "advice.competence.adult": shared_action(
        "advice.competence.adult",
        "Assess the person's capacity to make this decision under the Mental Capacity Act "
        "code, with advice from your manager if you need it.",
        "GR3",
        "3.34",
        "3.35",
    ),
    "advice.competence.unknown": shared_action(
        "advice.competence.unknown",
        "Find out whether the person can decide for themselves (for a child, their "
        "understanding; for an adult, their capacity), with advice from your manager.",
        "GR3",
        "3.24",
        "3.35",
    ),
    "advice.harm": shared_action(
        "advice.harm",
        "Talk your concern through with your safeguarding lead, your manager or your "
        f"Caldicott guardian {_WITHOUT_NAMING}.",
        "GR3",
        "1.11",
        "3.44",
    ),
    "advice.harm.adult": shared_action(
        "advice.harm",
        "Talk your concern through with your adult safeguarding lead or your manager "
        f"{_WITHOUT_NAMING}.",
        "GR3",
        "1.14",
        "3.44",
    ),
    "advice.serious_crime": shared_action(
        "advice.harm",
        "Seek advice on whether sharing would help to prevent, detect or prosecute a serious "
        f"crime, {_WITHOUT_NAMING}.",
        "GR3",
        "3.42",
        "3.44",
    ),
    "advice.own_choices": shared_action(
        "advice.own_choices",
        "Seek advice on whether sharing without the person's consent is justified when the "
        f"risk falls on them alone, {_WITHOUT_NAMING}.",
        "GR3",
        "3.43",
        "3.44",
    ),
    "advice.weighing": shared_action(
        "advice.weighing",
        "Seek advice from your manager or your organisation's nominated advisor on whether "
        f"the public interest justifies sharing, {_WITHOUT_NAMING}.",
        "GR3",
        "3.44",
    ),
}
_HARM_DOUBT = {
    "child": shared_action(
        "act.harm_doubt",
        "You were not sure whether a child may be at risk of significant harm: do not "
        "ignore it. Talk it over with your safeguarding lead, without naming the child "
        "where you can.",
        "1.11",
        "GR3",
    ),
    "adult": shared_action(
        "act.harm_doubt",
        "You were not sure whether an adult may be at risk of serious harm: do not ignore "
        "it. Talk it over with your safeguarding lead or vulnerable adults worker.",
        "1.14",
        "GR3",
    ),
}
_DO_NOT_SHARE = {
    "act.do_not_share.purpose": shared_action(
        "act.do_not_share.purpose",
        "Do not share the information. If a clear purpose arises later, look at the "
        "decision again.",
        "3.3",
        "3.5",
    ),
    "act.do_not_share.weighed": shared_action(
        "act.do_not_share.weighed",
        "Do not share the information. Look at the decision again if new information "
        "comes to light.",
        "3.40",
    ),
    "act.do_not_share.refused": shared_action(
        "act.do_not_share.weighed",
        "Do not share the information, and respect the person's wishes. Look at the "
        "decision again if new information comes to light.",
        "3.40",
        "GR4",
    ),
}
_EMERGENCY_SHARE = shared_action(
    "act.emergency",
    "Share only what the emergency needs, by the quickest means that is still secure "
    "enough for information of this kind.",
    "1.18",
)
_EMERGENCY_ASK = shared_action(
    "act.emergency",
    "If asking for consent would hold up what the emergency needs, it may not be "
    "appropriate to ask: record that as a reason not to seek consent and reassess.",
    "1.18",
    "3.36",
)
_RECORD_SHARING = shared_action(
    "act.record",
    "Record your decision and your reasons, what you shared, with whom, for what "
    "purpose, and when.",
    "3.50",
    "3.51",
    "GR7",
)
_RECORD_NOT_SHARING = shared_action(
    "act.record",
    "Record your decision and your reasons, even though nothing is shared yet.",
    "3.50",
    "GR7",
)
_RECORD_ADVICE = shared_action(
    "act.record",
    "Record your decision and your reasons, even though nothing is shared yet, with the "
    "advice you get and what you decide after it.",
    "3.50",
    "GR7",
    "flowchart",
)
# Q6 (3.48-3.49): the checks before any sharing that identifies someone.
_Q6_CHECKS = (
    shared_action(
        "act.q6",
        "Share only what is necessary for the purpose, and only with the people who need it.",
        "3.48",
        "GR6",
    ),
    shared_action(
        "act.q6",
        "Make sure what you pass on is correct and current, and mark clearly what is fact "
        "and what is opinion.",
        "3.48",
    ),
    shared_action(
        "act.q6",
        "Share it securely: confirm who you are talking to, make sure you cannot be overheard, "
        "and use secure email.",
        "3.48",
    ),
    shared_action(
        "act.q6",
        "Agree with the recipient whether they will pass it on, and make sure they know the "
        "limits of any consent.",
        "3.48",
    ),
    shared_action(
        "act.q6",
        "Consider whether the information could identify anyone else, such as whoever gave it "
        "to you, and whether sharing could put them at risk.",
        "3.49",
    ),
)
_CHECK_ANONYMISED = shared_action(
    "act.anonymised",
    "Check that the recipient cannot identify anyone from the information, alone or "
    "with other information they hold.",
    "3.10",
)
_WITHIN_CONSENT = shared_action(
    "act.q6", "Stay within what the consent covers: its purpose and its recipients.", "3.48"
)
_SETTLE_SENSITIVITY = shared_action(
    "act.sensitivity_unsure",
    "Settle whether the information is sensitive personal data before you share it: it "
    "changes how much the sharing may mean for the person. Ask if you are not sure.",
    "3.40",
    "GR3",
)
_TELL = {
    "must_share": shared_action(
        "act.tell.duty",
        "Tell the person that you are sharing the information, why, and with whom.",
        "3.9",
        "3.37",
    ),
    "share_without_consent": shared_action(
        "act.tell.without_consent",
        "Explain to the person (or, for a young child, their family) that you intend to share "
        "the information and why.",
        "3.47",
    ),
    "share": shared_action(
        "act.tell.shared",
        "Tell the person (and whoever gave you the information, if someone else) what you "
        "have shared and with whom, if you have not already.",
        "3.48",
    ),
}
_ASK_EXPLICITLY = shared_action(
    "act.ask.explicitly",
    "Ask for explicit consent, in writing where you can. Do not pressure anyone, and do "
    "not take silence as agreement.",
    "3.19",
    "3.20",
)
_ENCOURAGE_TALKING_TO_PARENTS = shared_action(
    "act.ask.talk_to_parents",
    "Encourage the young person to talk it over with their parents, but do not make "
    "your service depend on it.",
    "3.28",
)
_IF_REFUSED = shared_action(
    "act.ask.if_refused",
    "If consent is refused, come back to this decision: a refusal does not always rule "
    "out sharing where there is a concern.",
    "3.38",
)
_EXPLAIN = (
    ". Explain why you want to share, what, with whom, and what could follow from sharing "
    "or not sharing."
)
# Whom to ask, by whose word counts and whom the case is about.
_WHOM_TO_ASK: dict[tuple[WhoDecides | None, Band], Action] = {
    ("subject", "adult"): shared_action(
        "act.ask.subject.adult",
        "Ask the person themselves for consent" + _EXPLAIN,
        "3.30",
        "3.18",
    ),
    ("subject", "child"): shared_action(
        "act.ask.subject.child",
        "Ask the young person themselves for consent" + _EXPLAIN,
        "3.23",
        "3.30",
        "3.18",
    ),
    ("subject", "unknown"): shared_action(
        "act.ask.subject.unknown",
        "Ask the person themselves for consent" + _EXPLAIN,
        "3.23",
        "3.30",
        "3.18",
    ),
    ("for_a_child", "child"): shared_action(
        "act.ask.for_a_child",
        "Ask a person with parental responsibility for consent (one is enough; if the "
        "parents are separated, usually the parent the child lives with; under a care "
        "order, liaise with the local authority), and still seek the child's views" + _EXPLAIN,
        "3.26",
        "3.27",
        "3.18",
    ),
    ("best_interests", "adult"): shared_action(
        "act.ask.best_interests",
        "Make a best-interests decision under the Mental Capacity Act code, taking account "
        "of the person's wishes and the views of those close to them" + _EXPLAIN,
        "3.33",
        "3.35",
        "3.18",
    ),
    ("unknown_child_or_adult", "unknown"): shared_action(
        "act.ask.unknown",
        "The person cannot decide for themselves: if they are a child, ask a person with "
        "parental responsibility; if an adult, make a best-interests decision" + _EXPLAIN,
        "3.26",
        "3.33",
        "3.18",
    ),
    (None, "child"): shared_action(
        "act.ask.judge_first.child",
        "First judge whether the child can make this decision for themselves; if they can, "
        "ask them; if not, ask a person with parental responsibility" + _EXPLAIN,
        "3.24",
        "3.26",
        "3.18",
    ),
    (None, "unknown"): shared_action(
        "act.ask.judge_first.unknown",
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
        checklist.append(_GET_ADVICE[_advice_key(facts, decision)])
    else:
        checklist.append(_DO_NOT_SHARE[decision.why or "act.do_not_share.weighed"])
    if outcome != "seek_advice":
        # 1.11: a doubt about harm is never dropped, even where the case is settled.
        if facts.harm.child == "unsure":
            checklist.append(_HARM_DOUBT["child"])
        if facts.harm.adult == "unsure":
            checklist.append(_HARM_DOUBT["adult"])
    if facts.emergency is True and sharing:
        checklist.append(_EMERGENCY_SHARE)
    elif facts.emergency is True and outcome == "seek_consent":
        checklist.append(_EMERGENCY_ASK)
    if sharing:
        checklist.append(_RECORD_SHARING)
    else:
        checklist.append(_RECORD_ADVICE if outcome == "seek_advice" else _RECORD_NOT_SHARING)


def _advice_key(facts: CaseFacts, decision: Decision) -> str:
    why = decision.why or "advice.weighing"
    if why != "advice.harm" or facts.harm.child == "unsure":
        return why
    # 1.11 is about children; 1.14 about adults; a serious crime alone is 3.42's.
    return "advice.harm.adult" if facts.harm.adult == "unsure" else "advice.serious_crime"


def _sharing_actions(trail: Trail, decision: Decision, inform: InformSubject) -> None:
    facts = trail.facts
    checklist = trail.checklist
    if not decision.identifies_person:
        checklist.append(_CHECK_ANONYMISED)
        return
    checklist.extend(_Q6_CHECKS)
    if decision.outcome == "share" and facts.consent.status == "given":
        checklist.append(_WITHIN_CONSENT)
    if decision.why == "act.sensitivity_unsure":
        checklist.append(_SETTLE_SENSITIVITY)
    if inform == "no" and facts.consent_unsafe:
        trail.action(
            "act.tell.not_now",
            "Do not tell the person or their family for now: it would "
            f"{unsafe_because(facts.consent_unsafe)}. Record why, and tell them once it is safe.",
            "3.36",
            "3.11",
            "3.47",
        )
    elif inform == "yes":
        checklist.append(_TELL[decision.outcome])


def _seek_consent_actions(trail: Trail) -> None:
    facts = trail.facts
    who = who_decides(facts)
    checklist = trail.checklist
    checklist.append(_WHOM_TO_ASK[who, band(facts)])
    checklist.append(_ASK_EXPLICITLY)
    if who == "subject" and facts.is_adult is False:
        checklist.append(_ENCOURAGE_TALKING_TO_PARENTS)
    checklist.append(_IF_REFUSED)
