"""The tasks on the home page: a practitioner's own, and a manager's team's (4.3), each
with what to do, about whom, and by when; those past their day are overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sharewise.register.principal import Principal
from sharewise.register.store import Register
from sharewise.register.tasks import Task, TaskKind

# What each kind of task asks, and where it is done: its own practitioner's, a draft's
# page; anyone's, a record's.
WHAT: dict[TaskKind, str] = {
    "consent": "Record the answer to a request for consent",
    "advice": "Record the advice you were given",
    "review": "Look again at a decision not to share",
    "tell": "Tell the person their information was shared",
    "asked": "Wait for the advice you asked for",
    "outcome": "Say what you will do with the advice",
    "to answer": "Answer a request for advice",
    "protocol": "Review an information sharing protocol",
}


@dataclass(frozen=True)
class TaskRow:
    task: Task
    what: str
    href: str | None  # None: another practitioner's draft, theirs alone to open
    person: str | None  # their name; a protocol's title
    practitioner: str  # their name and role
    overdue: bool


def task_rows(register: Register, principal: Principal | None) -> tuple[str, list[TaskRow]]:
    """Whose tasks the home page lists for `principal` ("" for nobody's), and the rows:
    a manager's team, a practitioner's own."""
    if principal is None:
        return "", []
    whose, found = "", []
    if "manager" in principal.roles:
        whose, found = "team", register.tasks(principal.organisation)
    elif {"practitioner", "advisor"} & principal.roles and principal.practitioner:
        whose, found = "own", register.tasks(principal.organisation, principal.practitioner)
    if "governance" in principal.roles:  # the protocols to review (4.8)
        whose, found = whose or "own", found + register.protocol_tasks(principal.organisation)
    if not whose:
        return "", []
    org = principal.organisation
    names = register.names_of(
        {(org, t.practitioner) for t in found}, {(org, t.person) for t in found if t.person}
    )
    titles = (
        {str(p.id): p.title for p in register.protocols(principal.reach)}
        if any(t.kind == "protocol" for t in found)
        else {}
    )
    today = date.today()
    rows = [
        TaskRow(
            task=t,
            what=WHAT[t.kind],
            href=_href(t, principal),
            person=titles.get(t.subject) if t.kind == "protocol" else names.person(org, t.person),
            practitioner=names.practitioner(org, t.practitioner),
            overdue=t.overdue(today),
        )
        for t in found
    ]
    return whose, rows


def _href(task: Task, principal: Principal) -> str | None:
    if task.kind == "protocol":
        return f"/protocols/{task.subject}"
    if task.kind in ("review", "tell"):
        return f"/records/{task.subject}"
    if task.practitioner != principal.practitioner:
        return None  # a draft, or a request, is its own practitioner's to open
    if task.kind in ("consent", "advice"):
        return f"/decisions/{task.subject}/answer"
    return f"/advice/{task.subject}"
