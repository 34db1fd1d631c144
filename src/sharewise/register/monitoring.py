"""A manager's figures of their organisation's information sharing (4.3: mechanisms
for monitoring and auditing practice): decisions by outcome, shares without consent,
decisions against the recommendation, urgent safeguarding cases, how long advice takes,
and people not told of a share by the day set.

Each figure is a table: a row a month (or a day), its columns counts. The same rows are
the chart, the accessible table, the CSV and the API's answer. Every figure is one
aggregate query (GROUP BY) over indexed columns of one organisation: no body is read,
so that a register of a million decisions answers at once.

What is counted: a decision and a reopening each count once, in the month recorded; a
correction does not (it mends a record already counted, and would count it twice). A
share still to be told of counts as it now stands: unless a correction has replaced it,
whose own day counts instead.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    Float,
    and_,
    case,
    cast,
    func,
    select,
    true,
)
from sqlalchemy.orm import aliased

from sharewise.engine.assessment import OUTCOME_LABELS, OUTCOMES
from sharewise.register.canonical import instant
from sharewise.register.directory.lookups import organisation_id, practitioner_id, service_id
from sharewise.register.errors import rejected
from sharewise.register.export import as_text
from sharewise.register.filters import DayOrMoment, Span
from sharewise.register.schemas import Code
from sharewise.register.tables import (
    AdviceRecordRow,
    DecisionRecordRow,
    OrganisationRow,
    ServiceRow,
    UserRow,
    UserServiceRow,
)

Period = Literal["month", "day"]
FigureName = Literal[
    "outcomes", "without-consent", "departures", "urgent", "advice", "overdue-telling"
]  # fmt: skip
FIGURE_NAMES: tuple[FigureName, ...] = (
    "outcomes", "without-consent", "departures", "urgent", "advice", "overdue-telling",
)  # fmt: skip
Value = str | int | float | None
COUNTED = ("decision", "reopening")  # a correction mends a record already counted
_WIDTH: dict[Period, int] = {"month": 7, "day": 10}  # of "2026-12-06T…" in UTC
_LABEL: dict[Period, str] = {"month": "Month", "day": "Day"}


class MonitoringFilters(Span):
    """Whose decisions, with whom, and when: each filter given narrows every figure."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    service: Code | None = Field(
        None,
        description="A multi-agency service's code: the decisions of the practitioners "
        "whose accounts work in it.",
    )
    recipient: Code | None = Field(
        None, description="The organisation or service shared with (or asked to share with)."
    )
    practitioner: Code | None = Field(None, description="Who recorded the decisions.")
    since: DayOrMoment | None = Field(
        None, description="Recorded at or after this moment, or from the start of this day."
    )
    until: DayOrMoment | None = Field(
        None, description="Recorded at or before this moment, or by the end of this day."
    )
    period: Period = Field("month", description="A row a month (month) or a day (day).")

    def as_query(self) -> dict[str, str]:
        """The filters given, as query parameters: for a link (the default period left out)."""
        given = self.model_dump(mode="json", exclude_none=True)
        if given.get("period") == "month":
            del given["period"]
        return {k: str(v) for k, v in given.items()}


class Figure(BaseModel):
    """One figure: its rows are its chart's data and its table alike, a row a period."""

    model_config = ConfigDict(frozen=True)

    name: FigureName = Field(description="The figure's name, in its addresses.")
    title: str
    description: str
    columns: tuple[str, ...] = Field(description="The headings: the period, then the counts.")
    rows: tuple[tuple[Value, ...], ...] = Field(description="A row a period, oldest first.")
    charted: tuple[int, ...] = Field(
        description="The places of the columns its chart draws, one bar each (the others "
        "are totals)."
    )
    stacked: bool = Field(description="Whether the charted columns add up, stacked in a bar.")
    not_filtered_by: tuple[str, ...] = Field(
        (), description="Filters given that do not apply to this figure."
    )


class Figures(BaseModel):
    """An organisation's six figures, in order, under the filters asked for."""

    model_config = ConfigDict(frozen=True)

    organisation: str
    filters: MonitoringFilters
    today: date = Field(description="The day 'overdue' was counted on.")
    figures: tuple[Figure, ...]

    def figure(self, name: str) -> Figure:
        return next(f for f in self.figures if f.name == name)


