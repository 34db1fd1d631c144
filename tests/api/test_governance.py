"""The framework over the API: the governance lead publishes versions and designates
advisors; anyone signed in reads them, and nobody else publishes (4.3-4.4, 4.7-4.8)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sharewise.register.store import Register
from tests.advice_helpers import add_advisors
from tests.api.helpers import fields, problem, sent
from tests.governance_helpers import designation, notice, version


def test_nothing_published_is_an_empty_list(client: TestClient) -> None:
    assert client.get("/governance/documents").json() == []
    assert client.get("/governance/advisors").json() == []


def test_the_lead_publishes_and_a_practitioner_reads_every_version(
    governor: TestClient, client: TestClient
) -> None:
    first = governor.post("/governance/documents", json=sent(version()))
    assert first.status_code == 201, first.text
    assert first.json()["published_by"] == "council-governance"
    second = governor.post("/governance/documents", json=sent(version(title="Revised")))
    governor.post("/governance/documents", json=sent(notice()))
    shelves = {(s["kind"], s["service"]): s for s in client.get("/governance/documents").json()}
    code = shelves["code-of-practice", None]
    assert code["current"]["id"] == second.json()["id"]
    assert [v["version"] for v in code["versions"]] == [2, 1]
    assert shelves["privacy-notice", "early-help"]["current"]["version"] == 1
    old = client.get(f"/governance/documents/{first.json()['id']}").json()
    assert old["body"].startswith("Share what is necessary") and old["version"] == 1


def test_only_the_lead_publishes_or_designates(client: TestClient, staffed: Register) -> None:
    problem(client.post("/governance/documents", json=sent(version())), 403)
    problem(client.post("/governance/advisors", json=sent(designation())), 403)
    assert staffed.documents("council") == []


def test_advisors_designated_and_ended(
    governor: TestClient, client: TestClient, staffed: Register
) -> None:
    add_advisors(staffed)
    made = governor.post("/governance/advisors", json=sent(designation()))
    assert made.status_code == 201, made.text
    listed = client.get("/governance/advisors").json()
    assert [(a["username"], a["who"]) for a in listed] == [
        ("council-advisor", "Lee Park, Safeguarding lead")
    ]
    ended = governor.post(
        f"/governance/advisors/{made.json()['id']}/end", json={"until": made.json()["from_date"]}
    )
    assert ended.json()["until"] == made.json()["from_date"]
    assert fields(governor.post("/governance/advisors", json=sent(designation(area="")))) == [
        "area"
    ]
