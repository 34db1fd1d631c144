"""`sharewise interview`: the questions one at a time, then the assessment."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from pydantic import ValidationError
from rich.rule import Rule

from sharewise.cli.output import console, fail, show_assessment
from sharewise.engine import CaseFacts, assess
from sharewise.engine.answers import FactValue, parse_answer
from sharewise.engine.errors import fact_errors
from sharewise.engine.interview import next_interview_question, with_fact
from sharewise.guidance import Question, load_edition


class _Stop(Exception):
    """Input ended before the interview did."""


def _read(prompt: str) -> str:
    try:
        return console.input(prompt).strip()
    except EOFError as error:
        raise _Stop from error


def _show_question(question: Question) -> None:
    console.print(Rule(style="dim"))
    console.print(f"[bold]{question.question}[/]")
    console.print(f"[dim]{question.hint}[/]")
    for number, answer in enumerate(question.answers, 1):
        hint = f" [dim]— {answer.hint}[/]" if answer.hint else ""
        console.print(f"  {number}. {answer.label}{hint}")


def _show_guidance(question: Question) -> None:
    edition = load_edition()
    console.print("[bold]What the guidance says[/]")
    for ref in question.paragraphs:
        citation = edition.cite(ref)
        console.print(f" [bold]{citation.ref}[/] {citation.title}: {citation.summary}")


def _parse(question: Question, text: str) -> FactValue:
    """The answer's value (None: not known), or a ValueError saying what to enter. The
    choices are numbered here; the engine's parser takes the values they stand for."""
    if question.kind in ("number", "text"):
        return parse_answer(question, text)
    choices = question.answers
    if question.kind == "multiple":
        if text in ("0", "none"):
            return parse_answer(question, [])
        picked = [part.strip() for part in text.split(",") if part.strip()]
        if not picked or not all(p.isdigit() and 1 <= int(p) <= len(choices) for p in picked):
            raise ValueError(
                f"Enter numbers from 1 to {len(choices)} separated by commas, "
                "or 0 for none of these"
            )
        return parse_answer(question, [choices[int(p) - 1].value for p in picked])
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return parse_answer(question, choices[int(text) - 1].value)
    raise ValueError(f"Enter a number from 1 to {len(choices)}")


def _ask(question: Question) -> FactValue:
    _show_question(question)
    extra = " (0 for none of these)" if question.kind == "multiple" else ""
    blank = ", blank to skip" if question.kind in ("number", "text") else ""
    while True:
        text = _read(f"Answer{extra} [dim](? for the guidance{blank})[/]: ")
        if text == "?":
            _show_guidance(question)
            continue
        try:
            return _parse(question, text)
        except ValueError as problem:
            console.print(f"[red]{problem}.[/]")


def _run(facts: dict[str, Any]) -> dict[str, Any]:
    asked: set[str] = set()
    warned = False
    while (question := next_interview_question(facts, asked)) is not None:
        value = _ask(question)
        candidate = with_fact(facts, question.fact, value)
        try:
            CaseFacts.model_validate(candidate)
        except ValidationError as error:
            for problem in fact_errors(error):
                console.print(f"[red]{problem}[/]")
            continue
        asked.add(question.fact)
        facts = candidate
        urgent = [] if warned else assess(facts).safeguarding
        if urgent:
            warned = True
            for step in urgent:
                console.print(f"[bold red]Urgent: {step.reason}[/]")
            console.print("[bold red]The questions go on, but do not wait for them.[/]")
    return facts


def register(app: typer.Typer) -> None:
    @app.command("interview")
    def interview(
        save: Annotated[
            Path | None, typer.Option(help="Save the facts to this YAML file without asking.")
        ] = None,
    ) -> None:
        """Answer the questions one at a time; see what the guidance says to do."""
        console.print(
            "[bold]sharewise[/]: one question at a time. Type ? at any question for "
            "what the guidance says."
        )
        try:
            facts = _run({})
        except _Stop:
            console.print("\nThe interview ended before it was complete. Nothing was saved.")
            raise typer.Exit(1) from None
        console.print(Rule("Assessment"))
        show_assessment(assess(facts))
        if save is None:
            try:
                answer = _read("\nSave these facts to a YAML file? Enter a path, or leave blank: ")
            except _Stop:
                answer = ""
            save = Path(answer) if answer else None
        if save is not None:
            try:
                save.write_text(yaml.safe_dump(facts, sort_keys=False), encoding="utf-8")
            except OSError as error:
                fail(f"could not save to {save}: {error.strerror}.")
            console.print(
                f"Saved the facts to {save}. `sharewise assess {save}` assesses them again."
            )
