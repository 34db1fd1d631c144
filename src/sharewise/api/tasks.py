"""The tasks waiting on the token's practitioner, or on a manager's team (4.3)."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.faces.dependencies import RegisterDep, Tasked
from sharewise.register.tasks import TaskKind

router = APIRouter(tags=["tasks"], dependencies=[WITH_TOKEN], responses=problems(401, 403))


class TaskEntry(BaseModel):
    kind: TaskKind = Field(
        description="consent, advice: a decision in progress left until consent is asked "
        "for or advice given (`subject` its draft); review: a decision not to share to look "
        "at again, tell: a person to tell that their information was shared (`subject` its "
        "record); asked: advice asked for, not answered yet; "
        "outcome: advice answered, what you will do with it not said yet; to answer: a "
        "request for advice addressed to you (`subject` the request); protocol: an "
        "information sharing protocol to review, for the governance lead (`subject` its id)."
    )
    practitioner: str = Field(description="Whose task it is: their code.")
    subject: str
    person: str | None = Field(description="Whom it is about: their reference.")
    since: datetime
    due: date | None = Field(
        description="A waiting decision: the day before it would be removed, unused. A "
        "review or a telling: the day the practitioner gave. Advice: none. A protocol: "
        "its review day."
    )
    overdue: bool


@router.get("/tasks", summary="List the tasks waiting")
def list_tasks(register: RegisterDep, principal: Tasked) -> list[TaskEntry]:
    """A practitioner's own tasks; a manager's team's, their organisation's; the
    governance lead's protocols to review. Soonest due first, up to 200."""
    team = "manager" in principal.roles
    found = (
        register.tasks(principal.organisation, None if team else principal.practitioner)
        if team or principal.practitioner
        else []
    )
    if "governance" in principal.roles:  # the protocols to review (4.8)
        found += register.protocol_tasks(principal.organisation)
    today = date.today()
    return [
        TaskEntry(
            kind=t.kind,
            practitioner=t.practitioner,
            subject=t.subject,
            person=t.person,
            since=t.since,
            due=t.due,
            overdue=t.overdue(today),
        )
        for t in found
    ]
