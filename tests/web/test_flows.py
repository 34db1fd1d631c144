"""A decision from the home page to its record, in Chromium, as a person makes it: one row
of CASES per case, so that a new case is a new row. The answers come from the questions
data and the engine's interview (`walk`), not from the pages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from sharewise.engine import CaseFacts
from sharewise.engine.assessment import HEADLINES
from sharewise.engine.interview import get_fact, walk
from sharewise.engine.sharing import CHANNEL_CHECKS
from sharewise.web.pages import OUTCOME_LABELS
from tests.web.conftest import Live
from tests.web.helpers import (
    MOST_PAGES,
    QUESTIONS,
    TYPED_IN,
    answer,
    choose,
    exactly,
    fact_of,
    press,
    recent,
    start_decision,
)

# The opening questions and the first three key questions, as a person answers them, and
# the facts those answers are.
FIRST_PAGES = (
    "purpose",
    "recipient",
    "about",
    "age",
    "legal_duty",
    "harm.child",
    "harm.adult",
    "harm.serious_crime",
    "emergency",
    "sensitive",
    "legitimate_purpose",
    "identifiable",
    "confidential",
)
FIRST_ANSWERS: dict[str, Any] = {
    "purpose": "Early help",
    "recipient": "School",
    "about": "A child",
    "age": "10",
    "legal_duty": "No",
    "harm.child": "No",
    "harm.adult": "No",
    "harm.serious_crime": "No",
    "emergency": "No",
    "sensitive": "No",
    "legitimate_purpose": "Yes",
    "identifiable": "Yes",
    "confidential": "Yes",
}
FIRST_FACTS: dict[str, Any] = {
    "purpose": "Early help",
    "recipient": "School",
    "about": "child",
    "age": 10,
    "legal_duty": "none",
    "harm": {"child": "none", "adult": "none", "serious_crime": False},
    "emergency": False,
    "sensitive": False,
    "legitimate_purpose": True,
    "identifiable": True,
    "confidential": True,
}
PARENT = "A parent or someone else with parental responsibility"
SHARED = {
    "what": "The early help assessment",
    "with_whom": "Ms Reid, designated safeguarding lead, Hillside School",
    "purpose": "Early help for Amy",
    "how": "Secure email to a named person",
}
WEIGHED = {
    "risks_of_sharing": "Her father may stop working with us.",
    "risks_of_not_sharing": "She may go on being harmed at home.",
    "necessity": "The school cannot protect her without knowing.",
    "proportionality": "Only the concern and the plan, to the safeguarding lead.",
}
PACKAGE_ITEM = "The concern, as the case notes record it"
SHARED_LABELS = {
    "what": "What you shared",
    "with_whom": "Who you shared it with",
    "purpose": "Why you shared it",
    "how": "How you shared it",
}
WEIGHED_LABELS = {
    "risks_of_sharing": "What might happen if you share",
    "risks_of_not_sharing": "What might happen if you do not share",
    "necessity": "Why sharing is necessary",
    "proportionality": "Why what you share is proportionate",
}
ADVICE_LABELS = {"sought_from": "Who you asked", "outcome": "What they advised"}


def merged(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with `changes`, nested dicts merged."""
    result = dict(base)
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def without(facts: Mapping[str, Any], *names: str) -> dict[str, Any]:
    """`facts` less the questions a path no longer asks."""
    return {name: value for name, value in facts.items() if name not in names}


@dataclass(frozen=True)
class Decision:
    """What the practitioner enters below the outcome."""

    share: bool
    reasons: str
    shared: Mapping[str, str] = field(default_factory=dict)
    public_interest: Mapping[str, str] = field(default_factory=dict)
    told: bool | None = None
    why_not_told: str = ""
    advice: Mapping[str, str] = field(default_factory=dict)
    departure: str = ""


