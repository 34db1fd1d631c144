"""Q5: is there a sufficient public interest to share without consent (3.38-3.44)?

The general rule (3.42) and its exception (3.43) are written side by side.
"""

from __future__ import annotations

from sharewise.engine.trail import Decision, Trail, incomplete, shared_step

SHARE_WITHOUT_CONSENT = Decision("share_without_consent")


_CHILD_AT_RISK = shared_step(
    "Q5",
    "public_interest.ground",
    "There is reasonable cause to believe a child is suffering, or is at risk of, "
    "significant harm. That normally justifies sharing without consent.",
    "3.41",
    "3.42",
)
_SERIOUS_CRIME = shared_step(
    "Q5",
    "public_interest.ground",
    "Sharing would help to prevent, detect or prosecute a serious crime. That normally "
    "justifies sharing without consent.",
    "3.42",
)
_ADULT_ALSO_AT_RISK = shared_step(
    "Q5",
    "public_interest.ground",
    "There is also reasonable cause to believe an adult is at risk of serious harm.",
    "3.42",
)
_UNSURE_OF_HARM = "You are not sure whether there is reasonable cause to believe {what}. " + (
    "The concern must not be ignored: talk it through before deciding."
)
SEEK_ADVICE_ON_HARM = Decision("seek_advice", why="advice.harm")


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

    doubts = [
        (what, ref)
        for value, what, ref in (
            (harm.child, "a child is at risk of significant harm", "1.11"),
            (harm.adult, "an adult is at risk of serious harm", "1.14"),
            (harm.serious_crime, "sharing would help with a serious crime", "3.42"),
        )
        if value == "unsure"
    ]
    if doubts:
        what = " or ".join(what for what, _ in doubts)
        trail.reason(
            "Q5",
            "public_interest.harm_unsure",
            _UNSURE_OF_HARM.format(what=what),
            *(ref for _, ref in doubts),
            "3.44",
        )
        return SEEK_ADVICE_ON_HARM
    return _own_weighing(trail)


_ADULT_OUTSIDE_EXCEPTION = shared_step(
    "Q5",
    "public_interest.outside_exception",
    "There is reasonable cause to believe an adult is suffering, or is at risk of, "
    "serious harm, and the exception for adults who choose to put only themselves at "
    "risk does not apply. That normally justifies sharing without consent.",
    "3.42",
    "3.43",
)
_HARM_BEYOND_OWN_CHOICES = shared_step(
    "Q5",
    "public_interest.beyond_own_choices",
    "There is reasonable cause to believe an adult is at risk of serious harm, and the "
    "risk reaches beyond the person's own choices. That normally justifies sharing "
    "without consent.",
    "3.42",
)
_EXCEPTION_APPLIES = shared_step(
    "Q5",
    "public_interest.own_choices",
    "The person is an adult able to make their own decisions, and the serious harm "
    "falls on them alone, with no child at risk and no serious crime. Sharing without "
    "their consent may not be justified.",
    "3.43",
    "3.30",
)
_EXCEPTION_MAY_APPLY = shared_step(
    "Q5",
    "public_interest.own_choices",
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
    return Decision("seek_advice", why="advice.own_choices")


_OWN_WEIGHING = shared_step(
    "Q5",
    "public_interest.weighing",
    "None of the grounds that normally justify sharing without consent applies, so it "
    "rests on your own weighing of the public interest.",
    "3.39",
    "3.41",
)
_WEIGHED_FOR_SHARING = shared_step(
    "Q5",
    "public_interest.weighing",
    "You judged that sharing is necessary and proportionate, and that the public interest "
    "in sharing outweighs the interest in keeping the information confidential.",
    "3.38",
    "3.40",
)
_WEIGHING_UNSURE = shared_step(
    "Q5",
    "public_interest.weighing",
    "You are not sure whether the public interest justifies sharing without consent.",
    "3.44",
)
_WEIGHED_AGAINST_SHARING = shared_step(
    "Q5",
    "public_interest.weighed_against",
    "You judged that the public interest in sharing does not outweigh the duty of "
    "confidence, so the information is not shared without consent.",
    "3.40",
)
_WEIGHED_AGAINST_THEIR_WISHES = shared_step(
    "Q5",
    "public_interest.weighed_against",
    "You judged that the public interest in sharing does not outweigh the duty of "
    "confidence, so respect the person's wishes.",
    "3.40",
    "GR4",
)
_SENSITIVITY_UNSURE = shared_step(
    "Q5",
    "public_interest.sensitive",
    "You are not sure whether the information is sensitive personal data. That is part of "
    "your weighing, which stands, but settle it before you share.",
    "3.40",
)
_SENSITIVE = shared_step(
    "Q5",
    "public_interest.sensitive",
    "The information is sensitive personal data, so the effect of sharing on the person "
    "and on their trust in the service weighs heavily in your weighing.",
    "3.40",
)
SHARE_ONCE_SENSITIVITY_SETTLED = Decision("share_without_consent", why="act.sensitivity_unsure")


def _own_weighing(trail: Trail) -> Decision:
    """No 3.42 ground: the practitioner's own weighing decides (3.39-3.41). The nature of
    the information is part of that weighing (3.40), so `sensitive` changes no outcome."""
    facts = trail.facts
    trail.steps.append(_OWN_WEIGHING)
    weighing = facts.public_interest
    if weighing is None:
        return incomplete("public_interest")
    if facts.sensitive is True:
        trail.steps.append(_SENSITIVE)
    elif facts.sensitive == "unsure":
        trail.steps.append(_SENSITIVITY_UNSURE)
    if weighing == "unsure":
        trail.steps.append(_WEIGHING_UNSURE)
        return Decision("seek_advice", why="advice.weighing")
    if weighing is False:
        if any(step.kind == "consent.refused" for step in trail.steps):  # theirs to refuse
            trail.steps.append(_WEIGHED_AGAINST_THEIR_WISHES)
            return Decision("do_not_share", why="act.do_not_share.refused")
        trail.steps.append(_WEIGHED_AGAINST_SHARING)
        return Decision("do_not_share", why="act.do_not_share.weighed")
    trail.steps.append(_WEIGHED_FOR_SHARING)
    return SHARE_ONCE_SENSITIVITY_SETTLED if facts.sensitive == "unsure" else SHARE_WITHOUT_CONSENT
