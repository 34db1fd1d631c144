"""The API's decision filters are the register's DecisionFilters: the same names, the same
free-text search, and the same refusal, in the one error shape, on both databases."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient

from sharewise.register.filters import DecisionFilters
from sharewise.register.store import Register
from tests.api.helpers import problem
from tests.register.helpers import decision


def _decide(area: Register, purpose: str, reasons: str) -> str:
    document = decision()
    document["facts"]["purpose"] = purpose
    document["decision"]["reasons"] = reasons
    return area.record_decision(document).id


def test_a_search_lists_and_exports_what_the_register_finds(
    client: TestClient, area: Register
) -> None:
    housing = _decide(area, "Housing support", "Agreed at the first visit.")
    _decide(area, "Early help assessment", "Agreed at the first visit.")
    reasons = _decide(area, "Early help assessment", "The housing officer asked.")

    def listed(**query: Any) -> list[str]:
        response = client.get("/decisions", params=query)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert listed(search="Housing") == [reasons, housing]
    assert listed(search="housing officer") == [reasons]
    assert listed(search="housing", limit=1) == [reasons]
    exported = client.get("/decisions/export", params={"search": "HOUSING", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [row["id"] for row in rows] == [reasons, housing]
    expected = [e.id for e in area.iter_decisions(DecisionFilters(search="housing"))]
    assert [row["id"] for row in rows] == expected


def test_an_until_before_the_from_is_a_422_naming_until(client: TestClient) -> None:
    for route in ("/decisions", "/decisions/export"):
        response = client.get(route, params={"since": "2026-11-06", "until": "2026-11-05"})
        (error,) = problem(response, 422)["errors"]
        assert error["field"] == "until"
        assert "'until' date must be the same as or after the 'from' date" in error["problem"]


def test_a_date_alone_takes_in_its_whole_day(client: TestClient, area: Register) -> None:
    recorded = area.record_decision(decision())
    # A date alone is a day on the register's clock: the server's local time.
    today = datetime.fromisoformat(recorded.recorded_at).astimezone().date().isoformat()
    response = client.get("/decisions", params={"since": today, "until": today})
    assert [item["id"] for item in response.json()["items"]] == [recorded.id]
    response = client.get("/decisions", params={"until": recorded.recorded_at})
    assert [item["id"] for item in response.json()["items"]] == [recorded.id]
