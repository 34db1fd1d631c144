"""The door every request comes through (sharewise.faces.door): only the service's own
host names, no unsafe request sent by another site's page, no form without its token,
no body over 256 kB, and the headers that keep a browser from misusing an answer."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient

from sharewise.faces.door import BODY_LIMIT, FORM_FIELD
from sharewise.register.store import Register
from sharewise.server import create_app
from sharewise.settings import Settings
from tests.accounts import bearer, signed_in
from tests.api.helpers import problem, sent
from tests.register import helpers as documents
from tests.web.conftest import AS_JO
from tests.web.helpers import token_in
from tests.web.test_http import _consent_form

TEMPLATES = Path(__file__).parents[2] / "src" / "sharewise" / "web" / "templates"
SAM = "/people/council/SAM"
AMY = "/people/council/AMY"
EVIL = "https://evil.example"
HERE = "http://testserver"  # the origin of TestClient's requests


@pytest.fixture
def browser(staffed: Register, database_url: str) -> Iterator[TestClient]:
    """Jo's browser: its forms carry what the pages give them, and nothing more."""
    with TestClient(create_app(database_url), cookies=signed_in(staffed, AS_JO)) as opened:
        yield opened


def token_of(client: TestClient, form: str) -> str:
    """The token the form at `form` carries, as the browser that asked for it got it."""
    return token_in(client.get(form).text)


# --- host names -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/v1/organisations", "/static/sharewise.css"])
def test_a_host_name_not_allowed_is_refused_whatever_is_asked_for(
    browser: TestClient, path: str
) -> None:
    """DNS rebinding: a page on evil.example, its name pointed at 127.0.0.1, asks for the
    register; every answer is a 400 that holds nothing."""
    response = browser.get(path, headers={"host": "evil.example"})
    if path.startswith("/api/"):
        body = problem(response, 400)
        assert body["errors"][0]["field"] == "(the Host header)"
        assert "SHAREWISE_ALLOWED_HOSTS" in body["errors"][0]["allowed"]
    else:
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("text/html")
        assert "sharewise does not answer to the name evil.example" in response.text
        assert "SHAREWISE_ALLOWED_HOSTS" in response.text
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("localhost:8000", 200),
        ("LOCALHOST", 200),
        ("127.0.0.1:8000", 200),
        ("127.0.0.1.evil.example", 400),
        ("evil.example@127.0.0.1", 400),
        ("localhost.", 400),
        ("", 400),
    ],
)
def test_only_the_names_allowed_are_answered_on_any_port(
    browser: TestClient, host: str, status: int
) -> None:
    assert browser.get("/guidance", headers={"host": host}).status_code == status


def test_the_names_answered_are_the_settings(area: Register, database_url: str) -> None:
    settings = Settings(allowed_hosts="sharewise.example.org,10.0.0.5")  # type: ignore[arg-type]
    with TestClient(create_app(database_url, settings=settings)) as client:
        assert client.get("/guidance").status_code == 400  # testserver is not named
        for host in ("sharewise.example.org", "10.0.0.5:8000"):
            assert client.get("/guidance", headers={"host": host}).status_code == 200


# --- forms and origins ----------------------------------------------------------------------


def test_every_form_that_posts_carries_the_token() -> None:
    """No form can forget it: each <form method="post"> in the templates renders the
    token field (`form_token()`, sharewise.web.pages) before it closes."""
    forms = 0
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for opened in re.finditer(r"<form\b[^>]*>", text, re.IGNORECASE):
            if not re.search(r"""method=["']?post\b""", opened[0], re.IGNORECASE):
                continue
            forms += 1
            body = text[opened.end() : text.find("</form>", opened.end())]
            assert "{{ form_token() }}" in body, f"{template.relative_to(TEMPLATES)}: {opened[0]}"
    assert forms >= 10


