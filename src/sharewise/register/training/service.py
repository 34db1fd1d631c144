"""The training cases and the attempts at them.

A case is one of the scenario library's (by its file's name, the same for everyone) or
one an organisation added (by a UUID, its organisation's alone). Its expected answer is
never stored: it is what the engine says of its facts, whenever asked. An attempt is a
trainee's: their answers as they go, then their decision and score."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator
from sqlalchemy import Engine, insert, select, update

from sharewise.engine import assess
from sharewise.engine.errors import FactError, fact_errors
from sharewise.engine.limits import ACCOUNT, NAME
from sharewise.engine.training import Comparison, case_facts, given
from sharewise.register.canonical import now
from sharewise.register.directory.lookups import organisation_id
from sharewise.register.errors import RecordRejected, rejected, validated
from sharewise.register.scenarios import scenario_dir
from sharewise.register.schemas import Input
from sharewise.register.tables import OrganisationRow, TrainingAttemptRow, TrainingCaseRow

_cases = TrainingCaseRow.__table__
_attempts = TrainingAttemptRow.__table__


@dataclass(frozen=True)
class TrainingCase:
    """A case example: its facts are the truth the trainee's answers are set beside."""

    id: str
    title: str
    summary: str
    facts: dict[str, Any]
    organisation: str | None = None  # None: the scenario library's, everyone's

    @property
    def given(self) -> dict[str, Any]:
        return given(self.facts)


@dataclass(frozen=True)
class Attempt:
    id: str
    organisation: str
    trainee: str
    case_id: str
    case_title: str
    started_at: datetime
    answers: dict[str, Any]
    finished_at: datetime | None = None
    decision: str | None = None
    asked: int | None = None
    matched: int | None = None
    outcome_right: bool | None = None


class TrainingCaseInput(Input):
    """A case an organisation adds: what the trainee reads, and the facts behind it."""

    title: str = Field(min_length=1, max_length=NAME)
    summary: str = Field(min_length=1, max_length=ACCOUNT)
    facts: dict[str, Any]

    @field_validator("facts", mode="before")
    @classmethod
    def _yaml(cls, value: Any) -> Any:
        """Facts typed as YAML (or JSON, which is YAML), as the scenarios are written."""
        if not isinstance(value, str):
            return value
        try:
            read = yaml.safe_load(value)
        except yaml.YAMLError:
            raise ValueError(
                "the facts are not YAML: write one fact a line, like 'about: child'"
            ) from None
        if not isinstance(read, dict):
            raise ValueError("write the facts one a line, like 'about: child'")
        return read


def _facts_of(facts: Mapping[str, Any]) -> dict[str, Any]:
    """A case's facts, checked as the guidance's and complete enough for it to answer:
    RecordRejected naming each fact that is wrong, under `facts`."""
    try:
        checked = case_facts(facts)
    except ValidationError as invalid:
        raise RecordRejected(
            [e.model_copy(update={"field": f"facts.{e.field}"}) for e in fact_errors(invalid)]
        ) from None
    needed = assess(checked).next_question
    if needed:
        raise RecordRejected(
            [
                FactError(
                    field="facts",
                    problem=f"the guidance cannot answer until the case says {needed}",
                    allowed=f"facts that include {needed}",
                )
            ]
        )
    return checked


@cache
def library() -> dict[str, TrainingCase]:
    """The scenario library's cases the guidance answers, by file name."""
    cases = {}
    for path in sorted(scenario_dir().glob("*.yaml")):
        scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
        facts = case_facts(scenario["facts"])
        if assess(facts).next_question is None:
            cases[path.stem] = TrainingCase(
                path.stem, scenario["title"], scenario["summary"].strip(), facts
            )
    return cases


def _not_found(case_id: str) -> RecordRejected:
    # Not OutOfReach: a training case holds nobody's data, so asking for another
    # organisation's is no refusal to log; it is not found all the same.
    return rejected("case", f"there is no training case {case_id!r}", "a case in the list")


