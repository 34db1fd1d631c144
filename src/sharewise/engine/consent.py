"""Q4: whose consent counts, and whether the consent there is can be relied on (3.17-3.36)."""

from __future__ import annotations

from functools import cache
from typing import Literal

from sharewise.engine.assessment import Step
from sharewise.engine.citing import band
from sharewise.engine.facts import UNSAFE_REASONS, CaseFacts, GivenBy, UnsafeReason
from sharewise.engine.trail import Decision, Trail, incomplete, shared_step

WhoDecides = Literal["subject", "for_a_child", "best_interests", "unknown_child_or_adult"]

SHARE = Decision("share")
_FOR_A_CHILD: frozenset[GivenBy] = frozenset({"parent", "local_authority"})

GIVER_NAMES: dict[GivenBy, str] = {
    "subject": "the person themselves",
    "parent": "a parent",
    "local_authority": "the local authority",
    "best_interests": "a best-interests decision",
}

_UNSAFE_BECAUSE: dict[UnsafeReason, str] = {
    "increase_risk_of_harm": "put someone at greater risk of harm",
    "prejudice_serious_crime": (
        "get in the way of preventing, detecting or prosecuting a serious crime"
    ),
    "cause_unjustified_delay": "cause an unjustified delay in looking into concerns about harm",
}


def who_decides(facts: CaseFacts) -> WhoDecides | None:
    """Whose consent, refusal or withdrawal counts (3.22-3.35); None while competence is
    unknown. Competence must be settled (not 'unsure') before this is asked."""
    competent = facts.competent
    if competent is None:
        return None
    if competent is True:
        return "subject"
    if facts.is_adult is None:
        return "unknown_child_or_adult"
    return "best_interests" if facts.is_adult else "for_a_child"


def can_decide(who: WhoDecides, given_by: GivenBy) -> bool | None:
    """Whether `given_by` is someone whose word counts; None when that turns on whether
    the person is a child or an adult and we do not know which."""
    if who == "subject":
        return given_by == "subject"
    if who == "for_a_child":
        return given_by in _FOR_A_CHILD
    if who == "best_interests":
        return given_by == "best_interests"
    return False if given_by == "subject" else None


def unsafe_because(reasons: list[UnsafeReason]) -> str:
    return " or ".join(_UNSAFE_BECAUSE[r] for r in UNSAFE_REASONS if r in reasons)


@cache
def _presumed_from(age: int) -> Step:
    """3.30, at the age from which the edition presumes capacity."""
    return shared_step(
        "Q4",
        "who.presumed",
        f"At {age} and over a person is presumed able to decide for themselves, so their own "
        "consent or refusal is the one that counts.",
        "3.30",
    )


# Whose word counts, said once per kind of person (3.22-3.35).
_WHO_DECIDES_SAID = {
    "who.competent.adult": shared_step(
        "Q4",
        "who.competent.adult",
        "The person is able to make this decision for themselves, so their own consent or "
        "refusal is the one that counts.",
        "3.30",
        "3.32",
    ),
    "who.competent.child": shared_step(
        "Q4",
        "who.competent.child",
        "The young person is able to decide for themselves, so their own consent or refusal "
        "is the one that counts, even if a parent or carer disagrees.",
        "3.23",
        "3.24",
        "3.28",
    ),
    "who.competent.unknown": shared_step(
        "Q4",
        "who.competent.unknown",
        "The person is able to decide for themselves, so their own consent or refusal is the "
        "one that counts.",
        "3.23",
        "3.30",
    ),
    "who.for_a_child": shared_step(
        "Q4",
        "who.for_a_child",
        "The child cannot decide for themselves, so a person with parental responsibility "
        "(one is enough) or the local authority under a care order decides for them.",
        "3.26",
        "3.27",
    ),
    "who.best_interests": shared_step(
        "Q4",
        "who.best_interests",
        "The person lacks capacity to make this decision, so it must be made in their best "
        "interests, taking account of their wishes and of those close to them.",
        "3.31",
        "3.33",
        "3.35",
    ),
    "who.unknown_child_or_adult": shared_step(
        "Q4",
        "who.unknown",
        "The person cannot decide for themselves. Who decides for them depends on whether "
        "they are a child or an adult.",
        "3.26",
        "3.33",
    ),
}


