"""A cold `sharewise assess` on one scenario, as a multiple of a cold
`python -c "import pydantic, yaml"`, both timed in the same run.

    .venv/bin/python bench/cli_startup.py [--runs 21] [--scenario scenarios/x.yaml]
    .venv/bin/python bench/cli_startup.py --ladder   # where the command's time goes

Each run is a new process, timed by the wall clock around it, the commands taking turns
so that the machine's other work falls on all of them alike; each command's figure is
the median of its runs. The goal is judged on wall time, what a person waits; the CPU
time the process used (user + system) is printed beside it, as a check that moves less
when the machine is busy. All run on this interpreter, without -I, as the console script
does. Python's bytecode caches are warmed first and then used, as a person's are after
their first run: PYTHONDONTWRITEBYTECODE is dropped from the children's environment,
since with it every module not cached yet would be compiled again on each run.

--ladder times a cold process at each step from the baseline to the whole command, each
importing what the step before did and more, so the difference between two steps is
what the later one adds.

The goal (docs/benchmarks.md) is at most 3x.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 3.0
BASELINE = "import pydantic, yaml"
# Each step imports all that the one before it did, and more.
LADDER = {
    "python, nothing imported": "pass",
    BASELINE: BASELINE,
    "+ pydantic's models, which `import pydantic` defers": "import yaml, pydantic.main",
    "+ the engine (its models)": "import yaml, sharewise.engine",
    "+ typer": "import yaml, sharewise.engine, typer",
    "+ rich, as the CLI prints": "import yaml, sharewise.engine, typer, sharewise.cli.output",
}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """The wall time and the CPU time of one run."""
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start, _cpu() - cpu


def _measure(commands: dict[str, list[str]], runs: int) -> dict[str, list[tuple[float, float]]]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for command in commands.values():
        _time(command, environment)  # writes the bytecode caches a first run would
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_time(command, environment))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--scenario",
        type=Path,
        default=ROOT / "scenarios" / "example-gp-referral-implicit-consent.yaml",
    )
    parser.add_argument("--ladder", action="store_true")
    args = parser.parse_args()
    command = f"sharewise assess {args.scenario.name}"
    sharewise = str(Path(sys.executable).with_name("sharewise"))
    steps = LADDER if args.ladder else {BASELINE: BASELINE}
    commands = {name: [sys.executable, "-c", code] for name, code in steps.items()}
    commands[command] = [sharewise, "assess", str(args.scenario)]
    times = _measure(commands, args.runs)
    wall = {name: statistics.median(w for w, _ in runs) for name, runs in times.items()}
    cpu = {name: statistics.median(c for _, c in runs) for name, runs in times.items()}
    for name, runs in times.items():
        print(
            f"{name}: median {wall[name] * 1000:.0f} ms, {wall[name] / wall[BASELINE]:.2f}x "
            f"(CPU {cpu[name] * 1000:.0f} ms, {cpu[name] / cpu[BASELINE]:.2f}x)"
        )
        print(f"    each run, wall ms: {' '.join(f'{w * 1000:.0f}' for w, _ in runs)}")
        print(f"    each run, CPU ms:  {' '.join(f'{c * 1000:.0f}' for _, c in runs)}")
    ratio = wall[command] / wall[BASELINE]
    verdict = (
        "met" if ratio <= GOAL else f"not met, by {wall[command] - GOAL * wall[BASELINE]:.3f} s"
    )
    print(f"ratio: {ratio:.2f}x (goal: at most {GOAL:g}x, {verdict})")


if __name__ == "__main__":
    main()
