"""Every route refuses bad input in the one shape, naming the field by its dotted path
(without FastAPI's 'body' or 'query'), and stores nothing: 422 for what the body or the
query says, 404 for what the address names that does not exist."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.store import Register
from tests.accounts import bearer
from tests.api.helpers import contents, fields, sent
from tests.api.test_protocols import sent_protocol
from tests.governance_helpers import designation, version
from tests.register.helpers import consent, decision, moment, not_sharing

GIVEN = "given_by_name"  # any field of a consent, for a withdrawal that sends too much
WITHDRAWAL = {"how": "By phone"}
COVERAGE = {
    "person": "AMY",
    "purpose": "Early help assessment",
    "recipient": "trust",
}
STATE = {"person": "AMY"}
PERSON = {"reference": "ZOE", "given_name": "Zoe", "family_name": "Hill"}
PRACTITIONER = {"code": "sam", "name": "Sam Ray", "role": "Social worker"}
TRAINING = "q4-adult-gives-valid-consent"  # a case of the scenario library

# route: [(method, url, json body or query parameters, status, the field named)]
REFUSALS: dict[str, list[tuple[str, str, Any, int, str]]] = {
    "GET /questions": [],  # takes nothing to refuse
    "GET /questions/{fact}": [
        ("GET", "/questions/colour", None, 404, "fact"),
    ],
    "POST /interviews": [
        ("POST", "/interviews", {"answers": {"about": "teenager"}}, 422, "answers.about"),
        ("POST", "/interviews", {"answers": {"age": "ten"}}, 422, "answers.age"),
        (
            "POST",
            "/interviews",
            {"answers": {"consent_unsafe": "all"}},
            422,
            "answers.consent_unsafe",
        ),
        ("POST", "/interviews", {"answers": {"purpose": 7}}, 422, "answers.purpose"),
        ("POST", "/interviews", {"answers": {"colour": "red"}}, 422, "answers.colour"),
        ("POST", "/interviews", {"answers": ["purpose"]}, 422, "answers"),
        ("POST", "/interviews", None, 422, "(the body)"),
    ],
    "GET /guidance/{ref}": [
        ("GET", "/guidance/9.99", None, 404, "ref"),
    ],
    "POST /assessments": [
        ("POST", "/assessments", {"harm": {"child": "maybe"}}, 422, "harm.child"),
        ("POST", "/assessments", {"age": "10"}, 422, "age"),
        ("POST", "/assessments", {"consent_unsafe": ["because"]}, 422, "consent_unsafe[0]"),
        ("POST", "/assessments", {"colour": "red"}, 422, "colour"),
        ("POST", "/assessments", ["not", "facts"], 422, "(the body)"),
        ("POST", "/assessments", None, 422, "(the body)"),
    ],
    "POST /decisions": [
        (
            "POST",
            "/decisions",
            sent(decision(facts={"harm": {"child": "maybe"}})),
            422,
            "facts.harm.child",
        ),
        ("POST", "/decisions", sent(decision(told={"told": False})), 422, "told.why_not"),
        ("POST", "/decisions", sent(decision(decision={"share": True})), 422, "decision.reasons"),
        # The header names who is acting: a body naming them is refused, saying so.
        ("POST", "/decisions", decision(), 422, "practitioner"),
        (
            "POST",
            "/decisions",
            {**sent(decision()), "organisation": "council"},
            422,
            "organisation",
        ),
        ("POST", "/decisions", sent(decision(reopens="no-such-record")), 422, "reopens"),
        (
            "POST",
            "/decisions",
            sent(not_sharing(facts=decision()["facts"])),  # recommended: share
            422,
            "decision.departure",
        ),
    ],
    "GET /decisions": [
        ("GET", "/decisions", {"limit": 0}, 422, "limit"),
        ("GET", "/decisions", {"limit": 201}, 422, "limit"),
        ("GET", "/decisions", {"outcome": "perhaps"}, 422, "outcome"),
        ("GET", "/decisions", {"shared": "sometimes"}, 422, "shared"),
        ("GET", "/decisions", {"since": "last week"}, 422, "since"),
        ("GET", "/decisions", {"cursor": "not-a-cursor"}, 422, "cursor"),
        ("GET", "/decisions", {"colour": "red"}, 422, "colour"),
    ],
    "GET /decisions/export": [
        ("GET", "/decisions/export", {"format": "xml"}, 422, "format"),
        ("GET", "/decisions/export", {"until": "tomorrow"}, 422, "until"),
    ],
    "GET /access-log": [
        ("GET", "/access-log", {"limit": 0}, 422, "limit"),
        ("GET", "/access-log", {"offset": -1}, 422, "offset"),
        ("GET", "/access-log", {"since": "last week"}, 422, "since"),
        ("GET", "/access-log", {"since": "2026-02-01", "until": "2026-01-01"}, 422, "until"),
        ("GET", "/access-log", {"user": "=cmd"}, 422, "user"),
        ("GET", "/access-log", {"colour": "red"}, 422, "colour"),
    ],
    "GET /access-log/export": [
        ("GET", "/access-log/export", {"person": "a b"}, 422, "person"),
        ("GET", "/access-log/export", {"limit": 5}, 422, "limit"),
    ],
    "GET /decisions/{id}": [
        ("GET", "/decisions/no-such-record", None, 404, "id"),
    ],
    "GET /shared-with-us": [
        ("GET", "/shared-with-us", {"limit": 0}, 422, "limit"),
        ("GET", "/shared-with-us", {"cursor": "not-a-cursor"}, 422, "cursor"),
        ("GET", "/shared-with-us", {"since": "2026-01-01"}, 422, "since"),
    ],
    "GET /shared-with-us/{share_id}": [
        ("GET", "/shared-with-us/no-such-share", None, 404, "share_id"),
    ],
    "POST /consents": [
        ("POST", "/consents", sent(consent(purposes=[])), 422, "purposes"),
        ("POST", "/consents", sent(consent(recipients={})), 422, "recipients"),
        ("POST", "/consents", sent(consent(form="by carrier pigeon")), 422, "form"),
        ("POST", "/consents", sent(consent(person="NOBODY")), 422, "person"),
        ("POST", "/consents", sent(consent(given_at=moment(-2).isoformat())), 422, "given_at"),
    ],
    "POST /consents/{consent}/withdrawal": [
        ("POST", "/consents/x/withdrawal", {**WITHDRAWAL, "how": " "}, 422, "how"),
        ("POST", "/consents/x/withdrawal", {**WITHDRAWAL, "consent": "x"}, 422, "consent"),
        ("POST", "/consents/x/withdrawal", {**WITHDRAWAL, GIVEN: "Lee"}, 422, GIVEN),
        (
            "POST",
            "/consents/x/withdrawal",
            {**WITHDRAWAL, "recorded_by": "jo"},
            422,
            "recorded_by",
        ),
        ("POST", "/consents/no-such-consent/withdrawal", WITHDRAWAL, 404, "consent"),
    ],
    "GET /consents": [
        ("GET", "/consents", {}, 422, "person"),
        ("GET", "/consents", {"person": "NOBODY"}, 422, "person"),
        ("GET", "/consents", {"person": "AMY", "offset": -1}, 422, "offset"),
        ("GET", "/consents", {"organisation": "trust", "person": "AMY"}, 404, "organisation"),
    ],
    "GET /consents/coverage": [
        ("GET", "/consents/coverage", {**COVERAGE, "purpose": ""}, 422, "purpose"),
        ("GET", "/consents/coverage", {**COVERAGE, "recipient": "nowhere"}, 422, "recipient"),
        ("GET", "/consents/coverage", {**COVERAGE, "at": "soon"}, 422, "at"),
        ("GET", "/consents/coverage", {**COVERAGE, "organisation": "trust"}, 404, "organisation"),
    ],
    "GET /consents/state": [
        ("GET", "/consents/state", {}, 422, "person"),
        ("GET", "/consents/state", {"person": "NOBODY"}, 422, "person"),
        ("GET", "/consents/state", {**STATE, "organisation": "police"}, 404, "organisation"),
        ("GET", "/consents/state", {**STATE, "at": "soon"}, 422, "at"),
    ],
    "GET /health": [],  # it takes nothing to refuse
    "GET /tasks": [],  # nor does this
    "POST /deidentify": [
        ("POST", "/deidentify", {"text": "x" * 20_001}, 422, "text"),
        (
            "POST",
            "/deidentify",
            {"text": "x", "known": {"subject": {"dob": 5}}},
            422,
            "known.subject.dob",
        ),
        ("POST", "/deidentify", {"text": "x", "extra": 1}, 422, "extra"),
    ],
    "GET /organisations": [
        ("GET", "/organisations", {"limit": "lots"}, 422, "limit"),
    ],
    "POST /organisations": [
        ("POST", "/organisations", {"code": "a b", "name": "A", "sector": "health"}, 422, "code"),
        ("POST", "/organisations", {"code": "ab", "name": "A", "sector": "banking"}, 422, "sector"),
        ("POST", "/organisations", {"code": "trust", "name": "A", "sector": "health"}, 422, "code"),
        ("POST", "/organisations", {"code": "ab", "name": "", "sector": "health"}, 422, "name"),
    ],
    "GET /organisations/{organisation}": [
        ("GET", "/organisations/nowhere", None, 404, "organisation"),
    ],
    "GET /organisations/{organisation}/practitioners": [
        ("GET", "/organisations/nowhere/practitioners", None, 404, "organisation"),
        ("GET", "/organisations/council/practitioners", {"offset": "first"}, 422, "offset"),
    ],
    "POST /organisations/{organisation}/practitioners": [
        ("POST", "/organisations/nowhere/practitioners", PRACTITIONER, 404, "organisation"),
        (
            "POST",
            "/organisations/council/practitioners",
            {**PRACTITIONER, "code": "jo"},
            422,
            "code",
        ),
        ("POST", "/organisations/council/practitioners", {"code": "sam"}, 422, "name"),
    ],
    "GET /organisations/{organisation}/purposes": [
        ("GET", "/organisations/nowhere/purposes", None, 404, "organisation"),
    ],
    "GET /services": [
        ("GET", "/services", {"limit": -5}, 422, "limit"),
    ],
    "POST /services": [
        ("POST", "/services", {"code": "hub", "name": "Hub", "members": []}, 422, "members"),
        (
            "POST",
            "/services",
            {"code": "hub", "name": "Hub", "members": ["nowhere"]},
            422,
            "members",
        ),
        (
            "POST",
            "/services",
            {"code": "early-help", "name": "Hub", "members": ["trust"]},
            422,
            "code",
        ),
    ],
    "GET /services/{service}": [
        ("GET", "/services/nothing-here", None, 404, "service"),
    ],
    "GET /organisations/{organisation}/people": [
        ("GET", "/organisations/nowhere/people", None, 404, "organisation"),
        ("GET", "/organisations/council/people", {"limit": 1000}, 422, "limit"),
        ("GET", "/organisations/trust/people", None, 404, "organisation"),
    ],
    "POST /organisations/{organisation}/people": [
        ("POST", "/organisations/nowhere/people", PERSON, 404, "organisation"),
        ("POST", "/organisations/trust/people", PERSON, 404, "organisation"),
        ("POST", "/organisations/council/people", {**PERSON, "reference": "AMY"}, 422, "reference"),
        (
            "POST",
            "/organisations/council/people",
            {**PERSON, "date_of_birth": "May"},
            422,
            "date_of_birth",
        ),
        (
            "POST",
            "/organisations/council/people",
            {**PERSON, "family_name": "x" * 101},
            422,
            "family_name",
        ),
    ],
    "GET /organisations/{organisation}/people/{person}": [
        ("GET", "/organisations/council/people/NOBODY", None, 404, "person"),
        ("GET", "/organisations/nowhere/people/AMY", None, 404, "organisation"),
        ("GET", "/organisations/trust/people/AMY", None, 404, "organisation"),
    ],
    "POST /advice-requests": [
        ("POST", "/advice-requests", {"advisor": "nobody", "question": "Is it?"}, 422, "advisor"),
        (
            "POST",
            "/advice-requests",
            {"advisor": "council-admin", "question": " "},
            422,
            "question",
        ),
        (
            "POST",
            "/advice-requests",
            {"advisor": "council-admin", "question": "Is it?", "hide": ["x"] * 201},
            422,
            "hide",
        ),
    ],
    "GET /advice-requests": [
        ("GET", "/advice-requests", {"limit": 0}, 422, "limit"),
    ],
    "GET /advice-requests/{request_id}": [
        ("GET", "/advice-requests/nothing-here", None, 404, "request_id"),
    ],
    # Only an advisor answers: tests/api/test_advice.py refuses their bad answers.
    "POST /advice-requests/{request_id}/answer": [],
    "POST /advice-requests/{request_id}/outcome": [
        ("POST", "/advice-requests/nothing-here/outcome", {"outcome": "Go"}, 404, "request_id"),
        ("POST", "/advice-requests/nothing-here/outcome", {"outcome": ""}, 422, "outcome"),
    ],
    "GET /protocols": [("GET", "/protocols", {"status": "lapsed"}, 422, "status")],
    "GET /protocols/coverage": [
        ("GET", "/protocols/coverage", {"recipient": "nowhere"}, 422, "recipient"),
        ("GET", "/protocols/coverage", None, 422, "recipient"),
    ],
    "GET /protocols/{protocol_id}": [
        ("GET", "/protocols/999", None, 404, "protocol_id"),
        ("GET", "/protocols/99999999999", None, 404, "protocol_id"),  # beyond an INTEGER
        ("GET", "/protocols/first", None, 422, "protocol_id"),
    ],
    "POST /protocols": [
        ("POST", "/protocols", sent_protocol(parties=["council"]), 422, "parties"),
        ("POST", "/protocols", sent_protocol(parties=["council", "trust", "x"]), 422, "parties[2]"),
        ("POST", "/protocols", sent_protocol(review_on=date(2000, 1, 1)), 422, "review_on"),
        ("POST", "/protocols", sent_protocol(status="lapsed"), 422, "status"),
        ("POST", "/protocols", None, 422, "(the body)"),
    ],
    "PATCH /protocols/{protocol_id}": [
        ("PATCH", "/protocols/999", {"title": "Renamed"}, 404, "protocol_id"),
        ("PATCH", "/protocols/999", {"colour": "red"}, 422, "colour"),
    ],
    "GET /audit-reports": [
        ("GET", "/audit-reports", {"limit": 0}, 422, "limit"),
    ],
    "POST /audit-reports": [
        ("POST", "/audit-reports", {"month": "2026-13"}, 422, "month"),
        ("POST", "/audit-reports", {"month": "2999-01"}, 422, "month"),
        ("POST", "/audit-reports", {"month": "2026-01", "sample_size": 0}, 422, "sample_size"),
        ("POST", "/audit-reports", {"month": "2026-01", "organisation": "x"}, 422, "organisation"),
    ],
    "GET /audit-reports/{report_id}": [
        ("GET", "/audit-reports/nothing-here", None, 404, "report_id"),
    ],
    "POST /audit-reports/{report_id}/findings": [
        ("POST", "/audit-reports/x/findings", {"record": "x", "answer": "yes"}, 404, "report_id"),
        ("POST", "/audit-reports/x/findings", {"record": "x", "answer": "maybe"}, 422, "answer"),
    ],
    "GET /monitoring": [
        ("GET", "/monitoring", {"since": "last week"}, 422, "since"),
        ("GET", "/monitoring", {"since": "2026-02-01", "until": "2026-01-01"}, 422, "until"),
        ("GET", "/monitoring", {"period": "year"}, 422, "period"),
        ("GET", "/monitoring", {"practitioner": "pat"}, 422, "practitioner"),  # the trust's
        ("GET", "/monitoring", {"service": "no-such-service"}, 422, "service"),
        ("GET", "/monitoring", {"recipient": "=cmd"}, 422, "recipient"),
        ("GET", "/monitoring", {"colour": "red"}, 422, "colour"),
    ],
    "GET /monitoring/{figure}": [
        ("GET", "/monitoring/colour", None, 404, "figure"),
        ("GET", "/monitoring/outcomes", {"recipient": "no-such-place"}, 422, "recipient"),
    ],
    "GET /training/cases": [],  # takes nothing to refuse
    "POST /training/attempts": [
        ("POST", "/training/attempts", {"case": "nothing-here", "decision": "share"}, 422, "case"),
        ("POST", "/training/attempts", {"case": TRAINING, "decision": "maybe"}, 422, "decision"),
        ("POST", "/training/attempts", {"case": TRAINING}, 422, "decision"),
        (
            "POST",
            "/training/attempts",
            {"case": TRAINING, "decision": "share", "answers": {"about": "teenager"}},
            422,
            "answers.about",
        ),
        (
            "POST",
            "/training/attempts",
            {"case": TRAINING, "decision": "share"},
            422,
            "answers.about",
        ),
        ("POST", "/training/attempts", None, 422, "(the body)"),
    ],
    "GET /governance/documents": [],  # takes nothing to refuse
    "GET /governance/documents/{document_id}": [
        ("GET", "/governance/documents/999999", None, 404, "document_id"),
        ("GET", "/governance/documents/99999999999", None, 404, "document_id"),
        ("GET", "/governance/documents/first", None, 422, "document_id"),
    ],
    "POST /governance/documents": [
        ("POST", "/governance/documents", sent(version(kind="policy")), 422, "kind"),
        ("POST", "/governance/documents", sent(version(body=" ")), 422, "body"),
        (
            "POST",
            "/governance/documents",
            sent(version(effective_from="soon")),
            422,
            "effective_from",
        ),
        ("POST", "/governance/documents", sent(version(service="early-help")), 422, "service"),
        ("POST", "/governance/documents", version(), 422, "organisation"),
    ],
    "GET /governance/advisors": [
        ("GET", "/governance/advisors", {"every": "perhaps"}, 422, "every"),
    ],
    "POST /governance/advisors": [
        ("POST", "/governance/advisors", sent(designation(advisor="nobody")), 422, "advisor"),
        ("POST", "/governance/advisors", sent(designation(until="2000-01-01")), 422, "until"),
    ],
    "POST /governance/advisors/{designation_id}/end": [
        ("POST", "/governance/advisors/999/end", {"until": "2026-01-01"}, 404, "designation_id"),
        (
            "POST",
            "/governance/advisors/9999999999/end",
            {"until": "2026-01-01"},
            404,
            "designation_id",
        ),
        ("POST", "/governance/advisors/999/end", {"until": "soon"}, 422, "until"),
    ],
}


# What only an admin may do, refused to them for bad input as to anyone.
ADMINISTERED = {
    "POST /organisations",
    "POST /organisations/{organisation}/practitioners",
    "POST /services",
    "GET /access-log",  # and only an auditor or an admin may read the log
    "GET /access-log/export",
}
# What only a manager or an auditor may read, refused to them for bad input as to anyone.
MONITORED = {"GET /monitoring", "GET /monitoring/{figure}"} | {
    route for route in REFUSALS if "/audit-reports" in route
}


@pytest.fixture
def manager(staffed: Register) -> Iterator[TestClient]:
    """Al, who manages the council's team."""
    with TestClient(create_api(staffed), headers=bearer(staffed, "al.khan")) as opened:
        yield opened


