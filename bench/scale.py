"""Lists and figures at scale: the demo's area with a million decisions, then every
filter of the records list, and every figure a manager reads, timed as the pages and the
API ask them.

    .venv/bin/python bench/scale.py [--decisions 1000000] [--postgresql URL] [--rounds 1000]
    .venv/bin/python bench/scale.py --register URL   # time a register seeded already
    .venv/bin/python bench/scale.py --register URL --against random_page_cost=4

Seeds a fresh register (a temporary SQLite file, or a database made on the PostgreSQL
server and dropped after) with `sharewise.register.demo.seed`, printing how long that took
and how big the database is; then times each shape of filter: the first page as the
records page lists it (newest first, as a practitioner of one organisation reads it:
`within` their own), the page after it (by the cursor), the bounded count the records
page shows, and the first page of whole records (as the API and the command line read
them). Prints p50 and p99 of `--rounds` runs of each, in ms, every list's calls in turn
in each round; `--plans` prints each listed page's plan as well. Then the monitoring
figures (all six, one call) of one organisation under each filter, p50 and p99 of
`--figure-rounds` runs. Goals: every page under 5 ms at p99, the figures under 1 s.
`--against NAME=VALUE` times instead each list's first page, count and page of whole
records as the register reads them and with a PostgreSQL setting besides, in turn, in
one run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import Engine, event, text

from sharewise.register.canonical import now
from sharewise.register.database import QueryTimedOut
from sharewise.register.decisions import texts
from sharewise.register.demo import seed
from sharewise.register.filters import DecisionFilters
from sharewise.register.monitoring import MonitoringFilters
from sharewise.register.store import Register
from verify import fresh_postgresql, scratch

ORGANISATION = "riverside-council"
PAGE = 25  # the records page's, as settings.page_size has it
COUNTED_UP_TO = 500  # web/records.py's
console = Console(width=150)
Key = TypeVar("Key")


def shapes() -> dict[str, DecisionFilters]:
    """Each filter alone, and the pairs a manager asks for."""
    today = now().date()
    month = {"since": today - timedelta(days=200), "until": today - timedelta(days=170)}
    return {
        "none": DecisionFilters(),
        "organisation": DecisionFilters(organisation=ORGANISATION),
        "person": DecisionFilters(person="RC-00007"),
        "practitioner": DecisionFilters(practitioner="rc-p2"),
        "outcome": DecisionFilters(outcome="share_without_consent"),
        "shared": DecisionFilters(shared=False),
        "departs": DecisionFilters(departs=True),
        "since–until (a month)": DecisionFilters(**month),
        "since (a year ago)": DecisionFilters(since=today - timedelta(days=365)),
        "outcome + month": DecisionFilters(outcome="share_without_consent", **month),
        "practitioner + departs": DecisionFilters(practitioner="rc-p2", departs=True),
        "outcome + shared": DecisionFilters(outcome="share_without_consent", shared=False),
        "search, common word": DecisionFilters(search="consent"),
        "search, rarer word": DecisionFilters(search="proportionate"),
        # In 1% of the organisation's records (1,461 of 143,000): too sparse for a page
        # among its newest few hundred records, too many to read each.
        "search, word in 1%": DecisionFilters(search="exploitation"),
        # In 3% (4,532): on PostgreSQL, the dearest to count to 500 either way, reading
        # 17,000 records or the trigram index's lists of common trigrams.
        "search, word in 3%": DecisionFilters(search="safeguarding"),
        "search, absent word": DecisionFilters(search="zebra"),
    }


def figure_shapes() -> dict[str, MonitoringFilters]:
    """Each filter of the figures alone, as a manager of the organisation asks."""
    today = now().date()
    return {
        "none (three years, by month)": MonitoringFilters(),
        "since a year ago": MonitoringFilters(since=today - timedelta(days=365)),
        "a month, by day": MonitoringFilters(since=today - timedelta(days=30), period="day"),
        "service": MonitoringFilters(service="early-help-hub"),
        "recipient": MonitoringFilters(recipient="riverside-nhs"),
        "practitioner": MonitoringFilters(practitioner="rc-p2"),
        "practitioner + since a year ago": MonitoringFilters(
            practitioner="rc-p2", since=today - timedelta(days=365)
        ),
    }


def timed(call: Callable[[], Any], rounds: int) -> tuple[float, float]:
    """p50 and p99 of `rounds` calls, in ms (after one call to warm the caches)."""
    call()
    spent = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return p50_p99(spent)


def p50_p99(spent: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(spent, n=100, method="inclusive")
    return cuts[49], cuts[98]


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """The statements run meanwhile, with their parameters: for their plans."""
    seen: list[tuple[str, Any]] = []

    def kept(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", kept)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", kept)


def plan(engine: Engine, statement: str, parameters: Any) -> str:
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE "
    with engine.connect() as connection:
        cursor = connection.exec_driver_sql(explain + statement, parameters)
        rows = cursor.fetchall()
    if engine.dialect.name == "sqlite":
        return "\n".join(f"    {row[-1]}" for row in rows)
    return "\n".join(f"    {row[0]}" for row in rows)


def time_lists(register: Register, rounds: int, plans: bool) -> None:
    """Each list's page, the page after it and its count, every shape's calls in turn in
    each round: a spell in which a shared machine runs slow falls on every shape alike,
    not on the one timed meanwhile."""
    within = frozenset({ORGANISATION})
    table = Table("filter", "matches", "page p50", "page p99", "next p50", "next p99",
                  "count p50", "count p99", "whole p50", "whole p99",
                  title=f"Lists, ms ({rounds} rounds)")  # fmt: skip
    calls: dict[str, dict[str, Callable[[], Any]]] = {}
    matches: dict[str, str] = {}
    for name, filters in shapes().items():
        try:
            calls[name], matches[name] = _list_calls(register, filters, within)
        except QueryTimedOut:  # the register's bound on a statement: past it, no page
            matches[name] = "stopped at the 5 s bound"
        if plans:
            with statements(register.engine) as seen:
                register.listed_decisions(filters, limit=PAGE + 1, within=within)
            console.print(f"[bold]{name}[/]\n{plan(register.engine, *seen[-1])}")
    spent = in_turn(
        {(name, kind): call for name, each in calls.items() for kind, call in each.items()},
        rounds,
    )
    for name in shapes():
        cells = []
        for kind in ("page", "next", "count", "whole"):
            times = spent.get((name, kind))
            cells += [f"{ms:.2f}" for ms in p50_p99(times)] if times else ["", ""]
        table.add_row(name, matches[name], *cells)
    console.print(table)


def in_turn(calls: dict[Key, Callable[[], Any]], rounds: int) -> dict[Key, list[float]]:
    """How long each call took in each of `rounds` rounds, in ms, every call in turn in
    each round, after a round to warm the caches. The progress bar is drawn between
    rounds: drawn by its own thread, ten times a second, it held Python's lock during
    calls being timed (docs/benchmarks.md: the slowest page's p99, 5.07 ms then 4.35)."""
    spent: dict[Key, list[float]] = defaultdict(list)
    columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as bar:
        task = bar.add_task("rounds", total=rounds + 1)
        for _ in range(rounds + 1):
            for key, call in calls.items():
                started = time.perf_counter()
                call()
                spent[key].append((time.perf_counter() - started) * 1000)
            bar.advance(task)
            bar.refresh()
    return {key: times[1:] for key, times in spent.items()}


def _list_calls(
    register: Register, filters: DecisionFilters, within: frozenset[str]
) -> tuple[dict[str, Callable[[], Any]], str]:
    """A list's first page, the page after it (when there is one) and its count, each
    called once to warm the caches; and how many the count found."""
    calls = _calls(register, filters, within)
    first = calls["page"]()
    if len(first) > PAGE:
        after = (first[PAGE - 1].recorded_at, first[PAGE - 1].id)
        calls["next"] = lambda: register.listed_decisions(
            filters, limit=PAGE + 1, before=after, within=within
        )
        calls["next"]()
    counted = calls["count"]()
    return calls, f"more than {COUNTED_UP_TO}" if counted > COUNTED_UP_TO else str(counted)


def compare(register: Register, setting: str, rounds: int) -> None:
    """On PostgreSQL, each list's page and count as the register reads them and with
    `setting` (name=value) on every connection besides, the two timed in turn in one run:
    a ratio a noisy machine does not blur."""
    if register.engine.dialect.name != "postgresql":
        raise SystemExit("--against takes a PostgreSQL register (--register URL)")
    other = Register.open(register.engine.url.render_as_string(hide_password=False))
    name, value = setting.split("=", 1)

    @event.listens_for(other.engine, "do_connect")
    def _set(_dialect: Any, _record: Any, _args: Any, params: dict[str, Any]) -> None:
        params["options"] = f"{params.get('options', '')} -c {name}={value}"

    other.engine.dispose()  # connections made before the setting
    within = frozenset({ORGANISATION})
    table = Table("filter", "page p50 / p99", "with it", "count p50 / p99", "with it",
                  "whole p50 / p99", "with it",
                  title=f"Lists, ms ({rounds} rounds each, in turn), with {setting}")  # fmt: skip
    for shape, filters in shapes().items():
        spent = in_turn(
            {
                (side, kind): call
                for side, reading in enumerate((register, other))
                for kind, call in _calls(reading, filters, within).items()
            },
            rounds,
        )
        cells = []
        for kind in ("page", "count", "whole"):
            for side in (0, 1):
                p50, p99 = p50_p99(spent[side, kind])
                cells.append(f"{p50:.2f} / {p99:.2f}")
        console.print(shape, *cells)
        table.add_row(shape, *cells)
    console.print(table)
    other.close()


def _calls(
    register: Register, filters: DecisionFilters, within: frozenset[str]
) -> dict[str, Callable[[], Any]]:
    """A list's first page and its count, as the records page asks them; and the first
    page of whole records, as the API and the command line read them."""
    return {
        "page": lambda: register.listed_decisions(filters, limit=PAGE + 1, within=within),
        "count": lambda: register.count_decisions(filters, most=COUNTED_UP_TO, within=within),
        "whole": lambda: register.decisions(filters, limit=PAGE + 1, within=within),
    }


@contextmanager
def remembering_nothing() -> Iterator[None]:
    """Each search timed as if first asked: a connection remembers a search in more
    records than a count's bound (or than the index names), and would not ask again.
    (It keeps the ids of the organisations it searched the records of besides, as a
    running register's connections soon have them.)"""
    kept, texts.KEPT = texts.KEPT, 0
    try:
        yield
    finally:
        texts.KEPT = kept


def time_figures(register: Register, rounds: int, plans: bool) -> None:
    table = Table("filter", "p50", "p99", title=f"Figures, all six, ms ({rounds} rounds)")
    for name, filters in figure_shapes().items():
        p50, p99 = timed(lambda f=filters: register.figures(ORGANISATION, f), rounds)
        console.print(name, f"{p50:.0f}", f"{p99:.0f}")
        table.add_row(name, f"{p50:.0f}", f"{p99:.0f}")
        if plans:
            with statements(register.engine) as seen:
                register.figures(ORGANISATION, filters)
            for statement in seen:
                console.print(f"[bold]{name}[/]\n{plan(register.engine, *statement)}")
    console.print(table)


def size(register: Register) -> str:
    with register.engine.connect() as connection:
        if register.engine.dialect.name == "sqlite":
            pages = connection.execute(text("PRAGMA page_count")).scalar_one()
            each = connection.execute(text("PRAGMA page_size")).scalar_one()
            found = pages * each
        else:
            found = connection.execute(
                text("SELECT pg_database_size(current_database())")
            ).scalar_one()
    return f"{found / 2**30:.2f} GiB"


def seeded(url: str, decisions: int) -> Register:
    register = Register.open(url)
    columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    started = time.perf_counter()
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("decisions", total=decisions)
        seed(register, decisions, progress=lambda n: bar.advance(task, n))
    spent = time.perf_counter() - started
    console.print(f"seeded {decisions:,} decisions in {spent:.0f} s; database {size(register)}")
    return register


def run(register: Register, args: argparse.Namespace) -> None:
    try:
        if args.against:
            with remembering_nothing():
                compare(register, args.against, args.rounds)
            return
        if not args.figures_only:
            with remembering_nothing():
                time_lists(register, args.rounds, args.plans)
        time_figures(register, args.figure_rounds, args.plans)
    finally:
        register.close()


def rounds(given: str) -> int:
    """A number of rounds: two at least, for a median and a 99th percentile."""
    if not given.isdigit() or int(given) < 2:
        raise argparse.ArgumentTypeError(f"{given!r}: a whole number of rounds, 2 or more")
    return int(given)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--decisions", type=int, default=1_000_000)
    # The p99 of 1,000 rounds is the tenth slowest: one pause of a shared machine does
    # not make it, as it makes the second slowest of 200.
    parser.add_argument("--rounds", type=rounds, default=1000)
    parser.add_argument("--figure-rounds", type=rounds, default=20)
    parser.add_argument("--figures-only", action="store_true", help="time the figures alone")
    parser.add_argument("--plans", action="store_true", help="print each list's query plan")
    parser.add_argument(
        "--against",
        default=None,
        metavar="NAME=VALUE",
        help="PostgreSQL: time each list as is and with this setting, in turn (no figures)",
    )
    parser.add_argument(
        "--postgresql",
        default=None,
        help="a server URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test",
    )
    parser.add_argument("--register", default=None, help="a register seeded already: its URL")
    args = parser.parse_args()
    if args.register:
        console.print(f"database {size(opened := Register.open(args.register))}")
        run(opened, args)
        return
    if args.postgresql is None:
        with tempfile.TemporaryDirectory(dir=scratch()) as folder:
            console.print("SQLite")
            url = f"sqlite:///{folder}/scale.sqlite3"
            run(seeded(url, args.decisions), args)
        return
    with fresh_postgresql(args.postgresql) as url:
        console.print("PostgreSQL")
        run(seeded(url, args.decisions), args)


if __name__ == "__main__":
    main()
