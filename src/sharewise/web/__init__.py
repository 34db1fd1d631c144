"""The pages: GOV.UK Design System patterns over the engine and the register."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from sharewise.faces.access import logged_refusal
from sharewise.faces.dependencies import PUBLIC, NotAllowed
from sharewise.faces.door import BODY_LIMIT, Refused
from sharewise.faces.nul import THE_ADDRESS, RefuseNul
from sharewise.register.database import QueryTimedOut
from sharewise.register.errors import OutOfReach, Scope
from sharewise.register.store import Register
from sharewise.settings import Settings, current
from sharewise.web import (
    access_log,
    advice,
    consents,
    decide,
    framework,
    guidance,
    identity,
    package,
    people,
    received,
    records,
    training,
)
from sharewise.web.frontend import find_frontend
from sharewise.web.pages import NotFound, SeeOther, render
from sharewise.web.tasks import task_rows

STATIC = Path(__file__).with_name("static")
# What holds no personal data, the same for everyone: a browser or a proxy may keep it.
KEPT = re.compile(r"/(static|assets)/|/guidance(/|$)")


def create_web(
    register: Register,
    frontend_root: Path | None = None,
    lifespan: Callable[..., Any] | None = None,
    settings: Settings | None = None,
) -> FastAPI:
    frontend = find_frontend(frontend_root)
    app = FastAPI(
        title="sharewise", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.register = register
    app.state.identify = identity.from_session
    app.state.settings = settings or current()  # the PDF's marking, the page size
    app.mount("/assets", StaticFiles(directory=frontend.assets), name="assets")

    files = {
        "govuk-frontend.min.js": frontend.script,
        "sharewise.css": frontend.stylesheet,
        "sharewise.js": STATIC / "sharewise.js",
        "favicon.svg": STATIC / "favicon.svg",
        # The API's docs page (sharewise.api) loads Swagger UI from here, not from a CDN.
        "swagger-ui-bundle.js": frontend.swagger_ui / "swagger-ui-bundle.js",
        "swagger-ui-init.js": STATIC / "swagger-ui-init.js",
        "swagger-ui.css": frontend.swagger_ui / "swagger-ui.css",
    }

    @app.get("/static/{name}", include_in_schema=False, dependencies=[PUBLIC])
    def static(name: str) -> Response:
        if name not in files:
            raise HTTPException(404)
        return FileResponse(files[name])  # kept by browsers for an hour: KEPT

    @app.get("/", include_in_schema=False, dependencies=[PUBLIC])
    def home(request: Request) -> Response:
        """Open to anyone; to someone signed in, their tasks too."""
        principal = identity.signed_in_or_none(request, register)
        whose, rows = task_rows(register, principal)
        return render(
            request, "home.html", "Information sharing decisions", whose=whose, tasks=rows
        )

    for module in (
        identity, decide, package, records, received, people, consents, access_log, advice,
        guidance, framework, training,
    ):  # fmt: skip
        app.include_router(module.router)

    @app.exception_handler(HTTPException)
    def refused(request: Request, error: HTTPException) -> Response:
        if isinstance(error, SeeOther):
            return RedirectResponse(error.location, status_code=303)
        if isinstance(error, NotFound):
            title, what = error.title, str(error.detail)
        elif error.status_code == 404:
            title, what = "Page not found", "Check the address, or start again from the home page."
        else:
            title, what = "Sorry, there is a problem", str(error.detail)
        return _problem(request, title, what, error.status_code)

    def nul_refused(scope: Scope, fields: list[str]) -> Response | None:
        if scope["path"].startswith("/api/"):
            return None  # the API answers in its own shape
        where = "" if fields == [THE_ADDRESS] else f" in its {', '.join(fields)}"
        what = f"The address has a character that is not allowed (a NUL){where}. Go back "
        what += "and try again."
        return _problem(Request(scope), "Sorry, that address is not right", what, 422)

    app.add_middleware(RefuseNul, refusal=nul_refused)

    @app.exception_handler(OutOfReach)
    def out_of_reach(request: Request, _error: OutOfReach) -> Response:
        logged_refusal(request, getattr(request.state, "principal", None))
        what = "Check the address, or start again from the home page."
        return _problem(request, "Page not found", what, 404)

    @app.exception_handler(NotAllowed)
    def not_allowed(request: Request, error: NotAllowed) -> Response:
        logged_refusal(request, error.principal)
        what = f"Your account cannot {error.rule.what}. Nothing was read or changed. If it "
        what += "should, ask your organisation's admin."
        return _problem(request, "You cannot see this page", what, 403)

    @app.exception_handler(RequestValidationError)
    def malformed(request: Request, error: RequestValidationError) -> Response:
        # Only an address edited by hand gets here (a page number that is not a number,
        # or past the last): the forms send what they ask for.
        wrong = ", ".join(str(item["loc"][-1]) for item in error.errors())
        what = f"The address has a value that is not allowed ({wrong}). Go back and try again."
        return _problem(request, "Sorry, that address is not right", what, 422)

    @app.exception_handler(QueryTimedOut)
    def too_slow(request: Request, _error: QueryTimedOut) -> Response:
        what = "The register took too long to answer and the search was stopped. Nothing was "
        what += "changed. Narrow the search with more filters, and try again."
        return _problem(request, "Sorry, that took too long", what, 503)

    # Answered at the door, which logs it safely; here for the pages without the door.
    app.add_exception_handler(Exception, lambda request, _error: failed(request.scope))
    return app


def _problem(
    request: Request, title: str, what: str, status: int, urgent: bool = False
) -> Response:
    return render(request, "problem.html", title, status_code=status, what=what, urgent=urgent)


# What the door (sharewise.faces.door) refused, as a page says it: what happened, and what
# to do next.
_REFUSALS = {
    "unknown host": (
        "This address is not one sharewise answers to",
        "sharewise does not answer to the name {said}. Use the address you were given for "
        "it; if that is this one, ask whoever runs sharewise to add the name to "
        "SHAREWISE_ALLOWED_HOSTS.",
    ),
    "another site": (
        "Nothing was changed",
        "What you sent came from a page on another website, so sharewise did not act on it. "
        "If you meant to do this, go to sharewise and do it there.",
    ),
    "no form token": (
        "Nothing was changed",
        "The form you sent was not one sharewise had just given you, or it had expired, so "
        "nothing was saved. Go back, reload the page and try again.",
    ),
    "too large": (
        "What you sent is too long",
        f"Together, your answers were longer than {BODY_LIMIT // 1024} kB, the most "
        "sharewise takes, so nothing was saved. Go back, shorten the longest answer and "
        "try again.",
    ),
}


def refused(scope: Scope, refusal: Refused) -> Response:
    title, what = _REFUSALS[refusal.why]
    return _problem(Request(scope), title, what.format(said=refusal.said), refusal.status)


def failed(scope: Scope) -> Response:
    """A page that failed, answered at the door (sharewise.faces.door), whose log has the
    route and the error's type. No traceback reaches a person. A page that failed to show
    lost nothing; a form that failed may have saved or not."""
    what = "Answers you had already saved are kept: go back to carry on. If you were "
    what += "saving something, check whether it was saved before you try again, and tell "
    what += "your system administrator if it happens again."
    title = "Sorry, there is a problem with the service"
    return _problem(Request(scope), title, what, 500, urgent=True)
