"""The guidance in pages: the seven golden rules, a one-page pocket guide, the flowchart
of key questions drawn, the glossary, what has replaced the 2008 guidance, and every
paragraph, golden rule and key question that an answer cites, at its own address."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sharewise.faces.dependencies import PUBLIC
from sharewise.guidance import Edition, UnknownCitation, load_edition
from sharewise.web.pages import NotFound, render

router = APIRouter(prefix="/guidance", dependencies=[PUBLIC])


# --- the flowchart -----------------------------------------------------------------------


@dataclass(frozen=True)
class Exit:
    """An answer that leaves the flowchart's main line: what to do, then which key
    question to go on to (the same one: answer it again)."""

    answer: str  # read after "If": "no", "yes, because a law ... requires it"
    outcome: str
    then: str


@dataclass(frozen=True)
class Step:
    """A key question on the flowchart: the answer that leads on down to the next key
    question ("": any answer), and the answers that lead elsewhere."""

    onward: str
    exits: tuple[Exit, ...] = ()


# Our reading of the 2008 flowchart (docs/case-facts.md), whose boxes are the key
# questions of key_questions.yaml. Every decision to share goes on to Q6, and every
# decision, to share or not, to Q7.
FLOW = {
    "Q1": Step(
        "yes",
        (
            Exit(
                "yes, because a law or a court order requires it",
                "Share, without asking for consent",
                "Q6",
            ),
            Exit("no", "Do not share", "Q7"),
        ),
    ),
    "Q2": Step("yes", (Exit("no", "Share it, as it is not personal information", "Q6"),)),
    "Q3": Step("yes", (Exit("no", "Share", "Q6"),)),
    "Q4": Step(
        "no: it was refused, or asking would be unsafe",
        (
            Exit("yes", "Share", "Q6"),
            Exit(
                "it was not asked for, or is not valid",
                "Ask the right person for consent, unless asking would be unsafe",
                "Q4",
            ),
        ),
    ),
    "Q5": Step("yes", (Exit("no", "Do not share", "Q7"),)),
    "Q6": Step(""),
    "Q7": Step(""),
}

WIDTH = 640
FONT_SIZE = 16  # the characters to a line below are for this size
LINE = 22  # from one line of text to the next
PAD = 12  # inside a box
QUESTION_X, QUESTION_WIDTH, QUESTION_CHARS = 2, 330, 32
EXIT_X, EXIT_WIDTH, EXIT_CHARS = 400, 238, 22
ELBOW_X = (QUESTION_X + QUESTION_WIDTH + EXIT_X) // 2
LABEL_CHARS = 16  # beside an arrow down, between it and the exits
EXIT_GAP = 16
ROW_GAP = 44


@dataclass(frozen=True)
class Text:
    x: int
    y: int  # the baseline
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int
    texts: tuple[Text, ...]
    exit: bool  # an outcome beside the main line, not a key question


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    font_size: int
    boxes: tuple[Box, ...]
    arrows: tuple[str, ...]  # SVG path data, each ending in an arrowhead
    labels: tuple[Text, ...]


def _then(ref: str, way: Exit) -> str:
    return (
        "Then answer this question again." if way.then == ref else f"Go to question {way.then[1:]}."
    )


def _box(exit: bool, y: int, parts: list[tuple[str, bool]]) -> Box:
    x, width, chars = (
        (EXIT_X, EXIT_WIDTH, EXIT_CHARS) if exit else (QUESTION_X, QUESTION_WIDTH, QUESTION_CHARS)
    )
    lines = [(line, bold) for text, bold in parts for line in textwrap.wrap(text, chars)]
    texts = tuple(
        Text(x + PAD, y + PAD + (n + 1) * LINE - 6, line, bold)
        for n, (line, bold) in enumerate(lines)
    )
    return Box(x, y, width, 2 * PAD + len(lines) * LINE, texts, exit)


def flowchart(edition: Edition) -> Drawing:
    """The key questions one under another, the answers that lead elsewhere beside them:
    laid out here so that the drawing needs no script and no stylesheet."""
    boxes: list[Box] = []
    arrows: list[str] = []
    labels: list[Text] = []
    middle = QUESTION_X + QUESTION_WIDTH // 2
    top = 2
    last = list(FLOW)[-1]
    for ref, step in FLOW.items():
        question = edition.key_questions[ref]
        box = _box(False, top, [(f"Question {question.number}", True), (question.question, False)])
        boxes.append(box)
        below = box.y + box.height
        exit_top = top
        for way in step.exits:
            parts = [
                (f"If {way.answer}:", True),
                (f"{way.outcome}.", False),
                (_then(ref, way), False),
            ]
            beside = _box(True, exit_top, parts)
            boxes.append(beside)
            level = beside.y + beside.height // 2
            arrows.append(
                f"M{QUESTION_X + QUESTION_WIDTH} {min(level, below - PAD)} "
                f"H{ELBOW_X} V{level} H{EXIT_X - 2}"
            )
            exit_top = beside.y + beside.height + EXIT_GAP
        if ref == last:
            break
        # The arrow down to the next question, with the answer that leads there beside it.
        said = textwrap.wrap(step.onward[:1].upper() + step.onward[1:], LABEL_CHARS)
        labels += [Text(middle + 10, below + (n + 1) * LINE, line) for n, line in enumerate(said)]
        top = max(below + max(ROW_GAP, (len(said) + 1) * LINE), exit_top)
        arrows.append(f"M{middle} {below} V{top - 2}")
    height = max(box.y + box.height for box in boxes) + 2
    return Drawing(WIDTH, height, FONT_SIZE, tuple(boxes), tuple(arrows), tuple(labels))


def flowchart_in_words(edition: Edition) -> list[tuple[str, list[str]]]:
    """The drawing's text alternative: each key question, and where each answer leads."""
    ids = list(FLOW)
    words = []
    for at, ref in enumerate(ids):
        step = FLOW[ref]
        said = [
            f"If {way.answer}: {way.outcome[:1].lower()}{way.outcome[1:]}. {_then(ref, way)}"
            for way in step.exits
        ]
        if at + 1 < len(ids):
            onward = f"If {step.onward}: go" if step.onward else "Then go"
            # The answer that leads on is said first when it is yes, as the question asks.
            said.insert(0 if step.onward == "yes" else len(said), f"{onward} to question {at + 2}.")
        words.append((ref, said))
    return words


