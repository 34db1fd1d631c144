"""The register's writer: appends from many threads, committed in groups, each caller
answered only after its group's commit, with its own result or its own refusal."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, event, insert
from sqlalchemy.exc import OperationalError

from sharewise.register.canonical import now
from sharewise.register.errors import RecordRejected, rejected
from sharewise.register.store import Register, StoredEntry
from sharewise.register.tables import PersonRow
from sharewise.register.writer import DEADLOCK_RETRIES, WriterClosed
from tests.register.helpers import decision


def waiting(register: Register, count: int) -> None:
    """Wait until `count` units are queued behind the one the writer is running."""
    deadline = time.monotonic() + 30
    while register.writer._queue.qsize() != count:
        assert time.monotonic() < deadline, "the units were never queued"
        time.sleep(0.01)


@contextmanager
def writer_held(register: Register) -> Iterator[threading.Event]:
    """The writer busy with a unit of its own until the event is set, so that what is
    submitted meanwhile queues up and is committed as one group."""
    release, running = threading.Event(), threading.Event()

    def hold(_connection: Connection) -> None:
        running.set()
        release.wait()

    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(register.writer.submit, hold)
        running.wait()
        try:
            yield release
        finally:
            release.set()
            held.result()


def commits(register: Register) -> list[int]:
    """A list that grows by one at each commit on the register's database."""
    seen: list[int] = []
    event.listen(register.engine, "commit", lambda _connection: seen.append(1))
    return seen


def in_threads(pool: ThreadPoolExecutor, *calls: Callable[[], Any]) -> list[Future[Any]]:
    return [pool.submit(call) for call in calls]


def test_concurrent_callers_each_get_their_own_record(area: Register) -> None:
    def record(caller: int) -> tuple[int, StoredEntry]:
        reasons = f"Her father agreed at visit {caller}."
        return caller, area.record_decision(decision(decision={"share": True, "reasons": reasons}))

    before, entries = area.heads()[1].count, area.entry_count()
    with ThreadPoolExecutor(16) as pool:
        answered = list(pool.map(record, range(64)))
    for caller, entry in answered:
        assert entry.body["decision"]["reasons"] == f"Her father agreed at visit {caller}."
        assert area.decision(entry.id).hash == entry.hash
    assert sorted(entry.seq for _, entry in answered) == list(range(before + 1, before + 65))
    report = area.verify()
    assert report.intact, report.problems
    assert report.entries == entries + 64


def test_a_refused_unit_is_raised_to_its_caller_and_the_rest_of_its_group_is_stored(
    area: Register,
) -> None:
    refusal = rejected("person", "refused after writing", "anything else")

    def write_then_refuse(connection: Connection) -> None:
        values = {"organisation_id": 1, "reference": "ZED", "given_name": "Zed"}
        values |= {"family_name": "Ray", "created_at": now()}
        connection.execute(insert(PersonRow.__table__), values)
        raise refusal

    before, entries = area.heads()[1].count, area.entry_count()
    seen = commits(area)
    with ThreadPoolExecutor(3) as pool, writer_held(area) as release:
        first, refused, last = in_threads(
            pool,
            lambda: area.record_decision(decision()),
            lambda: area.writer.submit(write_then_refuse),
            lambda: area.record_decision(decision()),
        )
        waiting(area, 3)
        release.set()
        stored = [first.result(), last.result()]
        with pytest.raises(RecordRejected) as raised:
            refused.result()
    assert raised.value is refusal
    assert len(seen) == 2  # the held unit's commit, then one for the whole group
    assert sorted(entry.seq for entry in stored) == [before + 1, before + 2]
    with pytest.raises(RecordRejected, match="there is no person 'ZED'"):
        area.person("council", "ZED")  # its write went with its savepoint
    report = area.verify()
    assert report.intact, report.problems
    assert report.entries == entries + 2


def test_a_group_whose_commit_fails_acknowledges_nothing_and_stores_nothing(
    area: Register,
) -> None:
    answered: list[StoredEntry] = []
    failure = OperationalError("COMMIT", {}, Exception("disk I/O error"))
    answered_at_commits: list[int] = []

    def fail_the_groups_commit(_connection: Any) -> None:
        answered_at_commits.append(len(answered))
        if len(answered_at_commits) == 2:  # the first is the held unit's
            raise failure

    def record() -> StoredEntry:
        entry = area.record_decision(decision())
        answered.append(entry)
        return entry

    before, entries = area.heads()[1].count, area.entry_count()
    with ThreadPoolExecutor(3) as pool, writer_held(area) as release:
        calls = in_threads(pool, record, record, record)
        waiting(area, 3)
        event.listen(area.engine, "commit", fail_the_groups_commit)
        release.set()
        errors = [call.exception() for call in calls]
    event.remove(area.engine, "commit", fail_the_groups_commit)
    assert answered_at_commits == [0, 0]  # no caller was answered before its commit
    assert errors == [failure] * 3
    assert answered == []
    assert area.entry_count() == entries
    assert area.heads()[1].count == before
    # The writer goes on: the next append is stored where the first was to be.
    assert area.record_decision(decision()).seq == before + 1


def test_closing_the_register_commits_and_answers_everything_queued(
    area: Register, database_url: str
) -> None:
    with ThreadPoolExecutor(4) as pool:
        with writer_held(area) as release:
            calls = in_threads(pool, *[lambda: area.record_decision(decision())] * 3)
            waiting(area, 3)
            closing = pool.submit(area.close)
            release.set()
        closing.result()
        ids = {call.result().id for call in calls}
    with pytest.raises(WriterClosed, match="the register is closed"):
        area.record_decision(decision())
    reopened = Register.open(database_url)
    try:
        assert {entry.id for entry in reopened.iter_decisions()} == ids
        assert reopened.verify().intact
    finally:
        reopened.close()


def test_a_unit_stopped_by_a_deadlock_runs_again_in_the_next_group(area: Register) -> None:
    deadlock = type("Deadlock", (Exception,), {"sqlstate": "40P01"})
    runs: list[int] = []

    def deadlocked_once(connection: Connection) -> str:
        runs.append(1)
        if len(runs) == 1:
            raise OperationalError("SELECT … FOR UPDATE", {}, deadlock())
        return "stored"

    def always_deadlocked(_connection: Connection) -> None:
        runs.append(1)
        raise OperationalError("SELECT … FOR UPDATE", {}, deadlock())

    assert area.writer.submit(deadlocked_once) == "stored"
    assert len(runs) == 2
    runs.clear()
    with pytest.raises(OperationalError):
        area.writer.submit(always_deadlocked)
    assert len(runs) == 1 + DEADLOCK_RETRIES  # then its caller is told