_decisions = DecisionRecordRow.__table__
_TIMESTAMP = DateTime(timezone=True)
_advice = AdviceRecordRow.__table__


def figures(
    connection: Connection, organisation: str, filters: MonitoringFilters, today: date
) -> Figures:
    """The six figures of `organisation`, each filtered as asked; an unknown code among
    the filters is refused naming it."""
    org_id = organisation_id(connection, organisation)
    who = _recorders(connection, org_id, filters)
    period = func.substr(_decisions.c.recorded_at, 1, _WIDTH[filters.period])
    where = [_decisions.c.organisation_id == org_id, *_when(_decisions.c.recorded_at, filters)]
    if who is not None:
        where.append(_decisions.c.recorded_by.in_(who))
    if filters.recipient:
        _recipient(connection, filters.recipient)
        where.append(_decisions.c.recipient == filters.recipient)
    counted = connection.execute(
        select(
            period,
            _decisions.c.outcome,
            _decisions.c.shared,
            _decisions.c.departs_from_recommendation,
            _decisions.c.urgent_safeguarding,
            func.count(),
        )
        .where(*where, _decisions.c.kind.in_(COUNTED))
        .group_by(
            period,
            _decisions.c.outcome,
            _decisions.c.shared,
            _decisions.c.departs_from_recommendation,
            _decisions.c.urgent_safeguarding,
        )
    ).all()
    return Figures(
        organisation=organisation,
        filters=filters,
        today=today,
        figures=(
            _outcomes(counted, filters.period),
            _without_consent(counted, filters.period),
            _departures(counted, filters.period),
            _urgent(counted, filters.period),
            _advice_figure(connection, org_id, filters, who),
            _overdue(connection, org_id, where, (period, filters.period), today),
        ),
    )


def _when(column: Any, filters: MonitoringFilters) -> Iterator[ColumnElement[bool]]:
    if filters.starts:
        yield column >= instant(filters.starts)
    if filters.ends:
        yield column <= instant(filters.ends)


def _recorders(connection: Connection, org_id: int, filters: MonitoringFilters) -> Any:
    """The practitioners whose decisions count (their ids, a subquery), or None for all."""
    chosen = []
    if filters.practitioner:
        chosen.append(practitioner_id(connection, org_id, filters.practitioner, "practitioner"))
    if filters.service is None:
        return chosen or None
    service = service_id(connection, filters.service, "service")
    working = (
        select(UserRow.practitioner_id)
        .join(UserServiceRow, UserServiceRow.user_id == UserRow.id)
        .where(
            UserServiceRow.service_id == service,
            UserRow.organisation_id == org_id,
            UserRow.practitioner_id.is_not(None),
        )
    )
    if chosen:
        working = working.where(UserRow.practitioner_id == chosen[0])
    return working


def _recipient(connection: Connection, code: str) -> None:
    known = select(OrganisationRow.code).union(select(ServiceRow.code)).subquery()
    if connection.execute(select(known.c.code).where(known.c.code == code)).first() is None:
        raise rejected(
            "recipient",
            f"there is no organisation or service {code!r}",
            "the code of an organisation or a multi-agency service in the register",
        )


# --- the decisions' figures, from one count ----------------------------------------------

Counted = Sequence[Any]  # rows of (period, outcome, shared, departs, urgent, count)


def _pivot(
    counted: Counted, width: int, place: Any, period: Period
) -> tuple[tuple[Value, ...], ...]:
    """A row a period, oldest first: `place(row)` says which of the `width` counts after
    the period (0 the first) a count adds to."""
    table: dict[str, list[int]] = defaultdict(lambda: [0] * width)
    for row in counted:
        sums = table[row[0]]
        for column in place(row):
            sums[column] += row[-1]
    rows: tuple[tuple[Value, ...], ...] = tuple((when, *table[when]) for when in sorted(table))
    return _filled(rows, period, (0,) * width)