@dataclass(frozen=True)
class Case:
    name: str
    pages: tuple[str, ...]  # the question pages, in the order they should come
    answers: Mapping[str, Any]  # per question: the label clicked, or the text typed
    outcome: str
    decision: Decision
    facts: Mapping[str, Any]  # what the record should hold as the case
    person: str = ""  # blank: not named
    recipient: str | None = None  # the recipient page's label, for a named person
    recipient_code: str | None = None
    urgent_from: str | None = None  # the answer after which the safeguarding warning shows

    @property
    def asked(self) -> tuple[str, ...]:
        """The pages a person sees: what the register knows of a named person (their age
        from the date of birth, that they are identified) and of a recipient chosen from
        it is answered for them, to confirm on check your answers."""
        known = {"about", "age", "identifiable", "recipient"} if self.person else set()
        return tuple(fact for fact in self.pages if fact not in known)

    @property
    def stored_facts(self) -> dict[str, Any]:
        """The facts the record holds: for a named person, the recipient chosen or typed
        in on the set-up pages rather than the answer to the question."""
        facts = stored_facts(self.facts)
        if self.person and not self.recipient_code:
            facts["recipient"] = (
                f"{TYPED_IN['recipient_name']}, {TYPED_IN['recipient_organisation']}"
            )
        return facts


CASES = [
    Case(
        "share with consent",
        pages=(
            *FIRST_PAGES,
            "consent.status",
            "consent.given_by",
            "consent.informed",
            "consent.freely_given",
            "consent.covers_this_sharing",
            "competent_to_consent",
        ),
        answers={
            **FIRST_ANSWERS,
            "consent.status": "Yes, consent was given",
            "consent.given_by": PARENT,
            "consent.informed": "Yes",
            "consent.freely_given": "Yes",
            "consent.covers_this_sharing": "Yes",
            "competent_to_consent": "No",
        },
        outcome="share",
        decision=Decision(
            share=True, reasons="Her father agreed in writing.", shared=SHARED, told=True
        ),
        facts=merged(
            FIRST_FACTS,
            {
                "consent": {
                    "status": "given",
                    "given_by": "parent",
                    "informed": True,
                    "freely_given": True,
                    "covers_this_sharing": True,
                },
                "competent_to_consent": False,
            },
        ),
        person="AMY",
        recipient="Someone not in the register",
    ),
    Case(
        "seek consent",
        pages=(*FIRST_PAGES, "consent.status", "competent_to_consent", "consent_unsafe"),
        answers={
            **FIRST_ANSWERS,
            "consent.status": "No, consent has not been asked for",
            "competent_to_consent": "No",
            "consent_unsafe": ["None of these"],
        },
        outcome="seek_consent",
        decision=Decision(share=False, reasons="I will ask her father at Thursday's visit."),
        facts=merged(
            FIRST_FACTS,
            {
                "consent": {"status": "not_sought"},
                "competent_to_consent": False,
                "consent_unsafe": [],
            },
        ),
    ),
    Case(
        "share without consent, urgent",
        pages=(*FIRST_PAGES, "consent.status", "consent.given_by", "competent_to_consent"),
        answers={
            **FIRST_ANSWERS,
            "recipient": "Riverside NHS Trust",  # the register's name for it
            "harm.child": "Yes, I have reasonable cause to believe so",
            "consent.status": "No, consent was refused",
            "consent.given_by": PARENT,
            "competent_to_consent": "No",
        },
        outcome="share_without_consent",
        decision=Decision(
            share=True,
            reasons="She is at risk of significant harm; her father refused.",
            shared=SHARED,
            public_interest=WEIGHED,
            told=False,
            why_not_told="Telling her father would put her at greater risk.",
        ),
        facts=merged(
            FIRST_FACTS,
            {
                "recipient": "Riverside NHS Trust",
                "harm": {"child": "reasonable_cause"},
                "consent": {"status": "refused", "given_by": "parent"},
                "competent_to_consent": False,
            },
        ),
        person="AMY",
        recipient="Riverside NHS Trust",
        recipient_code="trust",
        urgent_from="harm.child",
    ),
    Case(
        "must share",
        pages=FIRST_PAGES[:10],
        answers={**FIRST_ANSWERS, "legal_duty": "Yes, a duty set out in law"},
        outcome="must_share",
        decision=Decision(share=True, reasons="The law requires it.", shared=SHARED, told=True),
        facts=merged(
            without(FIRST_FACTS, "legitimate_purpose", "identifiable", "confidential"),
            {"legal_duty": "statutory_duty"},
        ),
    ),
    Case(
        "seek advice",
        pages=FIRST_PAGES[:11],
        answers={**FIRST_ANSWERS, "legitimate_purpose": "I'm not sure"},
        outcome="seek_advice",
        decision=Decision(
            share=False,
            reasons="Nothing shared until the lead has advised.",
            advice={"sought_from": "Our safeguarding lead", "outcome": "Ask the parent first."},
        ),
        facts=merged(
            without(FIRST_FACTS, "identifiable", "confidential"), {"legitimate_purpose": "unsure"}
        ),
    ),
    Case(
        "do not share",
        pages=(
            *FIRST_PAGES,
            "consent.status",
            "consent.given_by",
            "competent_to_consent",
            "public_interest",
        ),
        answers={
            **FIRST_ANSWERS,
            "consent.status": "No, consent was refused",
            "consent.given_by": PARENT,
            "competent_to_consent": "No",
            "public_interest": "No, keeping it confidential matters more",
        },
        outcome="do_not_share",
        decision=Decision(share=False, reasons="Her father refused and no one is at risk."),
        facts=merged(
            FIRST_FACTS,
            {
                "consent": {"status": "refused", "given_by": "parent"},
                "competent_to_consent": False,
                "public_interest": False,
            },
        ),
    ),
]


