"""The service: one FastAPI application serving the pages, and the API under /api/v1,
behind one door (sharewise.faces.door)."""

from __future__ import annotations

import copy
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.config import LOGGING_CONFIG

from sharewise import api, web
from sharewise.api import create_api
from sharewise.faces.door import Door, Refused
from sharewise.register.errors import ASGIApp, Scope
from sharewise.register.store import Register
from sharewise.settings import Settings, current
from sharewise.web import create_web
from sharewise.web.pages import POLICY

API = "/api/v1"


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
    app.mount(API, create_api(register))
    app.add_middleware(
        Door,
        hosts=settings.allowed_hosts,
        refuse=_refused,
        fail=lambda scope: (api.errors.failed if _for_the_api(scope) else web.failed)(scope),
        forms=lambda scope: not _for_the_api(scope),
        public=lambda path: web.KEPT.match(path) is not None,
        policy=POLICY,
    )
    return app


def _for_the_api(scope: Scope) -> bool:
    path: str = scope["path"]
    return path == API or path.startswith(f"{API}/")


def _refused(scope: Scope, refusal: Refused) -> ASGIApp:
    return (api.errors.refused if _for_the_api(scope) else web.refused)(scope, refusal)


class _WithoutTraceback(logging.Filter):
    """An error's type, without its message or traceback: either may hold what a request
    sent. For a failed request, the door has logged its route and where it failed."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0]:
            record.msg = f"{str(record.msg).strip()}: {record.exc_info[0].__name__}"
            record.exc_info, record.exc_text = None, None
        return True


def logging_config() -> dict[str, Any]:
    """uvicorn's logging, but a line a request from the door, naming its route and not its
    address, and an error by its type alone (sharewise.faces.door)."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"without_traceback": {"()": _WithoutTraceback}}
    config["handlers"]["default"]["filters"] = ["without_traceback"]
    config["handlers"]["access"]["formatter"] = "default"
    config["loggers"].update(
        {
            "uvicorn.error": {"level": "WARNING"},
            "sharewise": {"handlers": ["default"], "level": "WARNING", "propagate": False},
            "sharewise.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        }
    )
    return config


def run(app: ASGIApp, host: str, port: int) -> None:
    """Serve `app` until stopped, as `sharewise serve` does (bench/echo.py serves its echo
    endpoint through this too, so that the two are measured alike)."""
    uvicorn.run(app, host=host, port=port, log_config=logging_config(), access_log=False)
