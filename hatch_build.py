"""A wheel carries what a checkout finds beside the source: the scenarios the demo draws
on, and the built front end (GOV.UK Frontend, our stylesheet, Chart.js, Swagger UI), so that an
installed sharewise serves whole pages from any folder. An editable install reads them
from the checkout instead, so it needs none of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

GOVUK = "node_modules/govuk-frontend/dist/govuk"
SWAGGER = "node_modules/swagger-ui-dist"
BUILT = "sharewise/web/built"  # where sharewise.web.frontend looks in an installed package
CARRIED = {
    "scenarios": "sharewise/scenarios",
    "build/sharewise.css": f"{BUILT}/sharewise.css",
    f"{GOVUK}/govuk-frontend.min.js": f"{BUILT}/govuk-frontend.min.js",
    f"{GOVUK}/assets": f"{BUILT}/assets",
    f"{SWAGGER}/swagger-ui-bundle.js": f"{BUILT}/swagger-ui/swagger-ui-bundle.js",
    f"{SWAGGER}/swagger-ui.css": f"{BUILT}/swagger-ui/swagger-ui.css",
    "node_modules/chart.js/dist/chart.umd.min.js": f"{BUILT}/chart.umd.min.js",
}


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        missing = [source for source in CARRIED if not (root / source).exists()]
        if missing:
            raise FileNotFoundError(
                f"{missing[0]} is missing: build the wheel with `./dev wheel`, which installs "
                "the front end (npm ci) and builds the stylesheet first"
            )
        build_data["force_include"].update({str(root / s): t for s, t in CARRIED.items()})
