"""The audit report pages, for managers and auditors: make a month's report, read it
with its figures, its sample and the chain head it pins, record a finding on each
sampled record, and file its PDF."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from sharewise.register.access import AccessFilters
from sharewise.register.principal import Principal
from sharewise.register.store import Register
from sharewise.server import create_app
from sharewise.web.audits import report_document
from tests.accounts import add_account, signed_in
from tests.register.helpers import decision, not_sharing
from tests.web.helpers import ready_for_forms
from tests.web.test_record_pdf import _texts

NOW = datetime.now(UTC)


@pytest.fixture
def auditor(staffed: Register, database_url: str) -> Iterator[TestClient]:
    """The council's auditor, on a register with three of this month's records."""
    add_account(staffed, "council", "council-auditor", ("auditor",))
    for document in (decision(), not_sharing(), decision()):
        staffed.record_decision(document)
    cookies = signed_in(staffed, "council-auditor")
    with TestClient(create_app(database_url), cookies=cookies) as opened:
        yield ready_for_forms(opened)


def _make(client: TestClient, **typed: str) -> object:
    sent = {"month-month": str(NOW.month), "month-year": str(NOW.year), "sample_size": "2"}
    return client.post("/audit-reports", data={**sent, **typed}, follow_redirects=False)


def test_a_report_is_made_for_a_month_and_shows_its_head_sample_and_figures(
    auditor: TestClient, staffed: Register
) -> None:
    assert "No audit report has been made yet" in auditor.get("/audit-reports").text
    made = _make(auditor)
    assert made.status_code == 303  # type: ignore[attr-defined]
    url = made.headers["location"]  # type: ignore[attr-defined]
    report = staffed.audit_reports("council")[0]
    page = auditor.get(url).text
    assert report.hash in page and report.head in page
    assert "Decisions by the guidance&#39;s recommendation" in page
    for record in report.body.sample:
        assert f'href="/records/{record}"' in page
    assert page.count("Record the finding on record") == 2
    assert url.removeprefix("/audit-reports/") in auditor.get("/audit-reports").text
    read = staffed.reads("council", AccessFilters(user="council-auditor"), limit=5)
    assert read[0].read == "audit report" and read[0].subject == report.id


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ({"month-month": "", "month-year": ""}, "Enter the month and year to report on"),
        ({"month-month": "13"}, "The month must be a number from 1 to 12"),
        ({"month-year": "26"}, "The year must be 4 numbers, like 2026"),
        ({"month-year": str(NOW.year + 1)}, "The month must be this month or one before"),
        ({"sample_size": "0"}, "Enter how many records to sample"),
        ({"sample_size": "lots"}, "Enter how many records to sample"),
    ],
)
def test_a_month_that_cannot_be_reported_on_says_why(
    auditor: TestClient, staffed: Register, typed: dict[str, str], said: str
) -> None:
    refused = _make(auditor, **typed)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert said in refused.text and "govuk-error-summary" in refused.text  # type: ignore[attr-defined]
    assert staffed.audit_reports("council") == []


def test_a_finding_is_recorded_and_shown_and_a_bad_one_refused(
    auditor: TestClient, staffed: Register
) -> None:
    url = _make(auditor).headers["location"]  # type: ignore[attr-defined]
    report = staffed.audit_reports("council")[0]
    first = report.body.sample[0]
    findings = f"{url}/findings"
    refused = auditor.post(findings, data={"record": first, "answer": "no"})
    assert (
        refused.status_code == 422 and "a note is needed unless the answer is yes" in refused.text
    )
    assert 'href="#note-1"' in refused.text
    unanswered = auditor.post(findings, data={"record": first, "note": "x"})
    assert unanswered.status_code == 422 and "Select yes, no or partly" in unanswered.text
    assert staffed.audit_report(report.id, "council").findings == {}
    done = auditor.post(
        findings, data={"record": first, "answer": "no", "note": "No reasons given"},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303
    page = auditor.get(done.headers["location"]).text
    assert "The finding is recorded" in page and "No reasons given" in page
    assert page.count("Record the finding on record") == 1


def test_the_pdf_shows_the_head_and_the_findings(auditor: TestClient, staffed: Register) -> None:
    url = _make(auditor).headers["location"]  # type: ignore[attr-defined]
    report = staffed.audit_reports("council")[0]
    staffed.record_audit_finding(
        {"report_id": report.id, "organisation": "council", "made_by": "council-auditor",
         "record": report.body.sample[0], "answer": "partly", "note": "Reasons brief"}
    )  # fmt: skip
    response = auditor.get(f"{url}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")

    principal = Principal("council", "", frozenset({"auditor"}), user="council-auditor")
    report = staffed.audit_report(report.id, "council")
    document = report_document("OFFICIAL-SENSITIVE", staffed, principal, report)
    pages = [" ".join(_texts(page._page_box)) for page in document.pages]
    text = " ".join(pages)
    assert report.hash in text and "Reasons brief" in text and "Partly" in text
    for page in pages:
        assert "OFFICIAL-SENSITIVE" in page and report.head in page
