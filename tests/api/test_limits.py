"""The API's limits: each text and list it takes has a most, each moment is one the
calendar holds and agrees with the others, and the OpenAPI document states every limit,
so that data generated from it is data the API takes. A refusal is the one error shape,
naming the field; nothing is stored."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.engine import limits
from sharewise.register.store import Register
from tests.api.helpers import contents, fields, sent
from tests.register.helpers import consent, decision, moment

OVERFLOWING = ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "10000-01-01T00:00:00Z"]


def _refused(response: Any, register: Register, before: tuple[object, ...]) -> list[str]:
    named = fields(response)
    assert contents(register) == before
    return named


@pytest.mark.parametrize(
    ("path", "document", "field"),
    [
        (
            "/decisions",
            sent(decision(decision={"share": True, "reasons": "r" * (limits.ACCOUNT + 1)})),
            "decision.reasons",
        ),
        (
            "/decisions",
            sent(decision(facts={**decision()["facts"], "purpose": "p" * (limits.BRIEF + 1)})),
            "facts.purpose",
        ),
        ("/consents", sent(consent(given_by_name="n" * (limits.NAME + 1))), "given_by_name"),
        ("/consents", sent(consent(purposes=["p"] * (limits.PURPOSES + 1))), "purposes"),
        (
            "/consents",
            sent(consent(recipients={"services": ["early-help"] * (limits.RECIPIENTS + 1)})),
            "recipients.services",
        ),
        ("/assessments", {"recipient": "r" * (limits.BRIEF + 1)}, "recipient"),
        ("/interviews", {"answers": {"purpose": "p" * (limits.BRIEF + 1)}}, "answers.purpose"),
        (
            "/interviews",
            {"answers": {"consent_unsafe": ["increase_risk_of_harm"] * 4}},
            "answers.consent_unsafe",
        ),
        ("/services", {"code": "hub", "name": "Hub", "members": ["council"] * 51}, "members"),
        (
            "/organisations/council/people",
            {
                "reference": "KIM",
                "given_name": "K" * (limits.PERSON_NAME + 1),
                "family_name": "Ray",
            },
            "given_name",
        ),
    ],
)
def test_more_than_a_field_takes_is_refused(
    client: TestClient,
    admin: TestClient,
    area: Register,
    path: str,
    document: dict[str, Any],
    field: str,
) -> None:
    before = contents(area)
    sender = admin if path == "/services" else client  # the directory is an admin's to add to
    assert field in _refused(sender.post(path, json=document), area, before)


@pytest.mark.parametrize("written", [*OVERFLOWING, 0, "0"])
def test_a_moment_the_calendar_cannot_hold_is_refused_by_name(
    client: TestClient, area: Register, written: object
) -> None:
    before = contents(area)
    given = sent(consent(given_at=written))
    assert _refused(client.post("/consents", json=given), area, before) == ["given_at"]
    shared = sent(decision())
    shared["shared"]["when"] = written
    assert _refused(client.post("/decisions", json=shared), area, before) == ["shared.when"]
    for path in ("/consents/state", "/consents/coverage"):
        asked = {"person": "AMY", "purpose": "Early help", "recipient": "trust", "at": written}
        if path.endswith("state"):
            del asked["purpose"], asked["recipient"]
        assert fields(client.get(path, params=asked)) == ["at"]
    stored = client.post("/consents", json=sent(consent())).json()
    withdrawn = {"how": "By phone", "withdrawn_at": written}
    response = client.post(f"/consents/{stored['id']}/withdrawal", json=withdrawn)
    assert fields(response) == ["withdrawn_at"]


def test_dates_that_contradict_each_other_are_refused_by_name(
    client: TestClient, area: Register
) -> None:
    before = contents(area)
    born = area.person("council", "AMY").date_of_birth
    assert born is not None
    for document, field in (
        (consent(given_at=f"{born - timedelta(days=1)}T10:00:00Z"), "given_at"),
        (consent(given_at=(moment() + timedelta(days=1)).isoformat()), "given_at"),
        (consent(review_date=moment(days_ago=30).date().isoformat()), "review_date"),
    ):
        assert _refused(client.post("/consents", json=sent(document)), area, before) == [field]
    early = sent(decision())
    early["told"]["when"] = f"{born - timedelta(days=1)}T10:00:00Z"
    assert _refused(client.post("/decisions", json=early), area, before) == ["told.when"]
    stored = client.post("/consents", json=sent(consent())).json()  # ten days ago
    withdrawn = {"how": "By phone", "withdrawn_at": moment(days_ago=11).isoformat()}
    refusal = client.post(f"/consents/{stored['id']}/withdrawal", json=withdrawn)
    assert fields(refusal) == ["withdrawn_at"]
    assert "when consent was given" in refusal.json()["errors"][0]["problem"]


@pytest.mark.parametrize(
    "born", [0, "0", (date.today() + timedelta(days=1)).isoformat(), "1800-01-01"]
)
def test_a_date_of_birth_of_0_in_the_future_or_absurdly_old_is_refused(
    client: TestClient, area: Register, born: object
) -> None:
    before = contents(area)
    person = {"reference": "KIM", "given_name": "Kim", "family_name": "Ray", "date_of_birth": born}
    response = client.post("/organisations/council/people", json=person)
    assert _refused(response, area, before) == ["date_of_birth"]


# --- the OpenAPI document states them ------------------------------------------------------


def _bounded(schema: dict[str, Any], where: str, defs: dict[str, Any]) -> list[str]:
    """Each text, list and number in a request schema that states no bound."""
    if "$ref" in schema:
        return _bounded(defs[schema["$ref"].rsplit("/", 1)[-1]], where, defs)
    found = [f for option in schema.get("anyOf", []) for f in _bounded(option, where, defs)]
    kinds = schema.get("type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    said = set(schema)
    if "string" in kinds and not said & {"maxLength", "enum", "const", "format", "maximum"}:
        found.append(f"{where}: text with no maxLength")
    if "integer" in kinds and "maximum" not in said:
        found.append(f"{where}: a number with no maximum")
    if "array" in kinds:
        if "maxItems" not in said:
            found.append(f"{where}: a list with no maxItems")
        found += _bounded(schema.get("items", {}), f"{where}[]", defs)
    for name, field in schema.get("properties", {}).items():
        found += _bounded(field, f"{where}.{name}", defs)
    return found


def test_the_document_bounds_every_text_list_and_number_a_request_holds(
    bare: TestClient,
) -> None:
    document = bare.get("/openapi.json").json()
    defs = document["components"]["schemas"]
    unbounded = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    unbounded += _bounded(
                        parameter["schema"], f"{where} ?{parameter['name']}", defs
                    )
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                unbounded += _bounded(body["schema"], f"{where} body", defs)
    assert unbounded == []


def _at(defs: dict[str, Any], model: str, *path: str) -> dict[str, Any]:
    node = defs[model]
    for part in path:
        node = node["properties"][part] if part != "[]" else node["items"]
        options = [o for o in node.get("anyOf", [node]) if o.get("type") != "null"]
        node = options[0]
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
    return node


@pytest.mark.parametrize(
    ("model", "path", "key", "most"),
    [
        ("DecisionRequest", ("decision", "reasons"), "maxLength", limits.ACCOUNT),
        ("DecisionRequest", ("shared", "with_whom"), "maxLength", limits.BRIEF),
        ("DecisionRequest", ("facts", "purpose"), "maxLength", limits.BRIEF),
        ("DecisionRequest", ("facts", "consent_unsafe"), "maxItems", 3),
        ("DecisionRequest", ("person",), "maxLength", limits.CODE),
        ("DecisionRequest", ("corrects",), "maxLength", limits.CODE),
        ("ConsentRequest", ("given_by_name",), "maxLength", limits.NAME),
        ("ConsentRequest", ("told",), "maxLength", limits.ACCOUNT),
        ("ConsentRequest", ("purposes",), "maxItems", limits.PURPOSES),
        ("ConsentRequest", ("purposes", "[]"), "maxLength", limits.BRIEF),
        ("ConsentRequest", ("recipients", "organisations"), "maxItems", limits.RECIPIENTS),
        ("WithdrawalRequest", ("how",), "maxLength", limits.BRIEF),
        ("NewService", ("members",), "maxItems", limits.MEMBERS),
        ("NewPerson", ("given_name",), "maxLength", limits.PERSON_NAME),
        ("NewOrganisation", ("name",), "maxLength", limits.NAME),
        ("CaseFacts", ("recipient",), "maxLength", limits.BRIEF),
        ("CaseFacts", ("age",), "maximum", limits.OLDEST),
    ],
)
def test_the_document_states_each_limit_the_register_keeps(
    bare: TestClient, model: str, path: tuple[str, ...], key: str, most: int
) -> None:
    defs = bare.get("/openapi.json").json()["components"]["schemas"]
    assert _at(defs, model, *path)[key] == most


def test_the_document_states_the_paging_bounds(bare: TestClient) -> None:
    paths = bare.get("/openapi.json").json()["paths"]

    def query(path: str, name: str) -> dict[str, Any]:
        found = next(p for p in paths[path]["get"]["parameters"] if p["name"] == name)
        schema: dict[str, Any] = found["schema"]
        return next((o for o in schema.get("anyOf", []) if o.get("type") != "null"), schema)

    assert query("/services", "offset")["maximum"] == limits.DEEPEST
    assert query("/services", "limit")["maximum"] == limits.PAGE
    assert query("/decisions", "cursor")["maxLength"] == limits.CURSOR
    assert query("/organisations/{organisation}/people", "search")["maxLength"] == limits.SEARCH
    assert query("/consents/coverage", "purpose")["maxLength"] == limits.BRIEF
