"""`sharewise organisation|service|practitioner|person|purpose add`, `purpose list`: the
register's reference data."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from sharewise.cli.output import console
from sharewise.cli.registry import register
from sharewise.register.sectors import SECTORS

Code = Annotated[str, typer.Argument(help="A short code, e.g. riverside-council.")]
Name = Annotated[str, typer.Argument(help="The name in full.")]


def register_commands(app: typer.Typer) -> None:
    organisation_app = typer.Typer(help="Organisations.", no_args_is_help=True)
    service_app = typer.Typer(help="Multi-agency services.", no_args_is_help=True)
    practitioner_app = typer.Typer(help="Practitioners.", no_args_is_help=True)
    person_app = typer.Typer(help="People whose information may be shared.", no_args_is_help=True)
    app.add_typer(organisation_app, name="organisation")
    app.add_typer(service_app, name="service")
    app.add_typer(practitioner_app, name="practitioner")
    app.add_typer(person_app, name="person")
    purpose_app = typer.Typer(help="The purposes an organisation shares for.", no_args_is_help=True)
    app.add_typer(purpose_app, name="purpose")

    @purpose_app.command("add")
    def add_purpose(
        organisation: Annotated[str, typer.Argument(help="The organisation's code.")],
        name: Annotated[str, typer.Argument(help='The purpose, e.g. "Early help".')],
    ) -> None:
        """Add a purpose to the list an organisation keeps: consents and decisions choose
        from it, so that a consent covers a decision for the same purpose (3.21)."""
        with register() as opened:
            opened.add_purpose(organisation, name)
        console.print(f"[green]Stored[/] purpose {name!r} in {organisation}'s list.")

    @purpose_app.command("list")
    def list_purposes(
        organisation: Annotated[str, typer.Argument(help="The organisation's code.")],
    ) -> None:
        """The purposes an organisation's list holds."""
        with register() as opened:
            names = opened.purposes(organisation)
        for name in names:
            console.print(name, markup=False, highlight=False)
        if not names:
            console.print(f"{organisation} keeps no list of purposes yet.")

    @organisation_app.command("add")
    def add_organisation(
        code: Code,
        name: Name,
        sector: Annotated[str, typer.Option(help=f"One of: {', '.join(SECTORS)}.")],
    ) -> None:
        """Add an organisation, with its own chain of records."""
        with register() as opened:
            stored = opened.add_organisation(code, name, sector)
        console.print(f"[green]Stored[/] organisation {code} (id {stored}): {name}, {sector}.")

    @service_app.command("add")
    def add_service(
        code: Code,
        name: Name,
        member: Annotated[list[str], typer.Option(help="A member organisation's code; repeat.")],
    ) -> None:
        """Add a multi-agency service: consent given to it covers sharing within it (3.19)."""
        with register() as opened:
            stored = opened.add_service(code, name, member)
        console.print(
            f"[green]Stored[/] service {code} (id {stored}): {name}, members {', '.join(member)}."
        )

    @practitioner_app.command("add")
    def add_practitioner(
        organisation: Annotated[str, typer.Argument(help="The organisation's code.")],
        code: Code,
        name: Name,
        role: Annotated[str, typer.Option(help="Their role, e.g. school nurse.")],
    ) -> None:
        """Add a practitioner to an organisation."""
        with register() as opened:
            stored = opened.add_practitioner(organisation, code, name, role)
        console.print(
            f"[green]Stored[/] practitioner {code} (id {stored}) in {organisation}: {name}, {role}."
        )

    @person_app.command("add")
    def add_person(
        organisation: Annotated[str, typer.Argument(help="The organisation's code.")],
        reference: Annotated[str, typer.Argument(help="Its reference for the person.")],
        given_name: Annotated[str, typer.Argument()],
        family_name: Annotated[str, typer.Argument()],
        born: Annotated[
            datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Date of birth, YYYY-MM-DD.")
        ] = None,
    ) -> None:
        """Add a person an organisation holds information about."""
        with register() as opened:
            stored = opened.add_person(
                organisation, reference, given_name, family_name, born.date() if born else None
            )
        console.print(
            f"[green]Stored[/] person {reference} (id {stored}) in {organisation}: "
            f"{given_name} {family_name}."
        )

    @practitioner_app.command("change")
    def change_practitioner(
        organisation: Annotated[str, typer.Argument(help="The organisation's code.")],
        code: Annotated[str, typer.Argument(help="The practitioner's code.")],
        name: Annotated[str | None, typer.Option(help="Their name in full.")] = None,
        role: Annotated[str | None, typer.Option(help="Their role.")] = None,
    ) -> None:
        """Change a practitioner's name or role: an entry in the organisation's chain."""
        given = {"name": name, "role": role}
        with register() as opened:
            changed = opened.change_practitioner(
                organisation, code, {k: v for k, v in given.items() if v is not None}
            )
        _said_changed(f"practitioner {code} in {organisation}", changed)

    @person_app.command("change")
    def change_person(
        organisation: Annotated[str, typer.Argument(help="The organisation's code.")],
        reference: Annotated[str, typer.Argument(help="Its reference for the person.")],
        given_name: Annotated[str | None, typer.Option()] = None,
        family_name: Annotated[str | None, typer.Option()] = None,
        born: Annotated[
            datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Date of birth, YYYY-MM-DD.")
        ] = None,
    ) -> None:
        """Change a person's names or date of birth: an entry in the organisation's chain."""
        given = {"given_name": given_name, "family_name": family_name}
        change: dict[str, object] = {k: v for k, v in given.items() if v is not None}
        if born is not None:
            change["date_of_birth"] = born.date()
        with register() as opened:
            changed = opened.change_person(organisation, reference, change)
        _said_changed(f"person {reference} in {organisation}", changed)


def _said_changed(what: str, changed: list[str]) -> None:
    if changed:
        console.print(f"[green]Stored[/] a change to {what}: {', '.join(changed)}.")
    else:
        console.print(f"Nothing changed: {what} already says so.")