class Training:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def cases(self, organisation: str) -> list[TrainingCase]:
        """The library's cases, then the organisation's own, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(_cases)
                .join(OrganisationRow, OrganisationRow.id == _cases.c.organisation_id)
                .where(OrganisationRow.code == organisation)
                .order_by(_cases.c.added_at, _cases.c.id)
            ).all()
        own = [
            TrainingCase(r.id, r.title, r.summary, json.loads(r.facts), organisation) for r in rows
        ]
        return [*library().values(), *own]

    def case(self, organisation: str, case_id: str) -> TrainingCase:
        """A case of the library's or the organisation's; another's is not found."""
        if case_id in library():
            return library()[case_id]
        with self.engine.connect() as connection:
            row = connection.execute(
                select(_cases)
                .join(OrganisationRow, OrganisationRow.id == _cases.c.organisation_id)
                .where(OrganisationRow.code == organisation, _cases.c.id == case_id[:36])
            ).first()
        if row is None:
            raise _not_found(case_id)
        return TrainingCase(row.id, row.title, row.summary, json.loads(row.facts), organisation)

    def add_case(
        self, organisation: str, added_by: str, data: TrainingCaseInput | dict[str, Any]
    ) -> TrainingCase:
        """A case of the organisation's, its facts checked (RecordRejected if not)."""
        sent = validated(TrainingCaseInput, data) if isinstance(data, dict) else data
        facts = _facts_of(sent.facts)
        case_id = str(uuid.uuid4())
        with self.engine.connect().execution_options(write=True) as connection, connection.begin():
            connection.execute(
                insert(_cases).values(
                    id=case_id,
                    organisation_id=organisation_id(connection, organisation),
                    title=sent.title,
                    summary=sent.summary,
                    facts=json.dumps(facts, sort_keys=True),
                    added_by=added_by,
                    added_at=now(),
                )
            )
        return TrainingCase(case_id, sent.title, sent.summary, facts, organisation)

    def start(self, organisation: str, trainee: str, case: TrainingCase) -> Attempt:
        """An attempt at `case`, its given answers filled in. A trainee has one attempt in
        progress at most: starting another takes its place, so that starting again and
        again cannot fill the table."""
        moment, answers = now(), case.given
        values = {
            "case_id": case.id,
            "case_title": case.title,
            "started_at": moment,
            "answers": json.dumps(answers),
        }
        with self.engine.connect().execution_options(write=True) as connection, connection.begin():
            org_id = organisation_id(connection, organisation)
            unfinished = connection.execute(
                select(_attempts.c.id).where(
                    _attempts.c.trainee == trainee,
                    _attempts.c.organisation_id == org_id,
                    _attempts.c.finished_at.is_(None),
                )
            ).scalar()
            attempt_id = unfinished or str(uuid.uuid4())
            if unfinished:
                connection.execute(
                    update(_attempts).where(_attempts.c.id == attempt_id).values(**values)
                )
            else:
                connection.execute(
                    insert(_attempts).values(
                        id=attempt_id, organisation_id=org_id, trainee=trainee, **values
                    )
                )
        return Attempt(attempt_id, organisation, trainee, case.id, case.title, moment, answers)

    def attempt(self, organisation: str, attempt_id: str) -> Attempt:
        """An attempt made in the organisation; another's is not found."""
        with self.engine.connect() as connection:
            row = connection.execute(
                self._select().where(
                    OrganisationRow.code == organisation, _attempts.c.id == attempt_id[:36]
                )
            ).first()
        if row is None:
            raise rejected("attempt", f"there is no attempt {attempt_id!r}", "an attempt of yours")
        return _attempt(row)

    def answered(self, attempt_id: str, answers: Mapping[str, Any]) -> None:
        """An attempt's answers so far, while it is in progress."""
        self._write(attempt_id, answers=json.dumps(dict(answers)))

    def finish(self, attempt_id: str, answers: Mapping[str, Any], scored: Comparison) -> None:
        """An attempt done: its answers, the trainee's decision and the score."""
        self._write(
            attempt_id,
            answers=json.dumps(dict(answers)),
            finished_at=now(),
            decision=scored.decision,
            asked=scored.asked,
            matched=scored.matched,
            outcome_right=scored.outcome_right,
        )

    def record(
        self, organisation: str, trainee: str, case: TrainingCase, answers: Mapping[str, Any],
        scored: Comparison,
    ) -> Attempt:  # fmt: skip
        """An attempt made whole at once (over the API): started and finished."""
        attempt = self.start(organisation, trainee, case)
        self.finish(attempt.id, answers, scored)
        return self.attempt(organisation, attempt.id)

    def attempts(
        self, organisation: str, trainee: str | None = None, most: int = 200
    ) -> list[Attempt]:
        """The organisation's finished attempts, newest first: one trainee's, or all."""
        query = self._select().where(
            OrganisationRow.code == organisation, _attempts.c.finished_at.is_not(None)
        )
        if trainee is not None:
            query = query.where(_attempts.c.trainee == trainee)
        query = query.order_by(_attempts.c.finished_at.desc(), _attempts.c.id).limit(most)
        with self.engine.connect() as connection:
            return [_attempt(row) for row in connection.execute(query)]

    def _select(self) -> Any:
        return select(_attempts, OrganisationRow.code.label("organisation")).join(
            OrganisationRow, OrganisationRow.id == _attempts.c.organisation_id
        )

    def _write(self, attempt_id: str, **values: Any) -> None:
        with self.engine.connect().execution_options(write=True) as connection, connection.begin():
            connection.execute(
                update(_attempts)
                .where(_attempts.c.id == attempt_id, _attempts.c.finished_at.is_(None))
                .values(**values)
            )


def _attempt(row: Any) -> Attempt:
    return Attempt(
        id=row.id,
        organisation=row.organisation,
        trainee=row.trainee,
        case_id=row.case_id,
        case_title=row.case_title,
        started_at=row.started_at,
        answers=json.loads(row.answers),
        finished_at=row.finished_at,
        decision=row.decision,
        asked=row.asked,
        matched=row.matched,
        outcome_right=row.outcome_right,
    )
