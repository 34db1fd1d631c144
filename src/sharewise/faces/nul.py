"""A NUL character in an address, which PostgreSQL can neither store nor search for: a
request holding one, in its path or its query, is refused before it reaches a query, on
either database, naming the parameter that holds it. Each face says how (`RefuseNul`):
a page that says so, or the API's one error shape."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl

from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path

from sharewise.register.errors import ASGIApp, Receive, Scope, Send

THE_ADDRESS = "(the address)"  # where a NUL is in no parameter a route names


def nul_in_address(scope: Scope) -> bool:
    """Whether a request's path or query holds a NUL character, as sent or %-encoded."""
    address = bytes(scope.get("raw_path") or b"") + b"?" + bytes(scope.get("query_string", b""))
    return b"\x00" in address or b"%00" in address.lower()


def holding_nul(scope: Scope) -> list[str]:
    """The parameters of a request's address that hold a NUL: its route's path
    parameters, then its query's, each once; the address itself if none does."""
    named = [name for name, value in _path_parameters(scope).items() if "\x00" in value]
    query = bytes(scope.get("query_string", b"")).decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        if "\x00" in name + value:
            named.append(name.replace("\x00", "") or THE_ADDRESS)
    return list(dict.fromkeys(named)) or [THE_ADDRESS]


def _path_parameters(scope: Scope) -> dict[str, str]:
    """The path parameters of the first of the app's routes the path matches."""
    app = scope.get("app")
    path = str(scope.get("path", "")).removeprefix(str(scope.get("root_path", "")))
    for route in iter_route_contexts(getattr(app, "routes", [])):
        template = route.path
        found = compile_path(template)[0].match(path) if template else None
        if found:
            return found.groupdict()
    return {}


class RefuseNul:
    """ASGI middleware: a request whose address holds a NUL is answered by `refusal`
    (a response for its scope and the parameters holding it, or None to let it through)
    and goes no further. Plain ASGI, not Starlette's BaseHTTPMiddleware, whose streams
    and task cost more than the API's assessment itself."""

    def __init__(self, app: ASGIApp, refusal: Callable[[Scope, list[str]], ASGIApp | None]) -> None:
        self.app = app
        self.refusal = refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = None
        if scope["type"] == "http" and nul_in_address(scope):
            refusal = self.refusal(scope, holding_nul(scope))
        await (refusal or self.app)(scope, receive, send)
