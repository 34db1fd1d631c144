"""Every route of the service, read from its route table (the pages, and the API mounted
at /api/v1): a NUL character in any path or query parameter, and a page number, offset,
limit or cursor that is negative, not a number or 2^63, each get a 422 naming the
parameter, never a 5xx, on each database. A route added later is covered by being added.
"""

from __future__ import annotations

import html
import inspect
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from pydantic import BaseModel
from starlette.routing import Mount

import tests.conftest as shared
from sharewise.register.accounts.schemas import ROLES
from sharewise.register.store import Register
from sharewise.server import create_app
from sharewise.web.records import DATES, FIELDS
from sharewise.web.records import router as records
from tests.accounts import add_account, bearer, signed_in
from tests.routes import every_route
from tests.web.helpers import ready_for_forms

# What the records page reads from its query itself, rather than as parameters.
READ_FROM_THE_QUERY = {
    f"{records.prefix}": [*FIELDS, *(f"{d}-{p}" for d in DATES for p in ("day", "month", "year"))],
}
# A value for each path parameter that names something in the area of tests/conftest.py.
NAMED = {"organisation": "council", "reference": "AMY", "person": "AMY", "fact": "purpose"}
NEEDED = {"person": "AMY", "purpose": "Early help", "recipient": "trust"}  # required queries
PAGING = ("offset", "limit", "page", "cursor")
OUT_OF_BOUNDS = (str(2**63), "-1", "abc")


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # the template, /api/v1 included
    path_parameters: tuple[str, ...]
    query_parameters: tuple[str, ...]

    def address(self, nul_in: str = "") -> str:
        filled = self.path
        for name in self.path_parameters:
            value = NAMED.get(name, "x") + ("%00" if name == nul_in else "")
            filled = re.sub(rf"{{{name}(:\w+)?}}", value, filled)
        return filled

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _query_names(route: object) -> tuple[str, ...]:
    """The query parameters a route takes: each one named, or a model's fields."""
    names: list[str] = []
    dependant = getattr(route, "dependant", None)  # none: a plain Starlette route
    for parameter in dependant.query_params if dependant else []:
        model = parameter.field_info.annotation
        is_model = inspect.isclass(model) and issubclass(model, BaseModel)
        names += list(model.model_fields) if is_model else [parameter.alias]
    return tuple(names)


def _routes(routes: list[object]) -> Iterator[Route]:
    for path, route in every_route(routes):
        if isinstance(route.original_route, Mount):
            continue  # static files: no parameters of ours
        queries = _query_names(route) + tuple(READ_FROM_THE_QUERY.get(path, ()))
        for method in sorted((route.methods or set()) - {"HEAD"}):
            yield Route(method, path, tuple(re.findall(r"{(\w+)", path)), queries)


def route_table() -> list[Route]:
    """The service's routes, read from an app built on a register of its own."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(f"sqlite:///{Path(folder) / 'routes.sqlite3'}")
        try:
            return list(_routes(app.routes))
        finally:
            app.state.register.close()


ROUTES = route_table()
NUL_CASES = [
    pytest.param(route, where, name, id=f"{route} {where} {name}")
    for route in ROUTES
    for where, names in (("path", route.path_parameters), ("query", route.query_parameters))
    for name in names
]
PAGING_CASES = [
    pytest.param(route, name, value, id=f"{route} {name}={value}")
    for route in ROUTES
    for name in route.query_parameters
    if name in PAGING
    for value in OUT_OF_BOUNDS
]


@contextmanager
def _serving(url: str) -> Iterator[TestClient]:
    register = Register.open(url)
    try:
        inspect.unwrap(shared.area)(register)
        # Every role, so that each route reaches its parameters rather than a 403.
        add_account(register, "council", "every.role", ROLES, practitioner="jo")
        cookies, token = signed_in(register, "every.role"), bearer(register, "every.role")
    finally:
        register.close()
    with TestClient(
        create_app(url), cookies=cookies, headers=token, raise_server_exceptions=False
    ) as client:
        yield ready_for_forms(client)  # a form's token: the door lets its posts through


@pytest.fixture(scope="module", params=shared.BACKENDS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The service on a register of the area of tests/conftest.py, as Jo, on the pages
    and through the API alike."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('routes') / 'register.sqlite3'}"
        with _serving(url) as client:
            yield client
        return
    with shared.postgres_database("sharewise_routes") as url, _serving(url) as client:
        yield client


def test_the_table_has_the_routes_that_page_and_take_parameters() -> None:
    """A check that the table is read whole: included routers and the mounted API."""
    paged = {str(case.values[0]) for case in PAGING_CASES}
    assert {
        "GET /people",
        "GET /api/v1/consents",
        "GET /api/v1/decisions",
        "GET /api/v1/organisations",
        "GET /api/v1/organisations/{organisation}/people",
        "GET /api/v1/services",
    } <= paged
    assert len(NUL_CASES) > 60


def _refused(response: Response, name: str, said_on_a_page: str) -> None:
    """A 422 naming `name`: a field of the one error shape, or said so on the page."""
    assert response.status_code == 422, f"{response.status_code}: {response.text[:300]}"
    if response.headers["content-type"].startswith("application/json"):
        assert name in [error["field"] for error in response.json()["errors"]]
    else:
        assert said_on_a_page in html.unescape(response.text), response.text[:300]
        assert "Traceback" not in response.text


@pytest.mark.parametrize(("route", "where", "name"), NUL_CASES)
def test_a_nul_in_any_parameter_is_refused_by_name(
    service: TestClient, route: Route, where: str, name: str
) -> None:
    query = {n: NEEDED.get(n, "x") for n in route.query_parameters if n in NEEDED}
    if where == "query":
        query[name] = "a\x00b"
    response = service.request(
        route.method, route.address(nul_in=name if where == "path" else ""), params=query
    )
    _refused(response, name, f"not allowed (a NUL) in its {name}.")


@pytest.mark.parametrize(("route", "name", "value"), PAGING_CASES)
def test_a_page_out_of_bounds_is_refused_by_name(
    service: TestClient, route: Route, name: str, value: str
) -> None:
    query = {n: NEEDED[n] for n in route.query_parameters if n in NEEDED}
    response = service.request(route.method, route.address(), params={**query, name: value})
    _refused(response, name, f"not allowed ({name})")
