"""`sharewise serve`, as the README's run command starts it: a real process, on a port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sharewise.cli import app
from tests.serving import free_port, get, serving

SHAREWISE = Path(sys.executable).with_name("sharewise")


def test_serve_answers_pages_and_the_api_on_the_port_given(tmp_path: Path) -> None:
    environment = {**os.environ, "SHAREWISE_DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite3'}"}
    with serving(str(SHAREWISE), environment) as base:
        status, page = get(f"{base}/")
        assert status == 200 and b"Start a new decision" in page
        status, document = get(f"{base}/api/v1/openapi.json")
        assert status == 200 and b'"openapi"' in document


def test_serve_says_what_is_missing_when_the_front_end_is_not_installed(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "SHAREWISE_DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite3'}",
        "SHAREWISE_FRONTEND": str(tmp_path),
    }
    finished = subprocess.run(
        [str(SHAREWISE), "serve", "--port", str(free_port())],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 2
    assert "./dev run" in finished.stderr + finished.stdout
    assert "Traceback" not in finished.stderr


# Served as `sharewise serve` serves (sharewise.server.run), with a route that fails
# holding a name, the way an unexpected error might.
FAILING = """
import sys
from fastapi import Request
from sharewise.server import create_app, run

app = create_app()

@app.get("/people/{organisation}/{reference}/fails")
async def fails(request: Request) -> None:
    said = (await request.body()).decode() + str(request.query_params)
    raise ValueError(f"cannot file {said} for {request.path_params['reference']}")

run(app, "127.0.0.1", int(sys.argv[1]))
"""


def test_the_log_holds_no_query_no_body_and_no_error_message(tmp_path: Path) -> None:
    script = tmp_path / "failing.py"
    script.write_text(FAILING, encoding="utf-8")
    port = free_port()
    environment = {**os.environ, "SHAREWISE_DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite3'}"}
    with (tmp_path / "log").open("w+") as log:
        server = subprocess.Popen(
            [sys.executable, str(script), str(port)], env=environment, stdout=log, stderr=log
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(base, server)
            assert get(f"{base}/people?search=Zebedee+Quist")[0] == 200
            failing = urllib.request.Request(
                f"{base}/people/council/ZEBEDEE-QUIST/fails?name=Zebedee+Quist",
                data=b"name=Zebedee+Quist",
                method="GET",
            )
            with pytest.raises(urllib.error.HTTPError) as failed:
                urllib.request.urlopen(failing, timeout=10)
            assert failed.value.code == 500
        finally:
            server.terminate()
            server.wait(timeout=15)
        log.seek(0)
        logged = log.read()
    # Each request by its route, not its address: no reference, no search.
    assert '"GET /people" 303' in logged and '"GET /sign-in" 200' in logged
    assert '"GET /people/{organisation}/{reference}/fails" 500' in logged
    assert "GET /people/{organisation}/{reference}/fails failed: ValueError at" in logged
    assert "Exception in ASGI application: ValueError" in logged
    assert "Zebedee" not in logged and "ZEBEDEE" not in logged and "Traceback" not in logged


def _wait_for(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            get(f"{base}/guidance")
            return
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "it did not start"
            time.sleep(0.2)


def test_serve_says_to_allow_the_name_it_is_served_on() -> None:
    shown = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"}).output
    assert "--host" in shown and "SHAREWISE_ALLOWED_HOSTS" in shown
