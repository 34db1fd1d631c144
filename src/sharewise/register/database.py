"""Where the register lives: the embedded SQLite file by default, PostgreSQL when
SHAREWISE_DATABASE_URL names it (sharewise.settings). Migrations run on first use, as the
role SHAREWISE_MIGRATION_DATABASE_URL names when it is not the application's own: that
role owns the tables, and grants the application's role what it needs (`roles`)."""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, ProgrammingError

from sharewise.register import roles

MIGRATIONS = Path(__file__).with_name("migrations")
# How many SQLite virtual machine steps pass between looks at the clock: about a
# millisecond's work, too few for the look to cost anything measurable.
PROGRESS_STEPS = 100_000
_DEADLINE = "sharewise_deadline"  # where a SQLite connection keeps its statement's deadline
# FTS5's trigram tokenizer (3.34) and a WITH ... AS MATERIALIZED (3.35): the search's.
OLDEST_SQLITE = (3, 35)
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE when statement_timeout stops a statement
# No engine logs its statements, and an error names none of its parameters: they are the
# register's personal data, and errors reach logs (docs/security.md, "Logs").
QUIET = {"echo": False, "hide_parameters": True}


class RegisterUnavailable(Exception):
    """The register cannot be opened: the message says why and what is allowed."""


class QueryTimedOut(Exception):
    """A statement ran past the statement timeout and the database stopped it."""