def test_a_form_page_carries_its_browsers_token_and_sets_its_cookie(browser: TestClient) -> None:
    page = browser.get(f"{SAM}/consents/new")
    token = token_in(page.text)
    assert page.text.count(f'name="{FORM_FIELD}"') == 2  # the form's, and signing out's
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("sharewise_browser=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    # The same browser, the same token; a page without a form sets no cookie.
    again = browser.get(f"{SAM}/consents/new")
    assert token_in(again.text) == token and "set-cookie" not in again.headers
    assert "set-cookie" not in TestClient(browser.app).get("/guidance").headers


@pytest.mark.parametrize(
    "another_site",
    [{"origin": EVIL}, {"referer": f"{EVIL}/innocent-page"}, {"origin": "null"}],
    ids=["origin", "referer", "null-origin"],
)
def test_a_cross_site_post_records_no_consent_and_withdraws_none(
    browser: TestClient, register: Register, another_site: dict[str, str]
) -> None:
    """The attack: a page elsewhere, open in a practitioner's browser, posts the consent
    forms. Even with the right token (which another site cannot read) it is refused."""
    given = register.record_consent(documents.consent())
    token = token_of(browser, f"{SAM}/consents/new")
    before = register.entry_count()
    forged = browser.post(
        f"{SAM}/consents/new", data={**_consent_form(), FORM_FIELD: token}, headers=another_site
    )
    withdrawn = browser.post(
        f"{AMY}/consents/{given.id}/withdraw",
        data={"how": "By phone", FORM_FIELD: token},
        headers=another_site,
    )
    for response in (forged, withdrawn):
        assert response.status_code == 403
        assert "came from a page on another website" in response.text
    assert register.entry_count() == before
    assert register.consents("council", "SAM") == []
    assert [c.kind for c in register.consents("council", "AMY")] == ["given"]


def test_a_form_without_its_token_changes_nothing_and_says_what_to_do(
    browser: TestClient, register: Register, area: Register, database_url: str
) -> None:
    before = register.entry_count()
    missing = browser.post(f"{SAM}/consents/new", data=_consent_form())
    assert missing.status_code == 403
    assert '<h1 class="govuk-heading-l">Nothing was changed</h1>' in missing.text
    assert "Go back, reload the page and try again." in missing.text
    # Another browser's token, or one made up, is no better.
    with TestClient(browser.app) as other:
        theirs = token_of(other, f"{SAM}/consents/new")
    token_of(browser, f"{SAM}/consents/new")  # this browser has its own
    for token in (theirs, "0" * 64, ""):
        wrong = browser.post(f"{SAM}/consents/new", data={**_consent_form(), FORM_FIELD: token})
        assert wrong.status_code == 403
    assert register.entry_count() == before


def test_a_form_from_the_service_itself_is_saved(browser: TestClient, register: Register) -> None:
    token = token_of(browser, f"{SAM}/consents/new")
    added = browser.post(
        f"{SAM}/consents/new", data={**_consent_form(), FORM_FIELD: token}, headers={"origin": HERE}
    )
    assert str(added.url).endswith(f"{SAM}?saved=consent")
    (given,) = register.consents("council", "SAM")
    withdrawn = browser.post(
        f"{SAM}/consents/{given.id}/withdraw",
        data={"how": "By phone", FORM_FIELD: token},
        headers={"referer": f"{HERE}{SAM}/consents/{given.id}/withdraw"},
    )
    assert str(withdrawn.url).endswith(f"{SAM}?saved=withdrawal")
    assert [c.kind for c in register.consents("council", "SAM")] == ["given", "withdrawn"]


def test_the_api_refuses_another_sites_call_and_takes_a_programs(
    staffed: Register, database_url: str
) -> None:
    """No cookie acts for anyone in the API (an API token does), so a program's call,
    with no Origin, needs no form token; another site's page is refused."""
    with TestClient(create_app(database_url), headers=bearer(staffed, AS_JO)) as client:
        before = staffed.entry_count()
        for another_site in ({"origin": EVIL}, {"referer": f"{EVIL}/page"}):
            refused = client.post(
                "/api/v1/consents", json=sent(documents.consent()), headers=another_site
            )
            assert problem(refused, 403)["errors"][0]["field"] == "(the Origin header)"
        assert staffed.entry_count() == before
        from_a_program = client.post("/api/v1/consents", json=sent(documents.consent()))
        from_the_docs = client.post(
            "/api/v1/consents", json=sent(documents.consent()), headers={"origin": HERE}
        )
        assert (from_a_program.status_code, from_the_docs.status_code) == (201, 201)


# --- headers ----------------------------------------------------------------------------------


def test_every_answer_says_how_a_browser_may_use_it(browser: TestClient) -> None:
    for path in ("/", f"{SAM}/consents/new", "/api/v1/organisations", "/static/sharewise.js"):
        headers = browser.get(path).headers
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy, path
        assert "unsafe-eval" not in policy and "default-src 'self'" in policy, path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "same-origin", path
        assert "strict-transport-security" not in headers, path  # not over TLS


def test_over_tls_the_browser_is_told_to_keep_to_it(browser: TestClient, area: Register) -> None:
    with TestClient(
        browser.app, base_url="https://testserver", cookies=signed_in(area, AS_JO)
    ) as tls:
        page = tls.get(f"{SAM}/consents/new")
    assert page.headers["strict-transport-security"] == "max-age=31536000"
    assert "; Secure" in page.headers["set-cookie"]


def test_what_holds_personal_data_is_never_kept(browser: TestClient, register: Register) -> None:
    record = register.record_decision(documents.decision())
    for path in (
        "/",
        AMY,
        "/people?q=Amy",
        "/records",
        f"/records/{record.id}",
        f"/records/{record.id}/pdf",
        "/records/export.csv",
        "/guidance/no-such-paragraph",  # an error: not kept, though the guidance is
    ):
        response = browser.get(path)
        assert response.headers["cache-control"] == "no-store", path
    with TestClient(browser.app, headers=bearer(register, AS_JO)) as api:
        for path in ("/api/v1/decisions", f"/api/v1/decisions/{record.id}", "/api/v1/people"):
            assert api.get(path).headers["cache-control"] == "no-store", path
    # The same for everyone, and nothing personal: kept for an hour.
    for path in ("/static/sharewise.css", "/guidance", "/guidance/glossary"):
        response = browser.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "public, max-age=3600", path


def test_the_only_inline_script_is_govuk_frontends_own_and_the_policy_names_it(
    browser: TestClient,
) -> None:
    """GOV.UK Frontend's template marks the body as able to run its scripts, inline; the
    policy allows that one script by its hash. Ours are files."""
    page = browser.get(f"{SAM}/consents/new")
    inline = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", page.text, re.DOTALL)
    assert len(inline) == 1 and "js-enabled" in inline[0]
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page.headers["content-security-policy"]
    for template in TEMPLATES.rglob("*.html"):
        if template.name.endswith("_pdf.html"):  # record_pdf.html, report_pdf.html
            continue  # drawn into a PDF on the server, never shown by a browser
        text = template.read_text(encoding="utf-8")
        # No style attribute, <style> or handler attribute: the policy refuses them all.
        assert not re.search(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=", text), template


# --- the size of a body -----------------------------------------------------------------------


def test_a_form_over_the_limit_is_refused_with_a_page(
    browser: TestClient, register: Register
) -> None:
    token = token_of(browser, f"{SAM}/consents/new")
    before = register.entry_count()
    long = _consent_form(told="x" * BODY_LIMIT)
    response = browser.post(f"{SAM}/consents/new", data={**long, FORM_FIELD: token})
    assert (response.status_code, register.entry_count()) == (413, before)
    page = " ".join(response.text.split())
    assert "What you sent is too long" in page and "shorten the longest answer" in page


def test_a_body_over_the_limit_is_refused_in_the_one_shape_however_it_is_sent(
    staffed: Register, database_url: str
) -> None:
    with TestClient(create_app(database_url), headers=bearer(staffed, AS_JO)) as client:
        before = staffed.entry_count()
        document = sent(documents.consent(told="x" * BODY_LIMIT))
        declared = client.post("/api/v1/consents", json=document)
        body = problem(declared, 413)
        assert body["errors"][0]["field"] == "(the body)"
        # Streamed, with no length declared: counted as it comes.
        chunks = iter([b'{"told": "', *[b"x" * 65536] * 5, b'"}'])
        streamed = client.post(
            "/api/v1/consents", content=chunks, headers={"content-type": "application/json"}
        )
        assert "content-length" not in streamed.request.headers
        problem(streamed, 413)
        # Just within the limit, the body is read: what is wrong with it is said.
        padding = BODY_LIMIT - len(b'{"told": ""}') - 20
        within = client.post(
            "/api/v1/consents",
            content=b'{"told": "' + b"x" * padding + b'"}',
            headers={"content-type": "application/json"},
        )
        assert within.status_code == 422
        assert staffed.entry_count() == before


# --- what an unexpected failure leaves in the log ----------------------------------------------


def test_a_failure_logs_its_route_and_type_and_nothing_the_request_sent(
    browser: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    @browser.app.post("/people/{organisation}/{reference}/fails")  # type: ignore[attr-defined]
    async def fails(request: Request) -> None:
        said = (await request.body()).decode() + str(request.query_params)
        raise ValueError(f"cannot file {said} for {request.path_params['reference']}")

    token = token_of(browser, f"{SAM}/consents/new")
    failing = TestClient(browser.app, raise_server_exceptions=False, cookies=browser.cookies)
    with caplog.at_level(logging.INFO):
        response = failing.post(
            "/people/council/ZEBEDEE-QUIST/fails?name=Zebedee+Quist",
            data={"name": "Zebedee Quist", FORM_FIELD: token},
        )
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert response.headers["cache-control"] == "no-store"  # answered through the door
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    # What the service logged (not the test's own client), with any traceback it carries.
    ours = [r for r in caplog.records if not r.name.startswith("httpx")]
    logged = "\n".join(
        [r.getMessage() for r in ours] + [logging.Formatter().format(r) for r in ours]
    )
    assert "POST /people/{organisation}/{reference}/fails failed: ValueError at" in logged
    assert "Zebedee" not in logged and "ZEBEDEE" not in logged and "Quist" not in logged
