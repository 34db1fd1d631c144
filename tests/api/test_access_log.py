"""Every read of personal data through the API leaves one entry in the access log, and
only auditors and admins read the log, of their own organisation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.access import AccessEntry, Reading
from sharewise.register.store import Register
from tests.accounts import add_account, bearer
from tests.api.helpers import AS_PAT, problem
from tests.register.helpers import consent, decision

PERSON_READS = [
    ("/organisations/council/people/AMY", {}, "person"),
    ("/consents", {"person": "AMY"}, "consents"),
    ("/consents/state", {"person": "AMY"}, "consents"),
    (
        "/consents/coverage",
        {"person": "AMY", "purpose": "Early help assessment", "recipient": "trust"},
        "consents",
    ),
]


@pytest.fixture
def recorded(staffed: Register) -> str:
    staffed.record_consent(consent())
    return staffed.record_decision(decision()).id


@pytest.fixture
def auditor(staffed: Register) -> Iterator[TestClient]:
    add_account(staffed, "council", "council-auditor", ("auditor",))
    with TestClient(create_api(staffed), headers=bearer(staffed, "council-auditor")) as opened:
        yield opened


def _one_new(register: Register, before: list[AccessEntry]) -> AccessEntry:
    after = register.reads("council", limit=500)
    new = after[: len(after) - len(before)]
    assert len(new) == 1, new
    return new[0]


@pytest.mark.parametrize(("path", "params", "read"), PERSON_READS)
def test_a_read_of_a_person_leaves_one_entry(
    client: TestClient, area: Register, recorded: str, path: str, params: dict[str, Any], read: str
) -> None:
    before = area.reads("council", limit=500)
    assert client.get(path, params=params).status_code == 200
    entry = _one_new(area, before)
    assert (entry.username, entry.read, entry.subject, entry.person, entry.address) == (
        "jo.smith", read, "AMY", "AMY", "testclient",
    )  # fmt: skip


def test_a_read_of_a_decision_names_the_record_and_its_person(
    client: TestClient, area: Register, recorded: str
) -> None:
    before = area.reads("council", limit=500)
    assert client.get(f"/decisions/{recorded}").status_code == 200
    entry = _one_new(area, before)
    assert (entry.read, entry.subject, entry.person) == ("decision", recorded, "AMY")


@pytest.mark.parametrize(
    ("path", "read"), [("/decisions", "decisions"), ("/decisions/export", "export")]
)
def test_a_list_or_an_export_is_one_entry_naming_its_filters(
    client: TestClient, area: Register, recorded: str, path: str, read: str
) -> None:
    area.record_decision(decision())
    before = area.reads("council", limit=500)
    assert client.get(path, params={"person": "AMY", "search": "Amy"}).status_code == 200
    entry = _one_new(area, before)
    assert (entry.read, entry.subject, entry.person) == (
        read, "person=AMY&search=1 words", "AMY",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/decisions/no-such-record", {}),
        ("/organisations/council/people/NOBODY", {}),
        ("/consents", {"person": "NOBODY"}),
        ("/consents/state", {"person": "NOBODY"}),
    ],
)
def test_a_read_that_finds_nothing_is_no_access(
    client: TestClient, area: Register, path: str, params: dict[str, Any]
) -> None:
    before = area.entry_count()
    assert client.get(path, params=params).status_code in (404, 422)
    assert area.reads("council") == [] and area.entry_count() == before


def test_the_log_is_read_by_an_auditor_filtered_and_its_reading_logged(
    client: TestClient, auditor: TestClient, area: Register, recorded: str
) -> None:
    client.get("/organisations/council/people/AMY")
    client.get(f"/decisions/{recorded}")
    page = auditor.get("/access-log", params={"person": "AMY", "user": "jo.smith"})
    assert page.status_code == 200, page.text
    items = page.json()["items"]
    assert [i["read"] for i in items] == ["decision", "person"]
    assert items[0]["subject"] == recorded and items[0]["address"] == "testclient"
    assert auditor.get("/access-log", params={"since": "2999-01-01"}).json()["items"] == []
    assert len(auditor.get("/access-log", params={"limit": 1}).json()["items"]) == 1
    newest = area.reads("council", limit=1)[0]
    assert (newest.username, newest.read) == ("council-auditor", "access log")


def test_the_log_is_exported_as_defused_csv(
    client: TestClient, auditor: TestClient, area: Register
) -> None:
    client.get("/decisions", params={"search": "=cmd"})  # no formula in a logged search
    area.record_read(
        Reading("council", "jo.smith", "jo", "decisions", "=HYPERLINK(1)", None, "192.0.2.1")
    )
    response = auditor.get("/access-log/export")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == "id,recorded_at,username,read,subject,person,address"
    assert any(",'=HYPERLINK(1)," in line for line in lines)
    assert not any(",=" in line for line in lines)


def test_a_practitioner_may_not_read_the_log(client: TestClient) -> None:
    problem(client.get("/access-log"), 403)
    problem(client.get("/access-log/export"), 403)


def test_another_organisations_reads_are_never_shown(
    staffed: Register, auditor: TestClient, recorded: str
) -> None:
    staffed.add_person("trust", "TP", "Tia", "Price")
    with TestClient(create_api(staffed), headers=bearer(staffed, AS_PAT)) as pat:
        assert pat.get("/organisations/trust/people/TP").status_code == 200
    assert auditor.get("/access-log").json()["items"] == []
    assert staffed.reads("trust")[0].username == "pat.lee"
    csv = auditor.get("/access-log/export").text
    assert "pat.lee" not in csv and "council-auditor" in csv  # its own entry


def test_bad_filters_are_refused_naming_what_is_allowed(auditor: TestClient) -> None:
    body = problem(
        auditor.get("/access-log", params={"since": "2026-02-01", "until": "2026-01-01"}), 422
    )
    assert body["errors"][0]["field"] == "until"
    problem(auditor.get("/access-log", params={"limit": 100_000}), 422)
