"""`sharewise record`, `sharewise records list|show|export`, `sharewise verify`, `sharewise db`."""

from __future__ import annotations

import functools
import inspect
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args, get_origin

import typer
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from sharewise.cli.casefile import read_document
from sharewise.cli.output import console, errors, fail
from sharewise.cli.registry import ExpectHead, expected, register
from sharewise.engine.assessment import HEADLINES
from sharewise.engine.errors import fact_errors
from sharewise.engine.limits import DEEPEST
from sharewise.register.filters import DecisionFilters

# The register's modules are imported in the commands that use them, so that every other
# command starts without its database libraries.
if TYPE_CHECKING:
    from sharewise.register.entries import StoredEntry

records_app = typer.Typer(
    help="The register of decisions: list, show and export them.", no_args_is_help=True
)
db_app = typer.Typer(help="The register's database.", no_args_is_help=True)


class Format(StrEnum):
    csv = "csv"
    json = "json"


def _option(name: str, field: FieldInfo) -> inspect.Parameter:
    """The option for one of the decision filters, from the filter's own description."""
    kind = next(a for a in get_args(field.annotation) if a is not type(None))
    if kind is bool:
        option = typer.Option(f"--{name}/--not-{name}", help=field.description)
        annotation: Any = Annotated[bool | None, option]
    else:
        choices = get_args(kind) if get_origin(kind) is Literal else ()
        listed = f" One of: {', '.join(choices)}." if choices else ""
        annotation = Annotated[str | None, typer.Option(help=f"{field.description}{listed}")]
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


def filtered(command: Callable[..., None]) -> Callable[..., None]:
    """`command` with an option for each decision filter, handed to it as `filters`: the
    options are DecisionFilters' fields, and it says what is wrong with them."""
    own = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
        for p in inspect.signature(command, eval_str=True).parameters.values()
        if p.name != "filters"
    ]
    names = list(DecisionFilters.model_fields)

    @functools.wraps(command)
    def run(**given: Any) -> None:
        asked = {name: given.pop(name) for name in names}
        try:
            filters = DecisionFilters.model_validate(
                {k: v for k, v in asked.items() if v is not None}
            )
        except ValidationError as error:
            fail("these filters are not allowed:", fact_errors(error, DecisionFilters))
        command(filters=filters, **given)

    parameters = own + [_option(n, f) for n, f in DecisionFilters.model_fields.items()]
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


def show_stored(entry: StoredEntry[Any]) -> None:
    """What was stored, said back after every write."""
    what = "Decision record" if entry.table == "decision_records" else "Consent record"
    console.print(
        f"[green]Stored[/] {what} {entry.id} ({entry.kind}), entry {entry.seq} of "
        f"organisation {entry.organisation_id}'s chain, at {entry.recorded_at}."
    )
    console.print(f"[dim]hash {entry.hash}[/]")


