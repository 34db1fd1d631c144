"""Who is acting through the API: the account an API token belongs to, sent as
`Authorization: Bearer TOKEN` (`sharewise token create` makes one). Records are made in
their name, and what they read is bounded by their organisation
(`sharewise.register.principal`)."""

from __future__ import annotations

from fastapi import Request, Security
from fastapi.params import Depends
from fastapi.security import HTTPBearer

from sharewise.engine.errors import FactError
from sharewise.register.principal import NotIdentified, Principal, from_token
from sharewise.register.store import Register

FIELD = "(the Authorization header)"
ALLOWED = "Bearer and an API token of your account, from `sharewise token create`"
# The body fields the signed-in account supplies, and what to do about a client that sends one.
SUPPLIED = {"organisation", "practitioner", "recorded_by"}

_SCHEME = HTTPBearer(
    scheme_name="API token",
    description="An API token of your account, from `sharewise token create`. Records are "
    "made in your name, and you read only your organisation's records, as your roles allow.",
    auto_error=False,  # from_bearer says what is wrong, in the one error shape
)
WITH_TOKEN: Depends = Security(_SCHEME)
"""The routers that act for someone list this, so the OpenAPI document says they need it."""


def from_bearer(request: Request, register: Register) -> Principal:
    """The principal the bearer token acts as, or NotIdentified (a 401, `api.errors`)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if not scheme:
        raise NotIdentified("no API token is given")
    if scheme.lower() != "bearer":
        raise NotIdentified(f"the Authorization header is {scheme!r}, not a bearer token")
    return from_token(register, token.strip())


def supplied_by_principal(error: FactError) -> FactError:
    """A body field the signed-in account supplies, refused in words that say what to do."""
    if error.field not in SUPPLIED or error.problem != "is not a known field":
        return error
    return FactError(
        field=error.field,
        problem="is not sent in the body: the record is made in the name of the account "
        "whose API token is sent, and in its organisation",
        allowed=f"the body without {error.field}",
    )
