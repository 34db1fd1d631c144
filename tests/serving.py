"""A `sharewise serve` process on a free port, for the tests that start the real thing."""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


@contextmanager
def serving(sharewise: str, env: Mapping[str, str], cwd: Path | None = None) -> Iterator[str]:
    """`sharewise serve` started and answering: its address, until the block ends."""
    port = free_port()
    # Its output to a file, not a pipe: nobody reads a pipe while it serves, and its
    # access log would fill one and stop it.
    with tempfile.TemporaryFile("w+") as said:
        server = subprocess.Popen(
            [sharewise, "serve", "--port", str(port)],
            cwd=cwd,
            env=dict(env),
            stdout=said,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    get(f"{base}/")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        server.kill()
                        server.wait()
                        said.seek(0)
                        raise AssertionError(
                            f"sharewise serve did not start: {said.read()}"
                        ) from None
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=15)
