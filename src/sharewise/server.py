"""The service: one FastAPI application serving the pages, and the API under /api/v1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from sharewise.api import create_api
from sharewise.register.store import Register
from sharewise.web import create_web


def create_app(database_url: str | None = None, frontend: Path | None = None) -> FastAPI:
    """The whole service on the register at `database_url` (SHAREWISE_DATABASE_URL, or
    the embedded SQLite file, by default)."""
    register = Register.open(database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        register.close()

    app = create_web(register, frontend, lifespan=lifespan)
    app.mount("/api/v1", create_api(register))
    return app
