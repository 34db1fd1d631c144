"""Every error in one shape, `Problem`: the status, a sentence, and each field at fault
with what is allowed, as the CLI and the forms say it (`sharewise.engine.errors`)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from sharewise.api.identity import ALLOWED, FIELD, supplied_by_principal
from sharewise.api.schemas import Problem
from sharewise.engine.errors import FactError, dotted, fact_errors
from sharewise.faces.access import logged_refusal
from sharewise.faces.dependencies import NotAllowed
from sharewise.faces.door import BODY_LIMIT, Refused, route_of
from sharewise.faces.nul import RefuseNul
from sharewise.register.database import QueryTimedOut
from sharewise.register.errors import OutOfReach, RecordRejected, Scope
from sharewise.register.principal import NotIdentified

log = logging.getLogger(__name__)

WHY = {
    400: "The request named a host this service does not answer to (the Host header).",
    401: "No valid API token was sent (`Authorization: Bearer TOKEN`); nothing was read or stored.",
    403: "The token's account has no role that may do this, or a POST, PUT, PATCH or "
    "DELETE came from a page on another site (its Origin or Referer header); nothing was "
    "done.",
    404: "What the address names does not exist.",
    413: f"The body is larger than {BODY_LIMIT // 1024} kB; nothing was read or stored.",
    422: "The request is not valid, or the register refused it; nothing was stored.",
    500: "Something went wrong on the server.",
    503: "A query ran too long and was stopped.",
}


class NotFound(LookupError):
    """What a path parameter names does not exist (what the register holds is the
    register's to refuse: `RecordRejected`)."""

    def __init__(self, field: str, problem: str, allowed: str) -> None:
        super().__init__(problem)
        self.error = FactError(field=field, problem=problem, allowed=allowed)


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI responses for these statuses: all in the one shape."""
    return {status: {"model": Problem, "description": WHY[status]} for status in statuses}


def problem(
    status: int,
    message: str,
    errors: list[FactError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(status=status, message=message, errors=errors or [])
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def install(api: FastAPI) -> None:
    api.add_middleware(RefuseNul, refusal=_nul_refused)

    api.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    api.add_exception_handler(RecordRejected, _rejected)  # type: ignore[arg-type]
    api.add_exception_handler(OutOfReach, _out_of_reach)  # type: ignore[arg-type]
    api.add_exception_handler(NotFound, _not_found)  # type: ignore[arg-type]
    api.add_exception_handler(NotIdentified, _not_identified)  # type: ignore[arg-type]
    api.add_exception_handler(NotAllowed, _not_allowed)  # type: ignore[arg-type]
    api.add_exception_handler(HTTPException, _http)  # type: ignore[arg-type]
    api.add_exception_handler(QueryTimedOut, _too_slow)  # type: ignore[arg-type]
    api.add_exception_handler(Exception, _failed)


def _nul_refused(_scope: Scope, fields: list[str]) -> Response:
    wrong = [
        FactError(
            field=field, problem="holds a NUL character", allowed="text without NUL characters"
        )
        for field in fields
    ]
    return problem(422, "The address has a character that is not allowed.", wrong)


def _invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
    items = error.errors()
    found: list[FactError] = []
    for source in dict.fromkeys(item["loc"][0] for item in items):
        checked = _checked_again(request, source, error.body) or [
            _plain(item) for item in items if item["loc"][0] == source
        ]
        found += [supplied_by_principal(e) for e in checked] if source == "body" else checked
    return problem(
        422,
        "The request is not valid: each error names the field, what was wrong and what is allowed.",
        found,
    )


def _checked_again(request: Request, source: str, body: Any) -> list[FactError]:
    """The query's or the body's errors as the CLI and the forms give them: FastAPI
    keeps only pydantic's list, so its check runs again for pydantic's own error, which
    `fact_errors` reads with the model's schema. Every route takes its query as one
    model and its body as one model."""
    route = request.scope["route"]
    if source == "body":
        model, value = route.body_field.field_info.annotation, body
        if not isinstance(value, dict):
            return [_not_an_object(model, value)]
    elif source == "query":
        model, value = route.dependant.query_params[0].field_info.annotation, request.query_params
    else:
        return []
    try:
        model.model_validate(dict(value))
    except ValidationError as invalid:
        return fact_errors(invalid, model)
    return []


def _not_an_object(model: type[BaseModel], value: Any) -> FactError:
    if value is None:
        problem = "is missing"
    elif isinstance(value, bytes | str):
        problem = "is not JSON sent as application/json"
    else:
        problem = "is not a JSON object"
    return FactError(
        field="(the body)",
        problem=problem,
        allowed="a JSON object with the fields " + ", ".join(model.model_fields),
    )


def _plain(item: Any) -> FactError:
    """An error no model above covers (a path parameter that is not text, say)."""
    return FactError(
        field=dotted(tuple(item["loc"][1:])),
        problem=item["msg"][:1].lower() + item["msg"][1:],
        allowed="see the API's OpenAPI document",
    )


def _rejected(request: Request, error: RecordRejected) -> JSONResponse:
    # A code the address gave that names nothing is a 404; one the body or the query
    # gave is a field at fault, 422.
    first = error.errors[0]
    if first.field in request.path_params:
        return problem(404, _sentence(first.problem), error.errors)
    return problem(422, "The register refused this, and nothing was stored.", error.errors)


def _out_of_reach(request: Request, error: OutOfReach) -> JSONResponse:
    logged_refusal(request, getattr(request.state, "principal", None))
    return problem(404, _sentence(error.errors[0].problem), error.errors)


def _not_found(_request: Request, error: NotFound) -> JSONResponse:
    return problem(404, _sentence(error.error.problem), [error.error])


def _not_identified(_request: Request, error: NotIdentified) -> JSONResponse:
    return problem(
        401,
        "Sign in: send an API token of your account as `Authorization: Bearer TOKEN`.",
        [FactError(field=FIELD, problem=error.problem, allowed=ALLOWED)],
        {"WWW-Authenticate": 'Bearer realm="sharewise"'},
    )


def _not_allowed(request: Request, error: NotAllowed) -> JSONResponse:
    logged_refusal(request, error.principal)
    roles = ", ".join(sorted(error.principal.roles)) or "none"
    return problem(
        403,
        f"Your account cannot {error.rule.what}: ask your organisation's admin if it should.",
        [
            FactError(
                field=FIELD,
                problem=f"the token's account has the roles {roles}",
                allowed="an account with one of the roles " + ", ".join(sorted(error.rule.roles)),
            )
        ],
    )


def _http(request: Request, error: HTTPException) -> JSONResponse:
    path = request.url.path
    if error.status_code == 404:
        docs = request.scope.get("root_path", "") + "/docs"
        return problem(404, f"There is nothing at {path}: the routes are listed at {docs}.")
    if error.status_code == 405:
        allowed = _methods_at(request, error)
        return problem(
            405,
            f"{request.method} is not allowed at {path}.",
            [
                FactError(
                    field="method", problem=f"{request.method} is not allowed", allowed=allowed
                )
            ],
            {"Allow": allowed},
        )
    return problem(
        error.status_code, _sentence(f"{HTTPStatus(error.status_code).phrase}: {error.detail}")
    )


def _methods_at(request: Request, error: HTTPException) -> str:
    """Every method the API takes at this path, from its OpenAPI document (Starlette's
    Allow header names only those of the first route it tried); Starlette's for a path
    the document leaves out, such as the docs page's."""
    path = request.url.path.removeprefix(request.scope.get("root_path", ""))
    documented = request.app.openapi()["paths"].items()
    methods = next(
        (
            list(operations)
            for template, operations in documented
            if compile_path(template)[0].match(path)
        ),
        (error.headers or {}).get("Allow", "").split(", "),
    )
    return ", ".join(sorted(method.upper() for method in methods))


def _too_slow(request: Request, error: QueryTimedOut) -> JSONResponse:
    log.warning("%s %s: %s", request.method, route_of(request.scope), error)
    return problem(
        503,
        f"The query took too long: {error}. Narrow the filters, or try again.",
        headers={"Retry-After": "5"},
    )


def _failed(request: Request, _error: Exception) -> JSONResponse:
    # Starlette raises the error on after this answer, to the door, which logs its route
    # and type (sharewise.faces.door).
    return failed(request.scope)


def failed(_scope: Scope) -> JSONResponse:
    """A request that failed, in the one shape: never a traceback."""
    return problem(
        500,
        "Something went wrong on the server, and it is in the server's log. Try again, "
        "and tell whoever runs sharewise if it happens again.",
    )


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:].rstrip('.')}."


def refused(_scope: Scope, refusal: Refused) -> Response:
    """What the door (sharewise.faces.door) refused, in the one shape."""
    if refusal.why == "unknown host":
        return problem(
            400,
            "This service does not answer to the host the request named; nothing was done.",
            [
                FactError(
                    field="(the Host header)",
                    problem=f"names {refusal.said!r}",
                    allowed="a host name in the service's SHAREWISE_ALLOWED_HOSTS",
                )
            ],
        )
    if refusal.why == "too large":
        return problem(
            413,
            f"The body is larger than {BODY_LIMIT // 1024} kB, the most the API takes; "
            "nothing was stored.",
            [
                FactError(
                    field="(the body)",
                    problem=f"is larger than {BODY_LIMIT} bytes",
                    allowed=f"a body of at most {BODY_LIMIT} bytes ({BODY_LIMIT // 1024} kB)",
                )
            ],
        )
    return problem(
        403,
        "The request came from a page on another site, so nothing was done. Call the API "
        "from a program (which sends no Origin header) or from this service's own pages.",
        [
            FactError(
                field="(the Origin header)",
                problem=f"names {refusal.said!r}, another site",
                allowed="this service's own address, or no Origin or Referer header",
            )
        ],
    )
