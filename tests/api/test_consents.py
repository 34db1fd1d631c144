"""Consents through the API: recorded, listed newest first, withdrawn with effect at
once, and the coverage question (3.18-3.21)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sharewise.register.store import Register
from tests.register.helpers import consent

COVERAGE = {
    "organisation": "council",
    "person": "AMY",
    "purpose": "Early help assessment",
    "recipient": "trust",
}


def test_consent_is_recorded_and_covers_sharing_until_it_is_withdrawn(
    client: TestClient, area: Register
) -> None:
    response = client.post("/consents", json=consent())
    assert response.status_code == 201, response.text
    given = response.json()
    assert given["kind"] == "given" and given["organisation"] == "council"
    assert given["body"]["given_by_name"] == "Lee Brown, father"
    assert given["hash"] == area.consents("council", "AMY")[0].hash

    covered = client.get("/consents/coverage", params=COVERAGE).json()
    assert covered["status"] == "covered" and covered["consent_id"] == given["id"]
    assert covered["facts"]["consent"]["covers_this_sharing"] is True
    assert covered["reasons"]

    withdrawal = {"organisation": "council", "recorded_by": "jo", "how": "By phone to the desk"}
    response = client.post(f"/consents/{given['id']}/withdrawal", json=withdrawal)
    assert response.status_code == 201, response.text
    withdrawn = response.json()
    assert withdrawn["kind"] == "withdrawn" and withdrawn["refers_to"] == given["id"]
    assert withdrawn["body"]["consent"] == given["id"]

    after = client.get("/consents/coverage", params=COVERAGE).json()
    assert after["status"] == "withdrawn"
    assert after["facts"]["consent"]["status"] == "withdrawn"


def test_coverage_at_a_moment_before_the_consent_was_given(client: TestClient) -> None:
    client.post("/consents", json=consent())
    before = client.get("/consents/coverage", params={**COVERAGE, "at": "2000-01-01T00:00:00Z"})
    assert before.json()["status"] == "not_covered"


def test_a_persons_consents_are_listed_newest_first_by_page(client: TestClient) -> None:
    ids = [client.post("/consents", json=consent()).json()["id"] for _ in range(3)]
    query = {"organisation": "council", "person": "AMY"}
    page = client.get("/consents", params=query).json()
    assert [item["id"] for item in page["items"]] == list(reversed(ids))
    assert page["limit"] == 50 and page["offset"] == 0
    second = client.get("/consents", params={**query, "limit": 1, "offset": 1}).json()
    assert [item["id"] for item in second["items"]] == [ids[1]]
    none = client.get("/consents", params={**query, "person": "SAM"}).json()
    assert none["items"] == []
