"""Schemathesis against the API, signed in, on each database: its coverage, fuzzing and
stateful phases, with strings that may hold a NUL. Every answer must be no server error,
a status the OpenAPI document declares for the operation, and a body of the shape it
declares (an error in the one error shape).

Each route is asked as someone its rule lets in: a practitioner (Jo), or the council's
admin for the directory's administration. A bounded number of examples per operation
keeps the file to a few minutes; under CI the examples are the same on every run, and
the stateful phase's sequences are the same everywhere."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sharewise.api import create_api
from sharewise.register.store import Register
from tests.accounts import bearer
from tests.api.helpers import AS_ADMIN, AS_JO
from tests.test_authorisation import ENDPOINTS

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
DERANDOMIZED = bool(os.environ.get("CI"))
EXAMPLES = 12  # per operation, in the fuzzing phase
STEPS = 8  # calls in one stateful run
# The routes only an admin may use: asked as the council's admin.
ADMINISTERED = {
    (e.method, e.path)
    for e in ENDPOINTS
    if e.api and e.roles is not None and "practitioner" not in e.roles and "admin" in e.roles
}
API = "/api/v1"


def _document() -> dict[str, Any]:
    """The API's OpenAPI document, which no register changes."""
    register = Register.open("sqlite://")
    try:
        return create_api(register).openapi()
    finally:
        register.close()


api = schemathesis.openapi.from_dict(
    _document(),
    config=schemathesis.Config.from_dict(
        {
            "generation": {
                "allow-x00": True,
                "max-examples": EXAMPLES,
                "deterministic": DERANDOMIZED,
            },
            # The examples phase repeats what the coverage phase covers.
            "phases": {"examples": {"enabled": False}},
        }
    ),
)


@pytest.fixture
def served(staffed: Register) -> Iterator[TestClient]:
    with TestClient(create_api(staffed)) as opened:
        yield opened


@pytest.fixture
def headers(staffed: Register) -> Callable[[Any], dict[str, str]]:
    """The token header of the account that may use the operation of a case."""
    tokens = {AS_JO: bearer(staffed, AS_JO), AS_ADMIN: bearer(staffed, AS_ADMIN)}

    def of(case: Any) -> dict[str, str]:
        path = API + case.operation.path.removeprefix(API)
        admin = (case.method.upper(), path) in ADMINISTERED
        return tokens[AS_ADMIN if admin else AS_JO]

    return of


def call(client: TestClient, case: Any, headers: dict[str, str]) -> Any:
    """Send the case to the API as the account that may use its operation."""
    return client.request(
        **case.as_transport_kwargs(base_url=str(client.base_url), headers=headers)
    )


@api.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZED,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_no_operation_fails_or_strays_from_the_document(
    case: Any, served: TestClient, headers: Callable[[Any], dict[str, str]]
) -> None:
    case.validate_response(call(served, case, headers(case)), checks=CHECKS)


def test_no_sequence_of_calls_fails_or_strays_from_the_document(
    served: TestClient, headers: Callable[[Any], dict[str, str]]
) -> None:
    class Calls(api.as_state_machine()):  # type: ignore[misc]
        def call(self, case: Any, **_: Any) -> Any:
            return schemathesis.Response.from_any(call(served, case, headers(case)))

        def validate_response(self, response: Any, case: Any, **_: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    run_state_machine_as_test(
        Calls,
        settings=hypothesis.settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            # The same sequences on every run, wherever it runs: the register persists
            # from one sequence to the next, so a sequence replayed for another draws
            # otherwise (what a call finds depends on what earlier ones stored), and
            # hypothesis would report that, not a fault of the API.
            derandomize=True,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        ),
    )


def test_the_directorys_administration_is_asked_as_its_admin() -> None:
    assert {("POST", f"{API}/organisations"), ("POST", f"{API}/services")} <= ADMINISTERED
    assert ("POST", f"{API}/organisations/{{organisation}}/people") not in ADMINISTERED
