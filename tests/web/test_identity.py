"""Who is acting on the pages: the practitioner chosen on "who is deciding" or "Who are
you?". A page that reads or records asks for one where none is chosen, then goes back;
what is recorded is in their name; another organisation's records are never shown."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from sharewise.server import create_app
from sharewise.web.identity import PRACTITIONER
from tests.register import helpers as documents
from tests.web.helpers import ready_for_forms
from tests.web.test_http import RECORD_LINK, SHARE, answer_all, check_errors, start

AMY = "/people/council/AMY"
AS_PAT = "trust/pat"  # of the trust, which holds none of the council's records


@pytest.fixture
def stranger(area: Register, database_url: str) -> Iterator[TestClient]:
    """The app as someone who has not said who they are; redirects not followed."""
    with TestClient(create_app(database_url), follow_redirects=False) as opened:
        yield ready_for_forms(opened)


def _asked_from(response: object) -> str:
    """Where "Who are you?" will go back to, from a redirect to it."""
    location = response.headers["location"]  # type: ignore[attr-defined]
    parts = urlsplit(location)
    assert parts.path == "/who", location
    return parse_qs(parts.query)["next"][0]


def test_a_page_that_reads_or_records_asks_who_you_are_first(
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
    ]
    for url in asking:
        response = stranger.get(url)
        assert response.status_code == 303, url
        assert _asked_from(response) == url
    for url in ("/", "/guidance", "/decisions/new", "/static/favicon.svg"):
        assert stranger.get(url).status_code in (200, 303), url
        assert not stranger.get(url).headers.get("location", "").startswith("/who"), url


def test_who_are_you_chooses_and_goes_back(stranger: TestClient) -> None:
    page = stranger.get("/who", params={"next": "/records?shared=yes"})
    assert page.status_code == 200
    assert "<title>Who are you? – sharewise</title>" in page.text
    assert 'value="council/jo"' in page.text and 'value="trust/pat"' in page.text
    assert 'name="next" value="/records?shared=yes"' in page.text

    refused = stranger.post("/who", data={"practitioner": "council/nobody", "next": "/records"})
    check_errors(refused, {"practitioner": "Select who you are"})
    assert PRACTITIONER not in refused.cookies

    chosen = stranger.post("/who", data={"practitioner": "council/jo", "next": "/records"})
    assert chosen.status_code == 303 and chosen.headers["location"] == "/records"
    assert stranger.cookies[PRACTITIONER].strip('"') == "council/jo"  # quoted for the "/"
    assert stranger.get("/records").status_code == 200


@pytest.mark.parametrize(
    "elsewhere", ["//evil.example/records", "https://evil.example/", "records", "/\\evil.example"]
)
def test_who_are_you_never_leads_off_the_service(stranger: TestClient, elsewhere: str) -> None:
    assert 'name="next" value="/"' in stranger.get("/who", params={"next": elsewhere}).text
    chosen = stranger.post("/who", data={"practitioner": "council/jo", "next": elsewhere})
    assert chosen.headers["location"] == "/"


def test_a_form_sent_by_no_one_stores_nothing_and_asks_who_sent_it(
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
    stranger.cookies.set(PRACTITIONER, "council/nobody")  # someone no longer in the register
    assert _asked_from(stranger.get("/records")) == "/records"
    assert area.entry_count() == before


def test_what_is_recorded_is_in_the_name_of_who_is_acting(
    client: TestClient, register: Register
) -> None:
    consent = register.record_consent(documents.consent())
    client.cookies.set(PRACTITIONER, "council/al")
    form = client.get(f"{AMY}/consents/{consent.id}/withdraw")
    assert "Recorded by Al Khan, Team manager." in form.text
    assert "/who?next=%2Fpeople%2Fcouncil%2FAMY%2Fconsents%2F" in form.text  # not you?
    client.post(f"{AMY}/consents/{consent.id}/withdraw", data={"how": "By phone"})
    assert register.consents("council", "AMY")[-1].body["recorded_by"] == "al"


def test_a_decision_is_saved_only_by_the_practitioner_who_made_it(
    client: TestClient, register: Register
) -> None:
    """Jo works a decision through; Al is chosen in another tab before she saves: it is
    not saved in either name until whoever is acting says it is theirs."""
    draft = start(client, "AMY")
    answer_all(client, draft, SHARE)
    client.cookies.delete(PRACTITIONER)  # "who is deciding" set Jo's: Al's in its place
    client.cookies.set(PRACTITIONER, "council/al")
    before = register.entry_count()
    saved = client.post(
        f"{draft}/outcome",
        data={"decision.share": "no", "decision.reasons": "Checking first."},
        follow_redirects=False,
    )
    assert f"http://testserver{saved.headers['location']}" == f"{draft}/who?change=1"
    assert register.entry_count() == before
    asked = client.get(f"{draft}/who?change=1").text
    assert "Who is making this decision?" in asked
    assert re.search(r'value="council/jo" checked', asked)  # whose it was, to confirm or change


def test_another_organisations_records_are_never_shown(
    client: TestClient, register: Register
) -> None:
    councils = register.record_decision(documents.decision())
    consent = register.record_consent(documents.consent())
    trusts = register.record_decision(
        documents.decision(organisation="trust", practitioner="pat", person=None)
    )
    client.cookies.set(PRACTITIONER, AS_PAT)

    listed = client.get("/records")
    assert RECORD_LINK.findall(listed.text) == [trusts.id]
    assert '<option value="council"' not in listed.text  # the filter offers theirs only
    assert RECORD_LINK.findall(client.get("/records?organisation=council").text) == []
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
    before = register.entry_count()
    refused = client.post(f"{AMY}/consents/{consent.id}/withdraw", data={"how": "By phone"})
    assert refused.status_code == 404 and register.entry_count() == before
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
    check_errors(covers, {"organisation": "not one whose records you can read"})
