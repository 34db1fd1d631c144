"""Writers at once never fork a chain; a writer killed mid-stream loses nothing it had
acknowledged."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys

from sharewise.register.store import Register
from tests.conftest import ROOT
from tests.register.writers import append

WRITERS, EACH = 4, 40


def test_concurrent_writers_keep_the_chain_whole_and_the_count_exact(
    area: Register, database_url: str
) -> None:
    before, entries = area.heads()[1].count, area.entry_count()
    with multiprocessing.get_context("spawn").Pool(WRITERS) as pool:
        written = pool.starmap(append, [(database_url, EACH)] * WRITERS)
    ids = [i for batch in written for i in batch]
    assert len(set(ids)) == WRITERS * EACH
    report = area.verify()
    assert report.intact, report.problems
    council = area.heads()[1]
    assert council.count - before == WRITERS * EACH == report.entries - entries
    decided = {d.seq for d in area.iter_decisions()}
    assert decided == set(range(before + 1, before + WRITERS * EACH + 1))


def test_a_writer_killed_mid_stream_loses_nothing_acknowledged(
    area: Register, database_url: str
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.register.writers", database_url, "100000"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
    )
    assert writer.stdout is not None
    acknowledged = [writer.stdout.readline().strip() for _ in range(60)]
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    acknowledged += [line.strip() for line in writer.stdout if line.strip()]
    for record_id in acknowledged:
        assert area.decision(record_id).id == record_id
    report = area.verify()
    assert report.intact, report.problems
    assert report.entries >= len(acknowledged)
