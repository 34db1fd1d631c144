"""The placeholder each person or thing gets: the same every time it is mentioned, and
saying what it stands for ([CHILD], [PARENT 1], [ADDRESS 1], [SCHOOL]) without saying who.
The person the text is about, and their school, are the only ones of their kind without
a number; the others are numbered, people sharewise holds in the order it holds them,
everything else in the order the text first mentions it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sharewise.advice.found import SUBJECT, person
from sharewise.advice.patterns import school_key
from sharewise.advice.schemas import Known, SpanType
from sharewise.advice.text import words
from sharewise.advice.words import ROLES

LABELS: dict[SpanType, str] = {
    "name": "PERSON",
    "date_of_birth": "DATE OF BIRTH",
    "address": "ADDRESS",
    "postcode": "POSTCODE",
    "school": "SCHOOL",
    "nhs_number": "NHS NUMBER",
    "ni_number": "NI NUMBER",
    "phone": "PHONE",
    "email": "EMAIL",
    "date": "DATE",
    "other": "HIDDEN",
}


def role_label(role: str | None) -> str:
    """'Foster carer' -> CARER, 'mum' -> PARENT; a role not in the table -> PERSON."""
    said = [w.replace("-", "") for w in words(role or "")]
    return ROLES.get("".join(said)) or (ROLES.get(said[-1], "PERSON") if said else "PERSON")


class Placeholders:
    def __init__(self, known: Known) -> None:
        self._given: dict[tuple[Any, ...], str] = {}
        self._counts: Counter[str] = Counter()
        # Only a person with a name has a placeholder of their own to keep.
        if known.subject and known.subject.name:
            label = role_label(known.subject.role)
            self._given[person(SUBJECT)] = f"[{label}]"
            self._counts[label] = 1  # the others of the subject's kind count from 2
        if known.subject and known.subject.school:
            self._given[school_key(known.subject.school)] = "[SCHOOL]"
            self._counts["SCHOOL"] = 1
        for index, linked in enumerate(known.linked):
            if linked.name:
                self._given[person(index)] = self._next(role_label(linked.role))

    def of(self, who: tuple[Any, ...], type: SpanType) -> str:
        if who not in self._given:
            label = {"family": "FAMILY NAME", "shared": "NAME"}.get(who[0], LABELS[type])
            self._given[who] = self._next(label)
        return self._given[who]

    def _next(self, label: str) -> str:
        self._counts[label] += 1
        return f"[{label} {self._counts[label]}]"

    def given(self) -> Iterable[str]:
        return self._given.values()