def _outcomes(counted: Counted, period: Period) -> Figure:
    columns = {outcome: i for i, outcome in enumerate(OUTCOMES)}
    return Figure(
        name="outcomes",
        title="Decisions by the guidance's recommendation",
        description="How many decisions were recorded, by what the guidance recommended, "
        "and in all. A reopened decision counts again; a correction does not.",
        columns=(_LABEL[period], *(OUTCOME_LABELS[o] for o in OUTCOMES), "All decisions"),
        charted=tuple(range(1, len(OUTCOMES) + 1)),
        stacked=True,
        rows=_pivot(counted, len(OUTCOMES) + 1, lambda r: (columns[r[1]], len(OUTCOMES)), period),
    )


# Shared, but not on consent: the public interest (3.42), the law, or against the guidance.
_NOT_ON_CONSENT = {"share_without_consent": 1, "must_share": 2}


def _without_consent(counted: Counted, period: Period) -> Figure:
    def place(row: Any) -> tuple[int, ...]:
        if not row[2]:
            return ()
        if row[1] == "share":  # with consent, or none needed (anonymised, not confidential)
            return (0,)
        return 0, _NOT_ON_CONSENT.get(row[1], 3), 4

    return Figure(
        name="without-consent",
        title="Shares without consent",
        description="Shares whose basis was not the person's consent: on the public "
        "interest, because the law required it, or against the guidance's recommendation "
        "(which was not to share, or to seek consent or advice first).",
        columns=(
            _LABEL[period],
            "All shares",
            "In the public interest",
            "Required by law",
            "Against the recommendation",
            "All shares without consent",
        ),
        rows=_pivot(counted, 5, place, period),
        charted=(2, 3, 4),
        stacked=True,
    )


def _departures(counted: Counted, period: Period) -> Figure:
    def place(row: Any) -> tuple[int, ...]:
        if not row[3]:
            return (0,)
        return 0, 1 if row[2] else 2, 3

    return Figure(
        name="departures",
        title="Decisions against the recommendation",
        description="Decisions whose practitioner did otherwise than the guidance "
        "recommended, for the reasons they recorded: shared where it said not to, or not "
        "shared where it said to.",
        columns=(
            _LABEL[period],
            "All decisions",
            "Shared against it",
            "Not shared against it",
            "All against the recommendation",
        ),
        rows=_pivot(counted, 4, place, period),
        charted=(2, 3),
        stacked=True,
    )


def _urgent(counted: Counted, period: Period) -> Figure:
    def place(row: Any) -> tuple[int, ...]:
        if not row[4]:
            return (0,)
        return (0, 1, 2) if row[2] else (0, 1)

    return Figure(
        name="urgent",
        title="Urgent safeguarding cases",
        description="Decisions where a child or adult was at risk of significant harm, "
        "needing action at once, and how many of them shared.",
        columns=(_LABEL[period], "All decisions", "Urgent safeguarding", "Urgent, shared"),
        rows=_pivot(counted, 3, place, period),
        charted=(2, 3),
        stacked=False,
    )


# --- advice: how long it took ------------------------------------------------------------


def _hours(connection: Connection, later: Any, earlier: Any) -> ColumnElement[float]:
    """Hours between two moments stored as ISO text in UTC."""
    if connection.dialect.name == "postgresql":
        seconds = func.extract("epoch", cast(later, _TIMESTAMP) - cast(earlier, _TIMESTAMP))
        return cast(seconds / 3600.0, Float)
    return cast((func.julianday(later) - func.julianday(earlier)) * 24.0, Float)