def _say_who_decides(trail: Trail, who: WhoDecides) -> None:
    facts = trail.facts
    if who != "subject":
        said = _WHO_DECIDES_SAID[f"who.{who}"]
    elif facts.competent_to_consent is None:
        said = _presumed_from(facts.presumed_competent_age)
    else:
        said = _WHO_DECIDES_SAID[f"who.competent.{band(facts)}"]
    trail.steps.append(said)


# Why someone else's word is not the one that counts, and the paragraphs that say so.
_ONLY_THEIRS: dict[str, tuple[str, tuple[str, ...]]] = {
    "wrong_giver.competent.child": (
        "a young person who can decide for themselves speaks for themselves, even if a "
        "parent disagrees",
        ("3.22", "3.28"),
    ),
    "wrong_giver.competent.adult": (
        "the person can decide for themselves, so only their own word counts",
        ("3.22", "3.30"),
    ),
    "wrong_giver.competent.unknown": (
        "the person can decide for themselves, so only their own word counts",
        ("3.22", "3.28", "3.30"),
    ),
    "wrong_giver.for_a_child": (
        "for a child who cannot decide, only a person with parental responsibility or the "
        "local authority under a care order speaks for them",
        ("3.22", "3.26", "3.27"),
    ),
    "wrong_giver.best_interests": (
        "for an adult who lacks capacity, only a decision in their best interests counts",
        ("3.22", "3.31", "3.33"),
    ),
    "wrong_giver.unknown_child_or_adult": (
        "the person cannot decide for themselves, so their own word is not the one that counts",
        ("3.22", "3.26", "3.33"),
    ),
}


def _not_theirs_to_decide(trail: Trail, who: WhoDecides, said: str) -> None:
    key = f"wrong_giver.competent.{band(trail.facts)}" if who == "subject" else f"wrong_giver.{who}"
    why, citations = _ONLY_THEIRS[key]
    kind = "wrong_giver.unknown" if who == "unknown_child_or_adult" else key
    trail.reason("Q4", kind, f"{said}, but {why}.", *citations)


_NOT_SOUGHT = shared_step(
    "Q4", "consent.not_sought", "Consent to this sharing has not been sought yet.", "Q4", "3.17"
)
_UNSURE_WHO_DECIDES = {
    "child": ("3.24", "3.29"),
    "adult": ("3.34", "3.35"),
    "unknown": ("3.24", "3.35"),
}


def _unsure_who_decides(trail: Trail, text: str) -> Decision:
    """Competence is `unsure`: whose word counts is unknown (3.24, 3.29, 3.35)."""
    whom = band(trail.facts)
    trail.reason("Q4", f"who.unsure.{whom}", text, *_UNSURE_WHO_DECIDES[whom])
    return Decision("seek_advice", why=f"advice.competence.{whom}")


