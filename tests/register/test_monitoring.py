"""A manager's figures (4.3), counted by hand from a known quarter (tests/monitoring_helpers.py),
under each filter, on SQLite and PostgreSQL; what is not a filter is refused."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from sharewise.engine.errors import fact_errors
from sharewise.register.errors import RecordRejected
from sharewise.register.monitoring import FIGURE_NAMES, MonitoringFilters
from sharewise.register.store import Register
from tests.monitoring_helpers import clock, quarter

__all__ = ["clock", "quarter"]  # the fixtures


def rows(register: Register, name: str, **filters: Any) -> list[tuple[Any, ...]]:
    figures = register.figures("council", MonitoringFilters.model_validate(filters))
    return list(figures.figure(name).rows)


JAN, FEB, MAR = "2026-01", "2026-02", "2026-03"


def test_the_six_figures_in_order_as_counted_by_hand(quarter: Register) -> None:
    figures = quarter.figures("council", MonitoringFilters())
    assert tuple(f.name for f in figures.figures) == FIGURE_NAMES
    assert str(figures.today) == "2026-04-01"
    # Share, without consent, must share, do not share, seek consent, seek advice,
    # incomplete, all: the corrections are not counted, the reopening is.
    assert rows(quarter, "outcomes") == [
        (JAN, 1, 1, 0, 1, 0, 0, 0, 3),
        (FEB, 3, 0, 0, 1, 0, 0, 0, 4),
        (MAR, 2, 0, 0, 0, 0, 0, 0, 2),
    ]
    # All shares; in the public interest, by law, against the recommendation; all those.
    assert rows(quarter, "without-consent") == [
        (JAN, 2, 1, 0, 0, 1),
        (FEB, 3, 0, 0, 1, 1),
        (MAR, 2, 0, 0, 0, 0),
    ]
    # All decisions; shared against it, not shared against it; all against it.
    assert rows(quarter, "departures") == [
        (JAN, 3, 0, 0, 0),
        (FEB, 4, 1, 1, 2),
        (MAR, 2, 0, 0, 0),
    ]
    assert rows(quarter, "urgent") == [(JAN, 3, 1, 1), (FEB, 4, 0, 0), (MAR, 2, 0, 0)]
    # Asked, answered, in a day, in a week, later, not answered, average and longest hours.
    assert rows(quarter, "advice") == [
        (JAN, 1, 1, 1, 0, 0, 0, 5.0, 5.0),
        (FEB, 2, 1, 0, 1, 0, 1, 72.0, 72.0),
    ]
    # Still to tell, overdue, the earliest day missed: March's was told, by a correction.
    assert rows(quarter, "overdue-telling") == [(FEB, 2, 1, "2026-02-20")]
    assert quarter.verify().intact


def test_each_filter_narrows_every_figure(quarter: Register) -> None:
    assert rows(quarter, "outcomes", practitioner="al") == [
        (JAN, 0, 1, 0, 0, 0, 0, 0, 1),
        (FEB, 1, 0, 0, 0, 0, 0, 0, 1),
        (MAR, 1, 0, 0, 0, 0, 0, 0, 1),
    ]
    assert rows(quarter, "advice", practitioner="al") == [(FEB, 1, 0, 0, 0, 0, 1, None, None)]
    assert rows(quarter, "overdue-telling", practitioner="al") == []
    # Jo works in the early-help service; Al does not.
    assert rows(quarter, "outcomes", service="early-help") == [
        (JAN, 1, 0, 0, 1, 0, 0, 0, 2),
        (FEB, 2, 0, 0, 1, 0, 0, 0, 3),
        (MAR, 1, 0, 0, 0, 0, 0, 0, 1),
    ]
    assert rows(quarter, "advice", service="early-help") == [
        (JAN, 1, 1, 1, 0, 0, 0, 5.0, 5.0),
        (FEB, 1, 1, 0, 1, 0, 0, 72.0, 72.0),
    ]
    assert rows(quarter, "outcomes", service="early-help", practitioner="al") == []
    assert rows(quarter, "without-consent", recipient="trust") == [
        (JAN, 1, 0, 0, 0, 0),
        (FEB, 3, 0, 0, 1, 1),
        (MAR, 2, 0, 0, 0, 0),
    ]
    assert rows(quarter, "urgent", recipient="police") == [(JAN, 1, 1, 1)]
    assert rows(quarter, "departures", since="2026-02-01", until="2026-02-28") == [
        (FEB, 4, 1, 1, 2)
    ]
    assert rows(quarter, "overdue-telling", until="2026-01-31") == []
    # A row each day from the first to the last, those without a decision noughts.
    days = rows(quarter, "urgent", period="day")
    assert len(days) == 31 - 9 + 28 + 10
    assert [row for row in days if row[1]] == [
        ("2026-01-10", 3, 1, 1),
        ("2026-02-10", 4, 0, 0),
        ("2026-03-10", 2, 0, 0),
    ]
    assert days[1] == ("2026-01-11", 0, 0, 0)
    assert rows(quarter, "advice", period="day")[1] == ("2026-01-11", 0, 0, 0, 0, 0, 0, None, None)


def test_advice_says_it_is_not_filtered_by_recipient(quarter: Register) -> None:
    figures = quarter.figures("council", MonitoringFilters(recipient="trust"))
    assert figures.figure("advice").not_filtered_by == ("recipient",)
    assert (
        figures.figure("advice").rows
        == quarter.figures("council", MonitoringFilters()).figure("advice").rows
    )
    assert figures.figure("outcomes").not_filtered_by == ()


def test_another_organisations_figures_hold_none_of_these(quarter: Register) -> None:
    figures = quarter.figures("trust", MonitoringFilters())
    assert all(figure.rows == () for figure in figures.figures)


def refused(**given: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        MonitoringFilters.model_validate(given)
    return {e.field: e.problem for e in fact_errors(raised.value, MonitoringFilters)}


def test_what_is_not_a_filter_is_refused_naming_it() -> None:
    assert refused(since="last week", period="year", colour="red", practitioner="two words") == {
        "since": "is not a real date or moment",
        "period": "the text 'year' is not allowed",
        "colour": "is not a known field",
        "practitioner": refused(practitioner="two words")["practitioner"],
    }
    assert "until" in refused(since="2026-02-02", until="2026-02-01")
    filters = MonitoringFilters(service="early-help", since="2026-02-01", period="day")
    assert filters.as_query() == {"service": "early-help", "since": "2026-02-01", "period": "day"}
    assert MonitoringFilters.model_validate(filters.as_query()) == filters
    assert MonitoringFilters().as_query() == {}


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"practitioner": "pat"}, "practitioner"),  # the trust's, not the council's
        ({"service": "no-such-service"}, "service"),
        ({"recipient": "no-such-place"}, "recipient"),
    ],
)
def test_a_code_that_names_nothing_here_is_refused(
    area: Register, filters: dict[str, str], field: str
) -> None:
    with pytest.raises(RecordRejected) as caught:
        area.figures("council", MonitoringFilters.model_validate(filters))
    assert [e.field for e in caught.value.errors] == [field]
    assert area.figures("council", MonitoringFilters(recipient="early-help")).figures
