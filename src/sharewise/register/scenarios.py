"""Where the scenario library is: packaged with sharewise (hatch_build.py), or beside
the source in a checkout. The demo draws its cases from it, and training its examples."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def scenario_dir() -> Path:
    """The scenarios: packaged with sharewise, or beside the source in a checkout."""
    packaged = Path(str(resources.files("sharewise"))) / "scenarios"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "scenarios"
