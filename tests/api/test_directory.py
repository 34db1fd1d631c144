"""Who is in the register, through the API: organisations, services, practitioners and
people, added, read and listed by page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sharewise.api.people import NEWEST
from sharewise.register.store import Register
from tests.register.helpers import consent, decision


def test_organisations_are_added_read_and_listed_by_name(
    client: TestClient, admin: TestClient, area: Register
) -> None:
    school = {"code": "school", "name": "Hillside Academy", "sector": "education"}
    assert client.post("/organisations", json=school).status_code == 403  # a practitioner
    response = admin.post("/organisations", json=school)
    assert response.status_code == 201 and response.json() == school
    assert client.get("/organisations/school").json() == school
    assert area.organisation("school").name == "Hillside Academy"
    page = client.get("/organisations", params={"limit": 2, "offset": 1}).json()
    assert [o["name"] for o in page["items"]] == ["Riverside Council", "Riverside NHS Trust"]
    assert page["total"] == 4 and page["limit"] == 2 and page["offset"] == 1


def test_services_are_added_with_their_members(
    client: TestClient, admin: TestClient, area: Register
) -> None:
    hub = {"code": "marac", "name": "MARAC", "members": ["police", "council", "police"]}
    response = admin.post("/services", json=hub)
    assert response.status_code == 201, response.text
    added = {**hub, "members": ["council", "police"]}
    assert response.json() == client.get("/services/marac").json() == added
    listed = client.get("/services").json()
    assert [s["code"] for s in listed["items"]] == ["early-help", "marac"]
    assert listed["total"] == 2
    assert area.service("marac").members == ("council", "police")


def test_an_organisations_practitioners_are_added_and_listed(
    client: TestClient, admin: TestClient, area: Register
) -> None:
    new = {"code": "kim", "name": "Kim Obi", "role": "School nurse"}
    response = admin.post("/organisations/council/practitioners", json=new)
    assert response.status_code == 201 and response.json() == {**new, "organisation": "council"}
    listed = client.get("/organisations/council/practitioners").json()
    assert [p["code"] for p in listed["items"]] == ["al", "jo", "kim"] and listed["total"] == 3
    assert [p.code for p in area.practitioners("council")] == ["al", "jo", "kim"]
    # Another organisation's staff are its own admin's to add: not found from here.
    elsewhere = admin.post("/organisations/trust/practitioners", json=new)
    assert elsewhere.status_code == 404 and area.practitioners("trust")[0].code == "pat"


def test_people_are_added_searched_and_paged_with_a_total(client: TestClient) -> None:
    zoe = {"reference": "ZOE", "given_name": "Zoe", "family_name": "Brown"}
    response = client.post("/organisations/council/people", json=zoe)
    assert response.status_code == 201
    assert response.json() == {**zoe, "organisation": "council", "date_of_birth": None}
    browns = client.get("/organisations/council/people", params={"search": "brown"}).json()
    assert [p["reference"] for p in browns["items"]] == ["AMY", "LEE", "ZOE"]
    assert browns["total"] == 3
    page = client.get("/organisations/council/people", params={"limit": 1, "offset": 3}).json()
    assert [p["reference"] for p in page["items"]] == ["SAM"] and page["total"] == 4


def test_a_person_comes_with_their_newest_records(client: TestClient, area: Register) -> None:
    decisions = [area.record_decision(decision()).id for _ in range(NEWEST + 1)]
    consents = [area.record_consent(consent()).id for _ in range(2)]
    response = client.get("/organisations/council/people/AMY")
    assert response.status_code == 200
    amy = response.json()
    assert amy["given_name"] == "Amy" and amy["date_of_birth"]
    assert [d["id"] for d in amy["decisions"]] == list(reversed(decisions))[:NEWEST]
    assert [c["id"] for c in amy["consents"]] == list(reversed(consents))
    sam = client.get("/organisations/council/people/SAM").json()
    assert sam["decisions"] == [] and sam["consents"] == []


def test_an_organisations_purposes_are_listed(client: TestClient, area: Register) -> None:
    assert client.get("/organisations/council/purposes").json() == []
    area.add_purpose("council", "Health assessment")
    area.add_purpose("council", "Early help")
    assert client.get("/organisations/council/purposes").json() == [
        "Early help",
        "Health assessment",
    ]
    assert client.get("/organisations/nowhere/purposes").status_code == 404
