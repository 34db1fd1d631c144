"""A training session in Chromium, as a practitioner goes through it, every page scanned
with axe-core; and the training pages in each state, for tests/web/test_accessibility.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from sharewise.engine.training import case_answer
from sharewise.register.training.service import library
from tests.web.conftest import Live, act_as, check_accessibility
from tests.web.helpers import MOST_PAGES, QUESTIONS, choose, fact_of, post, press

CASE = "q4-adult-gives-valid-consent"
TITLE = "A tenant agrees to be referred to a debt advice service"
LEAD = "al.khan"  # a practitioner who manages the council's team
WRONG = {"consent.informed": False}  # a tenant not told enough: asked again for consent


def _form_value(fact: str, value: Any) -> Any:
    if QUESTIONS[fact].kind == "multiple":
        return value
    return value if value is not None else "not-known"


def _attempt_by_http(page: Page, answers: dict[str, Any] | None = None) -> str:
    """An attempt at the case, every question answered over HTTP: its decision page."""
    facts = library()[CASE].facts
    url = post(page, f"/training/{CASE}", {}).url
    for _ in range(MOST_PAGES):
        fact = fact_of(url)
        if fact is None:
            break
        value = (answers or {}).get(fact, case_answer(facts, QUESTIONS[fact]))
        url = post(page, url, {"answer": _form_value(fact, value)}).url
    assert url.endswith("/decision"), url
    return url


def _question(page: Page, _live: Live) -> None:
    page.goto(post(page, f"/training/{CASE}", {}).url)


def _question_with_errors(page: Page, live: Live) -> None:
    _question(page, live)
    press(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _decision(page: Page, _live: Live) -> None:
    page.goto(_attempt_by_http(page, WRONG))


def _decision_with_errors(page: Page, live: Live) -> None:
    _decision(page, live)
    press(page, "See how you did")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _attempt(page: Page, _live: Live) -> None:
    page.goto(post(page, _attempt_by_http(page, WRONG), {"decision": "seek_consent"}).url)
    expect(page.locator("#score")).to_be_visible()


def _as_lead(path: str) -> Callable[[Page, Live], None]:
    def go(page: Page, live: Live) -> None:
        act_as(page.context, live, LEAD)
        page.goto(path)

    return go


def _team(page: Page, live: Live) -> None:
    _attempt(page, live)
    _as_lead("/training/team")(page, live)
    expect(page.locator("#team-attempts")).to_be_visible()


def _add_case_with_errors(page: Page, live: Live) -> None:
    _as_lead("/training/cases/new")(page, live)
    page.get_by_label("The facts").fill("about: teenager")
    press(page, "Add the case")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


TRAINING_PAGES: dict[str, Callable[[Page, Live], None]] = {
    "training": lambda page, _live: page.goto("/training"),
    "training-case": lambda page, _live: page.goto(f"/training/{CASE}"),
    "training-question": _question,
    "training-question-with-errors": _question_with_errors,
    "training-decision": _decision,
    "training-decision-with-errors": _decision_with_errors,
    "training-attempt": _attempt,
    "training-team": _team,
    "training-add-case": _as_lead("/training/cases/new"),
    "training-add-case-with-errors": _add_case_with_errors,
}


def test_a_training_session_in_the_browser(page: Page, live: Live) -> None:
    facts = library()[CASE].facts
    page.goto("/")
    page.get_by_role("link", name="Training", exact=True).click()
    check_accessibility(page, "training")
    # The case in the library, not an attempt at it listed among the scores above.
    page.locator("#cases").get_by_role("link", name=TITLE).click()
    expect(page.locator("#given")).to_contain_text("Refer for debt advice")
    press(page, "Start this case")
    for _ in range(MOST_PAGES):
        fact = fact_of(page.url)
        if fact is None:
            break
        expect(page.locator("#case-summary")).to_contain_text("Adele")
        question = QUESTIONS[fact]
        value = WRONG.get(fact, case_answer(facts, question))
        label = "None of these" if value == [] else question.label_for(value)
        choose(page, label)
        press(page, "Continue")
    check_accessibility(page, "training-decision")
    choose(page, "Seek consent before sharing.")
    press(page, "See how you did")
    check_accessibility(page, "training-attempt")
    expect(page.locator("#score")).to_contain_text("Not what the guidance says.")
    difference = page.locator("#difference-consent-informed")
    expect(difference).to_contain_text("The case")
    expect(difference.get_by_role("link", name="3.18").first).to_be_visible()
    expect(page.locator("#why")).to_contain_text("informed consent")
    page.get_by_role("link", name="Back to the training cases").click()
    expect(page.locator("#your-attempts")).to_contain_text(TITLE)
