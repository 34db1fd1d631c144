"""What the register refuses to store, in the project's one error shape."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sharewise.engine.errors import FactError, fact_errors


class RecordRejected(Exception):
    """Input the register will not store; nothing was stored."""

    def __init__(self, errors: Sequence[FactError]) -> None:
        super().__init__("; ".join(map(str, errors)))
        self.errors = list(errors)


def nul_in_address(scope: Mapping[str, Any]) -> bool:
    """Whether a request's path or query holds a NUL character, which PostgreSQL can
    neither store nor search for: such a request is refused before it reaches a query."""
    address = bytes(scope.get("raw_path") or b"") + b"?" + bytes(scope.get("query_string", b""))
    return b"\x00" in address or b"%00" in address.lower()


def rejected(field: str, problem: str, allowed: str) -> RecordRejected:
    return RecordRejected([FactError(field=field, problem=problem, allowed=allowed)])


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Any) -> M:
    """`data` as `model`, or RecordRejected naming each field that is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise RecordRejected(fact_errors(error, model)) from None


# ASGI's shapes, as Starlette names them, so that the faces can share RefuseNul.
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RefuseNul:
    """ASGI middleware: a request whose address holds a NUL is answered by `refusal`
    (a response for its scope, or None to let it through) and goes no further. Plain
    ASGI, not Starlette's BaseHTTPMiddleware, whose streams and task cost more than
    the API's assessment itself."""

    def __init__(self, app: ASGIApp, refusal: Callable[[Scope], ASGIApp | None]) -> None:
        self.app = app
        self.refusal = refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = None
        if scope["type"] == "http" and nul_in_address(scope):
            refusal = self.refusal(scope)
        await (refusal or self.app)(scope, receive, send)
