"""`verify` against an in-memory SHA-256 chain over the same bytes, in the same run.

    .venv/bin/python bench/verify.py [--decisions 200000] [--postgresql URL | --sqlite]

Seeds a fresh register with the demo, then times (a) `Register.verify`, which reads every
entry from the database and checks its place, its link, its hash, its moment and its seal,
and holds the directory to its entries, and (b) hashing the very same bytes, already in
memory, one after the other, and (c) hashing and sealing them. Goal: verify runs at 25%
or more of the in-memory speed of (b); (c) says what is left once the seals' own cost is
counted on both sides. Also prints how long the demo took to seed.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sharewise.register import chain, seals
from sharewise.register.demo import seed
from sharewise.register.store import Register


def entry_bytes(register: Register) -> list[tuple[bytes, str, int, int]]:
    """Every entry's hashed bytes and its place, in chain order, as verify will meet them."""
    with register.engine.connect() as connection:
        return [
            (chain.hashed(row).bytes(), row[-1], row[0], row[1])
            for row in chain.entries(connection)
        ]


def run(url: str, decisions: int) -> None:
    register = Register.open(url)
    try:
        started = time.perf_counter()
        seed(register, decisions)
        print(f"  demo: {decisions:,} decisions seeded in {time.perf_counter() - started:.0f}s")
        data = entry_bytes(register)
        started = time.perf_counter()
        for item, *_ in data:
            hashlib.sha256(item).hexdigest()
        in_memory = time.perf_counter() - started
        keys = seals.of(register.engine)
        started = time.perf_counter()
        for item, table, organisation, seq in data:
            keys.seal(table, organisation, seq, hashlib.sha256(item).hexdigest())
        sealed_in_memory = time.perf_counter() - started
        started = time.perf_counter()
        report = register.verify()
        verifying = time.perf_counter() - started
        assert report.intact and report.entries == len(data)
        megabytes = sum(len(item) for item, *_ in data) / 1e6
        print(f"  entries: {len(data):,} ({megabytes:,.0f} MB hashed)")
        print(f"  in-memory chain: {len(data) / in_memory:,.0f} entries per second")
        print(f"  in-memory, sealed too: {len(data) / sealed_in_memory:,.0f} entries per second")
        print(f"  verify: {len(data) / verifying:,.0f} entries per second")
        print(f"  verify / in-memory: {in_memory / verifying:.0%} (goal: at least 25%)")
        print(f"  verify / in-memory, sealed too: {sealed_in_memory / verifying:.0%}")
    finally:
        register.close()


def scratch() -> Path:
    """Where a benchmark's database lives while it runs: on disk, ignored by git."""
    folder = Path(__file__).with_name(".work")
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def fresh_postgresql(server_url: str) -> Iterator[str]:
    """A new, empty database on the server at `server_url`, dropped at the end."""
    server = make_url(server_url)
    name = f"sharewise_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--decisions", type=int, default=200_000)
    parser.add_argument(
        "--postgresql",
        default=None,
        help="a server URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test",
    )
    args = parser.parse_args()
    if args.postgresql is None:
        with tempfile.TemporaryDirectory(dir=scratch()) as folder:
            print("SQLite")
            run(f"sqlite:///{folder}/verify.sqlite3", args.decisions)
        return
    with fresh_postgresql(args.postgresql) as url:
        print("PostgreSQL")
        run(url, args.decisions)


if __name__ == "__main__":
    main()
