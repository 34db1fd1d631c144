"""Decisions in progress: each practitioner finds the decisions they started and have not
recorded, and can leave one at "seek consent" or "seek advice" until the answer comes."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from sharewise.guidance import load_edition
from sharewise.register.store import Register
from tests.accounts import signed_in
from tests.web.helpers import ready_for_forms
from tests.web.test_http import SHARE, answer_all, check_errors, start

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
    al = TestClient(client.app, cookies=signed_in(register, "al.khan"))  # the same service
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


LEE_AGREES = {
    "status": "given",
    "given_by": "parent",
    "given_by_name": "Lee Brown, father",
    "relative": "LEE",
    "explicit": "yes",
    "form": "written",
    "informed": "yes",
    "freely_given": "yes",
    "told": "Why, what, with whom, and what could follow.",
    "given_at-day": "1",
    "given_at-month": "12",
    "given_at-year": "2026",
    "given_at-time": "09:30",
}


def waiting_for_consent(client: TestClient) -> str:
    draft = start(client, person="AMY", recipient="early-help")
    answer_all(client, draft, {**SEEK_CONSENT, "purpose": "Early help for Amy"})
    client.post(f"{draft}/wait")
    return draft


def test_consent_recorded_when_it_comes_takes_the_decision_on(
    client: TestClient, register: Register
) -> None:
    """The answer is recorded once, in the consent register, on a form filled in from
    the decision; the decision then asks about consent again, answered from that record
    for the practitioner to confirm, and waits no more."""
    draft = waiting_for_consent(client)
    draft_id = draft.rsplit("/", 1)[1]
    assert "Record their answer" in listed(client)
    form = client.get(f"{draft}/answer")
    assert form.url.path == "/people/council/AMY/consents/new"
    shown = html.unescape(form.text)
    assert 'id="for-decision"' in shown
    assert "Early help for Amy</textarea>" in shown  # the purpose, not in the list: typed
    assert 'value="early-help" checked' in shown

    recorded = client.post(
        str(form.url),
        data={**LEE_AGREES, "purposes": "Early help for Amy", "recipients.services": "early-help"},
    )
    assert (
        recorded.url.path == f"{draft.removeprefix('http://testserver')}/questions/consent.status"
    )
    (consent,) = register.consents("council", "AMY")
    assert consent.body["purposes"] == ["Early help for Amy"]
    question = html.unescape(recorded.text)
    assert "consent covers this sharing" in question and 'value="given" checked' in question
    state = register.drafts.get(draft_id)
    assert state is not None and "waiting" not in state
    assert not [fact for fact in state["answers"] if fact.startswith("consent.")]
    assert "Waiting for consent" not in listed(client)
    # On from there to check your answers, each consent answer the register's.
    check = answer_all(client, draft, SHARE)
    assert str(check.url).endswith("/check")
    state = register.drafts.get(draft_id)
    assert state is not None and "consent.status" in state["from_register"]


def test_only_its_practitioner_takes_a_waiting_decision_on(
    client: TestClient, register: Register
) -> None:
    draft = waiting_for_consent(client)
    al = ready_for_forms(TestClient(client.app, cookies=signed_in(register, "al.khan")))
    address = f"/people/council/AMY/consents/new?decision={draft.rsplit('/', 1)[1]}"
    assert 'id="for-decision"' not in al.get(address).text
    saved = al.post(
        address,
        data={**LEE_AGREES, "purposes": "Early help for Amy", "recipients.services": "early-help"},
    )
    assert saved.url.path == "/people/council/AMY"  # a consent like any other
    assert "Waiting for consent" in listed(client)


def test_advice_recorded_when_it_comes_goes_with_the_decision(
    client: TestClient, register: Register
) -> None:
    draft = start(client, person="AMY", recipient="early-help")
    answer_all(client, draft, {**SHARE, "legitimate_purpose": "unsure"})
    assert "Save and come back when advice is given" in client.get(f"{draft}/outcome").text
    client.post(f"{draft}/wait")
    assert "Record the advice" in listed(client)
    page = client.get(f"{draft}/answer")
    assert page.url.path.endswith("/advice")
    assert 'id="not-sure"' in page.text  # the answers not sure of, to change after
    assert load_edition().questions["legitimate_purpose"].question in html.unescape(page.text)
    check_errors(
        client.post(f"{draft}/advice", data={"advice.sought_from": "Pat, Caldicott guardian"}),
        {"advice-outcome": "Enter what they advised"},
    )
    checked = client.post(
        f"{draft}/advice",
        data={
            "advice.sought_from": "Pat, Caldicott guardian",
            "advice.outcome": "The purpose is legitimate.",
        },
    )
    assert checked.url.path.endswith("/check")
    assert "Waiting for advice" not in listed(client)
    client.post(f"{draft}/questions/legitimate_purpose?change=1", data={"answer": "true"})
    answer_all(client, draft, SHARE)  # what the advice settled asks what follows from it
    outcome = html.unescape(client.get(f"{draft}/outcome").text)
    assert "The purpose is legitimate.</textarea>" in outcome  # for the record, to keep
