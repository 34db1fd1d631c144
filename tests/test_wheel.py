"""The wheel, installed with pip's rules into a fresh virtualenv, serves whole pages from
any folder: its front end, scenarios and migrations travel inside it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.serving import get, serving

UV = ["python3", "-m", "uv"]


def _run(*command: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel built from this checkout, pinned by the lock."""
    folder = tmp_path_factory.mktemp("wheel")
    env = {**os.environ, "UV_SYSTEM_CERTS": "1", "UV_PYTHON_DOWNLOADS": "never"}
    _run(*UV, "build", "--wheel", "-o", str(folder / "dist"), env=env)
    (wheel,) = (folder / "dist").glob("sharewise-*.whl")
    venv = folder / "venv"
    _run(*UV, "venv", "--quiet", "--python", "python3", str(venv), env=env)
    python = str(venv / "bin" / "python")
    lock = str(ROOT / "requirements.lock")
    _run(*UV, "pip", "install", "--quiet", "--python", python, "-c", lock, str(wheel), env=env)
    return venv


def test_the_installed_wheel_serves_whole_pages(installed: Path, tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SHAREWISE_FRONTEND", "PYTHONPATH")
    }
    env["SHAREWISE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    sharewise = str(installed / "bin" / "sharewise")
    _run(sharewise, "demo", "--decisions", "5", cwd=tmp_path, env=env)  # scenarios inside
    with serving(sharewise, env, cwd=tmp_path) as base:
        status, home = get(f"{base}/")
        assert status == 200 and b"</html>" in home
        linked = set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', home))
        assert {b"/static/sharewise.css", b"/static/govuk-frontend.min.js"} <= linked
        for path in linked:
            assert get(f"{base}{path.decode()}")[0] == 200, path
        # The monitoring page's charts are drawn by Chart.js, carried inside too.
        assert get(f"{base}/static/chart.umd.min.js")[0] == 200
        _, css = get(f"{base}/static/sharewise.css")
        font = re.search(rb"url\(\"?(/assets/[^\")]+)", css)
        assert font, "the stylesheet asks for GOV.UK Frontend's assets"
        assert get(f"{base}{font[1].decode()}")[0] == 200
        status, docs = get(f"{base}/api/v1/docs")
        assert status == 200
        for path in re.findall(rb'"(/static/swagger-ui[^"]+)"', docs):
            assert get(f"{base}{path.decode()}")[0] == 200, path
        status, guidance = get(f"{base}/guidance")
        assert status == 200 and b"</html>" in guidance
