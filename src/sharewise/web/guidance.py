"""The guidance in pages: the seven golden rules, a one-page pocket guide, and every
paragraph, golden rule and key question that an answer cites, at its own address."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sharewise.guidance import UnknownCitation, load_edition
from sharewise.web.pages import NotFound, render

router = APIRouter(prefix="/guidance")


@router.get("")
def golden_rules(request: Request) -> Response:
    return render(
        request, "guidance/golden_rules.html", "The seven golden rules", section="guidance"
    )


@router.get("/pocket-guide")
def pocket_guide(request: Request) -> Response:
    return render(
        request,
        "guidance/pocket_guide.html",
        "Information sharing: a pocket guide",
        section="guidance",
    )


@router.get("/{ref}")
def citation(request: Request, ref: str) -> Response:
    edition = load_edition()
    try:
        cited = edition.cite(ref)
    except UnknownCitation:
        raise NotFound(
            "Paragraph not found",
            f"{ref} is not a paragraph, golden rule or key question of the guidance.",
        ) from None
    numbers = list(edition.paragraphs)
    previous = following = None
    if cited.kind == "paragraph":
        at = numbers.index(cited.ref)
        previous = numbers[at - 1] if at > 0 else None
        following = numbers[at + 1] if at + 1 < len(numbers) else None
    expands: list[str] = []
    if cited.kind in ("golden_rule", "key_question"):
        entries = edition.golden_rules if cited.kind == "golden_rule" else edition.key_questions
        expands = entries[cited.ref].paragraphs
    return render(
        request,
        "guidance/citation.html",
        f"{cited.ref}: {cited.title}" if cited.kind == "paragraph" else cited.title,
        section="guidance",
        cited=cited,
        expands=expands,
        previous=previous,
        next=following,
    )
