"""`sharewise demo`: a synthetic area, so that nobody meets an empty register."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer

from sharewise.cli.output import console, errors, fail
from sharewise.cli.registry import register

if TYPE_CHECKING:
    from sharewise.register.demo import DemoAccounts


def register_commands(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        decisions: Annotated[
            int,
            typer.Option(
                min=1,
                max=10_000_000,
                help="How many decisions, spread over the past three years.",
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

        from sharewise.register.demo import renew_demo_password, seed

        with register() as opened:
            if opened.heads():
                if if_empty:
                    # Only the demo's own register has demo accounts to sign in with.
                    renewed = renew_demo_password(opened)
                    if renewed:
                        show_demo_accounts(renewed, "The demo area is here already. ")
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
            # The de-identification of the advice requests is the faces', not the register's.
            from sharewise.faces.advice import ask_for_the_demo

            advice = ask_for_the_demo(opened, seeded.accounts.accounts) if seeded.accounts else 0
        console.print(
            f"[green]Stored[/] a demo area in {time.perf_counter() - started:.1f}s: "
            f"{seeded.organisations} organisations, {seeded.services} multi-agency services, "
            f"{seeded.practitioners} practitioners, {seeded.people} people, "
            f"{seeded.consents} consent records, {seeded.decisions} decision records and "
            f"{advice} advice requests."
        )
        if seeded.accounts:
            show_demo_accounts(seeded.accounts)


def show_demo_accounts(demo: DemoAccounts, before: str = "") -> None:
    """The demo's accounts and their password, labelled for what they are."""
    usernames: dict[str, list[str]] = {}
    roles = dict.fromkeys(role for account in demo.accounts for role in sorted(account.roles))
    for account in demo.accounts:
        usernames.setdefault(account.organisation, []).append(account.username)
    console.print(
        f"\n[bold yellow]{before}Demo accounts[/], invented, for trying sharewise out only "
        f"(one of each role in each organisation: {', '.join(roles)}):"
    )
    for organisation, theirs in usernames.items():
        console.print(f"  {organisation}: {', '.join(theirs)}", soft_wrap=True)
    console.print("The password of every demo account, new each time the demo starts:")
    typer.echo(demo.password)
