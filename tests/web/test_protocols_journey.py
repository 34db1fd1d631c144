"""In Chromium: the council's information governance lead adds a protocol with the
police, checks the answers and saves it; a practitioner deciding to share with the
police then sees it named at the point of decision, the recommendation its own."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.web.conftest import AS_JO, Live, act_as
from tests.web.helpers import choose, draft_by_http, press
from tests.web.test_flows import CASES, fact_values, fill_date

SHARE = fact_values(next(c for c in CASES if c.name == "share with consent"))


def test_a_protocol_added_is_shown_at_the_point_of_decision(page: Page, live: Live) -> None:
    title = f"Missing children {uuid.uuid4().hex[:6]}"
    act_as(page.context, live, "council-governance")
    page.goto("/protocols")
    page.get_by_role("button", name="Add a protocol").click()
    expect(page.locator("h1")).to_have_text("Add an information sharing protocol")
    press(page, "Continue")  # nothing filled in: said, nothing stored
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the protocol's title")
    page.get_by_label("Title", exact=True).fill(title)
    choose(page, "Active")
    page.locator("input[name='parties'][value='police']").check()
    page.get_by_label("Purpose", exact=True).fill("Finding children reported missing")
    page.get_by_label("Information shared", exact=True).fill("Name\nLast known address")
    page.get_by_label("Legal basis", exact=True).fill("Children Act 2004, section 11")
    page.get_by_label("Retention", exact=True).fill("Six months, then destroyed")
    page.get_by_label("Security", exact=True).fill("Secure email")
    page.get_by_label("Signed off by", exact=True).fill("Kim Obi, Superintendent, police")
    fill_date(page, "Signed off on", date.today() - timedelta(days=30))
    fill_date(page, "Review by", date.today() + timedelta(days=300))
    press(page, "Continue")
    expect(page.locator("h1")).to_have_text("Check your answers")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Kim Obi, Superintendent")
    press(page, "Save the protocol")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The protocol is added")
    expect(page.locator("h1")).to_have_text(title)

    act_as(page.context, live, AS_JO)
    check = draft_by_http(page, SHARE, person="AMY", recipient="police")
    page.goto(check.replace("/check", "/outcome"))
    cover = page.locator("#protocol-cover + p")
    expect(cover).to_contain_text("An information sharing protocol covers regular sharing")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    expect(page.locator("#recommendation")).not_to_be_empty()
