"""Q7: what a decision record must say, given what the guidance recommended (3.50-3.51).

Pure: the register refuses a record that lacks any of it, and a form asks for all of it
at once, from this one list.
"""

from __future__ import annotations

from dataclasses import dataclass

from sharewise.engine.assessment import SHARING_OUTCOMES, Outcome

# Sharing on these needs no weighing of the public interest: consent, anonymised or not
# confidential information (share), or the law (must_share).
NO_WEIGHING_NEEDED: frozenset[Outcome] = frozenset({"share", "must_share"})


@dataclass(frozen=True)
class Needed:
    """One thing the record lacks: the part of the decision, what is wrong, what is allowed,
    and the paragraphs that ask for it."""

    part: str
    problem: str
    allowed: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class RecordedDecision:
    """Which parts of a decision the practitioner gave."""

    share: bool
    departure: bool = False
    public_interest: bool = False
    shared: bool = False
    told: bool = False


def departs(outcome: Outcome, share: bool) -> bool:
    """Whether the practitioner decided otherwise than the guidance recommends."""
    return share != (outcome in SHARING_OUTCOMES)


def weighing_needed(outcome: Outcome, share: bool) -> bool:
    """Sharing without consent rests on the practitioner's weighing (3.38-3.41)."""
    return share and outcome not in NO_WEIGHING_NEEDED


def what_the_record_needs(outcome: Outcome, given: RecordedDecision) -> list[Needed]:
    """Everything the record still needs, all at once; empty when it is complete."""
    needed = []
    if departs(outcome, given.share) and not given.departure:
        needed.append(
            Needed(
                "decision.departure",
                "the decision differs from the recommendation without saying why",
                "your reasons for deciding otherwise, in your own words",
                ("3.1", "3.50"),
            )
        )
    if weighing_needed(outcome, given.share) and not given.public_interest:
        needed.append(
            Needed(
                "public_interest",
                "sharing without consent needs the public interest weighing",
                "what might happen if you share and if you do not, why it is necessary and "
                "why it is proportionate, in words",
                ("3.38", "3.40", "3.41"),
            )
        )
    if given.share and not given.shared:
        needed.append(
            Needed(
                "shared",
                "is required when the decision is to share",
                "what, with whom, why, when and how",
                ("3.50", "GR7"),
            )
        )
    if given.share and not given.told:
        needed.append(
            Needed(
                "told",
                "is required when the decision is to share",
                "whether the person was told, and when, or why not",
                ("3.47", "3.48"),
            )
        )
    if not given.share and given.shared:
        needed.append(
            Needed(
                "shared",
                "must be left out when the decision is not to share",
                "nothing, when not sharing",
                ("3.50",),
            )
        )
    return needed
