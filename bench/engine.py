"""Assessments per second over the scenarios, from JSON text to Assessment (validation
included), as a multiple of `json.loads` on the same texts in the same run.

    .venv/bin/python bench/engine.py [--rounds 7] [--repeat 200]

The goal (docs/benchmarks.md) is at most 5x the time of json.loads.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from sharewise import CaseFacts, assess

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))


def _texts() -> list[str]:
    return [
        json.dumps(yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]) for path in SCENARIOS
    ]


def _best(work: Callable[[], object], rounds: int) -> float:
    """The fastest of several rounds: the least disturbed by the machine's other work."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    texts = _texts() * args.repeat

    def parse_only() -> None:
        for text in texts:
            json.loads(text)

    def assess_all() -> None:
        for text in texts:
            assess(CaseFacts.model_validate_json(text))

    assess_all()  # warm caches before timing either
    loads = _best(parse_only, args.rounds)
    engine = _best(assess_all, args.rounds)
    count = len(texts)
    print(f"scenarios: {len(SCENARIOS)}, assessments per round: {count}")
    print(f"json.loads: {count / loads:,.0f} per second")
    print(f"JSON text to Assessment: {count / engine:,.0f} per second")
    print(f"ratio (assessment time / json.loads time): {engine / loads:.2f}x (goal: at most 5x)")


if __name__ == "__main__":
    main()
