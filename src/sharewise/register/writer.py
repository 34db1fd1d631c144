"""One writer per register: every append goes through it, and it commits them in groups.

A transaction a request, each fighting for SQLite's one write lock, queues the requests
on the lock and pays a durable commit for each. Here the requests queue on the writer
instead. It takes all the work waiting (up to `GROUP`), runs each unit in a SAVEPOINT
of its own inside one transaction, commits once, and only then answers each caller:
with its result, or with the exception its unit raised. A unit refused (RecordRejected,
or any other error) is rolled back alone; the others in its group are stored. If the
commit fails, no unit of the group was stored, and every caller that was to be stored
gets the commit's error.

On PostgreSQL several processes may each have a writer: `chain.append` locks a chain's
head (FOR UPDATE) until the commit, so chains never fork. A group may append to several
chains, so two processes can deadlock on two heads; PostgreSQL then stops one statement,
and that unit runs again in the next group, after the commit has let the other go.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

T = TypeVar("T")

GROUP = 64  # units a commit at most: a bound on how long the first caller waits
DEADLOCK_RETRIES = 3
_DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE when it breaks a deadlock


class WriterClosed(Exception):
    """The register was closed: it takes no more appends."""


@dataclass
class _Unit:
    work: Callable[[Connection], Any]
    answer: Future[Any] = field(default_factory=Future)
    deadlocks: int = 0


_STOP = object()  # queued by close(), after every unit queued before it


class Writer:
    """Appends to one register's database, in groups, from one thread of its own."""

    def __init__(self, engine: Engine, group: int = GROUP) -> None:
        self._engine = engine
        self._group = group
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in a write transaction and return what it returned once that
        transaction has committed, or raise what it raised (nothing of it is stored)."""
        unit = _Unit(work)
        with self._lock:
            if self._closed:
                raise WriterClosed("the register is closed: it takes no more records")
            if self._thread is None:  # started on first use: most commands never write
                self._thread = threading.Thread(target=self._run, name="register-writer")
                self._thread.daemon = True
                self._thread.start()
            self._queue.put(unit)
        result: T = unit.answer.result()
        return result

    def close(self) -> None:
        """Take no more work, finish (and commit) all that is queued, then stop."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            self._queue.put(_STOP)
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        group: list[_Unit] = []  # at the top of a loop: the units a deadlock stopped
        stopping = False
        while group or not stopping:
            # Wait for work only when there is none; then take all that waits.
            while not stopping and len(group) < self._group:
                try:
                    item = self._queue.get(block=not group)
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                else:
                    group.append(item)
            if group:
                group = self._commit(group)

    def _commit(self, group: list[_Unit]) -> list[_Unit]:
        """Run and commit one group, then answer each unit; the units a deadlock stopped
        are handed back, unanswered, to run again."""
        results: dict[int, Any] = {}
        errors: dict[int, BaseException] = {}
        retry: list[_Unit] = []
        try:
            with (
                self._engine.connect().execution_options(write=True) as connection,
                connection.begin(),
            ):
                # SAVEPOINTs sent to the driver as they are: SQLAlchemy's own compiles
                # each one afresh, which cost a quarter of an append.
                cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
                for index, unit in enumerate(group):
                    cursor.execute("SAVEPOINT unit")
                    try:
                        results[index] = unit.work(connection)
                        cursor.execute("RELEASE SAVEPOINT unit")
                    except Exception as error:
                        cursor.execute("ROLLBACK TO SAVEPOINT unit")
                        if _deadlocked(error) and unit.deadlocks < DEADLOCK_RETRIES:
                            unit.deadlocks += 1
                            retry.append(unit)
                        else:
                            errors[index] = error
        except Exception as error:
            # Not committed, so nothing of the group is stored: each unit that was to
            # be stored gets the commit's error; a refusal stands as it was.
            for index, unit in enumerate(group):
                unit.answer.set_exception(errors.get(index, error))
            return []
        for index, unit in enumerate(group):
            if index in errors:
                unit.answer.set_exception(errors[index])
            elif index in results:
                unit.answer.set_result(results[index])
        return retry


def _deadlocked(error: Exception) -> bool:
    return isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) == _DEADLOCK
