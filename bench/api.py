"""The API under load, beside a bare FastAPI endpoint in the same run: wrk, with N
connections, POSTs to

- echo: a FastAPI endpoint that hands back the JSON it is sent (bench/echo.py), served
  as `sharewise serve` serves the service;
- assessments: `POST /api/v1/assessments`, facts in, the assessment out, nothing stored;
- decisions: `POST /api/v1/decisions`, each one assessed, checked and appended to the
  register, its reasons a little different each time so that no two records are alike.

    .venv/bin/python bench/api.py [--duration 10] [--connections 32] [--postgresql [URL]]

It starts a real `sharewise serve` on a scratch register (a fresh SQLite file, and with
--postgresql a fresh database on that server too), seeded with an organisation, a
practitioner with an account and a person; the practitioner is the one acting, by an
API token of theirs. It needs `wrk` (Debian: apt-get install wrk). Goals
(docs/benchmarks.md): decisions at 2,000/s or more on SQLite with p99 under 25 ms, at
least 35% of the echo's rate with p99 within 4x its p99; assessments at least 60%.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.appends import LOCAL_POSTGRESQL, fresh_postgresql, prepare, scratch
from tests.accounts import add_account, bearer
from tests.api.helpers import AS_JO, sent
from tests.register.helpers import decision
from tests.serving import free_port, serving

from sharewise.register.store import Register

ROOT = Path(__file__).resolve().parents[1]
LUA = Path(__file__).with_name("api.lua")
MARK = "@N@"  # where api.lua writes a number unique to each request


@dataclass(frozen=True)
class Figures:
    name: str
    rate: float  # requests answered per second
    p50_ms: float
    p99_ms: float
    errors: int  # refused (not 2xx) or failed on the socket, timeouts apart
    timeouts: int


def bodies(folder: Path) -> dict[str, Path]:
    """The bodies wrk sends, each with MARK where a request's own number goes."""
    record = sent(decision())  # as a client sends it: who is acting is the token's account
    record["decision"]["reasons"] += f" (visit {MARK})"
    facts = {**record["facts"], "purpose": f"Early help assessment {MARK}"}
    files = {}
    for name, body in (("decision", record), ("facts", facts)):
        files[name] = folder / f"{name}.json"
        files[name].write_text(json.dumps(body), encoding="utf-8")
    return files


def wrk(
    name: str,
    url: str,
    body: Path,
    headers: dict[str, str],
    args: argparse.Namespace,
    seconds: int,
) -> Figures:
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s",
        f"--timeout={args.timeout}s", "-s", str(LUA), url, "--", str(body),
    ]  # fmt: skip
    for header in headers.items():  # sent to all three, so that each reads the same bytes
        command[1:1] = ["-H", ": ".join(header)]
    said = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in said.splitlines() if line.startswith("RESULT "))
    found = json.loads(line.removeprefix("RESULT "))
    failed = found["connect"] + found["read"] + found["write"] + found["status"]
    return Figures(
        name,
        (found["requests"] - failed) / (found["duration_us"] / 1e6),
        found["p50_us"] / 1000,
        found["p99_us"] / 1000,
        failed,
        found["timeout"],
    )


@contextmanager
def echo_server(env: dict[str, str]) -> Iterator[str]:
    """bench/echo.py on a free port, answering: its address, until the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("echo.py")), str(port)], env=env
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the echo server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=15)


def measure(url: str, args: argparse.Namespace) -> list[Figures]:
    register = Register.open(url)
    try:
        prepare(register)
        add_account(register, "council", AS_JO, practitioner="jo")
        signed_in = bearer(register, AS_JO)
    finally:
        register.close()
    env = {
        **os.environ,
        "SHAREWISE_DATABASE_URL": url,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    sharewise = str(Path(sys.executable).with_name("sharewise"))
    with tempfile.TemporaryDirectory(dir=scratch()) as folder:
        body = bodies(Path(folder))
        with echo_server(env) as echo, serving(sharewise, env) as service:
            targets = [
                ("echo", f"{echo}/echo", body["decision"]),
                ("assessments", f"{service}/api/v1/assessments", body["facts"]),
                ("decisions", f"{service}/api/v1/decisions", body["decision"]),
            ]
            figures = []
            for name, target, sent in targets:
                wrk(name, target, sent, signed_in, args, args.warmup)
                figures.append(wrk(name, target, sent, signed_in, args, args.duration))
    register = Register.open(url)
    try:
        report = register.verify()
    finally:
        register.close()
    if not report.intact:
        raise SystemExit(f"the register does not verify after the run: {report.problems}")
    return figures


def table(backend: str, figures: list[Figures]) -> None:
    echo = figures[0]
    print(f"\n{backend}")
    print(
        "| endpoint | requests/s | p50 ms | p99 ms | errors | timeouts | rate ÷ echo | p99 ÷ echo |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for f in figures:
        print(
            f"| {f.name} | {f.rate:,.0f} | {f.p50_ms:.1f} | {f.p99_ms:.1f} | {f.errors} | "
            f"{f.timeouts} | {f.rate / echo.rate:.0%} | {f.p99_ms / echo.p99_ms:.1f}× |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="Seconds measured, each.")
    parser.add_argument("--warmup", type=int, default=2, help="Seconds before, not measured.")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk's threads.")
    parser.add_argument("--timeout", type=int, default=2, help="wrk's timeout, seconds.")
    parser.add_argument(
        "--postgresql",
        nargs="?",
        const=LOCAL_POSTGRESQL,
        help=f"Also measure on a fresh database at this server (alone: {LOCAL_POSTGRESQL}).",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    with tempfile.TemporaryDirectory(dir=scratch()) as folder:
        table("SQLite", measure(f"sqlite:///{folder}/bench.sqlite3", args))
    if args.postgresql:
        with fresh_postgresql(args.postgresql) as url:
            table("PostgreSQL", measure(url, args))


if __name__ == "__main__":
    main()
