"""The REST API, versioned under /api/v1."""

from __future__ import annotations

from fastapi import FastAPI

from sharewise.register.store import Register


def create_api(register: Register) -> FastAPI:
    api = FastAPI(title="sharewise API", openapi_url="/openapi.json", docs_url="/docs")
    api.state.register = register
    return api
