"""Who is acting through the API: the account whose API token is sent, as
`Authorization: Bearer TOKEN`. Records are made in its name and its organisation's, and
another organisation's records are never shown to it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.store import Register
from tests.accounts import bearer
from tests.api.helpers import AS_JO, AS_PAT, contents, problem, sent
from tests.register.helpers import consent, decision

# Each route that acts for someone, with a request it would otherwise take.
ACTING: list[tuple[str, str, Any]] = [
    ("POST", "/decisions", sent(decision())),
    ("GET", "/decisions", None),
    ("GET", "/decisions/export", None),
    ("GET", "/decisions/some-id", None),
    ("POST", "/consents", sent(consent())),
    ("POST", "/consents/some-id/withdrawal", {"how": "By phone"}),
    ("GET", "/consents", {"person": "AMY"}),
    ("GET", "/consents/state", {"person": "AMY"}),
    (
        "GET",
        "/consents/coverage",
        {"person": "AMY", "purpose": "Early help assessment", "recipient": "trust"},
    ),
    ("GET", "/organisations/council/people", None),
    (
        "POST",
        "/organisations/council/people",
        {"reference": "ZOE", "given_name": "Zoe", "family_name": "Hill"},
    ),
    ("GET", "/organisations/council/people/AMY", None),
]


@pytest.mark.parametrize(
    ("authorization", "problem_said"),
    [
        (None, "no API token is given"),
        ("Basic am86c2VjcmV0", "the Authorization header is 'Basic', not a bearer token"),
        ("Bearer", "no API token is given"),
        ("Bearer nonsense", "the token is not a sharewise API token"),
        ("Bearer sw_" + "A" * 43, "the token is not known"),
    ],
)
def test_a_request_without_a_valid_token_is_refused_with_401_and_nothing_stored(
    area: Register, authorization: str | None, problem_said: str
) -> None:
    client = TestClient(create_api(area))
    headers = {"Authorization": authorization} if authorization else {}
    for method, url, data in ACTING:
        before = contents(area)
        sent_as = {"json": data} if method == "POST" else {"params": data}
        response = client.request(method, url, headers=headers, **sent_as)
        body = problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "Authorization: Bearer TOKEN" in body["message"], url
        (error,) = body["errors"]
        assert error["field"] == "(the Authorization header)"
        assert error["problem"].startswith(problem_said), error
        assert "sharewise token create" in error["allowed"]
        assert contents(area) == before, f"{method} {url} stored something"


def test_a_revoked_or_expired_token_is_refused(staffed: Register) -> None:
    client = TestClient(create_api(staffed))
    revoked, listed = staffed.accounts.create_token(AS_JO)
    staffed.accounts.revoke_token(listed.id)
    expired, _ = staffed.accounts.create_token(AS_JO, lifetime=timedelta(seconds=-1))
    for token in (revoked, expired):
        headers = {"Authorization": f"Bearer {token}"}
        error = problem(client.get("/decisions", headers=headers), 401)["errors"][0]
        assert "revoked" in error["problem"] or "expired" in error["problem"], error


def test_what_holds_no_personal_data_is_open_to_anyone(area: Register) -> None:
    client = TestClient(create_api(area))
    assert client.get("/guidance/3.42").status_code == 200
    assert client.get("/questions").status_code == 200
    assert client.post("/interviews", json={"answers": {}}).status_code == 200
    assert client.post("/assessments", json={"identifiable": False}).status_code == 200
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/organisations").status_code == 401  # who works where: signed in


def test_a_body_that_names_who_is_acting_is_told_what_to_do(client: TestClient) -> None:
    body = problem(client.post("/decisions", json=decision()), 422)
    said = {e["field"]: e for e in body["errors"]}
    assert set(said) == {"organisation", "practitioner"}
    for error in said.values():
        assert "whose API token is sent" in error["problem"]
    withdrawal = {"recorded_by": "jo", "how": "By phone"}
    (error,) = problem(client.post("/consents/x/withdrawal", json=withdrawal), 422)["errors"]
    assert error["field"] == "recorded_by" and "not sent in the body" in error["problem"]


def test_records_are_made_in_the_name_of_the_tokens_account(
    client: TestClient, area: Register
) -> None:
    made = client.post("/decisions", json=sent(decision())).json()
    assert (made["organisation"], made["practitioner"]) == ("council", "jo")
    as_al = bearer(area, "al.khan")
    given = client.post("/consents", json=sent(consent()), headers=as_al).json()
    assert (given["organisation"], given["body"]["recorded_by"]) == ("council", "al")
    withdrawn = client.post(
        f"/consents/{given['id']}/withdrawal", json={"how": "By phone"}, headers=as_al
    ).json()
    assert withdrawn["body"]["recorded_by"] == "al"
    assert withdrawn["body"]["organisation"] == "council"
    pats = client.post(
        "/decisions", json=sent(decision(person=None)), headers=bearer(area, AS_PAT)
    ).json()
    assert (pats["organisation"], pats["practitioner"]) == ("trust", "pat")
    assert area.decision(pats["id"]).body["organisation"] == "trust"


def test_another_organisations_records_are_never_shown(client: TestClient, area: Register) -> None:
    """Jo of the council records; Pat of the trust finds none of it."""
    pat = bearer(area, AS_PAT)
    councils = client.post("/decisions", json=sent(decision())).json()
    given = client.post("/consents", json=sent(consent())).json()
    trusts = client.post("/decisions", json=sent(decision(person=None)), headers=pat).json()

    def as_pat(method: str, url: str, **sent_as: Any) -> Any:
        return client.request(method, url, headers=pat, **sent_as)

    missing = problem(as_pat("GET", f"/decisions/{councils['id']}"), 404)
    assert missing["message"] == f"There is no record {councils['id']!r}."
    assert client.get(f"/decisions/{trusts['id']}").status_code == 404  # and the other way
    listed = as_pat("GET", "/decisions").json()["items"]
    assert [item["id"] for item in listed] == [trusts["id"]]
    assert problem(as_pat("GET", "/decisions", params={"organisation": "council"}), 404)
    assert as_pat("GET", "/decisions", params={"person": "AMY"}).json()["items"] == []
    exported = as_pat("GET", "/decisions/export", params={"format": "csv"}).text
    assert [row["id"] for row in csv.DictReader(io.StringIO(exported))] == [trusts["id"]]
    jsonl = as_pat("GET", "/decisions/export", params={"format": "jsonl"}).text
    assert councils["id"] not in jsonl and "AMY" not in jsonl

    for url in ("/organisations/council/people", "/organisations/council/people/AMY"):
        refused = problem(as_pat("GET", url), 404)
        assert refused["errors"][0]["field"] == "organisation"
        assert refused["errors"][0]["allowed"] == "trust"
    for url in ("/consents", "/consents/state"):
        query = {"organisation": "council", "person": "AMY"}
        assert [e["field"] for e in problem(as_pat("GET", url, params=query), 404)["errors"]] == [
            "organisation"
        ]
    # In the trust's own register there is no AMY, and no consent of hers to withdraw.
    assert problem(as_pat("GET", "/consents", params={"person": "AMY"}), 422)
    withdrawal = as_pat("POST", f"/consents/{given['id']}/withdrawal", json={"how": "By phone"})
    assert problem(withdrawal, 404)["errors"][0]["field"] == "consent"
    correcting = sent(decision(person=None, corrects=councils["id"]))
    correction = as_pat("POST", "/decisions", json=correcting)
    assert problem(correction, 422)["errors"][0]["field"] == "corrects"


def test_the_openapi_document_asks_for_a_token_where_it_is_needed(bare: TestClient) -> None:
    document = bare.get("/openapi.json").json()
    scheme = document["components"]["securitySchemes"]["API token"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "sharewise token create" in scheme["description"]
    open_to_anyone = {"/assessments", "/interviews", "/questions", "/questions/{fact}"}
    open_to_anyone |= {"/guidance/{ref}", "/health"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            security = operation.get("security")
            if path in open_to_anyone:
                assert security is None, (method, path)
            else:
                assert security == [{"API token": []}], (method, path)
                assert {"401", "403"} <= set(operation["responses"]), (method, path)
