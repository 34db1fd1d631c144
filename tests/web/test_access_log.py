"""Every read of personal data on the pages leaves one entry in the access log, and the
log's page is for auditors and admins only, of their own organisation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sharewise.register.access import AccessEntry, Reading
from sharewise.register.store import Register
from sharewise.server import create_app
from tests.accounts import add_account, signed_in
from tests.register.helpers import consent, decision
from tests.web.helpers import ready_for_forms


@pytest.fixture
def auditor(staffed: Register, database_url: str) -> Iterator[TestClient]:
    add_account(staffed, "council", "council-auditor", ("auditor",))
    cookies = signed_in(staffed, "council-auditor")
    with TestClient(create_app(database_url), cookies=cookies) as opened:
        yield ready_for_forms(opened)


def _one_new(register: Register, before: list[AccessEntry]) -> AccessEntry:
    after = register.reads("council", limit=500)
    new = after[: len(after) - len(before)]
    assert len(new) == 1, new
    return new[0]


def _read(client: TestClient, register: Register, path: str) -> AccessEntry:
    before = register.reads("council", limit=500)
    response = client.get(path)
    assert response.status_code == 200, response.text
    entry = _one_new(register, before)
    assert (entry.username, entry.address) == ("jo.smith", "testclient")
    return entry


def test_each_page_of_a_persons_data_leaves_one_entry(client: TestClient, area: Register) -> None:
    given = area.record_consent(consent()).id
    record = area.record_decision(decision()).id
    reads = {
        "/people/council/AMY": ("person", "AMY"),
        f"/records/{record}": ("decision", record),
        f"/people/council/AMY/consents/new?corrects={given}": ("consents", "AMY"),
        f"/people/council/AMY/consents/{given}/withdraw": ("consents", "AMY"),
        "/consents/covers?organisation=council&person=AMY&purpose=Early+help&recipient=trust": (
            "consents",
            "AMY",
        ),
        "/records?person=AMY": ("decisions", "person=AMY"),
        "/records/export.csv?person=AMY": ("export", "person=AMY"),
    }
    for path, (read, subject) in reads.items():
        entry = _read(client, area, path)
        assert (entry.read, entry.subject, entry.person) == (read, subject, "AMY"), path


def test_a_records_pdf_leaves_one_entry(client: TestClient, area: Register) -> None:
    record = area.record_decision(decision()).id
    entry = _read(client, area, f"/records/{record}/pdf")
    assert (entry.read, entry.subject, entry.person) == ("pdf", record, "AMY")


@pytest.mark.parametrize(
    "path", ["/people/council/NOBODY", "/records/no-such-record", "/records/no-such-record/pdf"]
)
def test_a_page_that_finds_nothing_is_no_access(
    client: TestClient, area: Register, path: str
) -> None:
    before = area.entry_count()
    assert client.get(path).status_code == 404
    assert area.entry_count() == before


def test_an_auditor_reads_the_log_filtered_and_linked_from_the_header(
    client: TestClient, auditor: TestClient, area: Register
) -> None:
    client.get("/people/council/AMY")
    client.get("/people/council/SAM")
    page = auditor.get("/access-log?person=SAM")
    assert page.status_code == 200 and 'href="/access-log"' in page.text
    assert "jo.smith" in page.text and ">AMY<" not in page.text and ">SAM<" in page.text
    everyone = auditor.get("/access-log?user=council-auditor").text
    assert "Access log" in everyone and "jo.smith" not in everyone
    newest = area.reads("council", limit=1)[0]
    assert (newest.username, newest.read, newest.subject) == (
        "council-auditor", "access log", "user=council-auditor",
    )  # fmt: skip
    assert 'href="/access-log"' not in client.get("/people").text  # not for a practitioner


def test_the_pages_filters_say_what_is_wrong(auditor: TestClient) -> None:
    page = auditor.get("/access-log?since-day=31&since-month=2&since-year=2026&user=%3Dx")
    assert page.status_code == 422
    assert "The &#39;from&#39; date must be a real date" in page.text
    later = auditor.get(
        "/access-log?since-day=2&since-month=2&since-year=2026&until-day=1&until-month=2&until-year=2026"
    )
    assert later.status_code == 422 and "must be the same as or after" in later.text


def test_the_download_is_defused_csv_of_the_organisations_reads_only(
    auditor: TestClient, area: Register
) -> None:
    area.record_read(Reading("council", "jo.smith", "jo", "decisions", "=cmd|x", None, "::1"))
    area.record_read(Reading("trust", "pat.lee", "pat", "decisions", "trust-only", None, "::1"))
    response = auditor.get("/access-log/export.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert ",'=cmd|x," in response.text and "trust-only" not in response.text


@pytest.mark.parametrize("path", ["/access-log", "/access-log/export.csv"])
def test_a_practitioner_may_not_read_the_log(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 403
