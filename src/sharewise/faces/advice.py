"""Advice sought without naming the person (golden rule 3, 1.11, 3.44), as both faces
ask it: the question masked before it leaves, with what the register knows of the
person, and the answer with the placeholders put back, for the asker's side alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sharewise.advice import Known, KnownPerson, Masked, Span, deidentify, restore
from sharewise.engine.limits import LINKED
from sharewise.register.accounts.schemas import Account
from sharewise.register.advice.records import AdviceRequest
from sharewise.register.principal import Principal
from sharewise.register.principal import acting as acting_as
from sharewise.register.store import Register

ADULT = 18  # the guidance's age of adulthood (2008): a younger person is a child


def known_of(register: Register, principal: Principal, person: str | None) -> Known | None:
    """What the register holds that names the person, and the people linked to them
    (a parent): their names and dates of birth."""
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


@dataclass(frozen=True)
class Question:
    """A question for an advisor as the practitioner put it, and what it belongs to."""

    advisor: str  # their username
    text: str
    person: str | None = None
    draft: str | None = None  # the practitioner's decision in progress
    decision: str | None = None  # a decision record of their organisation
    hide: Sequence[str] = ()
    show: Sequence[str] = ()


def masked(register: Register, principal: Principal, question: Question) -> Masked:
    """The question as the advisor will read it, and what was hidden from it."""
    known = known_of(register, principal, question.person)
    return deidentify(question.text, known, hide=question.hide, show=question.show)


def ask(register: Register, principal: Principal, question: Question) -> AdviceRequest:
    """De-identify the question and send it in the principal's name. A decision in
    progress it belongs to keeps the request, to take the advice when it comes."""
    sent = masked(register, principal, question)
    asked = register.ask_advice(
        {
            "organisation": principal.organisation,
            "asker": principal.user or principal.name,
            "practitioner": principal.practitioner,
            "advisor": question.advisor,
            "question": sent.text,
            "hidden": hidden_of(sent),
            "person": question.person,
            "draft": question.draft,
            "decision": question.decision,
        }
    )
    if question.draft and (state := register.drafts.get(question.draft)) is not None:
        register.drafts.save(question.draft, {**state, "advice_request": asked.id})
    return asked


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
    spans = [Span(**span.model_dump()) for span in asked.body.hidden]
    return restore(text, Masked(text=asked.question, spans=spans))


# --- the demo area --------------------------------------------------------------------------

DEMO_QUESTIONS = (
    "{name} (born {born:%d/%m/%Y}) told me they are frightened to go home at weekends, "
    "and asked me not to tell anyone. Should I share this with children's social care "
    "without their consent?",
    "{name}'s family have missed three appointments with {name} since the spring. Is "
    "that enough to share my worries with the health visitor?",
)
DEMO_ANSWER = (
    "Yes: {who}'s safety comes first (3.43). Share with children's social care today, "
    "tell {who} what you are doing unless that puts them at risk, and record why you did "
    "not seek consent."
)
DEMO_OUTCOME = "I will ring children's social care this afternoon and record the decision."


def ask_for_the_demo(register: Register, accounts: Sequence[Account]) -> int:
    """In each organisation of the demo area, its practitioner asks its advisor about one
    of its people, twice: one request answered and its outcome recorded, one waiting.
    How many requests were made."""
    asked = 0
    for practitioner in (a for a in accounts if "practitioner" in a.roles):
        advisor = next(
            (
                a
                for a in accounts
                if "advisor" in a.roles and a.organisation == practitioner.organisation
            ),
            None,
        )
        people, _ = register.people(practitioner.organisation)
        children = [p for p in people if p.date_of_birth and _age(p.date_of_birth) < ADULT]
        if advisor is None or not children:
            continue
        acting = acting_as(practitioner)
        about = children[0]
        for number, words in enumerate(DEMO_QUESTIONS):
            text = words.format(name=about.name, born=about.date_of_birth)
            request = ask(register, acting, Question(advisor.username, text, about.reference))
            asked += 1
            if number:
                continue  # the second waits for its answer
            who = next((s.placeholder for s in request.body.hidden if s.type == "name"), "them")
            register.answer_advice(
                {
                    "request_id": request.id,
                    "advisor": advisor.username,
                    "answer": DEMO_ANSWER.format(who=who),
                }
            )
            register.record_advice_outcome(
                {"request_id": request.id, "asker": practitioner.username, "outcome": DEMO_OUTCOME}
            )
    return asked
