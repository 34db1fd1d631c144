"""What the register refuses to store, in the project's one error shape."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sharewise.engine.errors import FactError, fact_errors


class RecordRejected(Exception):
    """Input the register will not store; nothing was stored."""

    def __init__(self, errors: Sequence[FactError]) -> None:
        super().__init__("; ".join(map(str, errors)))
        self.errors = list(errors)


class OutOfReach(RecordRejected):
    """Another organisation's, asked for: answered as if it did not exist (a 404), so
    that nobody learns what another organisation holds, or that it exists."""

    def __init__(self, field: str, problem: str, allowed: str) -> None:
        super().__init__([FactError(field=field, problem=problem, allowed=allowed)])


def rejected(field: str, problem: str, allowed: str) -> RecordRejected:
    return RecordRejected([FactError(field=field, problem=problem, allowed=allowed)])


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Any) -> M:
    """`data` as `model`, or RecordRejected naming each field that is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise RecordRejected(fact_errors(error, model)) from None


# ASGI's shapes, as Starlette names them, so that the faces can share their middleware.
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
