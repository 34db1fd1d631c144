"""Asking for advice in Chromium, from both sides: a practitioner asks about a person in
the register, checks what is hidden, shows one thing and hides another, and sends; the
advisor, in a browser of their own, reads no identifier of the person and answers with a
placeholder; the practitioner reads the answer with the name put back, and records what
they will do."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.advice_helpers import ensure_advisors
from tests.web.conftest import WAIT_MS, Live, act_as
from tests.web.helpers import answer_by_http, choose, draft_by_http, press
from tests.web.test_flows import CASES, fact_values

SHARE = fact_values(next(c for c in CASES if c.name == "share with consent"))
PLACEHOLDER = re.compile(r"\[[A-Z][A-Z ]*\d*\]")
SURGERY_PHONE = "01632 960001"  # the surgery's, not the family's: fine to show
HOUSE = "blue house by the canal"  # where she lives, which nothing finds: hidden by hand


def test_an_advisor_answers_without_ever_seeing_who_it_is_about(
    page: Page, browser: Browser, live: Live
) -> None:
    ensure_advisors(live.register)
    born = live.register.person("council", "AMY").date_of_birth
    assert born is not None
    dob = born.strftime("%d/%m/%Y")
    page.goto("/")
    page.get_by_role("link", name="Ask for advice").click()
    choose(page, "Lee Park, Safeguarding lead")
    press(page, "Continue")
    page.get_by_label("Who is the question about?").fill("AMY")
    press(page, "Continue")
    page.get_by_label("What do you want to ask?").fill(
        f"Amy Brown (born {dob}) told me her dad hits her. She lives in the {HOUSE}. "
        f"The GP surgery is on {SURGERY_PHONE}. Should I share this with the police?"
    )
    press(page, "Continue")

    masked = page.locator("#masked-question")
    expect(masked).not_to_contain_text("Amy")
    expect(masked).not_to_contain_text(dob)
    expect(masked).to_contain_text(HOUSE)
    page.get_by_label("Hide anything else").fill(HOUSE)
    press(page, "Update what is hidden")
    expect(masked).not_to_contain_text(HOUSE)
    expect(masked).not_to_contain_text(SURGERY_PHONE)
    page.locator(f'input[name="show"][value="{SURGERY_PHONE}"]').check()
    press(page, "Update what is hidden")
    expect(masked).to_contain_text(SURGERY_PHONE)
    press(page, "Continue")

    expect(page.locator("h1")).to_have_text("Check your answers before sending your question")
    press(page, "Send the question")
    expect(page.locator("#sent")).to_be_visible()
    request_url = page.url.split("?")[0]

    advisor = browser.new_context(base_url=live.url)
    advisor.set_default_timeout(WAIT_MS)
    try:
        act_as(advisor, live, "council-advisor")
        theirs = advisor.new_page()
        theirs.goto("/advice/for-you")
        theirs.locator("#requests a").first.click()
        expect(theirs.locator("h1")).to_have_text("Advice request")
        html = theirs.content()
        for identifier in ("Amy", "Brown", dob, born.isoformat(), HOUSE, "AMY"):
            assert identifier not in html, f"{identifier!r} reached the advisor"
        assert SURGERY_PHONE in html
        found = PLACEHOLDER.search(theirs.locator("#question").inner_text())
        assert found, "the question names nobody by a placeholder"
        theirs.get_by_label("Your answer").fill(f"Talk to {found[0]} today, then share it.")
        press(theirs, "Send your answer")
        expect(theirs.locator("#answer")).to_contain_text(found[0])
    finally:
        advisor.close()

    page.goto(request_url)
    expect(page.locator("#answer")).to_contain_text("Talk to Amy Brown today")
    page.get_by_label("What will you do?").fill("Share with the police today.")
    press(page, "Record the outcome")
    expect(page.locator("#outcome")).to_have_text("Share with the police today.")


def test_an_unsure_case_goes_to_an_advisor_and_the_answer_comes_back_into_the_record(
    page: Page, live: Live
) -> None:
    ensure_advisors(live.register)
    check = draft_by_http(
        page, {**SHARE, "legitimate_purpose": "unsure"}, person="AMY", recipient="early-help"
    )
    draft = check.removesuffix("/check")
    page.goto(f"{draft}/outcome")
    page.locator("#ask-advisor").click()
    choose(page, "Kit Ray, Caldicott guardian")
    press(page, "Continue")
    expect(page.get_by_label("Who is the question about?")).to_have_value("AMY")
    press(page, "Continue")
    page.get_by_label("What do you want to ask?").fill("Amy Brown's school asks for help.")
    press(page, "Continue")
    press(page, "Continue")
    press(page, "Send the question")
    request_url = page.url.split("?")[0]
    (asked,) = [
        r for r in live.register.advice_requests(advisor="kit.ray") if r.body.draft == draft[-36:]
    ]
    assert "Amy" not in asked.question
    placeholder = asked.body.hidden[0].placeholder
    live.register.answer_advice(
        {"request_id": asked.id, "advisor": "kit.ray", "answer": f"Help {placeholder}: it is."}
    )

    page.goto(request_url)
    page.get_by_label("What will you do?").fill("Go on with the early help assessment.")
    press(page, "Record the outcome")
    page.get_by_role("link", name="Take the advice into your decision").click()
    expect(page.locator("#advice-outcome")).to_have_value("Help Amy Brown: it is.")
    expect(page.locator("#advice-sought_from")).to_have_value("Kit Ray, Caldicott guardian")
    press(page, "Save the advice and check your answers")
    # What the advice settled, answered again, and what follows from it.
    answer_by_http(page, f"{draft}/questions/legitimate_purpose?change=1", SHARE)
    page.goto(f"{draft}/outcome")
    choose(page, "No, I decided not to share")
    page.get_by_label("Your reasons, in your own words").fill("Waiting for the review.")
    page.get_by_label("If your decision differs from the recommendation, why").fill("A review.")
    press(page, "Save the decision")
    expect(page.locator("#advice-request")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Help Amy Brown: it is.")
    expect(page.locator("main")).to_contain_text("Go on with the early help assessment.")
