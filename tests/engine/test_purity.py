"""The engine never asks for the time or the environment: a moment, like every other
fact, is given to it. pyproject.toml's import contract keeps os, time, sys, random,
secrets and locale out of it; `datetime` stays allowed, for the moments it is given,
so this looks for the calls that would ask for the current one."""

from __future__ import annotations

from pathlib import Path

import sharewise.engine

ENGINE = Path(sharewise.engine.__file__).parent
ASKING = (".now(", ".today(", "utcnow(", "os.environ", "getenv(")


def test_the_engine_reads_neither_the_clock_nor_the_environment() -> None:
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(ENGINE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(call in line for call in ASKING)
    ]
    assert found == []
