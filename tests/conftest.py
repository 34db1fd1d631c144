"""Shared test helpers: where things live, and the scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

# Many examples: the engine is fast, and the invariants are the guidance's own.
# No deadline: a shared machine's pauses are not the engine's.
# `pytest --hypothesis-profile=thorough` searches far wider, before a release.
settings.register_profile("sharewise", max_examples=400, deadline=None)
settings.register_profile("thorough", max_examples=20_000, deadline=None)
settings.load_profile("sharewise")

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
GUIDANCE_TEXT = ROOT.parent / "shared" / "spec" / "information-sharing-guidance-2008.md"


def load_scenario(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="session")
def guidance_text() -> str:
    if not GUIDANCE_TEXT.exists():
        pytest.fail(f"the guidance text is expected at {GUIDANCE_TEXT} (../shared beside the repo)")
    return GUIDANCE_TEXT.read_text(encoding="utf-8")
