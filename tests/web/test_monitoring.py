"""The monitoring dashboard: a manager's figures, each a table with a chart drawn from
it in Chromium, and a CSV of the same table under the same filters; bad filters said in
an error summary; no one else's figures, and no one else's page."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from sharewise.register.monitoring import FIGURE_NAMES, MonitoringFilters, as_csv
from sharewise.register.store import Register
from sharewise.server import create_app
from tests.accounts import signed_in
from tests.monitoring_helpers import clock, quarter
from tests.web.conftest import Live, act_as
from tests.web.helpers import ready_for_forms

__all__ = ["clock", "quarter"]  # the fixtures


@pytest.fixture
def manager(quarter: Register, database_url: str) -> Iterator[TestClient]:
    cookies = signed_in(quarter, "al.khan")
    with TestClient(create_app(database_url), cookies=cookies) as opened:
        yield ready_for_forms(opened)


def _table(page: str, name: str) -> str:
    start = page.index(f'id="{name}-table"')
    return page[start : page.index("</table>", start)]


def test_each_figure_is_a_table_with_a_chart_and_a_csv(manager: TestClient) -> None:
    page = manager.get("/monitoring", params={"recipient": "trust"})
    assert page.status_code == 200
    shown = page.text
    assert 'href="/monitoring"' in shown  # the header's link, for a manager
    for name in FIGURE_NAMES:
        assert f'href="/monitoring/{name}.csv?recipient=trust"' in shown
    outcomes = _table(shown, "outcomes")
    assert "2026-02" in outcomes and 'data-charted="1,2,3,4,5,6,7"' in outcomes
    assert 'data-chart-for="outcomes-table"' in shown
    assert "Not filtered by recipient" in shown  # the advice figure


def test_the_csv_is_the_figures_table(manager: TestClient, quarter: Register) -> None:
    answer = manager.get("/monitoring/departures.csv", params={"service": "early-help"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    figure = quarter.figures("council", MonitoringFilters(service="early-help"))
    assert answer.text == as_csv(figure.figure("departures"))
    assert next(csv.reader(io.StringIO(answer.text)))[0] == "Month"
    assert manager.get("/monitoring/colour.csv").status_code == 404
    refused = manager.get("/monitoring/outcomes.csv", params={"practitioner": "pat"})
    assert refused.status_code == 422 and "there is no practitioner" in refused.text


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("since-day=31&since-month=2&since-year=2026", "The 'from' date must be a real date"),
        ("practitioner=pat", "there is no practitioner 'pat' in this organisation"),
        ("service=nowhere", "there is no service 'nowhere'"),
        ("period=year", "Select months or days"),
        (
            "since-day=2&since-month=2&since-year=2026&until-day=1&until-month=2&until-year=2026",
            "The 'until' date must be the same as or after the 'from' date",
        ),
    ],
)
def test_bad_filters_are_said_in_the_error_summary(
    manager: TestClient, query: str, said: str
) -> None:
    page = manager.get(f"/monitoring?{query}")
    assert page.status_code == 422
    assert "govuk-error-summary" in page.text and said in html.unescape(page.text)
    assert "<canvas" not in page.text


def test_a_practitioner_sees_neither_the_page_nor_its_link(
    quarter: Register, database_url: str
) -> None:
    cookies = signed_in(quarter, "jo.smith")
    with TestClient(create_app(database_url), cookies=cookies) as jo:
        assert jo.get("/monitoring").status_code == 403
        assert 'href="/monitoring"' not in jo.get("/").text


def test_the_charts_are_drawn_from_their_tables(page: Page, live: Live) -> None:
    act_as(page.context, live, "rc-manager")
    page.goto("/monitoring")
    charts = page.locator("canvas[data-chart-for]")
    expect(charts.first).to_have_attribute("data-drawn", "7")  # the seven outcomes
    for chart in charts.all():
        expect(chart).to_have_attribute("data-drawn", re.compile(r"^[1-9]\d*$"))
    first_row = page.locator("#outcomes-table tbody tr").first
    expect(first_row).to_be_visible()
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download this table as a spreadsheet (CSV)").first.click()
    assert downloading.value.suggested_filename == "outcomes.csv"
