"""`sharewise assess` and `sharewise schema`."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from sharewise.cli.casefile import read_facts
from sharewise.cli.output import console, show_assessment
from sharewise.engine import Assessment, CaseFacts, assess


class SchemaOf(StrEnum):
    facts = "facts"
    assessment = "assessment"


def schema_text(of: SchemaOf) -> str:
    model = CaseFacts if of is SchemaOf.facts else Assessment
    return json.dumps(model.model_json_schema(), indent=2) + "\n"


def register(app: typer.Typer) -> None:
    @app.command("assess")
    def assess_command(
        source: Annotated[
            str,
            typer.Argument(
                metavar="FILE|-",
                help="A YAML or JSON case file (or a scenario), or - for standard input.",
            ),
        ],
        as_json: Annotated[
            bool, typer.Option("--json", help="Print the assessment as the contract's JSON.")
        ] = False,
    ) -> None:
        """Assess a case: what the guidance says to do, and why."""
        assessment = assess(read_facts(source))
        if as_json:
            print(assessment.model_dump_json(indent=2))
        else:
            show_assessment(assessment)

    @app.command("schema")
    def schema_command(
        of: Annotated[SchemaOf, typer.Option("--of", help="Which schema.")] = SchemaOf.facts,
    ) -> None:
        """Print the JSON Schema of the case facts (or of an assessment)."""
        console.file.write(schema_text(of))