def consent_step(trail: Trail) -> Decision | None:
    """Q4. Returns the decision, or None when the public interest must be weighed (Q5)."""
    facts = trail.facts
    consent = facts.consent
    if consent.status is None:
        return incomplete("consent.status")
    if consent.status == "not_sought":
        trail.steps.append(_NOT_SOUGHT)
        return _without_valid_consent(trail)

    given_by = consent.given_by or "subject"
    if given_by != "subject" and facts.competent_to_consent is None:
        # Someone else speaks for the person only if they cannot decide: the presumption
        # of 3.30 must be confirmed or rebutted (3.31), never assumed.
        return incomplete("competent_to_consent")
    if facts.competent == "unsure":
        return _unsure_who_decides(
            trail,
            "It is not clear whether the person can make this decision for themselves, so it "
            "is not clear whose consent counts.",
        )
    who = who_decides(facts)
    if who is None:
        return incomplete("competent_to_consent")
    counts = can_decide(who, given_by)
    if counts is None:
        return incomplete("about")
    _say_who_decides(trail, who)
    giver = GIVER_NAMES[given_by]

    if consent.status == "given":
        if not counts:
            _not_theirs_to_decide(trail, who, f"Consent came from {giver}")
            return _without_valid_consent(trail)
        return _given_by_the_right_person(trail, given_by)

    withdrawn = consent.status == "withdrawn"
    if not counts:
        said = f"It was {giver} that {'withdrew' if withdrawn else 'refused'} consent"
        _not_theirs_to_decide(trail, who, said)
        return _without_valid_consent(trail)
    trail.reason(
        "Q4",
        "consent.refused",
        f"Consent was {'withdrawn' if withdrawn else 'refused'} by {giver}. Respect that where "
        "you can, but it does not by itself rule out sharing where there is a concern: the "
        "public interest must be weighed.",
        *(("3.21",) if withdrawn else ()),
        "3.38",
        "GR4",
    )
    return None


_VALID_CONSENT_FROM = {
    given_by: shared_step(
        "Q4",
        "consent.valid",
        f"There is informed consent from {giver}, freely given and covering this purpose and "
        "recipient, so you can share on that basis.",
        "3.14",
        "3.18",
        "3.19",
        "3.20",
    )
    for given_by, giver in GIVER_NAMES.items()
}


def _given_by_the_right_person(trail: Trail, given_by: GivenBy) -> Decision | None:
    consent = trail.facts.consent
    # Missing validity facts default to true (the contract's defaults).
    checks = (
        (consent.informed, "informed", "3.18"),
        (consent.freely_given, "freely given", "3.20"),
        (consent.covers_this_sharing, "covering this purpose and this recipient", "3.19"),
    )
    # One that fails settles it, whatever doubt there is about the others.
    failures = [(what, para) for value, what, para in checks if value is False]
    if failures:
        trail.reason(
            "Q4",
            "consent.not_valid",
            f"Consent from {GIVER_NAMES[given_by]} was not "
            + " or ".join(what for what, _ in failures)
            + ", so it is not valid consent for this sharing.",
            *(para for _, para in failures),
            *(("3.21",) if consent.covers_this_sharing is False else ()),
        )
        return _without_valid_consent(trail)
    doubts = [(what, para) for value, what, para in checks if value == "unsure"]
    if doubts:
        trail.reason(
            "Q4",
            "consent.doubt",
            "You are not sure whether the consent was "
            + " or ".join(what for what, _ in doubts)
            + ", so you cannot yet rely on it.",
            *(para for _, para in doubts),
            "GR3",
        )
        return Decision("seek_advice", why="advice.consent_validity")
    trail.steps.append(_VALID_CONSENT_FROM[given_by])
    return SHARE


_ASK_FIRST = shared_step(
    "Q4",
    "consent.ask_first",
    "Nothing makes it unsafe to ask, so seek consent first: it is the first option.",
    "3.38",
    "GR2",
    "GR4",
)


def _without_valid_consent(trail: Trail) -> Decision | None:
    """Valid consent has not been obtained: seek it, unless asking is unsafe (3.36, 3.38)."""
    unsafe = trail.facts.consent_unsafe
    if unsafe is None:
        return incomplete("consent_unsafe")
    if unsafe:
        trail.reason(
            "Q4",
            "consent.unsafe_to_ask",
            f"Asking for consent, or telling the person, would {unsafe_because(unsafe)}, so "
            "consent should not be sought.",
            "3.36",
            "3.11",
        )
        return None
    if trail.facts.competent == "unsure":
        return _unsure_who_decides(
            trail,
            "Consent should be sought, but it is not clear whether the person can make this "
            "decision for themselves, so it is not clear whom to ask.",
        )
    trail.steps.append(_ASK_FIRST)
    return Decision("seek_consent")