def register_commands(app: typer.Typer) -> None:
    app.add_typer(records_app, name="records")
    app.add_typer(db_app, name="db")

    @app.command("record")
    def record(
        source: Annotated[
            str,
            typer.Argument(
                metavar="FILE|-",
                help="A YAML or JSON file with the facts and the practitioner's decision.",
            ),
        ],
    ) -> None:
        """Record a decision and its reasons (golden rule 7): assessed, checked, chained."""
        document = read_document(source)
        with register() as opened:
            stored = opened.record_decision(document)
        show_stored(stored)
        console.print(
            f"Recommendation: {HEADLINES[stored.outcome or 'incomplete']} The decision: "
            f"{'share' if stored.shared else 'do not share'}."
        )
        if prefilled := stored.record.prefilled_from_consent_register:
            console.print(
                "Pre-filled from the consent register, for you to confirm: " + ", ".join(prefilled)
            )

    @app.command("verify")
    def verify(
        head: Annotated[
            bool,
            typer.Option("--head", help="Print the register's head, to keep outside the system."),
        ] = False,
        expect_head: ExpectHead = None,
    ) -> None:
        """Walk every chain: exit 0 when intact, 1 naming the first bad entry."""
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        from sharewise.register import chain

        expect = expected(expect_head)
        with register() as opened:
            if head:
                print(chain.format_heads(opened.heads()))
                return
            total = opened.entry_count()
            columns = (
                TextColumn("Verifying"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=errors, transient=True) as bar:
                task = bar.add_task("verify", total=total)
                report = opened.verify(expect, lambda n: bar.advance(task, n))
        if report.intact:
            console.print(
                f"[green]Intact:[/] {report.entries} entries in "
                f"{len(report.heads)} chains, each sealed; the directory matches its entries, "
                "and the search's index the decisions."
                + (" Nothing up to the given head has changed." if expect else "")
            )
            return
        errors.print(f"[bold red]Not intact.[/] First bad entry: {report.problems[0]}")
        for problem in report.problems[1:]:
            errors.print(f"  also {problem}")
        raise typer.Exit(1)

    @records_app.command("list")
    @filtered
    def list_records(
        filters: DecisionFilters,
        limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
        offset: Annotated[int, typer.Option(min=0, max=DEEPEST)] = 0,
    ) -> None:
        """Decisions, newest first."""
        from rich.table import Table

        from sharewise.register.export import summary_row

        with register() as opened:
            found = opened.decisions(filters, limit=limit, offset=offset)
        table = Table("Recorded", "Id", "Organisation", "Person", "Outcome", "Decision")
        for entry in found:
            row = summary_row(entry)
            table.add_row(
                row["recorded_at"][:16].replace("T", " "),
                entry.id[:8],
                row["organisation"],
                row["person"] or "—",
                row["outcome"],
                "share" if entry.shared else "not share",
            )
        console.print(table)
        console.print(f"[dim]{len(found)} shown from {offset + 1 if found else offset}.[/]")

    @records_app.command("show")
    def show(record_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
        """One decision record, in full, as stored."""
        from sharewise.register.export import summary_row

        with register() as opened:
            entry = opened.decision(record_id)
        console.print_json(json.dumps({**summary_row(entry), "seq": entry.seq, "body": entry.body}))

    @records_app.command("export")
    @filtered
    def export(
        filters: DecisionFilters,
        format: Annotated[Format, typer.Option("--format")] = Format.csv,
        output: Annotated[
            Path | None, typer.Option(help="A file; standard output if left out.")
        ] = None,
    ) -> None:
        """Export decisions as CSV (a row each) or JSON lines (each record in full)."""
        from sharewise.register.export import EXPORTS

        stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        # `json` here is JSON lines: a decision, in full, a line.
        export = EXPORTS["jsonl" if format is Format.json else "csv"]
        count = 0
        try:
            with register() as opened:
                stream.write(export.header)
                for entry in opened.iter_decisions(filters):
                    stream.write(export.line(entry))
                    count += 1
        finally:
            if output:
                stream.close()
        errors.print(f"Exported {count} decision records.")

    @db_app.command("upgrade")
    def db_upgrade() -> None:
        """Bring the register's database to the newest migration (also done on first use),
        and grant the application's role what it needs when the migrations run as
        another (SHAREWISE_MIGRATION_DATABASE_URL)."""
        with register(upgrade=True) as opened:
            where = opened.engine.url.render_as_string(hide_password=True)
        console.print(f"The register at {where} is up to date.")

    @db_app.command("tidy")
    def db_tidy() -> None:
        """Put the search's index in order after many decisions have been stored (a bulk
        import; monthly on a busy register): on SQLite it is merged into one piece, which
        a search reads faster; on PostgreSQL the rows its trigram indexes keep apart are
        merged in, and its statistics refreshed."""
        with register() as opened:
            opened.tidy()
        console.print("The search's index is in order.")

    @db_app.command("reindex")
    def db_reindex() -> None:
        """Make the search's index anew from the decisions' records, when verify finds it
        changed behind the register's back (run verify first, and keep what it said: the
        change itself is the thing to look into). New decisions wait meanwhile."""
        with register() as opened:
            held = opened.reindex()
        console.print(f"The search's index was made anew from {held:,} decisions' records.")
