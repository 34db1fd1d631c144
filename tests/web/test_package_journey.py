"""A share with a two-item package, in Chromium, as a practitioner makes it: the items
added with the add another pattern, one changed and one removed and added again, the
warning on an item that names someone else (3.49), each question of Q6, check your
answers, and the record and its PDF showing the package."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from sharewise.engine.sharing import CHANNEL_CHECKS
from sharewise.web.dates import moment_values
from tests.web.conftest import Live
from tests.web.helpers import choose, draft_by_http, press
from tests.web.test_flows import CASES, fact_values, fill_date, row

SHARE = fact_values(next(c for c in CASES if c.name == "share with consent"))
FACT = "Amy missed 12 days of school this term"
OPINION = "Lee said Amy is frightened at weekends"


def add_item(page: Page, what: str, kind: str, source: str) -> None:
    page.get_by_label("The item you shared", exact=True).fill(what)
    choose(page, kind)
    page.get_by_label("Where it came from", exact=True).fill(source)
    fill_date(page, "When you last checked it is accurate and up to date", date.today())
    page.get_by_label("Why it is needed for the purpose", exact=True).fill("The plan rests on it")
    choose(page, "I have confirmed this item is needed for the purpose")
    press(page, "Continue")


def test_a_share_with_a_two_item_package(page: Page, live: Live) -> None:
    draft = draft_by_http(page, SHARE, person="AMY", recipient="early-help").removesuffix("/check")
    page.goto(f"{draft}/outcome")
    choose(page, "Yes, I shared or will share")
    page.get_by_label("What you shared", exact=True).fill("Her attendance, and a worry")
    when = datetime.now() - timedelta(hours=1)
    for name, value in moment_values("shared.when", when).items():
        page.locator(f"[name='{name}']").fill(value)
    page.get_by_label("How you shared it", exact=True).fill("By phone")
    page.get_by_label("Your reasons, in your own words", exact=True).fill("Her father agreed.")
    press(page, "Save the decision")

    # The items: the first refused until it is whole, then added.
    expect(page.locator("h1")).to_have_text("Item 1: what you shared")
    press(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the item you shared")
    add_item(page, FACT, "Fact", "The school's attendance record")
    expect(page.locator("h1")).to_have_text("You have added 1 item to share")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    choose(page, "Yes")
    press(page, "Continue")
    add_item(page, OPINION, "Opinion", "My home visit")
    expect(page.locator("h1")).to_have_text("You have added 2 items to share")
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("This item may identify someone else (3.49): Lee.")

    # The opinion removed, then added again without the name; the fact changed.
    page.get_by_role("link", name="Remove item 2").click()
    expect(page.locator("h1")).to_have_text("Are you sure you want to remove item 2?")
    choose(page, "Yes")
    press(page, "Continue")
    expect(page.locator("h1")).to_have_text("You have added 1 item to share")
    choose(page, "Yes")
    press(page, "Continue")
    add_item(page, "Amy is frightened at weekends, her family says", "Opinion", "My visit")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    page.get_by_role("link", name="Change item 1").click()
    expect(page.get_by_label("The item you shared", exact=True)).to_have_value(FACT)
    page.get_by_label("The item you shared", exact=True).fill(FACT + ", all unauthorised")
    press(page, "Continue")
    choose(page, "No")
    press(page, "Continue")

    # One question a page: the recipient, the channel and its check, passing it on,
    # consent's limits, telling the person.
    expect(page.locator("h1")).to_have_text("How did you confirm who the recipient is?")
    page.get_by_label("How did you confirm who the recipient is?").fill("Called back")
    press(page, "Continue")
    choose(page, "Phone")
    press(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm the security check")
    choose(page, CHANNEL_CHECKS["phone"].check)
    press(page, "Continue")
    choose(page, "No, they will not pass it on")
    press(page, "Continue")
    choose(page, "Yes, I explained the limits of the consent")
    page.get_by_label("The limits you explained").fill("Only for the early help plan")
    press(page, "Continue")
    choose(page, "No, but I will tell them")
    fill_date(page, "When to tell them by", date.today() + timedelta(days=2))
    press(page, "Continue")

    expect(page.locator("h1")).to_have_text("Check what you shared and how")
    main = page.locator("main")
    for said in (FACT, "Opinion", "Called back", "No, they will not pass it on"):
        expect(main).to_contain_text(said)
    page.get_by_role("link", name="Change how you shared it").click()
    choose(page, "Secure email")
    choose(page, CHANNEL_CHECKS["secure_email"].check)
    press(page, "Continue")
    expect(page).to_have_url(f"{draft}/package/check")
    press(page, "Save the decision")

    found = re.search(r"/records/([0-9a-f-]{36})\?saved=1$", page.url)
    assert found, page.url
    package = live.register.decision(found[1]).record.package
    assert package is not None
    assert [i.kind for i in package.items] == ["fact", "opinion"]
    assert package.channel.by == "secure_email"
    assert package.telling.tell_by == date.today() + timedelta(days=2)
    expect(page.locator("#package")).to_be_visible()
    expect(row(page, "Sent by")).to_have_text("Secure email")
    expect(row(page, "To tell them by")).to_contain_text(str(date.today().year))
    expect(page.locator("main")).to_contain_text(FACT + ", all unauthorised")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
