"""Cases where asking for consent is unsafe, in Chromium, from the first page to the saved
record and its PDF, with reasons ticked on "would asking be unsafe": until 1773a8b any
ticked reason made check your answers fail.

Each case says what the practitioner knows, fact by fact; which question comes next is
read from the page, so that a change to the engine's order changes the journey, not the
case. A question no case mentions gets a cautious answer (see `fallback`)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Response, expect

from sharewise.engine.assessment import HEADLINES
from sharewise.web.pages import OUTCOME_LABELS
from tests.web.conftest import Live
from tests.web.helpers import (
    MOST_PAGES,
    QUESTIONS,
    answer,
    exactly,
    fact_of,
    press,
    start_decision,
)
from tests.web.test_flows import SHARED, WEIGHED, Decision, advice_typed, fill_decision, row

OPENING: dict[str, Any] = {
    "recipient": "Children's social care",
    "legal_duty": "none",
    "harm.serious_crime": False,
    "emergency": False,
    "sensitive": True,
    "legitimate_purpose": True,
    "identifiable": True,
    "confidential": True,
    "consent.status": "not_sought",  # not asked: asking would be unsafe
}


@dataclass(frozen=True)
class Case:
    name: str
    person: str
    recipient: str  # as the recipient page labels it
    facts: Mapping[str, Any]  # what the practitioner knows, as each fact's value
    outcome: str
    decision: Decision
    must_ask: tuple[str, ...] = ("consent_unsafe",)


CASES = [
    Case(
        "a child at risk, two reasons not to ask",
        person="AMY",
        recipient="Riverside NHS Trust",
        facts={
            **OPENING,
            "about": "child",
            "age": 10,
            "harm.child": "reasonable_cause",
            "harm.adult": "none",
            "competent_to_consent": False,
            "consent_unsafe": ["increase_risk_of_harm", "prejudice_serious_crime"],
        },
        outcome="share_without_consent",
        decision=Decision(
            share=True,
            reasons="Bruising seen at school; asking her father could put her at greater risk.",
            shared=SHARED,
            public_interest=WEIGHED,
            told=False,
            why_not_told="Telling her father could put her at greater risk.",
        ),
    ),
    Case(
        "an adult at risk from their own choices alone",
        person="SAM",
        recipient="Riverside Council Adult Social Care",
        facts={
            **OPENING,
            "recipient": "Adult social care",
            "about": "adult",
            "age": 30,
            "harm.child": "none",
            "harm.adult": "reasonable_cause",
            "competent_to_consent": True,
            "consent_unsafe": ["cause_unjustified_delay"],
            "harm.self_only": True,
        },
        outcome="seek_advice",
        decision=Decision(
            share=False,
            reasons="He can decide for himself and the risk is to him alone.",
            advice={
                "sought_from": "Our Caldicott guardian",
                "outcome": "Do not share without his consent; keep offering support.",
            },
        ),
        must_ask=("consent_unsafe", "harm.self_only"),
    ),
    Case(
        "an adult at risk, and others with them",
        person="SAM",
        recipient="Someone not in the register",
        facts={
            **OPENING,
            "recipient": "Adult social care",
            "about": "adult",
            "age": 30,
            "harm.child": "none",
            "harm.adult": "reasonable_cause",
            "competent_to_consent": True,
            "consent_unsafe": [
                "increase_risk_of_harm",
                "prejudice_serious_crime",
                "cause_unjustified_delay",
            ],
            "harm.self_only": False,
        },
        outcome="share_without_consent",
        decision=Decision(
            share=True,
            reasons="His partner's children are at risk in the same house.",
            shared=SHARED,
            public_interest=WEIGHED,
            told=False,
            why_not_told="Telling him could put the children at greater risk.",
        ),
        must_ask=("consent_unsafe", "harm.self_only"),
    ),
]


def fallback(fact: str) -> Any:
    """For a question no case mentions (one added since): "No" or "None" where the
    question offers it, else its first answer; a number or text left blank."""
    question = QUESTIONS[fact]
    if question.kind in ("number", "text"):
        return None
    if question.kind == "multiple":
        return []
    for offered in question.answers:
        if offered.value is False or offered.value == "none":
            return offered.value
    return question.answers[0].value


def as_given(fact: str, value: Any) -> str | list[str]:
    """A fact's value as a person gives it on the page: the labels clicked, or the text."""
    question = QUESTIONS[fact]
    if question.kind in ("number", "text"):
        return "" if value is None else str(value)
    if question.kind == "multiple":
        return [question.label_for(item) for item in value] or ["None of these"]
    return question.label_for(value)


