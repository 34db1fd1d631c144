"""Who is acting through the API: until sign-in, the practitioner its
`Sharewise-Practitioner` header names. Records are made in their name, and what they
read is bounded by their organisation (`sharewise.register.principal`)."""

from __future__ import annotations

from fastapi import Request, Security
from fastapi.params import Depends
from fastapi.security import APIKeyHeader

from sharewise.engine.errors import FactError
from sharewise.register.principal import HOW_NAMED, Principal, identify
from sharewise.register.store import Register

HEADER = "Sharewise-Practitioner"
FIELD = f"(the {HEADER} header)"
ALLOWED = f"{HOW_NAMED}; GET /organisations/{{organisation}}/practitioners lists them"
# The body fields the principal supplies now, and what to do about a client that sends one.
SUPPLIED = {"organisation", "practitioner", "recorded_by"}

_SCHEME = APIKeyHeader(
    name=HEADER,
    scheme_name=HEADER,
    description="Who is acting: a practitioner, as their organisation's code and their "
    "own, like `council/jo`. Records are made in their name, and only their "
    "organisation's records can be read. Sign-in will replace it.",
    auto_error=False,  # from_header says what is wrong, in the one error shape
)
NAMED_IN_HEADER: Depends = Security(_SCHEME)
"""The routes that act for someone list this, so the OpenAPI document says they need it."""


def from_header(request: Request, register: Register) -> Principal:
    """The principal the header names, or NotIdentified (a 401, `api.errors`)."""
    return identify(register, request.headers.get(HEADER))


def supplied_by_principal(error: FactError) -> FactError:
    """A body field the header supplies now, refused in words that say what to do."""
    if error.field not in SUPPLIED or error.problem != "is not a known field":
        return error
    return FactError(
        field=error.field,
        problem=f"is no longer sent in the body: the {HEADER} header names who is acting, "
        "and the record is made in their name and their organisation's",
        allowed=f"the body without {error.field}, and the header {HEADER}: "
        "ORGANISATION/PRACTITIONER, like council/jo",
    )
