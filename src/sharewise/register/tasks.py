"""What is waiting on a practitioner, and on their team for a manager (4.3): the
decisions they left until consent is asked for or advice given, which are removed if
left too long; the decisions not to share they said they would look at again by a day
(a decision not to share is reopened when things change); the advice they asked for and
await, or have and must say what they will do with (golden rule 3); and, for an
advisor, the requests waiting on their answer. A task with a day says when it falls due;
one past its day is overdue."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, exists, select
from sqlalchemy.orm import aliased

from sharewise.register.decisions.queries import tell_the_person
from sharewise.register.directory.lookups import organisation_id
from sharewise.register.protocols.queries import due_for_review
from sharewise.register.tables import (
    AdviceRecordRow,
    DecisionRecordRow,
    DraftRow,
    PersonRow,
    PractitionerRow,
    UserRow,
)

TaskKind = Literal[
    "consent", "advice", "review", "tell", "asked", "outcome", "to answer", "protocol"
]
MOST = 200  # a list for reading, not an export: its count says when there are more

_drafts = DraftRow.__table__
_decisions = DecisionRecordRow.__table__
_advice = AdviceRecordRow.__table__


@dataclass(frozen=True)
class Task:
    """Something waiting on `practitioner` (a code): a decision waiting for `consent` or
    `advice` (`subject` the draft's id); a decision not to share to `review`, or a person
    to `tell` of a share (`subject` the record's id); advice `asked` for and awaited, its
    `outcome` to record, or a request for an advisor `to answer` (`subject` the
    request's id); for the information governance lead, a `protocol` to review
    (`subject` its id, `practitioner` empty). About `person` (a reference) when it is
    about one; since when, and the day it falls due, if it has one."""

    kind: TaskKind
    practitioner: str
    subject: str
    person: str | None
    since: datetime
    due: date | None

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


def tasks(
    connection: Connection,
    organisation: str,
    practitioner: str | None,
    drafts_kept_for: timedelta,
    at: datetime,
) -> list[Task]:
    """The tasks of `practitioner` of `organisation`, or of all its practitioners (None),
    the soonest due first, up to MOST."""
    org_id = organisation_id(connection, organisation)
    found = [
        *_waiting(connection, organisation, practitioner, drafts_kept_for, at),
        *_reviews(connection, org_id, practitioner),
        *_tell(connection, organisation, practitioner),
        *_advice_waiting(connection, org_id, practitioner),
    ]
    return sorted(found, key=lambda t: (t.due is None, t.due or date.max, t.since))[:MOST]


def _waiting(
    connection: Connection,
    organisation: str,
    practitioner: str | None,
    kept_for: timedelta,
    at: datetime,
) -> Iterator[Task]:
    """Drafts left waiting: due the day before they would be removed, unused."""
    owner = (
        _drafts.c.owner == f"{organisation}/{practitioner}"
        if practitioner
        else _drafts.c.owner.startswith(f"{organisation}/", autoescape=True)
    )
    query = (
        select(
            _drafts.c.id, _drafts.c.owner, _drafts.c.updated_at, _drafts.c.waiting, _drafts.c.state
        )
        .where(owner, _drafts.c.waiting.is_not(None), _drafts.c.updated_at >= at - kept_for)
        .order_by(_drafts.c.updated_at)
        .limit(MOST)
    )
    for row in connection.execute(query):
        kind: TaskKind = "advice" if row.waiting == "advice" else "consent"
        yield Task(
            kind=kind,
            practitioner=row.owner.partition("/")[2],
            subject=row.id,
            person=json.loads(row.state).get("person"),
            since=_aware(row.updated_at),
            due=(row.updated_at + kept_for).date() - timedelta(days=1),
        )


def _aware(moment: datetime) -> datetime:
    """SQLite gives back the moments it stored without their zone, which is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _reviews(connection: Connection, org_id: int, practitioner: str | None) -> Iterator[Task]:
    """Decisions not to share with a day to review them by, neither reopened nor
    corrected since (either is a new record referring to it)."""
    later = aliased(DecisionRecordRow)
    query = (
        select(
            _decisions.c.id,
            _decisions.c.recorded_at,
            _decisions.c.review_by,
            PractitionerRow.code,
            PersonRow.reference,
        )
        .join(PractitionerRow, PractitionerRow.id == _decisions.c.recorded_by)
        .outerjoin(PersonRow, PersonRow.id == _decisions.c.person_id)
        .where(
            _decisions.c.organisation_id == org_id,
            _decisions.c.review_by.is_not(None),
            ~exists().where(later.refers_to == _decisions.c.id),
        )
        .order_by(_decisions.c.review_by)
        .limit(MOST)
    )
    if practitioner:
        query = query.where(PractitionerRow.code == practitioner)
    for row in connection.execute(query):
        yield Task(
            kind="review",
            practitioner=row.code,
            subject=row.id,
            person=row.reference,
            since=datetime.fromisoformat(row.recorded_at),
            due=date.fromisoformat(row.review_by),
        )


def _tell(connection: Connection, organisation: str, practitioner: str | None) -> Iterator[Task]:
    """Shares whose package says the person is still to be told, by a day (3.47), until
    a correction says they were."""
    for entry in tell_the_person(connection, organisation, practitioner, limit=MOST):
        record = entry.record
        assert record.package is not None and record.package.telling.tell_by is not None
        yield Task(
            kind="tell",
            practitioner=record.practitioner,
            subject=entry.id,
            person=record.person,
            since=datetime.fromisoformat(entry.recorded_at),
            due=record.package.telling.tell_by,
        )


def _advice_waiting(
    connection: Connection, org_id: int, practitioner: str | None
) -> Iterator[Task]:
    """Requests not answered yet, the asker's to await and the advisor's to answer; and
    those answered whose asker has not said what they will do."""
    answer, outcome = aliased(AdviceRecordRow), aliased(AdviceRecordRow)
    answered = exists().where(answer.refers_to == _advice.c.id, answer.kind == "answer")
    concluded = exists().where(outcome.refers_to == _advice.c.id, outcome.kind == "outcome")
    requests = _advice.c.organisation_id == org_id, _advice.c.kind == "request"
    waits: tuple[tuple[TaskKind, Any, Any], ...] = (
        ("asked", _advice.c.asker, ~answered),
        ("to answer", _advice.c.advisor, ~answered),
        ("outcome", _advice.c.asker, answered & ~concluded),
    )
    for kind, who, waiting in waits:
        query = (
            select(_advice.c.id, _advice.c.recorded_at, PractitionerRow.code, PersonRow.reference)
            .join(UserRow, UserRow.username == who)
            .join(PractitionerRow, PractitionerRow.id == UserRow.practitioner_id)
            .outerjoin(PersonRow, PersonRow.id == _advice.c.person_id)
            .where(*requests, waiting)
            .order_by(_advice.c.recorded_at)
            .limit(MOST)
        )
        if practitioner:
            query = query.where(PractitionerRow.code == practitioner)
        for row in connection.execute(query):
            yield Task(
                kind=kind,
                practitioner=row.code,
                subject=row.id,
                # An advisor never learns whom a request is about (golden rule 3, 3.44).
                person=None if kind == "to answer" else row.reference,
                since=datetime.fromisoformat(row.recorded_at),
                due=None,
            )


def protocol_reviews(
    connection: Connection, organisation: str, today: date, within_days: int
) -> list[Task]:
    """The information governance lead's: the organisation's protocols in force or under
    review whose review day is within `within_days`, or past (4.8)."""
    return [
        Task(
            kind="protocol",
            practitioner="",
            subject=str(p.id),
            person=None,
            since=p.changed_at,
            due=p.review_on,
        )
        for p in due_for_review(connection, organisation, today, within_days)
    ]
