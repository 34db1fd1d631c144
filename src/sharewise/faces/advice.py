"""Advice sought without naming the person (golden rule 3, 1.11, 3.44), as both faces
ask it: the question masked before it leaves, with what the register knows of the
person, and the answer with the placeholders put back, for the asker's side alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sharewise.engine.limits import LINKED
from sharewise.register.advice.records import AdviceRequest
from sharewise.register.principal import Principal
from sharewise.register.store import Register

ADULT = 18  # the guidance's age of adulthood (2008): a younger person is a child


def known_of(register: Register, principal: Principal, person: str | None) -> Known | None:
    """What the register holds that names the person, and the people linked to them
    (a parent): their names and dates of birth."""
    from sharewise.advice import Known, KnownPerson  # TEMPORARY

    if not person:
        return None
    found = register.person(principal.organisation, person)
    born = found.date_of_birth
    child = born is None or _age(born) < ADULT
    subject = KnownPerson(role="child" if child else "adult", name=found.name, dob=born)
    linked = [
        KnownPerson(role=r.kind, name=r.person.name, dob=r.person.date_of_birth)
        for r in register.relatives(principal.organisation, person)[:LINKED]
    ]
    return Known(subject=subject, linked=linked)


def _age(born: date) -> int:
    today = date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def masked(
    register: Register,
    principal: Principal,
    text: str,
    person: str | None,
    hide: Sequence[str] = (),
    show: Sequence[str] = (),
) -> Masked:
    """The question as the advisor will read it, and what was hidden from it."""
    from sharewise.advice import deidentify  # TEMPORARY

    return deidentify(text, known_of(register, principal, person), hide=hide, show=show)


def hidden_of(question: Masked) -> list[dict[str, object]]:
    """What was masked, as the register keeps it for the asker."""
    return [
        {
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "type": span.type,
            "placeholder": span.placeholder,
        }
        for span in question.spans
    ]


def put_back(asked: AdviceRequest, text: str) -> str:
    """`text` (the answer) with the identifiers the question hid put back: for the
    asker's side only, never the advisor's."""
    from sharewise.advice import Masked, Span, restore  # TEMPORARY

    spans = [Span(**span.model_dump()) for span in asked.body.hidden]
    return restore(text, Masked(text=asked.question, spans=spans))
