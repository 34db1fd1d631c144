"""What the access log costs a read: `GET /api/v1/decisions/{id}` in process, timed with
the log's entry written (as served) and with `Register.record_read` made a no-op (as
before the log), in alternating runs, on SQLite and, given `--postgresql URL` (a server
whose `postgres` database may create one), on PostgreSQL. The figures are in
docs/benchmarks.md, "The access log".

    .venv/bin/python bench/access_log.py [--reads 500] [--postgresql URL]
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import tests.conftest as shared
from fastapi.testclient import TestClient
from tests.accounts import add_account, bearer
from tests.register.helpers import decision

from sharewise.api import create_api
from sharewise.register.store import Register


def timed(url: str, reads: int, runs: int = 5) -> dict[str, list[float]]:
    """Milliseconds a read, each run, with the log and without."""
    register = Register.open(url)
    inspect.unwrap(shared.area)(register)
    add_account(register, "council", "jo.smith", practitioner="jo")
    record = register.record_decision(decision()).id
    client = TestClient(create_api(register), headers=bearer(register, "jo.smith"))
    logging = Register.record_read

    def run() -> float:
        started = time.perf_counter()
        for _ in range(reads):
            assert client.get(f"/decisions/{record}").status_code == 200
        return (time.perf_counter() - started) / reads * 1000

    run()  # warm
    found: dict[str, list[float]] = {"without the log": [], "with the log": []}
    try:
        for _ in range(runs):
            Register.record_read = lambda _self, _reading: None  # type: ignore[method-assign]
            found["without the log"].append(run())
            Register.record_read = logging  # type: ignore[method-assign]
            found["with the log"].append(run())
    finally:
        Register.record_read = logging  # type: ignore[method-assign]
        register.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=500)
    parser.add_argument("--postgresql", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    os.environ["SHAREWISE_LEDGER_KEY_FILE"] = str(folder / "ledger-keys.json")
    with contextlib.ExitStack() as stack:
        urls = {"SQLite": f"sqlite:///{folder / 'bench.sqlite3'}"}
        if args.postgresql:
            shared.TEST_DATABASE_URL = args.postgresql
            urls["PostgreSQL"] = stack.enter_context(shared.postgres_database("bench"))
        for name, url in urls.items():
            for what, runs in timed(url, args.reads).items():
                shown = " · ".join(f"{ms:.2f}" for ms in runs)
                print(f"| {name} | {what} | {shown} | {statistics.median(runs):.2f} |")


if __name__ == "__main__":
    main()