# --- the pages ---------------------------------------------------------------------------


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


@router.get("/about")
def about(request: Request) -> Response:
    return render(
        request, "guidance/about.html", "The guidance sharewise follows", section="guidance"
    )


@router.get("/flowchart")
def flowchart_page(request: Request) -> Response:
    edition = load_edition()
    # The guidance's notes under the flowchart are two sentences: one warning, one advice.
    notes = re.split(r"(?<=\.)\s+", edition.notes["flowchart"].summary.strip())
    return render(
        request,
        "guidance/flowchart.html",
        "The flowchart of key questions",
        section="guidance",
        drawing=flowchart(edition),
        in_words=flowchart_in_words(edition),
        notes=notes,
    )


@router.get("/glossary")
def glossary(request: Request) -> Response:
    return render(request, "guidance/glossary.html", "Glossary", section="guidance")


@router.get("/glossary/{term_id}")
def glossary_term(request: Request, term_id: str) -> Response:
    terms = load_edition().glossary
    term = terms.get(term_id)
    if term is None:
        raise NotFound("Term not found", f"{term_id} is not a term in the guidance's glossary.")
    ids = list(terms)
    at = ids.index(term_id)
    return render(
        request,
        "guidance/term.html",
        term.term,
        section="guidance",
        term=term,
        previous=terms[ids[at - 1]] if at > 0 else None,
        next=terms[ids[at + 1]] if at + 1 < len(ids) else None,
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
    terms = []
    if cited.kind == "paragraph":
        at = numbers.index(cited.ref)
        previous = numbers[at - 1] if at > 0 else None
        following = numbers[at + 1] if at + 1 < len(numbers) else None
        terms = [term for term in edition.glossary.values() if cited.ref in term.paragraphs]
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
        terms=terms,
        previous=previous,
        next=following,
    )
