"""Where the front-end files are (GOV.UK Frontend, and Swagger UI for the API's docs):
installed from npm by ./dev, never committed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

FRONTEND_VARIABLE = "SHAREWISE_FRONTEND"


class FrontendMissing(Exception):
    """The front-end files are not installed: the message says how to install them."""


@dataclass(frozen=True)
class Frontend:
    root: Path

    @property
    def govuk(self) -> Path:
        return self.root / "node_modules" / "govuk-frontend" / "dist" / "govuk"

    @property
    def assets(self) -> Path:
        return self.govuk / "assets"

    @property
    def script(self) -> Path:
        return self.govuk / "govuk-frontend.min.js"

    @property
    def stylesheet(self) -> Path:
        return self.root / "build" / "sharewise.css"

    @property
    def swagger_ui(self) -> Path:
        return self.root / "node_modules" / "swagger-ui-dist"

    @property
    def axe(self) -> Path:
        return self.root / "node_modules" / "axe-core" / "axe.min.js"


def find_frontend(root: Path | None = None) -> Frontend:
    """The project folder holding node_modules/ and build/: SHAREWISE_FRONTEND, or the
    checkout this package runs from."""
    chosen = root or Path(os.environ.get(FRONTEND_VARIABLE) or Path(__file__).resolve().parents[3])
    frontend = Frontend(chosen)
    needed = (frontend.script, frontend.assets, frontend.stylesheet, frontend.swagger_ui)
    missing = [p for p in needed if not p.exists()]
    if missing:
        raise FrontendMissing(
            f"the web pages need GOV.UK Frontend and Swagger UI, and {missing[0]} is missing. "
            "`./dev run` installs it (npm ci, then builds build/sharewise.css); or set "
            f"{FRONTEND_VARIABLE} to a folder that holds node_modules/ and build/."
        )
    return frontend
