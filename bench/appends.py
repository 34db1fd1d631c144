"""Durable appends per second, by one writer, each append its own committed transaction:

- chain appends: one ledger entry appended to an organisation's chain and committed;
- recorded decisions: the whole of `Register.record_decision` (the input validated, the
  facts assessed, the record checked, appended and committed).

    .venv/bin/python bench/appends.py [--count 3000] [--postgresql URL, or '' for SQLite only]

SQLite runs on a fresh file with synchronous=FULL (every commit reaches the disk before
it returns); PostgreSQL on a fresh database at URL's server (default: the local one).
Goals (docs/benchmarks.md): 2,000/s on SQLite, 1,000/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.verify import fresh_postgresql, scratch
from tests.register.helpers import decision

from sharewise.register import chain
from sharewise.register.canonical import canonical, instant, now
from sharewise.register.store import Register

LOCAL_POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def prepare(register: Register) -> None:
    register.add_organisation("council", "Riverside Council", "local_authority")
    register.add_organisation("trust", "Riverside NHS Trust", "health")
    register.add_service("early-help", "Early Help Hub", ["council", "trust"])
    register.add_practitioner("council", "jo", "Jo Smith", "Family support worker")
    register.add_person("council", "AMY", "Amy", "Brown")


def measure(url: str, count: int) -> tuple[float, float]:
    """(chain appends per second, recorded decisions per second) on a fresh register."""
    register = Register.open(url)
    try:
        prepare(register)
        document = decision()
        entry = register.record_decision(document)
        template = {
            "recorded_by": None,
            "person_id": None,
            "refers_to": None,
            "kind": "decision",
            "outcome": entry.outcome,
            "shared": 1,
            "urgent_safeguarding": 0,
            "departs_from_recommendation": 0,
            "body": canonical(entry.body),
        }

        def one_append() -> None:
            with register.writing() as connection, connection.begin():
                chain.append(
                    connection,
                    "decision_records",
                    entry.organisation_id,
                    [{**template, "id": str(uuid.uuid4()), "recorded_at": instant(now())}],
                )

        rates = []
        for work in (one_append, lambda: register.record_decision(document)):
            for _ in range(50):  # warm up
                work()
            started = time.perf_counter()
            for _ in range(count):
                work()
            rates.append(count / (time.perf_counter() - started))
        assert register.verify().intact
        return rates[0], rates[1]
    finally:
        register.close()


def report(name: str, rates: tuple[float, float], goal: str) -> None:
    print(
        f"{name}: {rates[0]:,.0f} chain appends per second (goal: {goal}); "
        f"{rates[1]:,.0f} recorded decisions per second"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument(
        "--postgresql", default=LOCAL_POSTGRESQL, help="The server's URL; empty: SQLite only."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=scratch()) as folder:
        report("SQLite", measure(f"sqlite:///{folder}/bench.sqlite3", args.count), "2,000")
    if not args.postgresql:
        return
    with fresh_postgresql(args.postgresql) as url:
        report("PostgreSQL", measure(url, args.count), "1,000")


if __name__ == "__main__":
    main()
