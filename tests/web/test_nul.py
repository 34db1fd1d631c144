"""A NUL character in an address, which PostgreSQL can neither store nor search for, is
refused before any query: a page that says so on the web, the one error shape in the API.
Nothing answers 500, on either database."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sharewise.register.store import Register
from tests.accounts import bearer
from tests.api.helpers import sent
from tests.register.helpers import decision
from tests.web.conftest import AS_JO
from tests.web.test_http import SHARE, _consent_form, answer_all, start

PAGES = [
    "/records?person=AMY%00",
    "/records?practitioner=jo%00",
    "/records?search=a%00b",
    "/people?organisation=council&search=A%00",
    "/consents/covers?organisation=council&person=AMY%00&purpose=x&recipient=trust",
    "/people/council/AMY%00",
]
API = [
    "/api/v1/decisions?organisation=council&person=AMY%00",
    "/api/v1/people/council/AMY%00",
    "/api/v1/consents/state?organisation=council&person=AMY%00",
]


@pytest.mark.parametrize("address", PAGES)
def test_a_page_refuses_a_nul(client: TestClient, address: str) -> None:
    response = client.get(address)
    assert response.status_code == 400
    assert "not allowed (a NUL)" in response.text and "</html>" in response.text


@pytest.mark.parametrize("address", API)
def test_the_api_refuses_a_nul(client: TestClient, address: str) -> None:
    response = client.get(address)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "(the address)"
    assert "NUL" in body["errors"][0]["problem"]


# --- a NUL typed or pasted into a form, or sent in a body ---------------------------------


def test_a_form_refuses_a_nul_and_the_search_still_answers(client: TestClient) -> None:
    """A NUL in a record once made every search of its organisation's records fail on
    PostgreSQL, which cannot read it back out of the stored JSON."""
    consent = client.post(
        "/people/council/SAM/consents/new",
        data=_consent_form(given_by_name="Sam\x00Green", purposes="Debt\x00advice"),
    )
    assert consent.status_code == 422 and "not allowed (a NUL)" in consent.text
    draft = start(client)
    purpose = client.post(f"{draft}/questions/purpose", data={"answer": "Early\x00help"})
    assert purpose.status_code == 422 and "not allowed" in purpose.text
    answer_all(client, draft, SHARE)
    decided = client.post(
        f"{draft}/outcome",
        data={
            "decision.share": "no",
            "decision.reasons": "Not\x00needed",
            "decision.departure": "Moved away.",
        },
    )
    assert decided.status_code == 422 and "not allowed (a NUL)" in decided.text
    assert client.get("/records", params={"search": "needed"}).status_code == 200


def test_the_api_refuses_a_nul_in_a_body(client: TestClient, register: Register) -> None:
    document = sent(decision())
    document["decision"]["reasons"] = "Her father\x00agreed."
    document["facts"]["purpose"] = "Early\x00help"
    response = client.post("/api/v1/decisions", json=document, headers=bearer(register, AS_JO))
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"decision.reasons", "facts.purpose"} <= fields
