"""The REST API, versioned under /api/v1: the engine's assessment and the register's
decisions, consents, people and organisations, with every error in one shape."""

from __future__ import annotations

from fastapi import FastAPI

from sharewise import __version__
from sharewise.api import assessments, consents, decisions, directory, errors, people
from sharewise.register.store import Register


def create_api(register: Register) -> FastAPI:
    api = FastAPI(
        title="sharewise API",
        version=__version__,
        summary="The 2008 information sharing guidance as a decision engine, and a "
        "register of decisions and consents that no one can quietly alter.",
        description="Every error has one shape: `status`, `message`, and `errors`, each "
        "naming the field's dotted path, what was wrong and what is allowed. "
        "There is no authentication yet: bodies name the organisation and practitioner.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        responses=errors.problems(422, 500, 503),
    )
    api.state.register = register
    errors.install(api)
    for module in (assessments, decisions, consents, people, directory):
        api.include_router(module.router)
    return api
