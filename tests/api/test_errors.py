"""One error shape everywhere: a route that is not there, a method it does not take,
input it refuses, and a failure of its own (a query that runs too long: test_query_bound)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.store import Register
from tests.accounts import bearer
from tests.api.helpers import AS_JO, problem


def test_a_route_that_is_not_there(bare: TestClient) -> None:
    body = problem(bare.get("/decisionz"), 404)
    assert body["message"] == "There is nothing at /decisionz: the routes are listed at /docs."
    assert body["errors"] == []


def test_a_method_a_path_does_not_take_names_those_it_does(bare: TestClient) -> None:
    response = bare.delete("/decisions")
    body = problem(response, 405)
    assert body["errors"] == [
        {"field": "method", "problem": "DELETE is not allowed", "allowed": "GET, POST"}
    ]
    assert response.headers["allow"] == "GET, POST"
    assert problem(bare.put("/consents/x/withdrawal"), 405)["errors"][0]["allowed"] == "POST"
    assert problem(bare.post("/docs"), 405)["errors"][0]["allowed"] == "GET, HEAD"


def test_refused_input_names_each_field(bare: TestClient) -> None:
    body = problem(bare.post("/assessments", json={"age": -1, "harm": {"child": 1}}), 422)
    assert {(e["field"], e["allowed"]) for e in body["errors"]} == {
        ("age", "a whole number from 0 to 130"),
        ("harm.child", "none, unsure, reasonable_cause"),
    }


def test_a_parameter_no_model_covers_is_still_named(bare: TestClient) -> None:
    app: FastAPI = bare.app  # type: ignore[assignment]

    @app.get("/probe/{number}")
    def probe(number: int) -> int:
        return number

    body = problem(bare.get("/probe/seven"), 422)
    assert [e["field"] for e in body["errors"]] == ["number"]


@pytest.fixture
def failing(staffed: Register) -> TestClient:
    """The API on a register whose every listing fails with a message of its own."""

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the secret path /srv/register.sqlite3 is unreadable")

    staffed.organisations = broken  # type: ignore[method-assign]
    signed_in = bearer(staffed, AS_JO)
    return TestClient(create_api(staffed), raise_server_exceptions=False, headers=signed_in)


def test_a_failure_is_a_500_in_the_one_shape_with_nothing_of_the_failure(
    failing: TestClient,
) -> None:
    response = failing.get("/organisations")
    body = problem(response, 500)
    assert body["errors"] == []
    assert "secret" not in response.text and "RuntimeError" not in response.text


def test_every_error_has_the_same_keys(client: TestClient, failing: TestClient) -> None:
    responses = [
        client.get("/nowhere"),
        client.patch("/assessments"),
        client.post("/assessments", json={"age": "ten"}),
        client.get("/decisions/nothing"),
        failing.get("/organisations"),
    ]
    shapes = {tuple(sorted(r.json())) for r in responses}
    assert shapes == {("errors", "message", "status")}
    assert [r.status_code for r in responses] == [404, 405, 422, 404, 500]