# What only the information governance lead may do.
GOVERNED = {
    "POST /governance/documents",
    "POST /governance/advisors",
    "POST /governance/advisors/{designation_id}/end",
    "POST /protocols",
    "PATCH /protocols/{protocol_id}",
}


@pytest.mark.parametrize("route", REFUSALS)
def test_bad_input_names_the_field_and_stores_nothing(
    client: TestClient,
    admin: TestClient,
    governor: TestClient,
    manager: TestClient,
    area: Register,
    route: str,
) -> None:
    for method, url, data, status, field in REFUSALS[route]:
        before = contents(area)
        sent = {"json": data} if method in ("POST", "PATCH") else {"params": data}
        acting = (
            governor if route in GOVERNED
            else admin if route in ADMINISTERED
            else manager if route in MONITORED
            else client
        )  # fmt: skip
        response = acting.request(method, url, **sent)
        assert field in fields(response, status), (method, url, data, response.text)
        assert contents(area) == before, f"{method} {url} stored something"


def test_every_route_has_refusals_to_check(bare: TestClient) -> None:
    operations = bare.get("/openapi.json").json()["paths"]
    routes = {f"{method.upper()} {path}" for path, ops in operations.items() for method in ops}
    assert routes == set(REFUSALS)


def test_a_body_that_is_not_json_is_named_as_the_body(client: TestClient) -> None:
    for headers in ({"content-type": "application/json"}, {}):
        response = client.post("/decisions", content=b"{not json", headers=headers)
        assert fields(response) == ["(the body)"]
