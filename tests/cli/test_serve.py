"""`sharewise serve`, as the README's run command starts it: a real process, on a port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SHAREWISE = Path(sys.executable).with_name("sharewise")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def test_serve_answers_pages_and_the_api_on_the_port_given(tmp_path: Path) -> None:
    port = _free_port()
    environment = {**os.environ, "SHAREWISE_DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite3'}"}
    server = subprocess.Popen(
        [str(SHAREWISE), "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, page = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"sharewise serve did not start: {server.communicate()[0]}")
                time.sleep(0.2)
        assert status == 200 and "Start a new decision" in page
        status, document = _get(f"http://127.0.0.1:{port}/api/v1/openapi.json")
        assert status == 200 and '"openapi"' in document
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_says_what_is_missing_when_the_front_end_is_not_installed(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "SHAREWISE_DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite3'}",
        "SHAREWISE_FRONTEND": str(tmp_path),
    }
    finished = subprocess.run(
        [str(SHAREWISE), "serve", "--port", str(_free_port())],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 2
    assert "./dev run" in finished.stderr + finished.stdout
    assert "Traceback" not in finished.stderr
