"""`sharewise explain` and `sharewise rules`: the guidance itself."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from sharewise.cli.output import console, fail
from sharewise.guidance import UnknownCitation, load_edition


def register(app: typer.Typer) -> None:
    @app.command("explain")
    def explain(
        ref: Annotated[
            str,
            typer.Argument(
                metavar="PARA",
                help="A paragraph (3.42), a golden "
                "rule (GR3), a key question (Q4), 'flowchart', or a "
                "glossary term ('serious harm').",
            ),
        ],
    ) -> None:
        """Explain a paragraph, rule, question or term of the guidance, in brief."""
        edition = load_edition()
        try:
            citation = edition.cite(ref)
        except UnknownCitation as error:
            term = edition.term(ref)
            if term is None:
                fail(str(error))
            console.print(f"[bold]{term.term}[/] [dim](glossary)[/]\n{term.definition}")
            if term.paragraphs:
                console.print(f"[dim]See {', '.join(term.paragraphs)}.[/]")
            return
        console.print(f"[bold]{citation.ref} {citation.title}[/]\n[dim]{citation.context}[/]")
        console.print(citation.summary)
        related = {
            "golden_rule": edition.golden_rules.get(citation.ref),
            "key_question": edition.key_questions.get(citation.ref),
        }.get(citation.kind)
        if related is not None:
            console.print(f"[dim]See {', '.join(related.paragraphs)}.[/]")

    @app.command("rules")
    def rules() -> None:
        """The seven golden rules, and the seven key questions."""
        edition = load_edition()
        table = Table(title="Seven golden rules for information sharing", show_lines=True)
        table.add_column("Rule")
        table.add_column("In short")
        for rule in edition.golden_rules.values():
            table.add_row(f"{rule.number}. {rule.title}", rule.summary)
        console.print(table)
        questions = Table(title="Seven key questions", show_lines=True)
        questions.add_column("Question")
        questions.add_column("Paragraphs")
        for question in edition.key_questions.values():
            questions.add_row(
                f"{question.number}. {question.question}", ", ".join(question.paragraphs)
            )
        console.print(questions)
