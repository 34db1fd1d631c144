"""Where the front-end files are: GOV.UK Frontend, our stylesheet, Chart.js for the
monitoring figures' charts and Swagger UI for the API's docs. They come from npm and
Sass, never committed: a checkout finds them in node_modules/ and build/ (installed by
./dev), and a wheel carries them inside the package (`./dev wheel`), so an installed
sharewise serves whole pages from any folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGED = Path(__file__).with_name("built")  # present only in a wheel


class FrontendMissing(Exception):
    """The front-end files are not installed: the message says how to install them."""


@dataclass(frozen=True)
class Frontend:
    assets: Path  # GOV.UK Frontend's fonts and images, which its CSS asks for at /assets
    script: Path
    stylesheet: Path
    swagger_ui: Path
    charts: Path  # Chart.js, one file with what it needs: the monitoring figures draw with it

    @classmethod
    def checkout(cls, root: Path) -> Frontend:
        govuk = root / "node_modules" / "govuk-frontend" / "dist" / "govuk"
        return cls(
            assets=govuk / "assets",
            script=govuk / "govuk-frontend.min.js",
            stylesheet=root / "build" / "sharewise.css",
            swagger_ui=root / "node_modules" / "swagger-ui-dist",
            charts=root / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js",
        )

    @classmethod
    def packaged(cls, folder: Path = PACKAGED) -> Frontend:
        return cls(
            assets=folder / "assets",
            script=folder / "govuk-frontend.min.js",
            stylesheet=folder / "sharewise.css",
            swagger_ui=folder / "swagger-ui",
            charts=folder / "chart.umd.min.js",
        )


def find_frontend(root: Path | None = None) -> Frontend:
    """The front-end files: in `root` (SHAREWISE_FRONTEND: a folder holding node_modules/
    and build/), else inside the installed package, else in the checkout this runs from."""
    if root:
        frontend = Frontend.checkout(root)
    elif PACKAGED.is_dir():
        frontend = Frontend.packaged()
    else:
        frontend = Frontend.checkout(Path(__file__).resolve().parents[3])
    needed = (
        frontend.script, frontend.assets, frontend.stylesheet, frontend.swagger_ui,
        frontend.charts,
    )  # fmt: skip
    missing = [p for p in needed if not p.exists()]
    if missing:
        raise FrontendMissing(
            "the web pages need GOV.UK Frontend, Chart.js and Swagger UI, and "
            f"{missing[0]} is missing. "
            "`./dev run` installs it (npm ci, then builds build/sharewise.css); or set "
            "SHAREWISE_FRONTEND to a folder that holds node_modules/ and build/."
        )
    return frontend
