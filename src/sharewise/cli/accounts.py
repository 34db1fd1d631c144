"""`sharewise admin create|list|disable` and `sharewise token create|list|revoke`: who may
sign in, and the API tokens that act for them."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from sharewise.cli.output import console, fail
from sharewise.cli.registry import register

if TYPE_CHECKING:
    from sharewise.register.accounts.schemas import Account, Token

# Written out, not imported: `--help` loads no register library.
ROLES = "practitioner, advisor, manager, auditor, admin"
Username = Annotated[str, typer.Option(help="The user's username, like jo.smith.")]


def register_commands(app: typer.Typer) -> None:
    admin_app = typer.Typer(help="The users who may sign in.", no_args_is_help=True)
    token_app = typer.Typer(help="API tokens, acting for a user.", no_args_is_help=True)
    app.add_typer(admin_app, name="admin")
    app.add_typer(token_app, name="token")

    @admin_app.command("create")
    def create(
        organisation: Annotated[str, typer.Option(help="Their organisation's code.")],
        username: Username,
        role: Annotated[
            list[str] | None,
            typer.Option(help=f"A role, repeated for more: {ROLES}."),
        ] = None,
        service: Annotated[
            list[str] | None,
            typer.Option(help="A multi-agency service they work in, of their organisation's."),
        ] = None,
        practitioner: Annotated[
            str | None,
            typer.Option(
                help="Their practitioner record's code in the organisation: needed for a "
                "practitioner or an advisor, who record in its name."
            ),
        ] = None,
        password_stdin: Annotated[
            bool,
            typer.Option(
                "--password-stdin",
                help="Read their password from standard input instead of making a "
                "one-time password.",
            ),
        ] = False,
    ) -> None:
        """Add a user. Prints a one-time password, which they must change when they first
        sign in; or takes the password given on standard input (--password-stdin)."""
        password = _read_password() if password_stdin else None
        with register() as opened:
            account, one_time = opened.accounts.add_user(
                organisation,
                username,
                role or [],
                services=service or [],
                practitioner=practitioner,
                password=password,
            )
        console.print(f"[green]Stored[/] user {_described(account)}.")
        if one_time is None:
            console.print("Their password is the one given.")
            return
        console.print(
            "One-time password, to give them; they must change it when they first sign in:"
        )
        typer.echo(one_time)

    @admin_app.command("list")
    def list_users(
        organisation: Annotated[
            str | None, typer.Option(help="Only this organisation's users.")
        ] = None,
    ) -> None:
        """The users, by organisation, with their roles and whether they may sign in."""
        with register() as opened:
            found = opened.accounts.users(organisation)
        if not found:
            console.print("No users yet. `sharewise admin create` adds one.")
            return
        for account in found:
            console.print(f"{_described(account)}: {_state(account)}", soft_wrap=True)

    @admin_app.command("change")
    def change(
        username: Username,
        role: Annotated[
            list[str] | None,
            typer.Option(help=f"Their roles from now on, repeated for more: {ROLES}."),
        ] = None,
        service: Annotated[
            list[str] | None,
            typer.Option(help="The services they work in from now on, repeated for more."),
        ] = None,
        no_services: Annotated[
            bool, typer.Option("--no-services", help="They work in no service from now on.")
        ] = False,
        practitioner: Annotated[
            str | None, typer.Option(help="The practitioner record they act as from now on.")
        ] = None,
    ) -> None:
        """Change what a user may do: what is given replaces what they had, the rest
        stays. The change is an entry in the ledger; it applies to their next request."""
        if service and no_services:
            raise typer.BadParameter("give --service or --no-services, not both")
        with register() as opened:
            account = opened.accounts.change_user(
                username,
                roles=role or None,
                services=[] if no_services else (service or None),
                practitioner=practitioner,
            )
        console.print(f"[green]Changed[/] user {_described(account)}.")

    @admin_app.command("reset-password")
    def reset_password(username: Username) -> None:
        """Give a user who lost their password a new one-time password, which they must
        change when they sign in. Their sessions end; their API tokens stay."""
        with register() as opened:
            account, one_time = opened.accounts.reset_password(username)
        console.print(f"[green]New password[/] for {_described(account)}; their sessions ended.")
        console.print(
            "One-time password, to give them; they must change it when they next sign in:"
        )
        typer.echo(one_time)

    @admin_app.command("disable")
    def disable(username: Username) -> None:
        """Stop a user signing in: their sessions end and their API tokens are revoked."""
        with register() as opened:
            sessions, tokens = opened.accounts.disable(username)
        console.print(
            f"[green]Disabled[/] {username}: {_count(sessions, 'session')} ended, "
            f"{_count(tokens, 'API token')} revoked."
        )

    @token_app.command("create")
    def create_token(
        username: Username,
        name: Annotated[
            str | None, typer.Option(help="A label, to tell the token from others.")
        ] = None,
        expires_in_days: Annotated[
            int | None,
            typer.Option(min=1, max=366, help="Days until it expires (SHAREWISE_TOKEN_DAYS)."),
        ] = None,
    ) -> None:
        """A new API token for a user, acting within their organisation and roles. It is
        printed once, on the last line: keep it secret."""
        from datetime import timedelta

        lifetime = timedelta(days=expires_in_days) if expires_in_days else None
        with register() as opened:
            token, listed = opened.accounts.create_token(username, name, lifetime)
        console.print(
            f"[green]Stored[/] API token {listed.id} for {listed.username}"
            + (f" ({listed.name})" if listed.name else "")
            + f", expiring {listed.expires_at:%Y-%m-%d %H:%M} UTC."
        )
        console.print(
            "It is shown only this once: keep it secret, and send it as "
            "`Authorization: Bearer TOKEN`."
        )
        typer.echo(token)

    @token_app.command("list")
    def list_tokens(username: Username) -> None:
        """A user's API tokens, newest first: never the tokens themselves."""
        with register() as opened:
            found = opened.accounts.tokens(username)
        if not found:
            console.print(f"{username} has no API tokens.")
            return
        table = Table("Id", "Name", "Created", "Expires", "Revoked")
        for token in found:
            table.add_row(
                token.id,
                token.name or "",
                f"{token.created_at:%Y-%m-%d %H:%M}",
                f"{token.expires_at:%Y-%m-%d %H:%M}",
                f"{token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "",
            )
        console.print(table)

    @token_app.command("revoke")
    def revoke(
        token_id: Annotated[
            str | None,
            typer.Argument(metavar="[TOKEN_ID]", help="The token's id, as `token list` shows."),
        ] = None,
        username: Annotated[str | None, typer.Option(help="With --name: whose token.")] = None,
        name: Annotated[str | None, typer.Option(help="With --username: the token's name.")] = None,
    ) -> None:
        """Revoke an API token, by its id or by its user and name. It stops working at once."""
        if not token_id and not (username and name):
            fail(
                "no token is named. Allowed: a token's id (`sharewise token list --username "
                "NAME` shows them), or --username and --name."
            )
        with register() as opened:
            revoked = opened.accounts.revoke_token(token_id, username=username, name=name)
        if not revoked:
            console.print("That token was revoked already.")
        for token in revoked:
            console.print(f"[green]Revoked[/] API token {_token(token)}.")


def _read_password() -> str:
    """The password on standard input, less the line's end; asked for, unseen, at a
    terminal."""
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    text = sys.stdin.read()
    return text.removesuffix("\n").removesuffix("\r")


def _described(account: Account) -> str:
    said = f"{account.username} in {account.organisation}, {', '.join(sorted(account.roles))}"
    if account.services:
        said += f"; services {', '.join(sorted(account.services))}"
    if account.practitioner:
        said += f"; acting as practitioner {account.practitioner}"
    return said


def _state(account: Account) -> str:
    if account.disabled:
        return "disabled"
    state = "must change password" if account.must_change_password else "in use"
    return f"{state}, demo" if account.demo else state


def _token(token: Token) -> str:
    return f"{token.id} of {token.username}" + (f" ({token.name})" if token.name else "")


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"
