"""The ways a person moves about a decision in Chromium: changing an answer, the back
button, errors, and consent filled in from the consent register."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from sharewise.engine.assessment import HEADLINES
from sharewise.web.pages import OUTCOME_LABELS
from tests.accounts import PASSWORD
from tests.register import helpers as documents
from tests.web.conftest import Live
from tests.web.helpers import (
    QUESTIONS,
    TYPED_IN,
    answer,
    answer_by_http,
    choose,
    draft_by_http,
    fact_of,
    press,
    start_decision,
)
from tests.web.test_flows import CASES, PARENT, SHARED, fact_values, fill_decision, stored_facts

SHARE = next(c for c in CASES if c.name == "share with consent")
SEEK_CONSENT = next(c for c in CASES if c.name == "seek consent")


def focused(page: Page) -> str:
    """What has the keyboard focus: its id, or its class when it has none."""
    found: str = page.evaluate(
        "() => document.activeElement.id || document.activeElement.className"
    )
    return found


def test_a_change_that_takes_the_case_elsewhere(page: Page) -> None:
    check = draft_by_http(page, fact_values(SHARE))
    draft = check.rsplit("/", 1)[0]
    page.goto(f"{draft}/outcome")
    expect(page.locator("h1")).to_have_text(HEADLINES["share"])

    page.goto(check)
    expect(page.locator("#no-longer-apply")).to_have_count(0)
    page.get_by_role("link", name=f"Change {QUESTIONS['consent.status'].question}").click()
    expect(page).to_have_url(re.compile(r"/questions/consent\.status\?change=1$"))
    expect(page.get_by_label("Yes, consent was given", exact=True)).to_be_checked()
    choose(page, "No, consent was refused")
    press(page, "Continue")

    # Refused by her father, for a child who cannot decide: the public interest is the
    # one new question; the answers about valid consent no longer apply.
    assert fact_of(page.url) == "public_interest"
    answer(page, "public_interest", "No, keeping it confidential matters more")
    expect(page).to_have_url(f"{draft}/check")
    no_longer = page.locator("#no-longer-apply li")
    expect(no_longer).to_have_count(3)
    for fact in ("consent.informed", "consent.freely_given", "consent.covers_this_sharing"):
        expect(page.locator("#no-longer-apply")).to_contain_text(QUESTIONS[fact].question)
    expect(page.locator(".govuk-summary-list").last).not_to_contain_text(
        QUESTIONS["consent.informed"].question
    )

    press(page, "See what the guidance says")
    expect(page.locator("h1")).to_have_text(HEADLINES["do_not_share"])


def test_the_back_button_and_the_back_link_keep_the_answers(page: Page) -> None:
    page.goto(draft_by_http(page, fact_values(SHARE), stop_at="about"))
    answer(page, "about", "A child")
    assert fact_of(page.url) == "age"

    page.go_back()
    assert fact_of(page.url) == "about"
    expect(page.get_by_label("A child", exact=True)).to_be_checked()

    press(page, "Continue")  # the answer kept is the answer sent
    answer(page, "age", "10")
    assert fact_of(page.url) == "legal_duty"
    # The Back link is a new request: what it shows comes from the server, not from the
    # browser's memory of the form.
    page.get_by_role("link", name="Back", exact=True).click()
    assert fact_of(page.url) == "age"
    expect(page.get_by_label(QUESTIONS["age"].question, exact=True)).to_have_value("10")
    page.get_by_role("link", name="Back", exact=True).click()
    assert fact_of(page.url) == "about"
    expect(page.get_by_label("A child", exact=True)).to_be_checked()


def test_a_question_left_unanswered(page: Page) -> None:
    page.goto(draft_by_http(page, fact_values(SHARE), stop_at="about"))
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        press(page, "Continue")
    assert response.value.status == 422
    assert fact_of(page.url) == "about"
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves the focus to it
    expect(page.locator(".govuk-error-message")).to_contain_text("Select one of the answers shown")
    summary.get_by_role("link", name="Select one of the answers shown").click()
    assert focused(page) == "answer"  # the first radio


def test_a_decision_saved_without_reasons(page: Page, live: Live) -> None:
    check = draft_by_http(page, fact_values(SEEK_CONSENT))
    page.goto(check.replace("/check", "/outcome"))
    choose(page, "No, I decided not to share")
    count = live.register.entry_count(reads=False)
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        press(page, "Save the decision")
    assert response.value.status == 422
    assert live.register.entry_count(reads=False) == count
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Enter your reasons, in your own words")
    expect(link).to_have_attribute("href", "#decision-reasons")
    expect(page.get_by_label("No, I decided not to share", exact=True)).to_be_checked()
    link.click()
    assert focused(page) == "decision-reasons"

    page.get_by_label("Your reasons, in your own words", exact=True).fill("Asking first.")
    press(page, "Save the decision")
    expect(page).to_have_url(re.compile(r"/records/[0-9a-f-]{36}\?saved=1$"))
    assert live.register.entry_count(reads=False) == count + 1


def test_consent_is_filled_in_from_the_consent_register(page: Page, live: Live) -> None:
    # A purpose of this test's own: no other test's consent can cover it.
    purpose = f"Early help assessment {uuid.uuid4().hex[:8]}"
    live.register.record_consent(documents.consent(purposes=[purpose]))

    start_decision(page, "AMY", "Early Help Hub (multi-agency service)")
    answer(page, "purpose", purpose)
    # The recipient is named from the register: not asked, but shown to confirm.
    assert fact_of(page.url) != "recipient"
    page.goto(answer_by_http(page, page.url, fact_values(SHARE), stop_at="consent.status"))

    prefilled = {
        "consent.status": "Yes, consent was given",
        "consent.given_by": PARENT,
        "consent.informed": "Yes",
        "consent.freely_given": "Yes",
        "consent.covers_this_sharing": "Yes",
    }
    for fact, label in prefilled.items():
        assert fact_of(page.url) == fact
        expect(page.get_by_label(label, exact=True)).to_be_checked()
        inset = page.locator(".govuk-inset-text")
        expect(inset).to_contain_text("From the consent register:")
        expect(inset).to_contain_text("consent covers this sharing")
        press(page, "Continue")  # confirmed as it stands
    answer(page, "competent_to_consent", "No")
    press(page, "See what the guidance says")
    expect(page.locator("h1")).to_have_text(HEADLINES["share"])
    expect(page.locator("#recommendation + p .govuk-tag")).to_have_text(OUTCOME_LABELS["share"])

    fill_decision(page, SHARE.decision)
    found = re.search(r"/records/([0-9a-f-]{36})", page.url)
    assert found, page.url
    body = live.register.decision(found.group(1)).body
    assert (body["person"], body["recipient"]) == ("AMY", "early-help")
    assert body["facts"] == stored_facts(
        {**SHARE.facts, "purpose": purpose, "recipient": "Early Help Hub"}
    )
    # The record says which answers came from the consent register, confirmed as they stood.
    assert body["confirmed_from_consent_register"] == sorted(prefilled)
    assert body["shared"]["what"] == SHARED["what"]


def test_a_decision_waits_for_consent_and_the_answer_takes_it_on(page: Page, live: Live) -> None:
    """Sharing with a housing officer not in the register: consent is to be asked for,
    the decision is left waiting, and when the father agrees his answer is recorded on
    the consent form the decision fills in; the decision then goes on, its consent
    answers from that record, to a saved record."""
    purpose = f"Housing support {uuid.uuid4().hex[:8]}"
    start_decision(page, "AMY", None)  # someone not in the register, typed in
    answers = {**fact_values(SEEK_CONSENT), "purpose": purpose}
    page.goto(answer_by_http(page, page.url, answers))
    press(page, "See what the guidance says")
    expect(page.locator("h1")).to_have_text(HEADLINES["seek_consent"])
    press(page, "Save and come back when consent is asked for")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved for later")

    page.get_by_role("link", name=re.compile(r"^Record their answer")).first.click()
    expect(page).to_have_url(re.compile(r"/people/council/AMY/consents/new\?decision="))
    expect(page.locator("#for-decision")).to_be_visible()
    # Filled in from the decision: its purpose, and the housing officer typed in.
    expect(page.locator("#purposes")).to_have_value(purpose)  # not in any list: typed
    expect(page.get_by_label("Someone not in the register")).to_be_checked()
    expect(page.get_by_label("The organisation they work for")).to_have_value(
        TYPED_IN["recipient_organisation"]
    )
    choose(page, "Given")
    choose(page.get_by_role("group", name="Who made the decision about consent?"), PARENT)
    page.get_by_label("Their name, and how they stand to the person").fill("Lee Brown, father")
    choose(page.get_by_role("group", name="Was it explicit?"), "Yes")
    choose(page, "In writing")
    choose(page.get_by_role("group", name=re.compile("^Were they told enough")), "Yes")
    choose(page.get_by_role("group", name="Was it freely given?"), "Yes")
    page.get_by_label("What they were told").fill("Why, what, with whom, and what follows.")
    press(page, "Save consent")

    # The decision goes on: asked about consent again, answered from the new record.
    assert fact_of(page.url) == "consent.status", page.url
    expect(page.get_by_label("Yes, consent was given", exact=True)).to_be_checked()
    expect(page.locator(".govuk-inset-text")).to_contain_text("consent covers this sharing")
    page.goto(answer_by_http(page, page.url, {**fact_values(SHARE), "purpose": purpose}))
    press(page, "See what the guidance says")
    expect(page.locator("h1")).to_have_text(HEADLINES["share"])
    fill_decision(page, SHARE.decision)
    found = re.search(r"/records/([0-9a-f-]{36})", page.url)
    assert found, page.url
    body = live.register.decision(found.group(1)).body
    assert body["recipient_named"]["organisation"] == TYPED_IN["recipient_organisation"]
    assert "consent.status" in body["confirmed_from_consent_register"]
    expect(page.get_by_text("Recipient not in the register")).to_be_visible()


def test_signing_in_and_out_in_the_browser(page: Page) -> None:
    """Asked to sign in on the way to the records, then back there; signed out, asked
    again."""
    page.context.clear_cookies()
    page.goto("/records")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Frecords$"))
    page.get_by_label("Username").fill("jo.smith")
    page.get_by_label("Password").fill(PASSWORD)
    press(page, "Sign in")
    expect(page).to_have_url(re.compile(r"/records$"))
    expect(page.locator("#signed-in")).to_contain_text("Signed in as jo.smith")
    press(page, "Sign out")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    page.goto("/records")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Frecords$"))
