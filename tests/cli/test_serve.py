"""`sharewise serve`, as the README's run command starts it: a real process, on a port."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
