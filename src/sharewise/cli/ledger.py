"""`sharewise ledger key new|list|retire`, `sharewise ledger seal`: the keys that seal the
ledger, and sealing what was made before seals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sharewise.cli.output import console, errors, fail
from sharewise.cli.registry import ExpectHead, expected, register

ledger_app = typer.Typer(
    help="The ledger's seals: the keys that make them, and sealing old entries.",
    no_args_is_help=True,
)
key_app = typer.Typer(
    help="The keys that seal the ledger, kept outside the database.", no_args_is_help=True
)
ledger_app.add_typer(key_app, name="key")


def register_commands(app: typer.Typer) -> None:
    app.add_typer(ledger_app, name="ledger")


def _keys_file() -> Path:
    from sharewise.settings import SettingsInvalid, current

    try:
        return current().ledger_keys
    except SettingsInvalid as error:
        fail(str(error))


@key_app.command("new")
def new_key() -> None:
    """Add a key: it seals every entry from when sharewise next starts. The older keys
    stay in the file, to check what they sealed."""
    from sharewise.register import seals

    path = _keys_file()
    try:
        key = seals.add_key(path)
    except seals.KeysUnavailable as error:
        fail(str(error))
    console.print(
        f"[green]Added[/] key {key.id} to {path}. It seals new entries once sharewise is "
        "started again. Back the keys file up now, apart from the database."
    )


@key_app.command("list")
def list_keys() -> None:
    """The keys' ids and when each was made (never the keys themselves)."""
    from sharewise.register import seals

    path = _keys_file()
    try:
        ring = seals.load(path)
    except seals.KeysUnavailable as error:
        fail(str(error))
    for key in ring.keys:
        sealing = " (seals new entries)" if key is ring.sealing else ""
        console.print(f"{key.id}  made {key.created}{sealing}")


@key_app.command("retire")
def retire_key(key_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Remove an older key, once no entry is sealed with it (`sharewise ledger seal
    --again` re-seals them all under the newest)."""
    from sharewise.register import seals

    with register() as opened:
        try:
            opened.retire_key(key_id)
        except seals.KeysUnavailable as error:
            fail(str(error))
    console.print(f"[green]Retired[/] key {key_id}: no entry needs it.")


@ledger_app.command("seal")
def seal(
    again: Annotated[
        bool,
        typer.Option("--again", help="Re-seal every entry under the newest key."),
    ] = False,
    expect_head: ExpectHead = None,
) -> None:
    """Seal the entries made before seals, and record the directory's rows made before
    it was in the ledger, once the register verifies but for those. Run it once, after
    upgrading: at any other time an entry without a seal was added behind the register's
    back."""
    from sharewise.register.sealing import NotIntact

    with register() as opened:
        try:
            sealed = opened.seal(expected(expect_head), again)
        except NotIntact as refused:
            problems = [p for p in refused.report.problems if not p.before_seals]
            errors.print(f"[bold red]Not sealed:[/] the register does not verify: {problems[0]}")
            for problem in problems[1:]:
                errors.print(f"  also {problem}")
            raise typer.Exit(1) from None
    console.print(
        f"[green]Sealed[/] {sealed.entries} entries with key {sealed.key}, and recorded "
        f"{sealed.found} rows of the directory as found. `sharewise verify` checks them."
    )
