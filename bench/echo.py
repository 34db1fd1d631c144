"""A bare FastAPI endpoint that hands back the JSON it is sent: the yardstick bench/api.py
measures the API against, served as `sharewise serve` serves the service.

    python bench/echo.py PORT
"""

from __future__ import annotations

import sys
from typing import Any

from fastapi import FastAPI

from sharewise.server import run

app = FastAPI()


@app.post("/echo")
def echo(body: dict[str, Any]) -> dict[str, Any]:
    # A plain function, as the API's routes are: it runs in the same threadpool.
    return body


if __name__ == "__main__":
    run(app, "127.0.0.1", int(sys.argv[1]))
