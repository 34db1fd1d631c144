"""One parser for every front end: a raw answer to a question, as the fact's value.

`parse_answer(question, raw)` takes, by the question's kind:

- choice: one answer's `value` as JSON gives it (true, false, or a string such as
  "child"), or None for "I do not know" where the question offers it;
- multiple: a list of answers' values, [] for none of these (a form's "none" on its own
  means the same), no longer than the question's answers; None, nothing ticked at all,
  is refused;
- number: an int, or a string of digits, in the contract's range (an age of 0 to 130);
  blank (or None) when not known;
- text: a string of at most 500 characters, stripped; blank (or None) when not known.

It returns the fact's value, None leaving the fact missing, or raises `AnswerError`,
whose str() tells a person what to do. A front end that shows its own labels or numbers
(the CLI's 1, 2, 3; a form's "true") maps them to these values first. An answer that
does not fit the others (an age of 40 for a child) is `walk`'s to find, not this one's.
"""

from __future__ import annotations

from typing import Any, NoReturn

from pydantic import ValidationError

from sharewise.engine.errors import allowed_for, describe_allowed, fact_errors, shown
from sharewise.engine.facts import CaseFacts
from sharewise.engine.interview import with_fact
from sharewise.engine.limits import BRIEF
from sharewise.guidance import AnswerValue, Question

FactValue = AnswerValue | int | list[AnswerValue] | None
LONGEST_TEXT = BRIEF
NONE_OF_THESE = "none"  # what a form sends for "None of these"


class AnswerError(ValueError):
    """An answer its question does not take. str(): what a person should do ("Enter a
    whole number, like 15, or leave it blank if not known"). `problem` and `allowed`:
    what was wrong and what the question takes, as the API's error shape says them."""

    def __init__(self, message: str, problem: str, allowed: str) -> None:
        super().__init__(message)
        self.message = message
        self.problem = problem
        self.allowed = allowed


def parse_answer(question: Question, raw: Any) -> FactValue:
    """The fact's value for a raw answer to `question` (see the module's docstring)."""
    if question.kind == "choice":
        return _choice(question, raw)
    if question.kind == "multiple":
        return _multiple(question, raw)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if question.kind == "number":
        return _number(question, raw)
    return _text(question, raw)


def allowed_answers(question: Question) -> str:
    """What `question` takes, in words, for a program sending raw answers."""
    if question.kind == "number":
        return f"{allowed_for(question.fact)}, as a number or as digits; blank or null if not known"
    if question.kind == "text":
        return f"text of at most {LONGEST_TEXT} characters; blank or null if not known"
    values = describe_allowed({"enum": [a.value for a in question.answers if a.value is not None]})
    if question.kind == "multiple":
        return f"a list of any of: {values} (an empty list for none of these)"
    offers_not_known = any(a.value is None for a in question.answers)
    return f"{values}, or null for 'I do not know'" if offers_not_known else values


def _choice(question: Question, raw: Any) -> AnswerValue | None:
    for answer in question.answers:
        if _same(answer.value, raw):
            return answer.value
    _refuse(
        question,
        "Select one of the answers shown",
        f"{shown(raw)} is not one of the question's answers",
    )


def _multiple(question: Question, raw: Any) -> list[AnswerValue]:
    if not isinstance(raw, list):
        _refuse(
            question, "Select all that apply, or 'None of these'", f"{shown(raw)} is not a list"
        )
    if raw == [NONE_OF_THESE]:
        return []
    if len(raw) > len(question.answers):  # each ticked at most once, or 'None of these'
        _refuse(
            question,
            "Select each answer that applies once, or 'None of these'",
            f"the list has {len(raw):,} answers, more than the {len(question.answers)} offered",
        )
    if NONE_OF_THESE in raw:
        _refuse(
            question,
            "Select 'None of these' on its own, or the ones that apply",
            f"{NONE_OF_THESE!r} is given with other answers",
        )
    picked: list[AnswerValue] = []
    for item in raw:
        value = _choice_value(question, item)
        if value not in picked:  # ticking a box twice is ticking it
            picked.append(value)
    return picked


def _choice_value(question: Question, item: Any) -> AnswerValue:
    for answer in question.answers:
        if answer.value is not None and _same(answer.value, item):
            return answer.value
    _refuse(
        question,
        "Select from the answers shown",
        f"{shown(item)} is not one of the question's answers",
    )


def _number(question: Question, raw: Any) -> int:
    text = raw.strip() if isinstance(raw, str) else None
    if text is not None and text.isascii() and text.isdigit():
        try:
            raw = int(text)
        except ValueError:  # longer than Python reads as a number: far out of range
            _refuse(question, _enter(question), f"a number {len(text)} digits long is too large")
    if isinstance(raw, bool) or not isinstance(raw, int):
        _refuse(
            question,
            "Enter a whole number, like 15, or leave it blank if not known",
            f"{shown(raw)} is not a whole number",
        )
    try:
        CaseFacts.model_validate(with_fact({}, question.fact, raw))
    except ValidationError as invalid:
        _refuse(question, _enter(question), fact_errors(invalid)[0].problem)
    return raw


def _enter(question: Question) -> str:
    return f"Enter {allowed_for(question.fact)}, or leave it blank if not known"


def _text(question: Question, raw: Any) -> str:
    if not isinstance(raw, str):
        _refuse(question, "Enter the answer as text", f"{shown(raw)} is not text")
    text = raw.strip()
    if "\x00" in text:  # nothing can store or search it (PostgreSQL refuses it)
        _refuse(
            question,
            "Type the answer again: it has a character that is not allowed",
            "text without a NUL character",
        )
    if len(text) > LONGEST_TEXT:
        _refuse(
            question,
            f"Keep the answer to {LONGEST_TEXT} characters or fewer",
            f"the text is {len(text)} characters long",
        )
    return text


def _refuse(question: Question, message: str, problem: str) -> NoReturn:
    raise AnswerError(message, problem, allowed_answers(question))


def _same(value: AnswerValue | None, raw: Any) -> bool:
    # By type as well: JSON's true is not the text "true", and 1 is not true.
    return type(value) is type(raw) and value == raw
