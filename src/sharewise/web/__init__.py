"""The pages: GOV.UK Design System patterns over the engine and the register."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from sharewise.register.store import Register
from sharewise.web import consents, decide, guidance, people, records
from sharewise.web.frontend import find_frontend
from sharewise.web.pages import render

STATIC = Path(__file__).with_name("static")


def create_web(
    register: Register,
    frontend_root: Path | None = None,
    lifespan: Callable[..., Any] | None = None,
) -> FastAPI:
    frontend = find_frontend(frontend_root)
    app = FastAPI(
        title="sharewise", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.register = register
    app.mount("/assets", StaticFiles(directory=frontend.assets), name="assets")

    files = {
        "govuk-frontend.min.js": frontend.script,
        "sharewise.css": frontend.stylesheet,
        "favicon.svg": STATIC / "favicon.svg",
    }

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in files:
            raise HTTPException(404)
        return FileResponse(files[name], headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> Response:
        return render(request, "home.html", "Information sharing decisions")

    for module in (decide, records, people, consents, guidance):
        app.include_router(module.router)

    @app.exception_handler(HTTPException)
    def not_found(request: Request, error: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            raise error
        return render(
            request,
            "not_found.html",
            "Page not found" if error.status_code == 404 else "Sorry, there is a problem",
            status_code=error.status_code,
            what="Check the address, or start again from the home page."
            if error.status_code == 404
            else str(error.detail),
        )

    @app.exception_handler(Exception)
    def failed(request: Request, _error: Exception) -> Response:
        # No traceback reaches a person: the server's log has it.
        return render(
            request,
            "not_found.html",
            "Sorry, there is a problem with the service",
            status_code=500,
            what="Nothing you entered was saved by the step that failed. Try again later, "
            "and tell your system administrator if it happens again.",
        )

    return app
