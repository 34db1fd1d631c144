"""Asking for advice, answering, recording the outcome, and finding requests: each
request is its asker's and its advisor's, and nobody else's but their organisation's
readers, who read it with the decision record it belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, and_, exists, select

from sharewise.register import chain
from sharewise.register.accounts.users import accounts
from sharewise.register.advice.records import (
    AdviceAnswered,
    AdviceOutcomeRecorded,
    AdviceRequest,
    AdviceRequested,
    read_body,
)
from sharewise.register.advice.schemas import AdviceAnswer, AdviceOutcome, AdviceQuestion
from sharewise.register.canonical import now
from sharewise.register.directory.lookups import organisation_id, person_id
from sharewise.register.entries import Body, ledger_entry
from sharewise.register.errors import rejected
from sharewise.register.tables import (
    AdviceRecordRow,
    DecisionRecordRow,
    DraftRow,
    OrganisationRow,
    PractitionerRow,
    UserRow,
)

ADVICE = chain.register_kind(
    chain.EntryKind(AdviceRecordRow, {2: (*chain.ENTRY_HEADER, "asker", "advisor")})
)
_TABLE = AdviceRecordRow.__table__


def advisors(connection: Connection, organisation: str) -> list[tuple[str, str]]:
    """The organisation's advisors in use: (username, who they are), by name."""
    found = []
    for account in accounts(connection, OrganisationRow.code == organisation):
        if "advisor" in account.roles and not account.disabled and account.practitioner:
            found.append((account.username, _who(connection, organisation, account.practitioner)))
    return sorted(found, key=lambda pair: pair[1])


def _who(connection: Connection, organisation: str, code: str) -> str:
    name, role = connection.execute(
        select(PractitionerRow.name, PractitionerRow.role)
        .join(OrganisationRow, OrganisationRow.id == PractitionerRow.organisation_id)
        .where(OrganisationRow.code == organisation, PractitionerRow.code == code)
    ).one()
    return f"{name}, {role}"


def ask(connection: Connection, question: AdviceQuestion) -> AdviceRequest:
    """Send a de-identified question to an advisor of the asker's organisation, inside
    the caller's write transaction."""
    org_id = organisation_id(connection, question.organisation)
    named = dict(advisors(connection, question.organisation))
    if question.advisor not in named:
        raise rejected(
            "advisor",
            f"there is no advisor {question.advisor!r} in your organisation",
            ", ".join(named) or "none: your organisation has no advisor yet",
        )
    practitioner_id = connection.execute(
        select(PractitionerRow.id).where(
            PractitionerRow.organisation_id == org_id,
            PractitionerRow.code == question.practitioner,
        )
    ).scalar_one()
    about = person_id(connection, org_id, question.person, "person") if question.person else None
    _belongs(connection, org_id, question)
    body = AdviceRequested(
        asker=question.asker,
        advisor=question.advisor,
        organisation=question.organisation,
        practitioner=question.practitioner,
        advisor_name=named[question.advisor],
        question=question.question,
        hidden=question.hidden,
        person=question.person,
        draft=question.draft,
        decision=question.decision,
    )
    entry = _append(connection, body, "request", org_id, practitioner_id, about, None)
    return AdviceRequest(entry["id"], entry["recorded_at"], body)


def _belongs(connection: Connection, org_id: int, question: AdviceQuestion) -> None:
    """The decision in progress is the asker's own; the decision record, their
    organisation's."""
    if question.draft is not None:
        owner = connection.execute(
            select(DraftRow.owner).where(DraftRow.id == question.draft)
        ).scalar()
        if owner != f"{question.organisation}/{question.practitioner}":
            raise rejected(
                "draft",
                f"there is no decision in progress {question.draft!r} of yours",
                "the id of one of your decisions in progress",
            )
    if question.decision is not None:
        found = connection.execute(
            select(DecisionRecordRow.id).where(
                DecisionRecordRow.id == question.decision,
                DecisionRecordRow.organisation_id == org_id,
            )
        ).scalar()
        if found is None:
            raise rejected(
                "decision",
                f"there is no decision record {question.decision!r} in your organisation",
                "the id of a decision record of your organisation",
            )


def answer(connection: Connection, given: AdviceAnswer) -> AdviceRequest:
    """The advisor's answer to a request addressed to them, once."""
    asked = request(connection, given.request_id, advisor=given.advisor)
    if asked.answer is not None:
        raise rejected("answer", "this request is answered already", "no second answer")
    body = AdviceAnswered(asker=asked.asker, advisor=asked.advisor, answer=given.answer)
    entry = _append(connection, body, "answer", *_place(connection, asked, asked.advisor))
    return replace(asked, answer=given.answer, answered_at=entry["recorded_at"])


