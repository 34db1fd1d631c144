"""The REST API, versioned under /api/v1: the engine's interview and assessment, the
guidance, and the register's decisions, consents, people and organisations, with every
error in one shape."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from sharewise import __version__
from sharewise.api import (
    assessments,
    consents,
    decisions,
    directory,
    errors,
    guidance,
    identity,
    interview,
    people,
)
from sharewise.register.store import Register

# The server the API is mounted in serves Swagger UI's files (sharewise.web, from the
# swagger-ui-dist npm package), so the docs load nothing from another host.
SWAGGER_UI = "/static"


def create_api(register: Register) -> FastAPI:
    api = FastAPI(
        title="sharewise API",
        version=__version__,
        summary="The 2008 information sharing guidance as a decision engine, and a "
        "register of decisions and consents that no one can quietly alter.",
        description="Every error has one shape: `status`, `message`, and `errors`, each "
        "naming the field's dotted path, what was wrong and what is allowed. "
        "Until sign-in, the `Sharewise-Practitioner` header names who is acting "
        "(`ORGANISATION/PRACTITIONER`): decisions, consents and people are read and "
        "recorded in their name, within their organisation.",
        openapi_url="/openapi.json",
        docs_url=None,  # served below, without a CDN
        redoc_url=None,
        responses=errors.problems(422, 500, 503),
    )
    api.state.register = register
    api.state.identify = identity.from_header

    async def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(
            openapi_url=root + "/openapi.json",
            title=f"{api.title}: documentation",
            swagger_js_url=f"{SWAGGER_UI}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_UI}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER_UI}/favicon.svg",
            # Swagger UI would otherwise send the document's address to its online validator.
            swagger_ui_parameters={"validatorUrl": None},
        )

    api.add_route("/docs", docs, include_in_schema=False)
    errors.install(api)
    for module in (interview, assessments, guidance, decisions, consents, people, directory):
        api.include_router(module.router)
    return api
