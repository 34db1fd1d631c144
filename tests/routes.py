"""The service's route table as the tests read it: every route with its whole path, the
pages' and, through their mount, the API's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.routing import RouteContext, iter_route_contexts
from starlette.routing import Mount

API = "/api/v1"


def every_route(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, RouteContext]]:
    """Each route and its path; the API's mount opened, any other mount (files) as it is."""
    for route in iter_route_contexts(routes):
        if isinstance(route.original_route, Mount) and route.path == API:
            yield from every_route(route.original_route.app.routes, API)  # type: ignore[attr-defined]
        else:
            yield prefix + route.path, route