def answer_what_is_asked(page: Page, facts: Mapping[str, Any]) -> dict[str, Any]:
    """Each question the pages ask, answered from `facts`: the facts as answered."""
    answered: dict[str, Any] = {}
    while (fact := fact_of(page.url)) is not None:
        assert len(answered) < MOST_PAGES, f"the questions did not end: {list(answered)}"
        assert fact not in answered, f"{fact} asked twice: {list(answered)}"
        expect(page.locator("h1")).to_have_text(QUESTIONS[fact].question)
        value = facts[fact] if fact in facts else fallback(fact)
        answer(page, fact, as_given(fact, value))
        answered[fact] = value
    return answered


def shown_beside(page: Page, key: str) -> str:
    """The value a summary list shows beside `key` (not its Change link)."""
    found = (
        page.locator(".govuk-summary-list__row")
        .filter(has=page.locator("dt", has_text=exactly(key)))
        .locator(".govuk-summary-list__value")
    )
    return found.inner_text().strip()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_asking_is_unsafe_from_start_to_record(page: Page, live: Live, case: Case) -> None:
    failed: list[str] = []

    def note(response: Response) -> None:
        if response.status >= 500:
            failed.append(f"{response.status} {response.request.method} {response.url}")

    page.on("response", note)
    start_decision(page, case.person, case.recipient)
    # A purpose of this test's own: no consent in the register covers it.
    purpose = f"Safeguarding referral {uuid.uuid4().hex[:8]}"
    answered = answer_what_is_asked(page, {**case.facts, "purpose": purpose})
    for fact in case.must_ask:
        assert fact in answered, f"{fact} was not asked: {list(answered)}"

    expect(page).to_have_url(re.compile(r"/check$"))
    unsafe = QUESTIONS["consent_unsafe"]
    ticked = unsafe.label_for(case.facts["consent_unsafe"])
    assert shown_beside(page, unsafe.question) == ticked

    press(page, "See what the guidance says")
    expect(page.locator("h1")).to_have_text(HEADLINES[case.outcome])
    expect(page.locator("#recommendation + p .govuk-tag")).to_have_text(
        OUTCOME_LABELS[case.outcome]
    )
    expect(page.locator("#urgent")).to_be_visible()  # reasonable cause in every case here

    count = live.register.entry_count(reads=False)
    fill_decision(page, case.decision)
    found = re.search(r"/records/([0-9a-f-]{36})\?saved=1$", page.url)
    assert found, f"not saved: {page.url}\n{page.locator('main').inner_text()}"
    assert live.register.entry_count(reads=False) == count + 1

    # The record, as the register keeps it and as its page shows it.
    body = live.register.decision(found.group(1)).body
    assert body["facts"]["consent_unsafe"] == case.facts["consent_unsafe"]
    assert body["assessment"]["outcome"] == case.outcome
    assert body["assessment"]["urgent_safeguarding"] is True
    assert body["decision"]["share"] is case.decision.share
    assert body["decision"]["reasons"] == case.decision.reasons
    assert (body["public_interest"] or {}) == dict(case.decision.public_interest)
    assert advice_typed(body) == dict(case.decision.advice)
    if "harm.self_only" in case.must_ask:
        assert body["facts"]["harm"]["self_only"] is case.facts["harm.self_only"]
    assert shown_beside(page, unsafe.question) == ticked
    expect(row(page, "The guidance recommended")).to_have_text(OUTCOME_LABELS[case.outcome])

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == f"decision-{found.group(1)}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    assert not failed, failed
