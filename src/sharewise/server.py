"""The service: one FastAPI application serving the pages, and the API under /api/v1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from sharewise.api import create_api
from sharewise.register.store import Register
from sharewise.settings import Settings, current
from sharewise.web import create_web


def create_app(
    database_url: str | None = None,
    frontend: Path | None = None,
    settings: Settings | None = None,
) -> FastAPI:
    """The whole service on the register at `database_url`, or where the settings (the
    environment: sharewise.settings) say."""
    settings = settings or current()
    register = Register.open(database_url, settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        register.close()

    app = create_web(
        register,
        frontend or settings.frontend,
        lifespan=lifespan,
        settings=settings,
    )
    app.mount("/api/v1", create_api(register))
    return app


def run(app: FastAPI, host: str, port: int) -> None:
    """Serve `app` until stopped, as `sharewise serve` does (bench/api.py serves its echo
    endpoint through this too, so that the two are measured alike)."""
    # No access log: each request would build its line even unlogged, and addresses name
    # people (/people/{reference}), which the logs must never hold.
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
