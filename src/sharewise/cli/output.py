"""How the CLI shows an assessment and an error: one place, so every command agrees."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from sharewise.engine import Assessment
from sharewise.engine.assessment import HEADLINES
from sharewise.engine.errors import FactError

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

BAD_INPUT = 2  # the exit code for input that is not allowed


def fail(message: str, details: Iterable[FactError | str] = ()) -> NoReturn:
    errors.print(f"[bold red]Error:[/] {message}")
    for detail in details:
        errors.print(f"  • {detail}", soft_wrap=True)
    raise typer.Exit(BAD_INPUT)


def refs(citations: Iterable[str]) -> str:
    return ", ".join(citations)


def show_assessment(assessment: Assessment) -> None:
    if assessment.safeguarding:
        warning = " ".join(f"{s.reason} ({refs(s.citations)})" for s in assessment.safeguarding)
        console.print(
            Panel(
                Text(f"{warning} Do not wait for the rest of this decision.", style="bold"),
                title="Urgent: safeguarding",
                border_style="red",
            )
        )
    headline = HEADLINES[assessment.outcome]
    if assessment.next_question:
        # Imported here: only an unfinished case needs the guidance's own words.
        from sharewise.guidance import load_edition

        question = load_edition(assessment.guidance_edition).question(assessment.next_question)
        headline = f"{headline} Next question ({assessment.next_question}): {question.question}"
    console.print(Panel(Text(headline, style="bold"), title="Recommendation", border_style="blue"))
    if assessment.inform_subject != "not_applicable":
        told = {"yes": "Yes", "no": "No, not for now (see the actions)"}
        console.print(f"[bold]Tell the person:[/] {told[assessment.inform_subject]}")
    if assessment.steps:
        console.print("\n[bold]Why[/]")
        for number, step in enumerate(assessment.steps, 1):
            console.print(f" {number}. {step.reason} [dim]({refs(step.citations)})[/]")
    if assessment.checklist:
        console.print("\n[bold]What to do now[/]")
        for item in assessment.checklist:
            console.print(f" ☐ {item.action} [dim]({refs(item.citations)})[/]")
    console.print(
        f"\n[dim]Guidance edition {assessment.guidance_edition}, engine "
        f"{assessment.engine_version}. `sharewise explain 3.42` shows any paragraph.[/]"
    )