def _advice_figure(
    connection: Connection, org_id: int, filters: MonitoringFilters, who: Any
) -> Figure:
    request, answer = _advice, aliased(AdviceRecordRow)
    period = func.substr(request.c.recorded_at, 1, _WIDTH[filters.period])
    hours = _hours(connection, answer.recorded_at, request.c.recorded_at)
    query = (
        select(
            period,
            func.count(),
            func.count(answer.id),
            func.sum(case((hours <= 24, 1), else_=0)),
            func.sum(case((and_(hours > 24, hours <= 24 * 7), 1), else_=0)),
            func.sum(case((hours > 24 * 7, 1), else_=0)),
            func.avg(hours),
            func.max(hours),
        )
        .outerjoin(answer, and_(answer.refers_to == request.c.id, answer.kind == "answer"))
        .where(
            request.c.organisation_id == org_id,
            request.c.kind == "request",
            *_when(request.c.recorded_at, filters),
        )
        .group_by(period)
        .order_by(period)
    )
    if who is not None:
        askers = select(UserRow.username).where(
            UserRow.organisation_id == org_id, UserRow.practitioner_id.in_(who)
        )
        query = query.where(request.c.asker.in_(askers))
    rows = tuple(
        (when, asked, answered, day, week, longer, asked - answered, _round(mean), _round(most))
        for when, asked, answered, day, week, longer, mean, most in connection.execute(query)
    )
    return Figure(
        name="advice",
        title="How long advice took",
        description="Advice asked for without naming the person, by the "
        "month it was asked: how soon it was answered, how many wait still, and the "
        "average and longest wait in hours.",
        columns=(
            _LABEL[filters.period],
            "Asked",
            "Answered",
            "Within a day",
            "Within a week",
            "Later",
            "Not answered",
            "Average hours",
            "Longest hours",
        ),
        rows=_filled(rows, filters.period, (0, 0, 0, 0, 0, 0, None, None)),
        charted=(3, 4, 5, 6),
        stacked=True,
        not_filtered_by=("recipient",) if filters.recipient else (),
    )


def _filled(
    rows: tuple[tuple[Value, ...], ...], period: Period, blank: tuple[Value, ...]
) -> tuple[tuple[Value, ...], ...]:
    """The rows with a `blank` row for each period between the first and the last that
    has none: a month without a decision is a month of noughts, not a gap in a chart."""
    if len(rows) < 2:
        return rows
    found = {row[0]: row for row in rows}
    return tuple(
        found.get(when, (when, *blank))
        for when in _periods(str(rows[0][0]), str(rows[-1][0]), period)
    )


def _periods(first: str, last: str, period: Period) -> Iterator[str]:
    """Each month ("2026-01") or day ("2026-01-31") from the first to the last."""
    if period == "day":
        day = date.fromisoformat(first)
        while day.isoformat() <= last:
            yield day.isoformat()
            day += timedelta(days=1)
        return
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _round(hours: float | None) -> float | None:
    return None if hours is None else round(float(hours), 1)


# --- people not told of a share by the day set -------------------------------------------


def _overdue(
    connection: Connection, org_id: int, where: list[Any], by: tuple[Any, Period], today: date
) -> Figure:
    period, each = by
    # The records corrected since, found once (not a lookup per share): where nearly
    # every entry refers to none, SQLite's statistics make the index on `refers_to` look
    # useless, and a lookup per share would read the whole table each time.
    later = aliased(DecisionRecordRow)
    corrected = select(later.refers_to).where(
        later.organisation_id == org_id, later.kind == "correction", later.refers_to.is_not(None)
    )
    overdue = _decisions.c.tell_by < today.isoformat()
    query = (
        select(
            period,
            func.count(),
            func.sum(case((overdue, 1), else_=0)),
            func.min(case((overdue, _decisions.c.tell_by))),
        )
        .where(
            *where,
            _decisions.c.shared == true(),
            _decisions.c.tell_by.is_not(None),
            _decisions.c.id.not_in(corrected),
        )
        .group_by(period)
        .order_by(period)
    )
    return Figure(
        name="overdue-telling",
        title="People not told of a share by the day set",
        description="Shares whose package said the person would be told by a day, "
        "by the month shared: how many are still to tell, how many of those are past "
        "their day, and the earliest day missed. Telling them is recorded as a correction.",
        columns=(_LABEL[each], "Still to tell", "Overdue", "Earliest day missed"),
        charted=(1, 2),
        stacked=False,
        rows=_filled(
            tuple(
                (when, int(waiting), int(late or 0), earliest)
                for when, waiting, late, earliest in connection.execute(query)
            ),
            each,
            (0, 0, None),
        ),
    )


def as_csv(figure: Figure) -> str:
    """The figure's table, headings first, each cell as text a spreadsheet will not run
    (`export.as_text`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in (figure.columns, *figure.rows):
        writer.writerow([as_text(cell) for cell in row])
    return buffer.getvalue()
