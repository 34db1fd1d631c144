"""The monitoring figures over the API: all six, or one as JSON or CSV, the same as the
register counts them, for managers and auditors of their own organisation alone; figures
of one practitioner are logged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.monitoring import FIGURE_NAMES, MonitoringFilters
from sharewise.register.store import Register
from tests.accounts import add_account, bearer
from tests.monitoring_helpers import clock, quarter

__all__ = ["clock", "quarter"]  # the fixtures


@pytest.fixture
def manager(quarter: Register) -> Iterator[TestClient]:
    with TestClient(create_api(quarter), headers=bearer(quarter, "al.khan")) as opened:
        yield opened


def test_the_figures_are_the_registers(manager: TestClient, quarter: Register) -> None:
    answer = manager.get("/monitoring", params={"service": "early-help"})
    assert answer.status_code == 200
    counted = quarter.figures("council", MonitoringFilters(service="early-help"))
    assert answer.json() == counted.model_dump(mode="json")
    assert [f["name"] for f in answer.json()["figures"]] == list(FIGURE_NAMES)
    one = manager.get("/monitoring/urgent", params={"recipient": "police"})
    assert one.json()["rows"] == [["2026-01", 1, 1, 1]]
    assert one.json()["columns"][0] == "Month"


def test_a_figure_as_csv_is_its_table(manager: TestClient) -> None:
    answer = manager.get("/monitoring/advice", headers={"accept": "text/csv"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    table = manager.get("/monitoring/advice").json()
    read = list(csv.reader(io.StringIO(answer.text)))
    assert read[0] == table["columns"]
    assert read[1:] == [["" if c is None else str(c) for c in row] for row in table["rows"]]


def test_figures_of_one_practitioner_are_logged_and_others_are_not(
    manager: TestClient, quarter: Register
) -> None:
    before = len(quarter.reads("council", limit=500))
    manager.get("/monitoring", params={"service": "early-help"})
    assert len(quarter.reads("council", limit=500)) == before
    manager.get("/monitoring/outcomes", params={"practitioner": "jo"})
    (newest, *_) = quarter.reads("council", limit=1)
    assert (newest.read, newest.username, newest.subject) == (
        "figures", "al.khan", "practitioner=jo",
    )  # fmt: skip


def test_only_managers_and_auditors_see_figures_and_only_their_own(quarter: Register) -> None:
    add_account(quarter, "trust", "trust-auditor", ("auditor",))
    with TestClient(create_api(quarter), headers=bearer(quarter, "jo.smith")) as jo:
        assert jo.get("/monitoring").status_code == 403
    with TestClient(create_api(quarter), headers=bearer(quarter, "trust-auditor")) as trust:
        figures = trust.get("/monitoring").json()
        assert figures["organisation"] == "trust"
        assert all(f["rows"] == [] for f in figures["figures"])
