"""Who is acting through the API: the Sharewise-Practitioner header names them, records
are made in their name and their organisation's, and another organisation's records are
never shown to them."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.store import Register
from tests.api.helpers import AS_PAT, contents, problem, sent
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
    ("named", "problem_said"),
    [
        (None, "no practitioner is named"),
        ("jo", "'jo' is not an organisation's code and a practitioner's code there"),
        ("council/nobody", "there is no practitioner 'nobody' in council"),
        ("nowhere/jo", "there is no organisation 'nowhere'"),
    ],
)
def test_a_request_naming_nobody_is_refused_with_401_and_nothing_stored(
    area: Register, named: str | None, problem_said: str
) -> None:
    client = TestClient(create_api(area))
    headers = {"Sharewise-Practitioner": named} if named else {}
    for method, url, data in ACTING:
        before = contents(area)
        sent_as = {"json": data} if method == "POST" else {"params": data}
        response = client.request(method, url, headers=headers, **sent_as)
        body = problem(response, 401)
        assert response.headers["www-authenticate"] == "Sharewise-Practitioner"
        assert "Sharewise-Practitioner header" in body["message"], url
        (error,) = body["errors"]
        assert error["field"] == "(the Sharewise-Practitioner header)"
        assert error["problem"].startswith(problem_said), error
        assert "council/jo" in error["allowed"]
        assert contents(area) == before, f"{method} {url} stored something"


def test_what_acts_for_no_one_needs_no_header(area: Register) -> None:
    client = TestClient(create_api(area))
    assert client.get("/organisations").status_code == 200
    assert client.get("/guidance/3.42").status_code == 200
    assert client.post("/assessments", json={"identifiable": False}).status_code == 200


def test_a_body_that_still_names_who_is_acting_is_told_what_to_do(client: TestClient) -> None:
    body = problem(client.post("/decisions", json=decision()), 422)
    said = {e["field"]: e for e in body["errors"]}
    assert set(said) == {"organisation", "practitioner"}
    for error in said.values():
        assert "Sharewise-Practitioner header names who is acting" in error["problem"]
        assert "Sharewise-Practitioner: ORGANISATION/PRACTITIONER" in error["allowed"]
    withdrawal = {"recorded_by": "jo", "how": "By phone"}
    (error,) = problem(client.post("/consents/x/withdrawal", json=withdrawal), 422)["errors"]
    assert error["field"] == "recorded_by" and "no longer sent" in error["problem"]


def test_records_are_made_in_the_name_the_header_gives(client: TestClient, area: Register) -> None:
    made = client.post("/decisions", json=sent(decision())).json()
    assert (made["organisation"], made["practitioner"]) == ("council", "jo")
    as_al = {"Sharewise-Practitioner": "council/al"}
    given = client.post("/consents", json=sent(consent()), headers=as_al).json()
    assert (given["organisation"], given["body"]["recorded_by"]) == ("council", "al")
    withdrawn = client.post(
        f"/consents/{given['id']}/withdrawal", json={"how": "By phone"}, headers=as_al
    ).json()
    assert withdrawn["body"]["recorded_by"] == "al"
    assert withdrawn["body"]["organisation"] == "council"
    pats = client.post("/decisions", json=sent(decision(person=None)), headers=AS_PAT).json()
    assert (pats["organisation"], pats["practitioner"]) == ("trust", "pat")
    assert area.decision(pats["id"]).body["organisation"] == "trust"


def test_another_organisations_records_are_never_shown(client: TestClient) -> None:
    """Jo of the council records; Pat of the trust finds none of it."""
    councils = client.post("/decisions", json=sent(decision())).json()
    given = client.post("/consents", json=sent(consent())).json()
    trusts = client.post("/decisions", json=sent(decision(person=None)), headers=AS_PAT).json()

    def as_pat(method: str, url: str, **sent_as: Any) -> Any:
        return client.request(method, url, headers=AS_PAT, **sent_as)

    missing = problem(as_pat("GET", f"/decisions/{councils['id']}"), 404)
    assert missing["message"] == f"There is no record {councils['id']!r}."
    assert client.get(f"/decisions/{trusts['id']}").status_code == 404  # and the other way
    listed = as_pat("GET", "/decisions").json()["items"]
    assert [item["id"] for item in listed] == [trusts["id"]]
    assert as_pat("GET", "/decisions", params={"organisation": "council"}).json()["items"] == []
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
        assert [e["field"] for e in problem(as_pat("GET", url, params=query), 422)["errors"]] == [
            "organisation"
        ]
    # In the trust's own register there is no AMY, and no consent of hers to withdraw.
    assert problem(as_pat("GET", "/consents", params={"person": "AMY"}), 422)
    withdrawal = as_pat("POST", f"/consents/{given['id']}/withdrawal", json={"how": "By phone"})
    assert problem(withdrawal, 404)["errors"][0]["field"] == "consent"
    correcting = sent(decision(person=None, corrects=councils["id"]))
    correction = as_pat("POST", "/decisions", json=correcting)
    assert problem(correction, 422)["errors"][0]["field"] == "corrects"


def test_the_openapi_document_names_the_header_where_it_is_needed(bare: TestClient) -> None:
    document = bare.get("/openapi.json").json()
    scheme = document["components"]["securitySchemes"]["Sharewise-Practitioner"]
    assert scheme["type"] == "apiKey" and scheme["in"] == "header"
    assert scheme["name"] == "Sharewise-Practitioner" and "council/jo" in scheme["description"]
    needed = {(method.upper(), path) for method, path, _ in ACTING}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            templated = (method.upper(), path)
            named = any(method_ == templated[0] and _matches(path, url) for method_, url in needed)
            security = operation.get("security")
            if named:
                assert security == [{"Sharewise-Practitioner": []}], templated
                assert "401" in operation["responses"], templated
            else:
                assert security is None, templated


def _matches(template: str, url: str) -> bool:
    parts, given = template.split("/"), url.split("/")
    return len(parts) == len(given) and all(
        p == g or p.startswith("{") for p, g in zip(parts, given, strict=True)
    )
