"""The REST API, versioned under /api/v1: the engine's interview and assessment, the
guidance, and the register's decisions, consents, people and organisations, with every
error in one shape."""

from __future__ import annotations

import html

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from sharewise import __version__
from sharewise.api import (
    access_log,
    advice,
    assessments,
    consents,
    decisions,
    deidentify,
    directory,
    errors,
    governance,
    guidance,
    identity,
    interview,
    people,
    received,
    tasks,
    training,
)
from sharewise.api.schemas import Health
from sharewise.faces.dependencies import PUBLIC
from sharewise.faces.door import content_security_policy
from sharewise.register.store import Register

# The server the API is mounted in serves Swagger UI's files (sharewise.web, from the
# swagger-ui-dist npm package), so the docs load nothing from another host, and the
# script that starts it, so that the page holds no inline script.
SWAGGER_UI = "/static"
DOCS = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<link rel="stylesheet" href="{SWAGGER_UI}/swagger-ui.css">
<link rel="icon" href="{SWAGGER_UI}/favicon.svg" type="image/svg+xml">
</head>
<body>
<div id="swagger-ui" data-openapi="{{openapi}}"></div>
<script src="{SWAGGER_UI}/swagger-ui-bundle.js"></script>
<script src="{SWAGGER_UI}/swagger-ui-init.js"></script>
</body>
</html>
"""
# The pages' policy, but Swagger UI's stylesheet draws its icons as data: images (and the
# page has no inline script at all). tests/web/test_api_docs.py uses it in Chromium.
DOCS_POLICY = content_security_policy(images="'self' data:")


def create_api(register: Register) -> FastAPI:
    api = FastAPI(
        title="sharewise API",
        version=__version__,
        summary="The 2008 information sharing guidance as a decision engine, and a "
        "register of decisions and consents that no one can quietly alter.",
        description="Every error has one shape: `status`, `message`, and `errors`, each "
        "naming the field's dotted path, what was wrong and what is allowed. "
        "The guidance, the interview and `POST /assessments` are open to anyone. The "
        "rest needs an API token of your account (`sharewise token create`), sent as "
        "`Authorization: Bearer TOKEN`: decisions, consents and people are read and "
        "recorded in its name, within its organisation, as its roles allow.",
        openapi_url="/openapi.json",
        docs_url=None,  # served below, without a CDN
        redoc_url=None,
        responses=errors.problems(400, 403, 413, 422, 500, 503),  # 400, 403, 413: the door's
    )
    api.state.register = register
    api.state.identify = identity.from_bearer

    async def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        title, openapi = f"{api.title}: documentation", html.escape(root + "/openapi.json")
        page = DOCS.format(title=title, openapi=openapi)
        return HTMLResponse(page, headers={"Content-Security-Policy": DOCS_POLICY})

    api.add_route("/docs", docs, include_in_schema=False)

    @api.get(
        "/health",
        summary="Is the service up?",
        response_model=Health,
        tags=["service"],
        dependencies=[PUBLIC],
        responses=errors.problems(503),
    )
    def health() -> Health | JSONResponse:
        """Whether the service answers and its register with it: for a load balancer or
        a monitor. Open to anyone: it says nothing else."""
        if not register.answers():
            return errors.problem(503, "The register does not answer.")
        return Health(status="ok", version=__version__)

    errors.install(api)
    routers = (
        interview, assessments, guidance, decisions, received, consents, people, directory,
        tasks, access_log, deidentify, advice, governance, training,
    )  # fmt: skip
    for module in routers:
        api.include_router(module.router)
    return api