def _parsed(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise RegisterUnavailable(
            f"{url!r} is not a database URL. Allowed: sqlite:///path/to/file.sqlite3, or "
            "postgresql+psycopg://user@host:port/database"
        ) from None


def create_register_engine(url: str, timeout_ms: int | None) -> Engine:
    """An engine for a SQLite or PostgreSQL URL, set up for the register's needs: no
    statement may run longer than `timeout_ms` (None: as long as it needs, as a
    migration's may, making an index of every record)."""
    parsed = _parsed(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = _sqlite_engine(url, parsed.database, timeout_ms)
    elif backend == "postgresql":
        engine = create_engine(
            parsed.set(drivername="postgresql+psycopg"),
            pool_pre_ping=False,
            # Each statement planned for its values: psycopg prepares a statement run
            # five times, and PostgreSQL may then keep one plan for any values. A
            # search's word may be in most records or in none, and a plan for the one
            # is ten to fifty times slower for the other (reading every record of the
            # organisation for a word in none). A page read at random costs about what
            # one read in order does (PostgreSQL's default takes it to be four times
            # dearer, as of a spinning disk): so judged, a count to 500 of a word in 3%
            # of an organisation's records read 17,000 of them in turn, not the 501 the
            # text index's tree of trigrams names (12 ms, not 1; `decisions.texts`).
            connect_args={
                "options": f"-c statement_timeout={timeout_ms or 0} "
                "-c plan_cache_mode=force_custom_plan -c random_page_cost=1.1"
            },
            **QUIET,
        )
    else:
        raise RegisterUnavailable(
            f"{backend!r} databases are not supported. Allowed: sqlite, postgresql."
        )

    @event.listens_for(engine, "handle_error")
    def _timed_out(context: Any) -> None:
        """A statement stopped by the bound is QueryTimedOut, whichever the database."""
        error = context.original_exception
        if (
            getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT
            or getattr(error, "sqlstate", None) == QUERY_CANCELED
        ):
            raise QueryTimedOut(
                f"the query ran for more than {timeout_ms} ms and was stopped"
            ) from error

    return engine


def _sqlite_engine(url: str, database: str | None, timeout_ms: int | None) -> Engine:
    if sqlite3.sqlite_version_info < OLDEST_SQLITE:
        raise RegisterUnavailable(
            f"this Python's SQLite is {sqlite3.sqlite_version}. Allowed: SQLite "
            f"{'.'.join(map(str, OLDEST_SQLITE))} or newer (the records search's text index "
            "and its plans need it), or a PostgreSQL register"
        )
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30}, **QUIET)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        # The driver's own transaction handling is off, so that `_begin` decides how
        # each transaction starts. WAL lets readers run beside the writer; FULL makes
        # every commit durable before it is acknowledged.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
        if timeout_ms is None:
            return
        # SQLite has no statement_timeout: the progress handler stops any statement
        # still running at the deadline its execution set (below).
        info = record.info
        info[_DEADLINE] = math.inf
        dbapi_connection.set_progress_handler(
            lambda: time.monotonic() > info[_DEADLINE], PROGRESS_STEPS
        )

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Appends take the write lock at BEGIN (BEGIN IMMEDIATE), so two writers can never
        # read the same chain head; everything else reads without blocking them.
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    if timeout_ms is None:
        return engine
    seconds = timeout_ms / 1000

    @event.listens_for(engine, "before_cursor_execute")
    def _start_the_clock(connection: Any, *_args: Any) -> None:
        # Rows fetched later still count: a statement's work goes on while it yields them.
        connection.info[_DEADLINE] = time.monotonic() + seconds

    @event.listens_for(engine, "after_cursor_execute")
    def _streamed(
        connection: Any, _cursor: Any, _sql: Any, _params: Any, context: Any, _many: Any
    ) -> None:
        # A streamed read (verify walks every entry) goes at its reader's pace: only the
        # work to its first row is bounded (on PostgreSQL each fetch is bounded in turn).
        if context.execution_options.get("stream_results"):
            connection.info[_DEADLINE] = math.inf

    return engine


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def is_current(engine: Engine) -> bool:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest migration."""
    command.upgrade(_alembic_config(engine), "head")


def open_engine(
    url: str, timeout_ms: int, migration_url: str | None = None, upgrade_now: bool = False
) -> Engine:
    """An engine on an up-to-date register, migrating it on first use (and, with
    `upgrade_now`, running the migrations and grants even if it is up to date)."""
    engine = create_register_engine(url, timeout_ms)
    try:
        if upgrade_now or not is_current(engine):
            _migrate(engine, migration_url or url)
    except DBAPIError as error:  # unreachable, or a role not yet granted what it needs
        engine.dispose()
        granting = (
            " (`sharewise db upgrade` with SHAREWISE_MIGRATION_DATABASE_URL naming the role "
            "that owns the tables grants the application's role what it needs)"
            if isinstance(error, ProgrammingError)
            else ""
        )
        raise RegisterUnavailable(
            f"the register at {engine.url.render_as_string(hide_password=True)} cannot be "
            f"opened: {str(error.orig).strip()}{granting}"
        ) from None
    except RegisterUnavailable:
        engine.dispose()
        raise
    return engine


def _migrate(engine: Engine, migration_url: str) -> None:
    """Upgrade as the owner, then grant the application's role what it needs. With no
    bound on a statement: a migration may read every record, and a bound would leave a
    large register unable to open."""
    owner_url, app_url = _parsed(migration_url), engine.url
    where = [(u.get_backend_name(), u.host, u.port, u.database) for u in (owner_url, app_url)]
    if where[0] != where[1]:
        raise RegisterUnavailable(
            "SHAREWISE_MIGRATION_DATABASE_URL names another database than the register's "
            f"({owner_url.render_as_string(hide_password=True)}). Allowed: the register's "
            "own database, as the role that owns its tables"
        )
    with unbounded(migration_url) as owner:
        upgrade(owner)
        application = app_url.username
        postgresql = owner.dialect.name == "postgresql"
        if postgresql and application and application != owner_url.username:
            with owner.begin() as connection:
                roles.grant(connection, application)


@contextmanager
def unbounded(url: str) -> Iterator[Engine]:
    """An engine for work that reads every record (a migration, putting the search's
    index in order): no bound on a statement, disposed of after."""
    engine = create_register_engine(url, None)
    try:
        yield engine
    finally:
        engine.dispose()