def years_old(born: date) -> int:
    today = date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


SAM_AGE = years_old(date(1996, 5, 5))  # Sam's date of birth in the area of tests/conftest.py
# Sam's partner hurt her; she refuses, but the children in the house are at risk too.
ADULT_PAGES = (*FIRST_PAGES, "consent.status", "consent.given_by", "competent_to_consent")
ADULT_ANSWERS: dict[str, Any] = {
    **FIRST_ANSWERS,
    "purpose": "Safety planning after domestic abuse",
    "recipient": "Riverside Police",
    "harm.adult": "Yes, I have reasonable cause to believe so",
    "consent.status": "No, consent was refused",
    "consent.given_by": "The person themselves",
    "competent_to_consent": "Yes",
}
ADULT_FACTS = merged(
    FIRST_FACTS,
    {
        "purpose": "Safety planning after domestic abuse",
        "recipient": "Riverside Police",
        "about": "adult",
        "age": SAM_AGE,
        "harm": {"adult": "reasonable_cause"},
        "consent": {"status": "refused", "given_by": "subject"},
        "competent_to_consent": True,
    },
)
ADVICE = {"sought_from": "Our safeguarding lead", "outcome": "Talk to her again first."}

# Cases where the answer is a ticked reason, a "not sure", an adult, or a departure: the
# shapes of answer the first rows never give.
CASES += [
    Case(
        "share without consent, asking unsafe for two reasons",
        pages=(*FIRST_PAGES, "consent.status", "competent_to_consent", "consent_unsafe"),
        answers={
            **FIRST_ANSWERS,
            "harm.child": "Yes, I have reasonable cause to believe so",
            "consent.status": "No, consent has not been asked for",
            "competent_to_consent": "No",
            "consent_unsafe": [
                "Put someone at greater risk of harm",
                "Hold up enquiries into possible harm without good reason",
            ],
        },
        outcome="share_without_consent",
        decision=Decision(
            share=True,
            reasons="Asking her father would warn him before children's social care acts.",
            shared=SHARED,
            public_interest=WEIGHED,
            told=False,
            why_not_told="Telling her father now would put her at greater risk.",
        ),
        facts=merged(
            FIRST_FACTS,
            {
                "harm": {"child": "reasonable_cause"},
                "consent": {"status": "not_sought"},
                "competent_to_consent": False,
                "consent_unsafe": ["increase_risk_of_harm", "cause_unjustified_delay"],
            },
        ),
        person="AMY",
        urgent_from="harm.child",
    ),
    Case(
        "an adult refuses, others at risk",
        pages=(*ADULT_PAGES, "harm.self_only"),
        answers={**ADULT_ANSWERS, "harm.self_only": "No, other people are at risk too"},
        outcome="share_without_consent",
        decision=Decision(
            share=True,
            reasons="Her partner's threats reach the children in the house.",
            shared={**SHARED, "with_whom": "DC Shah, Riverside Police"},
            public_interest=WEIGHED,
            told=True,
        ),
        facts=merged(ADULT_FACTS, {"harm": {"self_only": False}}),
        person="SAM",
        recipient="Riverside Police",
        recipient_code="police",
        urgent_from="harm.adult",
    ),
    Case(
        "an adult refuses, at risk herself alone",
        pages=(*ADULT_PAGES, "harm.self_only"),
        answers={**ADULT_ANSWERS, "harm.self_only": "Yes"},
        outcome="seek_advice",
        decision=Decision(
            share=False, reasons="She has capacity and refuses; I asked for advice.", advice=ADVICE
        ),
        facts=merged(ADULT_FACTS, {"harm": {"self_only": True}}),
        person="SAM",
        recipient="Riverside Police",
        recipient_code="police",
        urgent_from="harm.adult",
    ),
    Case(
        "a young person, unsure the consent was informed",
        pages=(
            *FIRST_PAGES,
            "consent.status",
            "consent.given_by",
            "consent.informed",
            "consent.freely_given",
            "consent.covers_this_sharing",
            "competent_to_consent",
        ),
        answers={
            **FIRST_ANSWERS,
            "age": "15",
            "sensitive": "Yes",
            "consent.status": "Yes, consent was given",
            "consent.given_by": "The person themselves",
            "consent.informed": "I'm not sure",
            "consent.freely_given": "Yes",
            "consent.covers_this_sharing": "Yes",
            "competent_to_consent": "Yes",
        },
        outcome="seek_advice",
        decision=Decision(
            share=False, reasons="I will check she understood before anything goes.", advice=ADVICE
        ),
        facts=merged(
            FIRST_FACTS,
            {
                "age": 15,
                "sensitive": True,
                "consent": {
                    "status": "given",
                    "given_by": "subject",
                    "informed": "unsure",
                    "freely_given": True,
                    "covers_this_sharing": True,
                },
                "competent_to_consent": True,
            },
        ),
    ),
    Case(
        "not sharing against the recommendation",
        pages=CASES[0].pages,
        answers=CASES[0].answers,
        outcome="share",
        decision=Decision(
            share=False,
            reasons="The family has moved out of the area this week.",
            departure="There is no longer a service here for the referral to go to.",
        ),
        facts=CASES[0].facts,
        person="AMY",
        recipient="Someone not in the register",
    ),
]


