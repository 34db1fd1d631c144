"""`sharewise demo`: a synthetic area, so that nobody meets an empty register."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from sharewise.cli.output import console, errors, fail
from sharewise.cli.registry import register


def register_commands(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        decisions: Annotated[
            int,
            typer.Option(
                min=0, max=10_000_000, help="How many decisions, spread over the past year."
            ),
        ] = 2_000,
        if_empty: Annotated[
            bool,
            typer.Option("--if-empty", help="Do nothing if the register holds anything already."),
        ] = False,
    ) -> None:
        """Seed an empty register with invented organisations, services, practitioners,
        people, consents and decisions, drawn from the scenarios' mix of cases."""
        # Imported here: only this command needs the seeding code and a progress bar.
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        from sharewise.register.demo import seed

        with register() as opened:
            if opened.heads():
                if if_empty:
                    return
                fail(
                    "the register is not empty: the demo seeds an empty one only. Allowed: "
                    "a new SHAREWISE_DATABASE_URL, or --if-empty to do nothing here."
                )
            started = time.perf_counter()
            columns = (
                TextColumn("Seeding"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=errors, transient=True) as bar:
                task = bar.add_task("decisions", total=decisions)
                seeded = seed(opened, decisions, progress=lambda n: bar.advance(task, n))
        console.print(
            f"[green]Stored[/] a demo area in {time.perf_counter() - started:.1f}s: "
            f"{seeded.organisations} organisations, {seeded.services} multi-agency services, "
            f"{seeded.practitioners} practitioners, {seeded.people} people, "
            f"{seeded.consents} consent records and {seeded.decisions} decision records."
        )
