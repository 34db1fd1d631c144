"""Decisions about access are in the access log beside the reads (ASVS 7.2.1, 7.2.2): every
sign-in of an account the register knows, refused or not, and every request refused to
someone signed in, for want of a role or for asking of another organisation's records.
What is refused is said exactly as what is not there: only the log tells them apart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.access import AccessEntry
from sharewise.register.store import Register
from sharewise.server import create_app
from tests.accounts import PASSWORD, add_account, bearer, signed_in
from tests.register import helpers as documents
from tests.web.helpers import ready_for_forms
from tests.web.test_identity import sign_in


def _new(register: Register, before: int, organisation: str = "council") -> list[AccessEntry]:
    """The entries logged since there were `before`, oldest first."""
    entries = register.reads(organisation, limit=500)
    return entries[: len(entries) - before][::-1]


def _count(register: Register, organisation: str = "council") -> int:
    return len(register.reads(organisation, limit=500))


@pytest.fixture
def stranger(staffed: Register, database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(database_url), follow_redirects=False) as opened:
        yield ready_for_forms(opened)


def test_each_sign_in_of_a_known_account_is_logged_with_its_outcome(
    stranger: TestClient, staffed: Register
) -> None:
    before = _count(staffed)
    sign_in(stranger, "jo.smith", "not the password at all")
    sign_in(stranger, "jo.smith", PASSWORD)
    logged = _new(staffed, before)
    assert [(e.read, e.username, e.subject, e.address) for e in logged] == [
        ("sign-in refused", "jo.smith", "the username or the password is not right", "testclient"),
        ("signed in", "jo.smith", "signed in", "testclient"),
    ]
    assert all(PASSWORD not in e.subject for e in logged)


def test_a_paused_or_disabled_account_is_logged_as_refused(
    stranger: TestClient, staffed: Register
) -> None:
    for _ in range(6):
        sign_in(stranger, "jo.smith", "not the password at all")
    before = _count(staffed)
    assert sign_in(stranger, "jo.smith", PASSWORD).status_code == 429
    staffed.accounts.disable("al.khan")
    sign_in(stranger, "al.khan", PASSWORD)
    assert [(e.username, e.read, e.subject) for e in _new(staffed, before)] == [
        ("jo.smith", "sign-in refused", "too many tries"),
        ("al.khan", "sign-in refused", "this account is disabled: ask your organisation's admin"),
    ]


def test_a_username_the_register_does_not_know_has_no_log_to_go_in(
    stranger: TestClient, staffed: Register
) -> None:
    before = {code: _count(staffed, code) for code in ("council", "trust")}
    assert sign_in(stranger, "no.such.user", PASSWORD).status_code == 422
    assert {code: _count(staffed, code) for code in before} == before


def test_a_page_refused_for_want_of_a_role_or_out_of_reach_is_logged(
    staffed: Register, database_url: str
) -> None:
    client = TestClient(create_app(database_url), cookies=signed_in(staffed, "jo.smith"))
    trusts = staffed.record_decision(
        documents.decision(organisation="trust", practitioner="pat", person=None)
    )
    before = _count(staffed)
    assert client.get("/access-log").status_code == 403  # Jo is no auditor
    other = client.get(f"/records/{trusts.id}")
    missing = client.get("/records/no-such-record")
    assert other.status_code == missing.status_code == 404
    assert other.text.replace(trusts.id, "X") == missing.text.replace("no-such-record", "X")
    assert client.get("/people/trust/TP").status_code == 404
    assert [(e.read, e.username, e.subject) for e in _new(staffed, before)] == [
        ("refused", "jo.smith", "GET /access-log"),
        ("refused", "jo.smith", f"GET /records/{trusts.id}"),
        ("refused", "jo.smith", "GET /people/trust/TP"),
    ]


def test_an_api_request_refused_is_logged_and_answered_as_before(staffed: Register) -> None:
    trusts = staffed.record_decision(
        documents.decision(organisation="trust", practitioner="pat", person=None)
    )
    add_account(staffed, "council", "council-auditor", ("auditor",))
    before = _count(staffed)
    with TestClient(create_api(staffed), headers=bearer(staffed, "council-auditor")) as auditor:
        assert auditor.post("/decisions", json=documents.decision()).status_code == 403
        other = auditor.get(f"/decisions/{trusts.id}")
        missing = auditor.get("/decisions/no-such-record")
        assert other.status_code == missing.status_code == 404
        assert other.json()["message"].replace(trusts.id, "X") == missing.json()["message"].replace(
            "no-such-record", "X"
        )
        assert auditor.get("/decisions", params={"organisation": "trust"}).status_code == 404
    assert [(e.read, e.username, e.subject) for e in _new(staffed, before)] == [
        ("refused", "council-auditor", "POST /decisions"),
        ("refused", "council-auditor", f"GET /decisions/{trusts.id}"),
        ("refused", "council-auditor", "GET /decisions"),
    ]
    with TestClient(create_api(staffed)) as nobody:  # no one to log it against
        assert nobody.get("/decisions").status_code == 401
    assert len(_new(staffed, before)) == 3
