"""What forms send, turned into what the engine and the register take; and their errors,
in the one error shape (the field, what was wrong, what is allowed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData

from sharewise.engine.errors import FactError
from sharewise.guidance import Question
from sharewise.register.store import Register

BLANK_MEANS_NOT_KNOWN = ("number", "text")
NOT_KNOWN = "not-known"  # what a form sends for an "I do not know" answer
MOMENTS = ("shared.when", "told.when")
YES_NO = {"yes": True, "no": False}


def register_of(request: Request) -> Register:
    register: Register = request.app.state.register
    return register


def problem(field: str, what: str, allowed: str) -> FactError:
    return FactError(field=field, problem=what, allowed=allowed)


def as_sent(value: Any) -> str:
    """An answer's value as its radio sends it: "I do not know" has a value of its own."""
    encoded = encode(value)
    return NOT_KNOWN if encoded is None else str(encoded)


def encode(value: Any) -> Any:
    """A fact's value as a form sends it back: true/false, text, or a list of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [encode(item) for item in value]
    return None if value is None else str(value)


def answer_from_form(question: Question, form: FormData) -> Any:
    """The answer a question page sent, as the fact's value (None: not known), or
    ValueError saying what to do."""
    if question.kind in BLANK_MEANS_NOT_KNOWN:
        text = str(form.get("answer", "")).strip()
        if not text:
            return None
        if question.kind == "text":
            if len(text) > 500:
                raise ValueError("Keep the answer to 500 characters or fewer")
            return text
        if not text.isdigit():
            raise ValueError("Enter a whole number, like 15, or leave it blank if not known")
        return int(text)
    by_form = {as_sent(answer.value): answer.value for answer in question.answers}
    if question.kind == "multiple":
        picked = [str(v) for v in form.getlist("answer")]
        if picked == ["none"]:
            return []
        if not picked:
            raise ValueError("Select all that apply, or 'None of these'")
        if "none" in picked:
            raise ValueError("Select 'None of these' on its own, or the ones that apply")
        if not all(p in by_form for p in picked):
            raise ValueError("Select from the answers shown")
        return [by_form[p] for p in picked]
    chosen = str(form.get("answer", ""))
    if chosen not in by_form:
        raise ValueError("Select an answer")
    return by_form[chosen]


def local_now() -> str:
    """Now, as a datetime-local field shows it."""
    return datetime.now().astimezone().strftime("%Y-%m-%dT%H:%M")


def moment(text: str) -> str:
    # A datetime-local field has no zone: it is the practitioner's (the server's) local time.
    try:
        return datetime.fromisoformat(text).astimezone().isoformat()
    except ValueError:
        return text  # the register names the field and what is allowed


def decision_document(
    state: Mapping[str, Any], facts: dict[str, Any], values: Mapping[str, str]
) -> dict[str, Any]:
    """The decision form, with the draft's answers, as the register's DecisionInput."""
    groups: dict[str, dict[str, Any]] = {}
    for key, text in values.items():
        group, _, name = key.partition(".")
        if not name or not text:
            continue
        if key in MOMENTS:
            value: Any = moment(text)
        elif key in ("decision.share", "told.told"):
            value = YES_NO.get(text, text)
        else:
            value = text
        groups.setdefault(group, {})[name] = value
    share = groups.get("decision", {}).get("share")
    if share is not True:
        groups.pop("shared", None)  # its fields hold defaults, not what was shared
    if "told" in groups and "told" not in groups["told"] and share is not True:
        groups.pop("told")
    told = groups.get("told", {})
    # Both answers' revealed fields are sent, whichever is chosen: keep the chosen one's.
    if told.get("told") is True:
        told.pop("why_not", None)
    elif told.get("told") is False:
        told.pop("when", None)
    return {
        "organisation": state["organisation"],
        "practitioner": state["practitioner"],
        "person": state.get("person"),
        "recipient": state.get("recipient"),
        "facts": facts,
        "decision": groups.get("decision", {}),
        **{
            name: groups[name]
            for name in ("public_interest", "shared", "told", "advice")
            if name in groups
        },
    }
