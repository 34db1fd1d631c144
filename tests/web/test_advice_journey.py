"""Asking for advice in Chromium, from both sides: a practitioner asks about a person in
the register, checks what is hidden, shows one thing and hides another, and sends; the
advisor, in a browser of their own, reads no identifier of the person and answers with a
placeholder; the practitioner reads the answer with the name put back, and records what
they will do."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.advice_helpers import ensure_advisors
from tests.web.conftest import Live, act_as
from tests.web.helpers import choose, press

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
