"""`sharewise governance publish|list`: an organisation's information sharing framework
(4.7-4.8), each document's versions, published from a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from sharewise.cli.output import console, fail
from sharewise.cli.registry import register

KINDS = ("code-of-practice", "procedures", "privacy-notice")


def register_commands(app: typer.Typer) -> None:
    governance_app = typer.Typer(
        help="The organisation's information sharing framework.", no_args_is_help=True
    )
    app.add_typer(governance_app, name="governance")

    @governance_app.command("publish")
    def publish(
        organisation: Annotated[str, typer.Option(help="The organisation's code.")],
        kind: Annotated[str, typer.Option(help=f"One of: {', '.join(KINDS)}.")],
        title: Annotated[str, typer.Option(help="The document's title.")],
        file: Annotated[
            Path, typer.Option(help="The text, in plain text: a blank line between paragraphs.")
        ],
        by: Annotated[str, typer.Option(help="The username of who publishes it.")],
        service: Annotated[
            str | None,
            typer.Option(
                help="A privacy notice's multi-agency service, if not the organisation's."
            ),
        ] = None,
        effective_from: Annotated[
            str | None,
            typer.Option(help="The day it comes into force, like 2027-04-01; today if left out."),
        ] = None,
    ) -> None:
        """Publish a new version of a document: the earlier versions stay as they were."""
        try:
            body = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            fail(f"cannot read {file}: {error}")
        with register() as opened:
            published = opened.publish_document(
                {
                    "organisation": organisation, "kind": kind, "service": service,
                    "title": title, "body": body, "published_by": by,
                    "effective_from": effective_from or date.today().isoformat(),
                }
            )  # fmt: skip
        console.print(
            f"[green]Published[/] version {published.version} of {organisation}'s {kind} "
            f"(id {published.id}), in force from {published.effective_from}."
        )

    @governance_app.command("list")
    def list_documents(
        organisation: Annotated[str, typer.Argument(help="The organisation's code.")],
    ) -> None:
        """Each document of the framework, with the version in force today."""
        with register() as opened:
            shelves = opened.framework(organisation)
        for shelf in shelves:
            about = f" ({shelf.service})" if shelf.service else ""
            now = (
                f"version {shelf.current.version}, {shelf.current.title}, from "
                f"{shelf.current.effective_from}"
                if shelf.current
                else "none in force yet"
            )
            console.print(
                f"{shelf.kind}{about}: {now}; {len(shelf.versions)} version(s)",
                markup=False, highlight=False, soft_wrap=True,
            )  # fmt: skip
        if not shelves:
            console.print(f"{organisation} has published no documents yet.")