def record_outcome(connection: Connection, given: AdviceOutcome) -> AdviceRequest:
    """What the asker will do, once they have the answer; once."""
    asked = request(connection, given.request_id, asker=given.asker)
    if asked.answer is None:
        raise rejected(
            "outcome", "the advisor has not answered yet", "an outcome once the answer has come"
        )
    if asked.outcome is not None:
        raise rejected("outcome", "the outcome is recorded already", "no second outcome")
    body = AdviceOutcomeRecorded(asker=asked.asker, advisor=asked.advisor, outcome=given.outcome)
    entry = _append(connection, body, "outcome", *_place(connection, asked, asked.asker))
    return replace(asked, outcome=given.outcome, outcome_at=entry["recorded_at"])


def _place(
    connection: Connection, asked: AdviceRequest, username: str
) -> tuple[int, int | None, int | None, str]:
    """Where an answer or an outcome goes: the request's organisation, who records it
    (the practitioner `username` acts as), the person the request is about, and the
    request it refers to."""
    by = connection.execute(
        select(UserRow.practitioner_id).where(UserRow.username == username)
    ).scalar()
    about = connection.execute(select(_TABLE.c.person_id).where(_TABLE.c.id == asked.id)).scalar()
    return organisation_id(connection, asked.organisation), by, about, asked.id


def _append(
    connection: Connection,
    body: Body,
    kind: str,
    org_id: int,
    recorded_by: int | None,
    about: int | None,
    refers_to: str | None,
) -> dict[str, Any]:
    entry = ledger_entry(
        body,
        kind=kind,
        recorded_by=recorded_by,
        person_id=about,
        refers_to=refers_to,
        recorded_at=now(),
    )
    (appended,) = chain.append(connection, ADVICE.table, org_id, [entry])
    return {**entry, "recorded_at": appended.recorded_at}


# --- finding requests -------------------------------------------------------------------


def _not_found(request_id: str) -> Exception:
    return rejected(
        "request_id",
        f"there is no advice request {request_id!r} of yours",
        "the id of an advice request you asked or that is addressed to you",
    )


def request(
    connection: Connection,
    request_id: str,
    *,
    organisation: str | None = None,
    asker: str | None = None,
    advisor: str | None = None,
) -> AdviceRequest:
    """A request, if it is `asker`'s or addressed to `advisor` (either, when both are
    given), or of `organisation`: anyone else's is not there."""
    query = select(_TABLE).where(_TABLE.c.id == request_id, _TABLE.c.kind == "request")
    whose = []
    if asker is not None:
        whose.append(_TABLE.c.asker == asker)
    if advisor is not None:
        whose.append(_TABLE.c.advisor == advisor)
    if whose:
        query = query.where(whose[0] if len(whose) == 1 else whose[0] | whose[1])
    if organisation is not None:
        query = query.join(OrganisationRow, OrganisationRow.id == _TABLE.c.organisation_id).where(
            OrganisationRow.code == organisation
        )
    elif not whose:
        raise TypeError("a request is read by its asker, its advisor or its organisation")
    row = connection.execute(query).first()
    if row is None:
        raise _not_found(request_id)
    return _threads(connection, [row])[0]


def requests(
    connection: Connection,
    *,
    asker: str | None = None,
    advisor: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[AdviceRequest]:
    """The requests `asker` sent, newest first; or those addressed to `advisor`,
    unanswered first, then newest first."""
    query = select(_TABLE).where(_TABLE.c.kind == "request")
    if asker is not None:
        query = query.where(_TABLE.c.asker == asker)
    if advisor is not None:
        answered = _TABLE.alias("answered")
        query = query.where(_TABLE.c.advisor == advisor).order_by(
            exists()
            .where(and_(answered.c.refers_to == _TABLE.c.id, answered.c.kind == "answer"))
            .correlate(_TABLE)
        )
    # One asker, one advisor: one organisation, whose chain is in time order.
    query = query.order_by(_TABLE.c.seq.desc()).limit(limit).offset(offset)
    return _threads(connection, connection.execute(query).all())


def _threads(connection: Connection, rows: Sequence[Any]) -> list[AdviceRequest]:
    """Requests with their answers and outcomes, read in one query."""
    ids = [row.id for row in rows]
    follow: dict[tuple[str, str], tuple[str, Any]] = {}
    if ids:
        for entry in connection.execute(
            select(_TABLE.c.refers_to, _TABLE.c.kind, _TABLE.c.recorded_at, _TABLE.c.body).where(
                _TABLE.c.refers_to.in_(ids)
            )
        ):
            follow[(entry.refers_to, entry.kind)] = (
                entry.recorded_at,
                read_body(entry.kind, entry.body),
            )
    found = []
    for row in rows:
        body = read_body("request", row.body)
        assert isinstance(body, AdviceRequested)
        asked = AdviceRequest(row.id, row.recorded_at, body)
        if (row.id, "answer") in follow:
            at, said = follow[(row.id, "answer")]
            assert isinstance(said, AdviceAnswered)
            asked = replace(asked, answer=said.answer, answered_at=at)
        if (row.id, "outcome") in follow:
            at, done = follow[(row.id, "outcome")]
            assert isinstance(done, AdviceOutcomeRecorded)
            asked = replace(asked, outcome=done.outcome, outcome_at=at)
        found.append(asked)
    return found
