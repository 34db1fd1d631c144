"""The records page, over HTTP and in Chromium, on SQLite and PostgreSQL: how many records
match, a search of the purpose and the reasons, the GOV.UK date input and its errors, a
CSV of what is shown, as the API's export writes it, and a table that fits a 320 px
screen; each only of the acting practitioner's organisation."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from playwright.sync_api import Page, expect

from sharewise.register.filters import DecisionFilters
from sharewise.register.store import Register, StoredEntry
from sharewise.settings import Settings
from sharewise.web import records
from tests.register.helpers import decision, not_sharing
from tests.web.conftest import AS_DEMO, DEMO_ORGANISATION, Live, Seeded, act_as
from tests.web.test_http import RECORD_LINK, listed, summary

COUNT = re.compile(r'<h2 class="govuk-heading-m" id="count">(.*?)</h2>', re.S)
EXPORT_LINK = re.compile(r'<a class="govuk-link" href="(/records/export\.csv\?[^"]+)"')


def count_of(response: Response) -> str:
    found = COUNT.search(response.text)
    assert found, response.text[:500]
    return found[1].strip()


def _decide(area: Register, purpose: str, reasons: str) -> str:
    document = decision()
    document["facts"]["purpose"] = purpose
    document["decision"]["reasons"] = reasons
    return area.record_decision(document).id


def _mentions(entry: StoredEntry, *words: str) -> bool:
    """The search, worked out here: each word in the purpose or the reasons."""
    said = (entry.body["facts"].get("purpose", ""), entry.body["decision"]["reasons"])
    return all(any(word.lower() in text.lower() for text in said) for word in words)


def _day(name: str, day: Any, month: Any, year: Any) -> dict[str, str]:
    return {f"{name}-day": str(day), f"{name}-month": str(month), f"{name}-year": str(year)}


# --- over HTTP -------------------------------------------------------------------------------


def test_a_search_finds_the_purpose_and_the_reasons(client: TestClient, area: Register) -> None:
    housing = _decide(area, "Housing support", "Agreed at the first visit.")
    _decide(area, "Early help assessment", "Agreed at the first visit.")
    officer = _decide(area, "Early help assessment", "The housing officer asked.")
    area.record_decision(not_sharing(person="SAM"))

    page = client.get("/records", params={"search": "HOUSING"})
    assert RECORD_LINK.findall(page.text) == [officer, housing]
    assert count_of(page) == "2 records"
    assert 'value="HOUSING"' in page.text  # the form keeps the search
    page = client.get("/records", params={"search": "housing officer"})
    assert RECORD_LINK.findall(page.text) == [officer] and count_of(page) == "1 record"
    page = client.get("/records", params={"search": "nowhere"})
    assert count_of(page) == "0 records"
    assert "No decision records match these filters." in page.text
    assert not EXPORT_LINK.search(page.text)  # nothing to download
    assert count_of(client.get("/records")) == "4 records"


def test_each_row_names_the_organisation_and_the_person(client: TestClient, area: Register) -> None:
    """A row is read from its record's columns, not its body: its organisation and its
    person by name (the person's reference after it), and a record about no one named
    says so."""
    amy = area.record_decision(decision()).id
    sam = area.record_decision(not_sharing(person="SAM")).id
    nobody = area.record_decision(decision(person=None)).id
    page = client.get("/records").text
    rows = {
        found[1]: [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
        for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", page, re.S)
        if (found := RECORD_LINK.search(row))
        and (cells := re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
    }
    assert [rows[i][1:3] for i in (amy, sam, nobody)] == [
        ["Riverside Council", "Amy Brown (AMY)"],
        ["Riverside Council", "Sam Green (SAM)"],
        ["Riverside Council", "Not named"],
    ]
    assert rows[sam][4] == "Not shared" and rows[amy][4] == "Shared"


def test_the_count_is_of_every_match_and_bounded(
    seeded_client: TestClient, seeded_register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = list(seeded_register.iter_decisions(within={DEMO_ORGANISATION}))
    assert count_of(seeded_client.get("/records")) == f"{len(every)} records"
    word = "consent"
    ids, _ = listed(seeded_client, f"search={word}")
    expected = [e.id for e in every if _mentions(e, word)]
    assert 0 < len(ids) < len(every) and ids == expected
    assert count_of(seeded_client.get(f"/records?search={word}")) == f"{len(expected)} records"
    # Counting stops past a bound, so a count is quick however many match.
    monkeypatch.setattr(records, "COUNTED_UP_TO", len(every) - 1)
    assert count_of(seeded_client.get("/records")) == f"More than {len(every) - 1} records"
    monkeypatch.setattr(records, "COUNTED_UP_TO", len(every))
    assert count_of(seeded_client.get("/records")) == f"{len(every)} records"


def test_the_csv_link_exports_the_filters_shown(
    seeded_client: TestClient, seeded_register: Register
) -> None:
    every = list(seeded_register.iter_decisions(within={DEMO_ORGANISATION}))
    early = datetime.fromisoformat(every[-len(every) // 5].recorded_at).astimezone().date()
    query = {"search": "the", "shared": "yes", **_day("since", early.day, early.month, early.year)}
    page = seeded_client.get("/records", params=query)
    link = EXPORT_LINK.search(page.text)
    assert link, page.text[:500]
    exported = seeded_client.get(html.unescape(link[1]))
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    expected = [
        e.id
        for e in every
        if _mentions(e, "the")
        and e.shared
        and datetime.fromisoformat(e.recorded_at) >= datetime.combine(early, time()).astimezone()
    ]
    assert expected and [row["id"] for row in rows] == expected
    assert listed(seeded_client, page.url.query.decode())[0] == expected


def date_errors(response: Response) -> dict[str, str]:
    """The error summary of a page whose dates are wrong, checked against the fields: each
    link leads to a part of a date, whose date shows the same message."""
    assert response.status_code == 422
    errors = summary(response)
    for target, message in errors.items():
        name = target.partition("-")[0]
        assert f'id="{target}"' in response.text, target
        beside = re.search(
            rf'<p id="{name}-error" class="govuk-error-message">(.*?)</p>', response.text, re.S
        )
        assert beside and message in html.unescape(beside[1]), target
    assert not RECORD_LINK.search(response.text)
    return errors


def test_the_dates_are_day_month_and_year_with_the_design_systems_errors(
    seeded_client: TestClient,
) -> None:
    def errors(**dates: str) -> dict[str, str]:
        return date_errors(seeded_client.get("/records", params=dates))

    assert errors(**_day("since", 5, "", 2026)) == {
        "since-month": "The 'from' date must include a month"
    }
    assert errors(**_day("until", "", "", 2026)) == {
        "until-day": "The 'until' date must include a day and month"
    }
    assert errors(**_day("since", 31, 2, 2026)) == {
        "since-day": "The 'from' date must be a real date"
    }
    assert errors(**_day("since", 5, 13, 2026)) == {
        "since-month": "The 'from' date must be a real date"
    }
    assert errors(**_day("since", "5th", "Nov", 2026)) == {
        "since-day": "The 'from' date must be a real date"
    }
    assert errors(**_day("since", 5, 11, 26)) == {
        "since-year": "The year of the 'from' date must include 4 numbers"
    }
    assert errors(**_day("since", 6, 11, 2026), **_day("until", 5, 11, 2026)) == {
        "until-day": "The 'until' date must be the same as or after the 'from' date"
    }
    # Each part at fault is marked; an until before the from marks the whole of it.
    page = seeded_client.get("/records", params=_day("since", 5, "", "")).text
    for part, marked in (("day", False), ("month", True), ("year", True)):
        field = re.search(rf'<input class="([^"]*)" id="since-{part}"', page)
        assert field and ("govuk-input--error" in field[1]) is marked, part
    # A month by name is a month; the same day twice is that whole day.
    fine = seeded_client.get(
        "/records",
        params={**_day("since", 5, "Nov", 2026), **_day("until", "05", "november", 2026)},
    )
    assert fine.status_code == 200 and "There is a problem" not in fine.text


def test_the_table_is_in_a_labelled_region_a_keyboard_can_scroll(
    seeded_client: TestClient,
) -> None:
    page = seeded_client.get("/records").text
    region = re.search(r'<div class="sharewise-scroll"([^>]*)>\s*<table', page)
    assert region, "the table is in its scrolling region"
    assert 'role="region"' in region[1] and 'tabindex="0"' in region[1]
    assert 'aria-label="Decision records, newest first"' in region[1]


@pytest.fixture
def seeded_register(seeded: Seeded) -> Iterator[Register]:
    opened = Register.open(seeded.database_url)
    yield opened
    opened.close()


# --- in Chromium -----------------------------------------------------------------------------

NARROWEST = 320  # the width WCAG's reflow criterion asks a page to work at


def overflow(page: Page) -> int:
    """How far the page is wider than the screen, in CSS pixels (0: nothing sticks out)."""
    wider: int = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return wider


def test_the_records_page_fits_a_320_pixel_screen(page: Page, live: Live) -> None:
    act_as(page.context, live, AS_DEMO)  # an organisation with records to show
    page.set_viewport_size({"width": NARROWEST, "height": 640})
    page.goto("/records")
    expect(page.locator("h1")).to_have_text("Decision records")
    assert overflow(page) == 0
    region = page.get_by_role("region", name="Decision records, newest first")
    expect(region).to_be_visible()
    # The table is wider than the screen: it scrolls in its region, which takes focus.
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.sharewise-scroll').scrollLeft > 0")
    assert overflow(page) == 0
    page.goto("/records?since-day=31&since-month=2&since-year=2026")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert overflow(page) == 0


def test_a_person_filters_by_words_and_dates_and_downloads_the_csv(
    page: Page, live: Live, tmp_path: Path
) -> None:
    act_as(page.context, live, AS_DEMO)
    every = list(live.register.iter_decisions(within={DEMO_ORGANISATION}))
    oldest = datetime.fromisoformat(every[-1].recorded_at).astimezone().date()
    newest = datetime.fromisoformat(every[0].recorded_at).astimezone().date()
    page.goto("/records")
    page.get_by_label("Search purpose and reasons").fill("consent")
    for legend, day in (("From", oldest), ("Until", newest)):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expected = [
        e.id
        for e in live.register.iter_decisions(
            DecisionFilters(search="consent", since=oldest, until=newest),
            within={DEMO_ORGANISATION},
        )
    ]
    assert expected
    expect(page.locator("#count")).to_have_text(
        f"{len(expected)} records" if len(expected) > 1 else "1 record"
    )
    expect(page.get_by_role("group", name="From").get_by_label("Year")).to_have_value(
        str(oldest.year)
    )

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these records as a spreadsheet (CSV)").click()
    saved = tmp_path / "records.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows] == expected

    # Dates the wrong way round: the error leads to the 'until' day.
    group = page.get_by_role("group", name="Until")
    group.get_by_label("Year").fill(str(oldest.year - 1))
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    summary_link = page.locator(".govuk-error-summary a")
    expect(summary_link).to_have_text(
        "The 'until' date must be the same as or after the 'from' date"
    )
    summary_link.click()
    expect(page.locator("#until-day")).to_be_focused()


def test_the_page_size_is_a_setting(seeded_client: TestClient) -> None:
    seeded_client.app.state.settings = Settings(page_size=5)  # type: ignore[attr-defined]
    page = seeded_client.get("/records")
    assert len(RECORD_LINK.findall(page.text)) == 5 and "Older records" in page.text
    people = seeded_client.get("/people").text
    assert len(re.findall(r'<a class="govuk-link" href="/people/[^/"]+/[^/"]+">', people)) == 5
