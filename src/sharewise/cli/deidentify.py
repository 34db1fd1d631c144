"""`sharewise deidentify FILE`: a case note de-identified, as `POST /api/v1/deidentify`
does it, from a YAML or JSON file of the same shape (`text`, and `known`)."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.table import Table

from sharewise.advice import deidentify
from sharewise.advice.schemas import CaseNote
from sharewise.cli.casefile import read_document
from sharewise.cli.output import console, fail
from sharewise.engine.errors import fact_errors


def register(app: typer.Typer) -> None:
    @app.command("deidentify")
    def deidentify_command(
        source: Annotated[
            str,
            typer.Argument(
                metavar="FILE|-",
                help="A YAML or JSON file with `text` and, optionally, `known` (what is "
                "held about the person and the people linked to them), or - for standard "
                "input.",
            ),
        ],
        as_json: Annotated[
            bool, typer.Option("--json", help="Print the masked text and spans as JSON.")
        ] = False,
    ) -> None:
        """De-identify a case note before asking for advice (golden rule 3): each
        identifier replaced by a placeholder, and a table of what was masked."""
        try:
            note = CaseNote.model_validate(read_document(source))
        except ValidationError as error:
            fail("the note is not valid:", fact_errors(error, CaseNote))
        masked = deidentify(note.text, note.known)
        if as_json:
            print(masked.model_dump_json(indent=2))
            return
        console.print(masked.text, markup=False, soft_wrap=True)
        table = Table(title="What was masked", title_justify="left")
        for column in ("placeholder", "type", "characters", "text"):
            table.add_column(column)
        for span in masked.spans:
            table.add_row(span.placeholder, span.type, f"{span.start}–{span.end}", span.text)
        console.print()
        console.print(table if masked.spans else "Nothing was masked.")
