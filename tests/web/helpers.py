"""Driving the pages: as a person would in Chromium (labels, buttons), or straight over
HTTP where a test only needs to reach a page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi.testclient import TestClient
from playwright.sync_api import APIResponse, Locator, Page, expect

from sharewise.faces.door import FORM_FIELD, FORM_HEADER
from sharewise.guidance import load_edition

QUESTIONS = load_edition().questions
JO = "Jo Smith, Family support worker"  # council/jo in the area of tests/conftest.py
MOST_PAGES = 40  # more question pages than any path has: a loop is a bug


def exactly(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def choose(scope: Page | Locator, label: str) -> None:
    """Click a radio or checkbox by the text of its label, and see that it took."""
    scope.locator("label").filter(has_text=exactly(label)).click()
    expect(scope.get_by_label(label, exact=True)).to_be_checked()


def press(page: Page, button: str) -> None:
    """Click a button (or a link that looks like one) and wait for the next page."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def fact_of(url: str) -> str | None:
    """The fact a question page asks for, from its address."""
    found = re.search(r"/questions/([^/?#]+)", urlsplit(url).path)
    return found.group(1) if found else None


# Someone not in the register, as a practitioner types them in.
NOT_IN_THE_REGISTER = "Someone not in the register"
TYPED_IN = {
    "recipient_name": "Sam Patel, housing officer",
    "recipient_organisation": "Riverside Housing",
}


def start_decision(
    page: Page,
    person: str,
    recipient: str | None,
    recipient_code: str | None = None,
) -> str:
    """From the home page through about whom and (for a named person) to whom: a
    recipient in the register is told apart by its name and the code below it. The
    draft's address."""
    page.goto("/")
    press(page, "Start a new decision")
    expect(page).to_have_url(re.compile(r"/decisions/[^/]+/person$"))
    draft = page.url.rsplit("/", 1)[0]
    page.get_by_label("Who is the information about?").fill(person)
    press(page, "Continue")
    if person:
        expect(page).to_have_url(f"{draft}/recipient")
        if recipient_code:
            page.locator(
                ".govuk-radios__item",
                has=page.locator(".govuk-radios__hint", has_text=exactly(recipient_code)),
            ).filter(has=page.locator("label", has_text=exactly(recipient or ""))).locator(
                "input"
            ).check()
        elif recipient and recipient != NOT_IN_THE_REGISTER:
            choose(page, recipient)
        else:
            choose(page, NOT_IN_THE_REGISTER)
            page.get_by_label("Their name and role").fill(TYPED_IN["recipient_name"])
            page.get_by_label("The organisation they work for").fill(
                TYPED_IN["recipient_organisation"]
            )
        press(page, "Continue")
    return draft


def answer(page: Page, fact: str, given: str | list[str]) -> None:
    """Answer the question on the page as a person would, then Continue."""
    question = QUESTIONS[fact]
    if page.locator('input[name="listed"]').count():
        # The organisation keeps a list of purposes: one of them, or something else typed.
        assert isinstance(given, str)
        if page.get_by_label(given, exact=True).count():
            choose(page, given)
        else:
            choose(page, "Something else")
            page.get_by_label("The purpose, in your words", exact=True).fill(given)
    elif question.kind in ("text", "number"):
        assert isinstance(given, str)
        page.get_by_label(question.question, exact=True).fill(given)
    else:
        for label in [given] if isinstance(given, str) else given:
            choose(page, label)
    press(page, "Continue")


def recent(moment: str | None, within: timedelta = timedelta(minutes=10)) -> bool:
    """A moment the register stored, close to now (a moment's time field keeps minutes)."""
    if not moment:
        return False
    return abs(datetime.now().astimezone() - datetime.fromisoformat(moment)) < within


# --- over HTTP, for tests that only need to reach a page --------------------------------

TOKEN = re.compile(rf'name="{FORM_FIELD}" value="([^"]+)"')


def token_in(page: str) -> str:
    """The form token a page's forms carry."""
    found = TOKEN.search(page)
    assert found, "the page has no form token"
    return found[1]


def ready_for_forms(client: TestClient) -> TestClient:
    """The client, its posts carrying the form token as a browser's forms do: the token
    the service gives its browser cookie, asked for once on "Who are you?" (a page with a
    form) and sent with every request as the Sharewise-Form-Token header."""
    client.headers[FORM_HEADER] = token_in(client.get("/sign-in").text)
    return client


def _encoded(value: Any) -> list[str]:
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list):
        return [str(v) for v in value] or ["none"]
    return [str(value)]


def post(page: Page, url: str, fields: Mapping[str, Any]) -> APIResponse:
    """A form posted from the page's context (its cookies), with the token a form of the
    service gives that browser, following the redirect."""
    token = token_in(page.request.get("/sign-in").text())
    pairs = [(k, v) for k, values in fields.items() for v in _encoded(values)]
    response = page.request.post(
        url,
        data=urlencode([*pairs, (FORM_FIELD, token)]),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status < 400, f"{url}: {response.status}"
    return response


def draft_by_http(
    page: Page,
    answers: Mapping[str, Any],
    *,
    person: str = "",
    recipient: str | None = None,
    stop_at: str | None = None,
) -> str:
    """A decision answered over HTTP with the facts' own values, up to the question
    `stop_at` (or check your answers): that page's address."""
    response = page.request.get("/decisions/new")
    draft = response.url.rsplit("/", 1)[0]
    response = post(page, f"{draft}/person", {"person": person})
    if person:
        chosen = {"recipient": recipient} if recipient else {"recipient": "none", **TYPED_IN}
        response = post(page, f"{draft}/recipient", chosen)
    return answer_by_http(page, response.url, answers, stop_at)


def answer_by_http(
    page: Page, url: str, answers: Mapping[str, Any], stop_at: str | None = None
) -> str:
    """Answer the questions from the one at `url` on, over HTTP, up to the question
    `stop_at` (or check your answers): that page's address."""
    for _ in range(MOST_PAGES):
        fact = fact_of(url)
        if fact is None or fact == stop_at:
            return url
        url = post(page, url.split("?")[0], {"answer": answers[fact]}).url
    raise AssertionError(f"the questions did not end: {url}")


def package_steps(what: str = "The concern, as recorded") -> list[tuple[str, dict[str, str]]]:
    """The sharing package's pages after a decision to share, each with the form a person
    sends: one fact, `what`, by secure email, the person told today."""
    today = datetime.now().date()
    on = {"day": str(today.day), "month": str(today.month), "year": str(today.year)}
    item = {
        "what": what,
        "kind": "fact",
        "source": "The case notes",
        **{f"accuracy_checked-{part}": value for part, value in on.items()},
        "necessary_because": "The recipient needs it for the purpose",
        "needed_confirmed": "yes",
    }
    return [
        ("items/new", item),
        ("items", {"add_another": "no"}),
        ("recipient-check", {"how": "Known to me"}),
        ("channel", {"by": "secure_email", "check_secure_email": "yes"}),
        ("onward", {"passing_on": "no"}),
        ("limits", {"consent_limits": "no_consent"}),
        ("telling", {"status": "told", **{f"told_on-{p}": v for p, v in on.items()}}),
    ]


def through_the_package(client: TestClient, draft: str) -> Any:
    """After a decision to share, its package (`package_steps`), and the decision saved:
    the last response."""
    for page, form in package_steps():
        client.post(f"{draft}/package/{page}", data=form)
    return client.post(f"{draft}/package/check")