def stored_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Facts as the register stores them."""
    stored: dict[str, Any] = CaseFacts.model_validate(facts).model_dump(
        mode="json", exclude_none=True
    )
    return stored


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_table_agrees_with_the_engine(case: Case) -> None:
    """Each row's facts are where the engine's interview goes: a wrong row fails here,
    not only in the browser."""
    where = walk(fact_values(case))
    assert where.next is None
    assert where.path == case.pages
    assert stored_facts(where.facts) == stored_facts(case.facts)


def fact_values(case: Case) -> dict[str, Any]:
    """The row's answers as the facts' own values, question by question (for HTTP)."""
    return {fact: get_fact(case.facts, fact) for fact in case.pages}


def fill_decision(page: Page, decision: Decision) -> None:
    choose(page, "Yes, I shared or will share" if decision.share else "No, I decided not to share")
    if decision.share:
        for name, text in decision.shared.items():
            page.get_by_label(SHARED_LABELS[name], exact=True).fill(text)
        for name, text in decision.public_interest.items():
            page.get_by_label(WEIGHED_LABELS[name], exact=True).fill(text)
    page.get_by_label("Your reasons, in your own words", exact=True).fill(decision.reasons)
    if decision.departure:
        page.get_by_label("If your decision differs from the recommendation, why", exact=True).fill(
            decision.departure
        )
    if decision.advice:
        details = page.locator("details", has_text="Record advice you sought")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        for name, text in decision.advice.items():
            page.get_by_label(ADVICE_LABELS[name], exact=True).fill(text)
    press(page, "Save the decision")
    if decision.share:
        fill_package(page, decision)


def fill_date(page: Page, group: str, when: date) -> None:
    fieldset = page.get_by_role("group", name=group)
    for part, value in (("Day", when.day), ("Month", when.month), ("Year", when.year)):
        fieldset.get_by_label(part, exact=True).fill(str(value))


def fill_package(page: Page, decision: Decision) -> None:
    """Q6's package after a decision to share: one fact, by secure email, the person told
    today or not told for the decision's reason; then saved from check your answers."""
    expect(page.locator("h1")).to_have_text("Item 1: what you shared")
    page.get_by_label("The item you shared", exact=True).fill(PACKAGE_ITEM)
    choose(page, "Fact")
    page.get_by_label("Where it came from", exact=True).fill("The case notes")
    fill_date(page, "When you last checked it is accurate and up to date", date.today())
    page.get_by_label("Why it is needed for the purpose", exact=True).fill("For the purpose")
    choose(page, "I have confirmed this item is needed for the purpose")
    press(page, "Continue")
    choose(page, "No")
    press(page, "Continue")
    page.get_by_label("How did you confirm who the recipient is?").fill("Known to me")
    press(page, "Continue")
    choose(page, "Secure email")
    choose(page, CHANNEL_CHECKS["secure_email"].check)
    press(page, "Continue")
    choose(page, "No, they will not pass it on")
    press(page, "Continue")
    choose(page, "It was shared without consent, so there were no limits to explain")
    press(page, "Continue")
    if decision.told:
        choose(page, "Yes, they have been told")
        fill_date(page, "When they were told", date.today())
    else:
        choose(page, "No, and I will not tell them")
        page.get_by_label("Why telling them is unsafe or inappropriate").fill(decision.why_not_told)
    press(page, "Continue")
    expect(page.locator("h1")).to_have_text("Check what you shared and how")
    press(page, "Save the decision")


