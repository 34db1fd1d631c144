"""Audit reports over the API, for managers and auditors: made for a month, read with
their findings, and pinned to the chain head `sharewise verify --head` prints."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sharewise.api import create_api
from sharewise.cli import app
from sharewise.register.store import Register
from tests.accounts import add_account, bearer
from tests.api.helpers import contents, fields
from tests.register.helpers import decision, not_sharing

THIS_MONTH = datetime.now(UTC).strftime("%Y-%m")


@pytest.fixture
def auditor(staffed: Register) -> Iterator[TestClient]:
    add_account(staffed, "council", "council-auditor", ("auditor",))
    for document in (decision(), not_sharing(), decision()):
        staffed.record_decision(document)
    with TestClient(create_api(staffed), headers=bearer(staffed, "council-auditor")) as opened:
        yield opened


def test_the_reports_head_is_what_verify_head_prints_the_moment_it_is_made(
    auditor: TestClient, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = auditor.post("/audit-reports", json={"month": THIS_MONTH, "sample_size": 2})
    assert made.status_code == 201, made.text
    report = made.json()
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", database_url)
    printed = CliRunner().invoke(app, ["verify", "--head"])
    assert printed.exit_code == 0, printed.output
    assert report["head"]["as_printed"] in printed.output.strip().split(";")
    head = report["head"]
    assert head["as_printed"] == f"{head['organisation_id']}={head['count']}:{head['hash']}"
    assert len(report["sample"]) == 2 and report["population"] == 3 and report["seed"]


def test_a_report_is_listed_read_and_given_findings(auditor: TestClient) -> None:
    report = auditor.post("/audit-reports", json={"month": THIS_MONTH}).json()
    assert report["sampled"] == 3  # all, as the month holds fewer than 10
    listed = auditor.get("/audit-reports").json()["reports"]
    assert [r["id"] for r in listed] == [report["id"]]
    first = report["sample"][0]
    said = {"record": first, "answer": "partly", "note": "The reasons do not say why now"}
    found = auditor.post(f"/audit-reports/{report['id']}/findings", json=said)
    assert found.status_code == 201, found.text
    again = auditor.post(f"/audit-reports/{report['id']}/findings", json=said)
    assert fields(again) == ["record"]  # once
    read = auditor.get(f"/audit-reports/{report['id']}").json()
    assert [(f["record"], f["answer"]) for f in read["recorded_findings"]] == [(first, "partly")]
    assert read["findings"] == 1 and read["made_by"] == "council-auditor"
    assert read["sample"] == report["sample"] and read["seed"] == report["seed"]


def test_a_bad_finding_is_refused_and_nothing_stored(
    auditor: TestClient, staffed: Register
) -> None:
    report = auditor.post("/audit-reports", json={"month": THIS_MONTH}).json()
    url = f"/audit-reports/{report['id']}/findings"
    first = report["sample"][0]
    for sent, field in (
        ({"record": first, "answer": "no"}, "note"),
        ({"record": first, "answer": "maybe"}, "answer"),
        ({"record": "elsewhere", "answer": "yes"}, "record"),
        ({"record": first, "answer": "yes", "made_by": "someone"}, "made_by"),
    ):
        before = contents(staffed)
        assert fields(auditor.post(url, json=sent)) == [field]
        assert contents(staffed) == before
    assert auditor.get(f"/audit-reports/{report['id']}").json()["recorded_findings"] == []
