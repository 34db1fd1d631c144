"""Decisions in progress: each practitioner finds the decisions they started and have not
recorded, and can leave one at "seek consent" or "seek advice" until the answer comes."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from sharewise.register.store import Register
from sharewise.web.identity import PRACTITIONER
from tests.web.test_http import SHARE, answer_all, start

SEEK_CONSENT = {**SHARE, "consent.status": "not_sought", "consent_unsafe": "none"}


def listed(client: TestClient) -> str:
    page = client.get("/decisions")
    assert page.status_code == 200
    return html.unescape(page.text)


def test_a_practitioner_finds_their_decisions_in_progress(
    client: TestClient, register: Register
) -> None:
    assert "You have no decisions in progress." in listed(client)
    draft = start(client, person="AMY", recipient="none")
    answer_all(client, draft, {**SHARE, "purpose": "Early help for Amy"}, stop_at="legal_duty")
    shown = listed(client)
    assert "Amy Brown" in shown and "Early help for Amy" in shown and "In progress" in shown
    assert f'href="{draft.removeprefix("http://testserver")}/check"' in shown
    # Another practitioner's list is their own.
    al = TestClient(client.app, cookies={PRACTITIONER: "council/al"})  # the same service
    assert "You have no decisions in progress." in listed(al)


def test_a_decision_waits_for_consent_and_goes_on_when_it_comes(
    client: TestClient, register: Register
) -> None:
    draft = start(client, person="AMY", recipient="none")
    outcome = answer_all(client, draft, SEEK_CONSENT)
    assert "/check" in str(outcome.url)
    page = client.get(f"{draft}/outcome").text
    assert "Save and come back when consent is asked for" in page
    saved = client.post(f"{draft}/wait")
    assert str(saved.url).endswith("/decisions?saved=consent")
    assert "Your decision is saved for later" in saved.text
    assert "Waiting for consent" in html.unescape(saved.text)
    # Consent was given: the answer changed, it waits no more.
    client.post(f"{draft}/questions/consent.status?change=1", data={"answer": "given"})
    shown = listed(client)
    assert "Waiting for consent" not in shown and "In progress" in shown


def test_only_an_outcome_that_waits_can_be_left_waiting(client: TestClient) -> None:
    draft = start(client, person="AMY", recipient="none")
    answer_all(client, draft, SHARE)
    assert "Save and come back" not in client.get(f"{draft}/outcome").text
    left = client.post(f"{draft}/wait", follow_redirects=False)
    assert left.headers["location"].endswith("/outcome")
    assert "Waiting for" not in listed(client)


def test_a_recorded_decision_is_in_progress_no_more(client: TestClient) -> None:
    draft = start(client)
    answer_all(client, draft, SHARE)
    assert "In progress" in listed(client)
    saved = client.post(
        f"{draft}/outcome",
        data={
            "decision.share": "no",
            "decision.reasons": "Not needed after all.",
            "decision.departure": "The family moved away this week.",
        },
    )
    assert "/records/" in str(saved.url)
    assert "You have no decisions in progress." in listed(client)
