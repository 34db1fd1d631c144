"""The protocols over the API: the governance lead records and changes them (a new
version each time, the earlier kept), those who share read their organisation's and
those it is a party to, and ask whether one covers sharing with a recipient; the lead's
tasks hold the reviews falling due."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from sharewise.register.store import Register
from tests.api.helpers import fields
from tests.register.helpers import protocol

TODAY = date.today()


def sent_protocol(**changes: Any) -> dict[str, Any]:
    document = protocol(**changes)
    return {
        **document,
        "signed_on": document["signed_on"] and document["signed_on"].isoformat(),
        "review_on": document["review_on"].isoformat(),
    }


def test_the_lead_records_and_changes_and_a_practitioner_reads(
    governor: TestClient, client: TestClient
) -> None:
    made = governor.post("/protocols", json=sent_protocol())
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["version"], body["organisation"], body["changed_by"]) == (
        1, "council", "council-governance",
    )  # fmt: skip
    changed = governor.patch(f"/protocols/{body['id']}", json={"status": "review"})
    assert changed.json()["version"] == 2 and changed.json()["note"] == "Changed status"
    read = client.get(f"/protocols/{body['id']}").json()
    assert read["status"] == "review" and [v["status"] for v in read["history"]] == ["active"]
    assert [p["id"] for p in client.get("/protocols").json()] == [body["id"]]
    assert client.get("/protocols", params={"status": "active"}).json() == []
    # A practitioner reads; only the lead records and changes.
    assert client.post("/protocols", json=sent_protocol()).status_code == 403
    assert client.patch(f"/protocols/{body['id']}", json={"status": "ended"}).status_code == 403


def test_another_organisations_protocol_is_not_found(
    governor: TestClient, staffed: Register
) -> None:
    theirs = staffed.add_protocol(
        "trust",
        protocol(parties=["trust", "police"], signatories=protocol()["signatories"][:1]),
        by="trust-lead",
    )
    assert fields(governor.get(f"/protocols/{theirs.id}"), 404) == ["protocol_id"]
    assert fields(governor.patch(f"/protocols/{theirs.id}", json={"title": "X"}), 404) == [
        "protocol_id"
    ]
    party = staffed.add_protocol("trust", protocol(signatories=[]) | _draft(), by="trust-lead")
    assert governor.get(f"/protocols/{party.id}").status_code == 200  # the council is a party
    assert governor.patch(f"/protocols/{party.id}", json={"title": "X"}).status_code == 404


def _draft() -> dict[str, Any]:
    return {"status": "draft", "signed_on": None}


def test_coverage_says_whether_one_covers_and_that_none_is_needed(
    client: TestClient, staffed: Register
) -> None:
    none = client.get("/protocols/coverage", params={"recipient": "trust"}).json()
    assert none["covered"] is False and none["protocols"] == []
    assert "You do not need one to share" in none["says"]
    made = staffed.add_protocol("council", protocol(), by="council-governance")
    found = client.get("/protocols/coverage", params={"recipient": "trust"}).json()
    assert found["covered"] is True and [p["id"] for p in found["protocols"]] == [made.id]
    police = client.get("/protocols/coverage", params={"recipient": "police"}).json()
    assert police["covered"] is False
    unknown = client.get("/protocols/coverage", params={"recipient": "nowhere"})
    assert fields(unknown) == ["recipient"]


def test_reviews_due_are_the_leads_tasks(governor: TestClient, staffed: Register) -> None:
    made = staffed.add_protocol(
        "council", protocol(review_on=TODAY - timedelta(days=2)), by="council-governance"
    )
    staffed.add_protocol("council", protocol(), by="council-governance")  # not due
    tasks = governor.get("/tasks").json()
    assert [(t["kind"], t["subject"], t["overdue"]) for t in tasks] == [
        ("protocol", str(made.id), True)
    ]
    listed = governor.get("/protocols").json()
    assert [p["review"] for p in listed] == ["overdue", None]
