"""Consents through the API: recorded, listed newest first, withdrawn with effect at
once, and the coverage question (3.18-3.21)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sharewise.register.store import Register
from tests.api.helpers import problem, sent
from tests.register.helpers import consent, decision

COVERAGE = {
    "person": "AMY",
    "purpose": "Early help assessment",
    "recipient": "trust",
}
WITHDRAWAL = {"how": "By phone to the desk"}


def test_consent_is_recorded_and_covers_sharing_until_it_is_withdrawn(
    client: TestClient, area: Register
) -> None:
    response = client.post("/consents", json=sent(consent()))
    assert response.status_code == 201, response.text
    given = response.json()
    assert given["kind"] == "given" and given["organisation"] == "council"
    assert given["body"]["given_by_name"] == "Lee Brown, father"
    assert given["hash"] == area.consents("council", "AMY")[0].hash

    covered = client.get("/consents/coverage", params=COVERAGE).json()
    assert covered["status"] == "covered" and covered["consent_id"] == given["id"]
    assert covered["facts"]["consent"]["covers_this_sharing"] is True
    assert covered["reasons"]

    response = client.post(f"/consents/{given['id']}/withdrawal", json=WITHDRAWAL)
    assert response.status_code == 201, response.text
    withdrawn = response.json()
    assert withdrawn["kind"] == "withdrawn" and withdrawn["refers_to"] == given["id"]
    assert withdrawn["body"]["consent"] == given["id"]

    after = client.get("/consents/coverage", params=COVERAGE).json()
    assert after["status"] == "withdrawn"
    assert after["facts"]["consent"]["status"] == "withdrawn"


def test_coverage_at_a_moment_before_the_consent_was_given(client: TestClient) -> None:
    client.post("/consents", json=sent(consent()))
    before = client.get("/consents/coverage", params={**COVERAGE, "at": "2000-01-01T00:00:00Z"})
    assert before.json()["status"] == "not_covered"


def test_a_persons_consents_are_listed_newest_first_by_page(client: TestClient) -> None:
    ids = [client.post("/consents", json=sent(consent())).json()["id"] for _ in range(3)]
    query = {"person": "AMY"}
    page = client.get("/consents", params=query).json()
    assert [item["id"] for item in page["items"]] == list(reversed(ids))
    assert page["limit"] == 50 and page["offset"] == 0
    second = client.get("/consents", params={**query, "limit": 1, "offset": 1}).json()
    assert [item["id"] for item in second["items"]] == [ids[1]]
    none = client.get("/consents", params={**query, "person": "SAM"}).json()
    assert none["items"] == []


def test_withdrawing_a_correction_withdraws_the_consent(client: TestClient) -> None:
    """Coverage once said "covered" here, against 3.21: it counted only withdrawals of the
    first record, not of a correction of it."""
    given = client.post("/consents", json=sent(consent())).json()
    response = client.post("/consents", json=sent(consent(corrects=given["id"])))
    assert response.status_code == 201, response.text
    corrected = response.json()
    assert corrected["kind"] == "correction" and corrected["refers_to"] == given["id"]
    assert client.get("/consents/coverage", params=COVERAGE).json()["status"] == "covered"

    response = client.post(f"/consents/{corrected['id']}/withdrawal", json=WITHDRAWAL)
    assert response.status_code == 201, response.text

    after = client.get("/consents/coverage", params=COVERAGE).json()
    assert after["status"] == "withdrawn" and after["consent_id"] == given["id"]
    assert after["facts"]["consent"]["status"] == "withdrawn"
    assert "3.21" in after["citations"]
    # The first record is withdrawn with its correction: it cannot be withdrawn again.
    again = client.post(f"/consents/{given['id']}/withdrawal", json=WITHDRAWAL)
    assert again.status_code == 404 and "withdrawn already" in again.json()["message"]


def test_what_stands_of_a_persons_consents(client: TestClient) -> None:
    given = client.post("/consents", json=sent(consent())).json()
    corrected = client.post("/consents", json=sent(consent(corrects=given["id"]))).json()
    whose = {"organisation": "council", "person": "AMY"}  # the organisation may be named
    (standing,) = client.get("/consents/state", params=whose).json()["consents"]
    assert standing["consent_id"] == given["id"] and standing["version"] == corrected["id"]
    assert standing["versions"] == [given["id"], corrected["id"]]
    assert standing["stands"] and not standing["withdrawn"]
    assert standing["recipients"] == ["early-help"] and standing["purposes"] == [
        "Early help assessment"
    ]
    assert standing["reasons"][0]["citations"] == ["3.18"]

    client.post(f"/consents/{corrected['id']}/withdrawal", json=WITHDRAWAL)
    state = client.get("/consents/state", params=whose).json()
    (withdrawn,) = state["consents"]
    assert withdrawn["withdrawn"] and not withdrawn["stands"] and withdrawn["withdrawn_at"]
    assert withdrawn["reasons"][-1]["citations"] == ["3.21"]
    before = client.get("/consents/state", params={**whose, "at": given["body"]["given_at"]})
    assert before.json()["consents"][0]["stands"]


HOUSING = {"name": "Ali Khan, tenancy officer", "organisation": "Riverside Housing"}


def test_a_consent_to_someone_not_in_the_register_covers_their_organisation(
    client: TestClient, area: Register
) -> None:
    """Consent names a housing officer typed in; coverage asks by their organisation's
    name, whatever its case and spacing, and a decision shared with a colleague of theirs
    is pre-filled from it (3.19)."""
    given = client.post("/consents", json=sent(consent(recipients={"named": [HOUSING]}))).json()
    assert given["body"]["recipients"]["named"] == [HOUSING]
    asked = {"person": "AMY", "purpose": "Early help assessment"}
    covered = client.get(
        "/consents/coverage", params={**asked, "recipient_organisation": " riverside  housing"}
    ).json()
    assert covered["status"] == "covered" and covered["consent_id"] == given["id"]
    elsewhere = client.get(
        "/consents/coverage", params={**asked, "recipient_organisation": "Riverside Homes"}
    ).json()
    assert elsewhere["status"] == "not_covered"
    standing = client.get("/consents/state", params={"person": "AMY"}).json()["consents"]
    assert standing[0]["recipients"] == []
    assert standing[0]["named_recipients"] == ["Ali Khan, tenancy officer, Riverside Housing"]

    facts = {k: v for k, v in decision()["facts"].items() if k != "consent"}
    recorded = client.post(
        "/decisions",
        json=sent(
            decision(
                facts=facts,
                recipient_named={
                    "name": "Sam Patel, housing officer",
                    "organisation": "RIVERSIDE HOUSING",
                },
            )
        ),
    )
    assert recorded.status_code == 201, recorded.text
    body = recorded.json()["body"]
    assert (
        body["recipient"] is None
        and body["recipient_named"]["name"] == "Sam Patel, housing officer"
    )
    assert body["facts"]["consent"]["covers_this_sharing"] is True
    assert "consent.covers_this_sharing" in body["prefilled_from_consent_register"]


def test_one_recipient_is_named_to_ask_about_coverage(client: TestClient) -> None:
    asked = {"person": "AMY", "purpose": "Early help assessment"}
    for params in ({}, {"recipient": "trust", "recipient_organisation": "Riverside Housing"}):
        error = problem(client.get("/consents/coverage", params={**asked, **params}), 422)
        assert error["errors"][0]["field"] == "recipient", error
    both = sent(decision(recipient="trust", recipient_named=HOUSING))
    error = problem(client.post("/decisions", json=both), 422)
    assert error["errors"][0]["field"] == "recipient_named", error
    nobody = sent(consent(recipients={"named": [{"name": "Ali Khan"}]}))
    error = problem(client.post("/consents", json=nobody), 422)
    assert error["errors"][0]["field"] == "recipients.named[0].organisation", error
