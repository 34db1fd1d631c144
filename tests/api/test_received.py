"""A recipient reads what was shared with it, and nothing else: the shares that named
its organisation, or a service its people work in, as the recipient, and of each only
what was shared and who shared it (3.48-3.50)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.store import Register
from tests.accounts import bearer
from tests.api.helpers import problem
from tests.register.helpers import decision, not_sharing

REASONS = "Her father agreed at the first visit."


def _from_trust(**changes: Any) -> dict[str, Any]:
    return decision(organisation="trust", practitioner="pat", person=None, **changes)


@pytest.fixture
def shares(staffed: Register) -> dict[str, str]:
    """What the trust and the council recorded, by what each is."""
    made = {
        "to council": _from_trust(recipient="council"),
        "to the hub": _from_trust(recipient="early-help"),
        "to the police": _from_trust(recipient="police"),
        "not shared": not_sharing(organisation="trust", practitioner="pat", person=None,
                                  recipient="council"),
        "council's own": decision(recipient="trust"),
    }  # fmt: skip
    return {name: staffed.record_decision(document).id for name, document in made.items()}


def _as(register: Register, username: str) -> TestClient:
    return TestClient(create_api(register), headers=bearer(register, username))


def _listed(client: TestClient) -> list[str]:
    response = client.get("/shared-with-us")
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_a_practitioner_reads_what_was_shared_with_their_organisation_and_service(
    client: TestClient, shares: dict[str, str]
) -> None:
    # Jo works in the Early Help Hub: what was shared with it is hers to read too.
    assert _listed(client) == [shares["to the hub"], shares["to council"]]


def test_someone_outside_the_service_reads_only_their_organisations(
    staffed: Register, shares: dict[str, str]
) -> None:
    with _as(staffed, "al.khan") as al:
        assert _listed(al) == [shares["to council"]]
    with _as(staffed, "pat.lee") as pat:  # the trust: what the council shared with it
        assert _listed(pat) == [shares["council's own"]]


def test_a_share_says_what_was_shared_and_by_whom_and_nothing_of_the_sharers_reasons(
    client: TestClient, shares: dict[str, str]
) -> None:
    response = client.get(f"/shared-with-us/{shares['to council']}")
    assert response.status_code == 200
    share = response.json()
    assert share["organisation_name"] == "Riverside NHS Trust"
    assert share["practitioner"] == "Pat Lee, Health visitor"
    assert share["recipient_name"] == "Riverside Council"
    assert share["shared"]["what"] == "The early help assessment"
    assert share["consent"] == "given" and share["told"]["told"] is True
    assert REASONS not in response.text
    assert not {"facts", "assessment", "decision", "public_interest"} & set(share)


@pytest.mark.parametrize("which", ["to the police", "not shared", "council's own"])
def test_anything_not_shared_with_you_is_not_found(
    client: TestClient, shares: dict[str, str], which: str
) -> None:
    said = problem(client.get(f"/shared-with-us/{shares[which]}"), 404)
    assert said["message"].startswith("There is no share")


def test_the_list_pages_by_cursor(client: TestClient, staffed: Register) -> None:
    made = [staffed.record_decision(_from_trust(recipient="council")).id for _ in range(3)]
    first = client.get("/shared-with-us", params={"limit": 2}).json()
    second = client.get("/shared-with-us", params={"limit": 2, "cursor": first["next"]}).json()
    assert [i["id"] for i in first["items"] + second["items"]] == made[::-1]
    assert second["next"] is None
    problem(client.get("/shared-with-us", params={"cursor": "not-a-cursor"}), 422)


def test_each_read_is_in_the_readers_access_log(
    client: TestClient, staffed: Register, shares: dict[str, str]
) -> None:
    client.get("/shared-with-us")
    client.get(f"/shared-with-us/{shares['to council']}")
    newest = staffed.reads("council", limit=2)
    assert [(e.read, e.username) for e in newest] == [
        ("received", "jo.smith"),
        ("shares received", "jo.smith"),
    ]
    assert newest[0].subject == shares["to council"] and newest[0].person is None
