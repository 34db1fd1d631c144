"""What each kind of step, action and page may cite, and for whom.

A citation must support the sentence it is attached to, for this person (case-facts.md,
`citations`). Every sentence the engine says, and every paragraph a page names, belongs to
a kind declared here with the paragraphs it may cite and the subjects it applies to: a
child (under the edition's adult age, 18 in 2008), an adult, or someone whose age is
unknown. `shared_step` and `shared_action` refuse a citation outside their kind, and
tests/engine/test_citing.py checks the subjects over every path of every edition and
every template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sharewise.engine.facts import CaseFacts

Band = Literal["child", "adult", "unknown"]
ANYONE: frozenset[Band] = frozenset({"child", "adult", "unknown"})
CHILD: frozenset[Band] = frozenset({"child"})
ADULT: frozenset[Band] = frozenset({"adult"})
UNKNOWN: frozenset[Band] = frozenset({"unknown"})
NOT_A_CHILD: frozenset[Band] = frozenset({"adult", "unknown"})
PRESUMED: frozenset[Band] = frozenset({"child", "adult"})  # presumed able: 16-17 in 2008, or adult


@dataclass(frozen=True)
class Kind:
    may_cite: tuple[str, ...]  # in the order a page names them
    applies_to: frozenset[Band] = ANYONE


def band(facts: CaseFacts) -> Band:
    """Whom the case is about, as far as the facts say."""
    adult = facts.is_adult
    return "unknown" if adult is None else "adult" if adult else "child"


def _kind(*refs: str, applies_to: frozenset[Band] = ANYONE) -> Kind:
    return Kind(refs, applies_to)


# Doubt goes to advice (GR3) with the paragraph on what the doubt is about.
_ADVICE = {
    "advice.order": _kind("GR3", "3.8"),
    "advice.purpose": _kind("GR3", "3.3", "3.4", "3.5", "3.6"),
    "advice.identifiable": _kind("GR3", "3.10"),
    "advice.confidential": _kind("GR3", "3.12", "3.13"),
    "advice.consent_validity": _kind("GR3", "3.18", "3.19", "3.20"),
    "advice.competence.child": _kind("GR3", "3.24", "3.29", applies_to=CHILD),
    "advice.competence.adult": _kind("GR3", "3.34", "3.35", applies_to=ADULT),
    "advice.competence.unknown": _kind("GR3", "3.24", "3.35", applies_to=UNKNOWN),
    "advice.harm": _kind("GR3", "1.11", "1.14", "3.42", "3.44"),
    "advice.own_choices": _kind("GR3", "3.43", "3.44", applies_to=NOT_A_CHILD),
    "advice.weighing": _kind("GR3", "3.44"),
}

KINDS: dict[str, Kind] = {
    **_ADVICE,
    # The banner under the flowchart: the one at risk need not be the subject.
    "safeguarding.child": _kind("flowchart", "1.10"),
    "safeguarding.adult": _kind("flowchart", "1.14"),
    "emergency": _kind("1.17", "1.18", "GR3"),
    # A legal duty (1.16, 3.7-3.9, 3.37).
    "duty.must_share": _kind("1.16", "3.7", "3.8"),
    "duty.challenged": _kind("1.16", "3.8"),
    "duty.no_consent": _kind("3.9", "3.37"),
    # Q1-Q3.
    "Q1": _kind("Q1", "3.3", "3.4", "3.5", "3.6", "GR3"),
    "Q2": _kind("Q2", "3.10", "GR3"),
    "Q3": _kind("Q3", "3.12", "3.13", "3.14", "GR3"),
    # Q4: whose word counts (3.22-3.35).
    "who.presumed": _kind("3.30", applies_to=PRESUMED),
    "who.competent.child": _kind("3.23", "3.24", "3.28", applies_to=CHILD),
    "who.competent.adult": _kind("3.30", "3.32", applies_to=ADULT),
    "who.competent.unknown": _kind("3.23", "3.30", applies_to=UNKNOWN),
    "who.for_a_child": _kind("3.26", "3.27", applies_to=CHILD),
    "who.best_interests": _kind("3.31", "3.33", "3.35", applies_to=ADULT),
    "who.unknown": _kind("3.26", "3.33", applies_to=UNKNOWN),
    "who.unsure.child": _kind("3.24", "3.29", applies_to=CHILD),
    "who.unsure.adult": _kind("3.34", "3.35", applies_to=ADULT),
    "who.unsure.unknown": _kind("3.24", "3.35", applies_to=UNKNOWN),
    "wrong_giver.competent.child": _kind("3.22", "3.28", applies_to=CHILD),
    "wrong_giver.competent.adult": _kind("3.22", "3.30", applies_to=ADULT),
    "wrong_giver.competent.unknown": _kind("3.22", "3.28", "3.30", applies_to=UNKNOWN),
    "wrong_giver.for_a_child": _kind("3.22", "3.26", "3.27", applies_to=CHILD),
    "wrong_giver.best_interests": _kind("3.22", "3.31", "3.33", applies_to=ADULT),
    "wrong_giver.unknown": _kind("3.22", "3.26", "3.33", applies_to=UNKNOWN),
    # Q4: the consent there is (3.17-3.21, 3.36, 3.38).
    "consent.not_sought": _kind("Q4", "3.17"),
    "consent.valid": _kind("3.14", "3.18", "3.19", "3.20"),
    "consent.not_valid": _kind("3.18", "3.19", "3.20", "3.21"),
    "consent.doubt": _kind("3.18", "3.19", "3.20", "GR3"),
    "consent.refused": _kind("3.21", "3.38", "GR4"),
    "consent.unsafe_to_ask": _kind("3.11", "3.36"),
    "consent.ask_first": _kind("3.38", "GR2", "GR4"),
    # Q5: the general rule (3.42) and its exception (3.43), then the weighing.
    "public_interest.ground": _kind("3.41", "3.42"),
    "public_interest.outside_exception": _kind("3.42", "3.43"),
    "public_interest.beyond_own_choices": _kind("3.42", applies_to=NOT_A_CHILD),
    "public_interest.own_choices": _kind("3.30", "3.43", applies_to=NOT_A_CHILD),
    "public_interest.harm_unsure": _kind("1.11", "1.14", "3.42", "3.44"),
    "public_interest.weighing": _kind("3.38", "3.39", "3.40", "3.41", "3.44"),
    "public_interest.weighed_against": _kind("3.40", "GR4"),
    "public_interest.sensitive": _kind("3.40"),
    # What to do now.
    "act.refer.child": _kind("1.10", "3.45"),
    "act.refer.adult": _kind("1.14"),
    "act.harm_doubt": _kind("GR3", "1.11", "1.14"),
    "act.do_not_share.purpose": _kind("3.3", "3.5"),
    "act.do_not_share.weighed": _kind("3.40", "GR4"),
    "act.emergency": _kind("1.18", "3.36"),
    "act.record": _kind("3.50", "3.51", "GR7", "flowchart"),
    "act.q6": _kind("3.48", "3.49", "GR6"),
    "act.anonymised": _kind("3.10"),
    "act.tell.duty": _kind("3.9", "3.37"),
    "act.tell.without_consent": _kind("3.47"),
    "act.tell.shared": _kind("3.48"),
    "act.tell.not_now": _kind("3.11", "3.36", "3.47"),
    "act.sensitivity_unsure": _kind("3.40", "GR3"),
    "act.ask.explicitly": _kind("3.19", "3.20"),
    "act.ask.if_refused": _kind("3.38"),
    "act.ask.talk_to_parents": _kind("3.28", applies_to=CHILD),
    "act.ask.subject.adult": _kind("3.18", "3.30", applies_to=ADULT),
    "act.ask.subject.child": _kind("3.18", "3.23", "3.30", applies_to=CHILD),
    "act.ask.subject.unknown": _kind("3.18", "3.23", "3.30", applies_to=UNKNOWN),
    "act.ask.for_a_child": _kind("3.18", "3.26", "3.27", applies_to=CHILD),
    "act.ask.best_interests": _kind("3.18", "3.33", "3.35", applies_to=ADULT),
    "act.ask.unknown": _kind("3.18", "3.26", "3.33", applies_to=UNKNOWN),
    "act.ask.judge_first.child": _kind("3.18", "3.24", "3.26", applies_to=CHILD),
    "act.ask.judge_first.unknown": _kind("3.18", "3.24", "3.26", "3.33", applies_to=UNKNOWN),
    # What the pages say beside their own words (rendered by the web app's `cite`).
    "page.anonymous_advice": _kind("GR3", "1.11", "3.44"),
    "page.keep_a_record": _kind("GR7", "3.50"),
    "page.professional_judgement": _kind("3.1", "4.12"),
    "page.only_what_is_needed": _kind("3.48", "GR6"),
    "page.shared_securely": _kind("3.48"),
    "page.third_party": _kind("3.49"),
    "page.public_interest": _kind("3.38", "3.39", "3.40", "3.41"),
    "page.not_told": _kind("3.36", "3.47"),
    "page.seek_advice": _kind("GR3", "3.44"),
    "page.consent_valid": _kind("3.18", "3.19", "3.20", "3.22", "3.30"),
    "page.consent_explicit": _kind("3.19"),
    "page.consent_informed": _kind("3.18"),
    "page.consent_multi_agency": _kind("3.19"),
    "page.consent_purpose": _kind("3.18", "3.21"),
    "page.consent_withdrawn": _kind("3.21"),
    # What a recipient keeps to: consent's limits, and a decision of its own to pass it on.
    "page.received": _kind("3.48", "GR7"),
    # The organisation's framework: its documents (4.7-4.8), and who to ask (4.3-4.4).
    "page.framework": _kind("4.7", "4.8"),
    "page.privacy_notice": _kind("3.18", "4.3", "4.8"),
    "page.designated_advisors": _kind("4.3", "4.4"),
    # Training on case examples: what employers should put in place.
    "page.training": _kind("4.3"),
}


def _section(first: str, last: str, *more: str) -> tuple[str, ...]:
    """Paragraphs `first` to `last` of one section (3.17 to 3.37), and any others named."""
    section, start = first.split(".")
    end = int(last.split(".")[1])
    return (*(f"{section}.{n}" for n in range(int(start), end + 1)), *more)


# What the question file may cite beside each question: the paragraphs on its own matter.
# A question is put to anyone, so its "what the guidance says" may speak of children and
# adults alike.
QUESTION_MAY_CITE: dict[str, tuple[str, ...]] = {
    "purpose": ("3.1", *_section("3.3", "3.6"), "3.48", "3.50"),
    "recipient": ("3.48", "3.49", "3.50"),
    "about": ("3.22", "3.23", "3.30"),
    "age": ("3.23", "3.30"),
    "legal_duty": ("1.16", *_section("3.7", "3.9"), "3.37"),
    "court_order_challenged": ("1.16", "3.8"),
    "harm.child": _section("1.10", "1.12", "3.42", "3.44", "3.45", "3.46"),
    "harm.adult": _section("1.13", "1.15", "3.42", "3.43", "3.44"),
    "harm.serious_crime": ("1.15", "3.11", "3.42"),
    "emergency": ("1.17", "1.18"),
    "sensitive": ("3.12", "3.40"),
    "legitimate_purpose": _section("3.3", "3.6"),
    "identifiable": ("3.10",),
    "confidential": _section("3.12", "3.16"),
    "competent_to_consent": _section("3.23", "3.35"),
    "consent_unsafe": ("1.18", "3.11", "3.36", "3.46"),
    "harm.self_only": ("3.30", "3.43"),
    "public_interest": _section("3.38", "3.44"),
    **dict.fromkeys(
        (
            "consent.status",
            "consent.given_by",
            "consent.informed",
            "consent.freely_given",
            "consent.covers_this_sharing",
        ),
        _section("3.17", "3.35"),
    ),
}


def check_citations(kind: str, citations: tuple[str, ...]) -> None:
    """Refuse a sentence that cites outside its kind: a programming error, caught once."""
    declared = KINDS.get(kind)
    if declared is None:
        raise ValueError(f"no kind {kind!r} is declared in sharewise.engine.citing")
    stray = [ref for ref in citations if ref not in declared.may_cite]
    if stray or not citations:
        raise ValueError(f"{kind} may not cite {stray or 'nothing'}")
