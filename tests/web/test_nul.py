"""A NUL character in an address, which PostgreSQL can neither store nor search for, is
refused before any query: a page that says so on the web, the one error shape in the API.
Nothing answers 500, on either database."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

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