def row(page: Page, key: str) -> Locator:
    """The value beside `key` in the page's summary lists."""
    return (
        page.locator(".govuk-summary-list__row")
        .filter(has=page.locator("dt", has_text=exactly(key)))
        .locator("dd")
    )


def advice_typed(body: Mapping[str, Any]) -> dict[str, str]:
    """The advice a record keeps as typed: no advice request in sharewise is named."""
    return {name: text for name, text in (body["advice"] or {}).items() if text is not None}


def check_stored(live: Live, record_id: str, case: Case) -> None:
    """The record, read back from the register: the facts, the assessment, the decision
    and what followed, as entered."""
    entry = live.register.decision(record_id)
    body = entry.body
    decision = case.decision
    assert (entry.kind, entry.outcome, entry.shared) == ("decision", case.outcome, decision.share)
    assert body["organisation"] == "council"
    assert body["practitioner"] == "jo"
    assert body["person"] == (case.person or None)
    assert body["recipient"] == case.recipient_code
    typed_in = case.person and not case.recipient_code
    assert body["recipient_named"] == (
        {"name": TYPED_IN["recipient_name"], "organisation": TYPED_IN["recipient_organisation"]}
        if typed_in
        else None
    )
    assert body["facts"] == case.stored_facts
    assert body["assessment"]["outcome"] == case.outcome
    assert body["assessment"]["urgent_safeguarding"] is (case.urgent_from is not None)
    assert body["decision"]["share"] is decision.share
    assert body["decision"]["reasons"] == decision.reasons
    assert body["decision"].get("departure") == (decision.departure or None)
    assert body["departs_from_recommendation"] is bool(decision.departure)
    if decision.share:
        shared = dict(body["shared"])
        assert recent(shared.pop("when")), body["shared"]
        assert shared == dict(decision.shared)
        telling = body["package"]["telling"]
        assert body["told"] is None  # the package says it
        assert body["package"]["items"][0]["what"] == PACKAGE_ITEM
        if decision.told:
            assert telling["status"] == "told", telling
            assert telling["told_on"] == date.today().isoformat(), telling
        else:
            assert telling["status"] == "not_telling", telling
            assert telling["why_not"] == decision.why_not_told
    else:
        assert body["shared"] is None and body["told"] is None and body["package"] is None
    assert (body["public_interest"] or {}) == dict(decision.public_interest)
    assert advice_typed(body) == dict(decision.advice)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_decision_from_start_to_record(page: Page, live: Live, case: Case) -> None:
    start_decision(page, case.person, case.recipient, case.recipient_code)

    # The questions, one page each, in the engine's order; the safeguarding warning on
    # every page once an answer gives reasonable cause, and on none before.
    visited: list[str] = []
    while (fact := fact_of(page.url)) is not None and len(visited) < MOST_PAGES:
        assert fact in case.answers, f"asked {fact!r} after {visited}"
        warned = case.urgent_from is not None and case.urgent_from in visited
        expect(page.locator(".sharewise-urgent")).to_have_count(1 if warned else 0)
        expect(page.locator("h1")).to_have_text(QUESTIONS[fact].question)
        visited.append(fact)
        answer(page, fact, case.answers[fact])
    assert tuple(visited) == case.asked
    expect(page).to_have_url(re.compile(r"/check$"))
    expect(page.locator(".govuk-summary-list__row")).to_have_count(
        len(case.pages) + (3 if case.person else 2)
    )

    press(page, "See what the guidance says")
    expect(page.locator("h1")).to_have_text(HEADLINES[case.outcome])
    expect(page.locator("#recommendation + p .govuk-tag")).to_have_text(
        OUTCOME_LABELS[case.outcome]
    )
    if case.urgent_from:
        urgent = page.locator("#urgent")
        expect(urgent).to_be_visible()
        expect(urgent).to_have_attribute("role", "alert")
        assert page.evaluate(
            "() => !!(document.querySelector('#urgent').compareDocumentPosition("
            "document.querySelector('h1')) & Node.DOCUMENT_POSITION_FOLLOWING)"
        ), "the safeguarding warning comes before the headline"
        urgent_box, headline_box = urgent.bounding_box(), page.locator("h1").bounding_box()
        assert urgent_box and headline_box and urgent_box["y"] < headline_box["y"]
    else:
        expect(page.locator("#urgent")).to_have_count(0)
    if case.decision.share:
        # What was shared starts from the answers given.
        choose(page, "Yes, I shared or will share")
        expect(page.get_by_label("Who you shared it with", exact=True)).to_have_value(
            case.stored_facts["recipient"]
        )
        expect(page.get_by_label("Why you shared it", exact=True)).to_have_value(
            case.answers["purpose"]
        )

    # The first thing to do now is done: the box, outside the form, is sent with it.
    page.locator("#action-1").check()
    count = live.register.entry_count(reads=False)
    fill_decision(page, case.decision)
    found = re.search(r"/records/([0-9a-f-]{36})\?saved=1$", page.url)
    assert found, page.url
    record_id = found.group(1)
    assert live.register.entry_count(reads=False) == count + 1
    check_stored(live, record_id, case)
    kept = live.register.decision(record_id).record.checklist
    assert kept and kept[0].done and not any(item.done for item in kept[1:])

    # The record page says the same.
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your decision is saved"
    )
    expect(row(page, "The guidance recommended")).to_have_text(OUTCOME_LABELS[case.outcome])
    expect(row(page, "Decision")).to_have_text("Shared" if case.decision.share else "Not shared")
    expect(row(page, "Record")).to_have_text(record_id)
    shown = page.locator("main").inner_text()
    decision = case.decision
    for text in (
        decision.reasons,
        decision.departure,
        decision.why_not_told,
        *decision.shared.values(),
        *decision.public_interest.values(),
        *decision.advice.values(),
    ):
        assert text in shown, f"the record page does not show {text!r}"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == f"decision-{record_id}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
