"""Who is acting on the pages: the account signed in. A page that reads or records asks
you to sign in first, then goes back; what is recorded is in your name; a role that may
not do something is told so; another organisation's records are never shown."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from sharewise.register.accounts.schemas import Refused
from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from sharewise.server import create_app
from sharewise.web.identity import SESSION
from tests.accounts import PASSWORD, add_account, signed_in
from tests.register import helpers as documents
from tests.web.helpers import ready_for_forms
from tests.web.test_http import RECORD_LINK, check_errors

AMY = "/people/council/AMY"
AS_PAT = "pat.lee"  # of the trust, which holds none of the council's records


@pytest.fixture
def stranger(staffed: Register, database_url: str) -> Iterator[TestClient]:
    """The app as someone who has not signed in; redirects not followed."""
    with TestClient(create_app(database_url), follow_redirects=False) as opened:
        yield ready_for_forms(opened)


def _asked_from(response: object) -> str:
    """Where signing in will go back to, from a redirect to the sign-in page."""
    location = response.headers["location"]  # type: ignore[attr-defined]
    parts = urlsplit(location)
    assert parts.path == "/sign-in", location
    return parse_qs(parts.query)["next"][0]


def test_a_page_that_reads_or_records_asks_you_to_sign_in_first(
    stranger: TestClient, area: Register
) -> None:
    decision = area.record_decision(documents.decision())
    consent = area.record_consent(documents.consent())
    asking = [
        "/records",
        "/records?search=help&shared=yes",
        f"/records/{decision.id}",
        f"/records/{decision.id}/pdf",
        "/records/export.csv",
        "/people",
        "/people/new",
        AMY,
        f"{AMY}/consents/new",
        f"{AMY}/consents/{consent.id}/withdraw",
        "/consents/covers",
        "/decisions",
        "/decisions/new",
        "/account/password",
    ]
    for url in asking:
        response = stranger.get(url)
        assert response.status_code == 303, url
        assert _asked_from(response) == url
    for url in ("/", "/guidance", "/guidance/3.42", "/static/favicon.svg", "/sign-in"):
        assert stranger.get(url).status_code == 200, url


def sign_in(client: TestClient, username: str, password: str, next_page: str = "/") -> Response:
    form = {"username": username, "password": password, "next": next_page}
    return client.post("/sign-in", data=form)


def test_signing_in_starts_a_new_session_and_goes_back(
    stranger: TestClient, area: Register
) -> None:
    page = stranger.get("/sign-in", params={"next": "/records?shared=yes"})
    assert "<title>Sign in – sharewise</title>" in page.text
    assert 'name="next" value="/records?shared=yes"' in page.text
    planted = "a-session-id-planted-by-someone-else"
    stranger.cookies.set(SESSION, planted, domain="testserver.local", path="/")
    signed = sign_in(stranger, "jo.smith", PASSWORD, "/records")
    assert signed.status_code == 303 and signed.headers["location"] == "/records"
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    secret = stranger.cookies[SESSION]
    assert secret != planted  # never one it was given
    records = stranger.get("/records")
    assert records.status_code == 200 and "Signed in as <strong>jo.smith</strong>" in records.text
    again = sign_in(stranger, "jo.smith", PASSWORD)
    assert stranger.cookies[SESSION] != secret and again.status_code == 303  # new each time
    with pytest.raises(Refused):
        area.accounts.session(secret)  # the old one ended


def test_signing_in_says_what_is_wrong_and_pauses_after_too_many_tries(
    stranger: TestClient,
) -> None:
    check_errors(
        stranger.post("/sign-in", data={"username": "", "password": ""}),
        {"username": "Enter your username", "password": "Enter your password"},
    )
    wrong = sign_in(stranger, "jo.smith", "not the password at all")
    check_errors(wrong, {"username": "The username or the password is not right"})
    assert 'value="jo.smith"' in wrong.text and "not the password" not in wrong.text
    for _ in range(5):
        sign_in(stranger, "jo.smith", "still not the password")
    paused = sign_in(stranger, "jo.smith", PASSWORD)
    assert paused.status_code == 429
    assert "You have tried to sign in too many times. Wait until" in paused.text
    assert SESSION not in stranger.cookies


def test_signing_out_ends_the_session(stranger: TestClient, area: Register) -> None:
    sign_in(stranger, "jo.smith", PASSWORD)
    secret = stranger.cookies[SESSION]
    out = stranger.post("/sign-out")
    assert out.headers["location"] == "/sign-in?signed_out=1"
    assert "You have signed out" in stranger.get(out.headers["location"]).text
    with pytest.raises(Refused):
        area.accounts.session(secret)
    stranger.cookies.set(SESSION, secret)  # kept by the browser all the same
    assert _asked_from(stranger.get("/records")) == "/records"


def test_a_password_for_once_only_is_changed_before_anything_else(
    stranger: TestClient, area: Register
) -> None:
    add_account(area, "council", "new.starter", ("auditor",), must_change=True)
    signed = sign_in(stranger, "new.starter", PASSWORD, "/records")
    assert signed.headers["location"] == "/account/password?next=%2Frecords"
    moved = stranger.get("/records")
    assert moved.headers["location"].startswith("/account/password?next=")
    page = stranger.get("/account/password")
    assert "<title>Choose a new password – sharewise</title>" in page.text
    check_errors(
        stranger.post(
            "/account/password", data={"current": PASSWORD, "password": "a", "confirm": "b"}
        ),
        {"confirm": "Enter the same new password twice"},
    )
    weak = {"current": PASSWORD, "password": "password1234", "confirm": "password1234"}
    check_errors(stranger.post("/account/password", data=weak), {"password": ""})
    new = "marble orchard seventeen kites"
    changed = stranger.post(
        "/account/password",
        data={"current": PASSWORD, "password": new, "confirm": new, "next": "/records"},
    )
    assert changed.headers["location"] == "/records"
    assert stranger.get("/records").status_code == 200
    assert not area.accounts.user("new.starter").must_change_password


def test_guessing_the_password_on_the_change_page_is_paused_and_logged(
    stranger: TestClient, area: Register
) -> None:
    add_account(area, "council", "left.open", ("auditor",))
    sign_in(stranger, "left.open", PASSWORD, "/")
    new = "marble orchard seventeen kites"
    guess = {"current": "a wrong guess", "password": new, "confirm": new}
    for _ in range(5):
        check_errors(stranger.post("/account/password", data=guess), {"current": ""})
    paused = stranger.post("/account/password", data=guess | {"current": PASSWORD})
    check_errors(paused, {"current": "You have tried too many times. Wait until"})
    assert sign_in(stranger, "left.open", PASSWORD, "/").status_code == 429  # still theirs
    refused = [(e.username, e.read, e.subject) for e in area.reads("council")]
    assert ("left.open", "sign-in refused", "too many password changes") in refused


@pytest.mark.parametrize(
    "elsewhere", ["//evil.example/records", "https://evil.example/", "records", "/\\evil.example"]
)
def test_signing_in_never_leads_off_the_service(stranger: TestClient, elsewhere: str) -> None:
    assert 'name="next" value="/"' in stranger.get("/sign-in", params={"next": elsewhere}).text
    assert sign_in(stranger, "jo.smith", PASSWORD, elsewhere).headers["location"] == "/"


def test_a_form_sent_by_no_one_stores_nothing_and_asks_to_sign_in(
    stranger: TestClient, area: Register
) -> None:
    before = area.entry_count()
    form = f"http://testserver{AMY}/consents/new"
    response = stranger.post(f"{AMY}/consents/new", data={}, headers={"referer": form})
    assert _asked_from(response) == f"{AMY}/consents/new"
    elsewhere = stranger.post(
        f"{AMY}/consents/new", data={}, headers={"referer": "https://evil.example/form"}
    )
    assert elsewhere.status_code == 403  # another site's form: the door turns it away
    assert area.entry_count() == before


def test_what_is_recorded_is_in_the_name_of_who_is_signed_in(
    client: TestClient, register: Register
) -> None:
    consent = register.record_consent(documents.consent())
    client.cookies.update(signed_in(register, "al.khan"))
    form = client.get(f"{AMY}/consents/{consent.id}/withdraw")
    assert "Recorded by Al Khan, Team manager, signed in." in form.text
    client.post(f"{AMY}/consents/{consent.id}/withdraw", data={"how": "By phone"})
    assert register.consents("council", "AMY")[-1].body["recorded_by"] == "al"


def test_an_account_without_the_role_is_told_so_and_nothing_changes(
    client: TestClient, register: Register
) -> None:
    """An auditor reads the records and records nothing; an admin reads neither."""
    add_account(register, "council", "council-auditor", ("auditor",))
    client.cookies.update(signed_in(register, "council-auditor"))
    assert client.get("/records").status_code == 200
    before = register.entry_count(reads=False)
    for refused in (client.get("/decisions/new"), client.post(f"{AMY}/consents/new", data={})):
        assert refused.status_code == 403
        assert "Your account cannot record decisions, consents and people" in refused.text
    assert register.entry_count(reads=False) == before  # nothing but the refusals, logged
    logged = register.reads("council", limit=2)
    assert [(e.read, e.subject) for e in logged] == [
        ("refused", f"POST {AMY}/consents/new"),
        ("refused", "GET /decisions/new"),
    ]
    client.cookies.update(signed_in(register, "council-admin"))
    assert client.get("/records").status_code == 403


def test_another_organisations_records_are_never_shown(
    client: TestClient, register: Register
) -> None:
    councils = register.record_decision(documents.decision())
    consent = register.record_consent(documents.consent())
    trusts = register.record_decision(
        documents.decision(organisation="trust", practitioner="pat", person=None)
    )
    client.cookies.update(signed_in(register, AS_PAT))

    listed = client.get("/records")
    assert RECORD_LINK.findall(listed.text) == [trusts.id]
    assert '<option value="council"' not in listed.text  # the filter offers theirs only
    assert client.get("/records?organisation=council").status_code == 404
    for url in (f"/records/{councils.id}", f"/records/{councils.id}/pdf"):
        missing = client.get(url)
        assert missing.status_code == 404 and "Record not found" in missing.text, url
        assert "Brown" not in missing.text
    exported = client.get("/records/export.csv").text
    assert [row["id"] for row in csv.DictReader(io.StringIO(exported))] == [trusts.id]
    assert client.post(f"/decisions/new?corrects={councils.id}").status_code == 404

    for url in (AMY, f"{AMY}/consents/new", f"{AMY}/consents/{consent.id}/withdraw"):
        missing = client.get(url)
        assert missing.status_code == 404 and "Person not found" in missing.text, url
    before = register.entry_count(reads=False)
    refused = client.post(f"{AMY}/consents/{consent.id}/withdraw", data={"how": "By phone"})
    assert refused.status_code == 404 and register.entry_count(reads=False) == before
    assert register.reads("trust", limit=1)[0].read == "refused"  # logged, in Pat's log
    people = client.get("/people?organisation=council")
    assert "Brown" not in people.text and '<option value="council"' not in people.text
    adding = {"organisation": "council", "given_name": "Zoe", "family_name": "Hill"}
    check_errors(
        client.post("/people/new", data={**adding, "reference": "ZOE"}),
        {"organisation": "Select the person's organisation"},
    )
    assert "Zoe Hill" not in client.get("/people?search=hill").text
    with pytest.raises(RecordRejected):
        register.person("council", "ZOE")
    covers = client.get(
        "/consents/covers",
        params={"organisation": "council", "person": "AMY", "purpose": "x", "recipient": "trust"},
    )
    check_errors(covers, {"organisation": "no organisation 'council' whose records you can"})
