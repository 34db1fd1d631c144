"""Q5: is there a sufficient public interest to share without consent (3.38-3.44)?

The general rule (3.42) and its exception (3.43) are written side by side.
"""

from __future__ import annotations

from sharewise.engine.trail import Decision, Trail, incomplete, shared_step

SHARE_WITHOUT_CONSENT = Decision("share_without_consent")
SEEK_ADVICE = Decision("seek_advice")


_CHILD_AT_RISK = shared_step(
    "Q5",
    "There is reasonable cause to believe a child is suffering, or is at risk of, "
    "significant harm. That normally justifies sharing without consent.",
    "3.41",
    "3.42",
)
_SERIOUS_CRIME = shared_step(
    "Q5",
    "Sharing would help to prevent, detect or prosecute a serious crime. That normally "
    "justifies sharing without consent.",
    "3.42",
)
_ADULT_ALSO_AT_RISK = shared_step(
    "Q5",
    "There is also reasonable cause to believe an adult is at risk of serious harm.",
    "3.42",
)
_UNSURE_OF_HARM = shared_step(
    "Q5",
    "You are not sure whether there is reasonable cause to believe someone is at risk "
    "of harm. The concern must not be ignored: talk it through before deciding.",
    "1.11",
    "3.44",
)


def public_interest_step(trail: Trail) -> Decision:
    facts = trail.facts
    harm = facts.harm
    if harm.child is None and harm.adult is None and harm.serious_crime is None:
        return incomplete("harm.child")
    child_at_risk = harm.child == "reasonable_cause"
    adult_at_risk = harm.adult == "reasonable_cause"
    serious_crime = harm.serious_crime is True

    # 3.42, the general rule: these grounds normally justify sharing without consent.
    if child_at_risk:
        trail.steps.append(_CHILD_AT_RISK)
    if serious_crime:
        trail.steps.append(_SERIOUS_CRIME)
    if adult_at_risk and not (child_at_risk or serious_crime):
        return _adult_at_risk_alone(trail)
    if adult_at_risk:
        trail.steps.append(_ADULT_ALSO_AT_RISK)
    if child_at_risk or serious_crime:
        return SHARE_WITHOUT_CONSENT

    if "unsure" in (harm.child, harm.adult, harm.serious_crime):
        trail.steps.append(_UNSURE_OF_HARM)
        return SEEK_ADVICE
    return _own_weighing(trail)


_ADULT_OUTSIDE_EXCEPTION = shared_step(
    "Q5",
    "There is reasonable cause to believe an adult is suffering, or is at risk of, "
    "serious harm, and the exception for adults who choose to put only themselves at "
    "risk does not apply. That normally justifies sharing without consent.",
    "3.42",
    "3.43",
)
_HARM_BEYOND_OWN_CHOICES = shared_step(
    "Q5",
    "There is reasonable cause to believe an adult is at risk of serious harm, and the "
    "risk reaches beyond the person's own choices. That normally justifies sharing "
    "without consent.",
    "3.42",
)
_EXCEPTION_APPLIES = shared_step(
    "Q5",
    "The person is an adult able to make their own decisions, and the serious harm "
    "falls on them alone, with no child at risk and no serious crime. Sharing without "
    "their consent may not be justified.",
    "3.43",
    "3.30",
)
_EXCEPTION_MAY_APPLY = shared_step(
    "Q5",
    "It is not clear whether the serious harm falls on the person alone. If it does, "
    "sharing without their consent may not be justified.",
    "3.43",
)


def _adult_at_risk_alone(trail: Trail) -> Decision:
    """Serious harm to an adult is the only ground: 3.42, unless the 3.43 exception applies."""
    facts = trail.facts
    if facts.is_adult is False or facts.competent is False:
        # 3.43 covers only an adult with capacity who puts themselves at risk: a child
        # subject means the adult at risk is someone else; an adult lacking capacity is outside it.
        trail.steps.append(_ADULT_OUTSIDE_EXCEPTION)
        return SHARE_WITHOUT_CONSENT
    self_only = facts.harm.self_only
    if self_only is None:
        return incomplete("harm.self_only")
    if self_only is False:
        trail.steps.append(_HARM_BEYOND_OWN_CHOICES)
        return SHARE_WITHOUT_CONSENT
    if self_only is True:
        trail.steps.append(_EXCEPTION_APPLIES)
    else:
        trail.steps.append(_EXCEPTION_MAY_APPLY)
    return SEEK_ADVICE


_OWN_WEIGHING = shared_step(
    "Q5",
    "None of the grounds that normally justify sharing without consent applies, so it "
    "rests on your own weighing of the public interest.",
    "3.39",
    "3.41",
)
_WEIGHED_FOR_SHARING = shared_step(
    "Q5",
    "You judged that sharing is necessary and proportionate, and that the public interest "
    "in sharing outweighs the interest in keeping the information confidential.",
    "3.38",
    "3.40",
)
_WEIGHING_UNSURE = shared_step(
    "Q5",
    "You are not sure whether the public interest justifies sharing without consent.",
    "3.44",
)
_WEIGHED_AGAINST_SHARING = shared_step(
    "Q5",
    "You judged that the public interest in sharing does not outweigh the duty of "
    "confidence, so respect the person's wishes.",
    "3.40",
    "GR4",
)
_SENSITIVITY_UNSURE = shared_step(
    "Q5",
    "You are not sure whether the information is sensitive personal data, which weighs "
    "heavily in deciding whether sharing is proportionate.",
    "3.40",
    "3.44",
)
_SENSITIVE = shared_step(
    "Q5",
    "The information is sensitive personal data, so the effect of sharing on the person "
    "and on their trust in the service weighs heavily.",
    "3.40",
)


def _own_weighing(trail: Trail) -> Decision:
    """No 3.42 ground: the practitioner's own weighing decides (3.39-3.41)."""
    facts = trail.facts
    trail.steps.append(_OWN_WEIGHING)
    weighing = facts.public_interest
    if weighing is None:
        return incomplete("public_interest")
    if weighing == "unsure":
        trail.steps.append(_WEIGHING_UNSURE)
        return SEEK_ADVICE
    if weighing is False:
        trail.steps.append(_WEIGHED_AGAINST_SHARING)
        return Decision("do_not_share")
    if facts.sensitive == "unsure":
        trail.steps.append(_SENSITIVITY_UNSURE)
        return SEEK_ADVICE
    if facts.sensitive is True:
        trail.steps.append(_SENSITIVE)
    trail.steps.append(_WEIGHED_FOR_SHARING)
    return SHARE_WITHOUT_CONSENT
