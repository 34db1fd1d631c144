"""The pages over HTTP, in-process (TestClient), on SQLite and PostgreSQL: what needs no
browser. Each test has a register of its own (the area of tests/conftest.py), except the
records search, which reads the seeded register and works out what to expect from it."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from sharewise.register.store import Register, StoredEntry
from sharewise.web.dates import moment_values
from sharewise.web.pages import CONSENT_FORM
from tests.accounts import signed_in
from tests.register import helpers as documents
from tests.web.conftest import DEMO_ORGANISATION, ROOT, Seeded
from tests.web.helpers import TYPED_IN, through_the_package

SUMMARY = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)
SUMMARY_LINK = re.compile(r'<a href="#([^"]+)">\s*(.*?)\s*</a>', re.S)
NEXT_PAGE = re.compile(r'<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next"')
RECORD_LINK = re.compile(r'href="/records/([0-9a-f-]{36})"')


def summary(response: Response) -> dict[str, str]:
    """The error summary: each link's target id and its message."""
    found = SUMMARY.search(response.text)
    if not found:
        return {}
    return {target: html.unescape(text) for target, text in SUMMARY_LINK.findall(found[1])}


def check_errors(response: Response, expected: dict[str, str]) -> None:
    """A 422 whose summary names each field with its message, each linking to a field on
    the page that shows the same message beside it."""
    assert response.status_code == 422, response.text[:500]
    assert "<title>Error: " in response.text
    errors = summary(response)
    for target, message in expected.items():
        assert target in errors, f"#{target} not in the summary {errors}"
        assert message in errors[target], errors[target]
    for target in errors:
        assert f'id="{target}"' in response.text, f"the summary links to #{target}: not on the page"
        # A date input's error sits above its day, month and year, the part at fault marked.
        group, _, part = target.rpartition("-")
        beside = group if part in ("day", "month", "year") else target
        assert f'id="{beside}-error"' in response.text, f"#{target} shows no error beside it"


def start(client: TestClient, person: str = "", recipient: str = "none") -> str:
    """A new decision for Jo, past the set-up pages: the draft's address."""
    draft = str(client.get("/decisions/new").url).rsplit("/", 1)[0]
    client.post(f"{draft}/person", data={"person": person})
    if person:
        typed = TYPED_IN if recipient == "none" else {}
        client.post(f"{draft}/recipient", data={"recipient": recipient, **typed})
    return draft


def answer_all(
    client: TestClient,
    draft: str,
    answers: dict[str, str | list[str]],
    stop_at: str | None = None,
) -> Response:
    """Answer each question the draft asks, from `answers` (as a form sends them), up to
    the question `stop_at` or check your answers, checking that each page answers."""
    response = client.get(f"{draft}/check")
    while "/questions/" in str(response.url):
        assert response.status_code == 200
        fact = str(response.url).rsplit("/", 1)[1]
        if fact == stop_at:
            break
        response = client.post(str(response.url), data={"answer": answers[fact]})
    return response


MUST_SHARE = {
    "purpose": "Report a notifiable disease",
    "recipient": "Environmental health",
    "about": "adult",
    "age": "",
    "legal_duty": "statutory_duty",
    "harm.child": "none",
    "harm.adult": "none",
    "harm.serious_crime": "false",
    "emergency": "false",
    "sensitive": "true",
}
SHARE = {
    **MUST_SHARE,
    "about": "child",
    "age": "10",
    "legal_duty": "none",
    "sensitive": "false",
    "legitimate_purpose": "true",
    "identifiable": "true",
    "confidential": "true",
    "consent.status": "given",
    "consent.given_by": "parent",
    "consent.informed": "true",
    "consent.freely_given": "true",
    "consent.covers_this_sharing": "true",
    "competent_to_consent": "false",
}


# --- every page ---------------------------------------------------------------------------


NOT_GOVUK = ("Crown copyright", "govuk-crest", "govuk-logo", "govuk-header__logotype")


def test_every_page_answers(client: TestClient, register: Register) -> None:
    consent = register.record_consent(documents.consent())
    decision = register.record_decision(documents.decision())
    withdrawn = register.record_consent(documents.consent(purposes=["Gone"]))
    register.withdraw_consent(
        {"organisation": "council", "consent": withdrawn.id, "recorded_by": "jo", "how": "Phone"}
    )
    draft = start(client, "AMY")
    check = answer_all(client, draft, SHARE)
    assert str(check.url) == f"{draft}/check"
    pages = {
        "/": 200,
        "/decisions/new": 200,  # after its redirect to a new draft's first page
        f"{draft}/person": 200,
        f"{draft}/recipient": 200,
        f"{draft}/questions/purpose": 200,
        f"{draft}/questions/competent_to_consent": 200,
        f"{draft}/check": 200,
        f"{draft}/outcome": 200,
        "/records": 200,
        f"/records/{decision.id}": 200,
        "/people": 200,
        "/people?organisation=trust&search=nobody&page=3": 200,
        "/people/council/AMY": 200,
        "/people/council/AMY/consents/new": 200,
        f"/people/council/AMY/consents/{consent.id}/withdraw": 200,
        "/consents/covers": 200,
        "/consents/covers?organisation=council&person=AMY&purpose=Early+help+assessment"
        "&recipient=early-help": 200,
        "/guidance": 200,
        "/guidance/pocket-guide": 200,
        "/guidance/3.42": 200,
        "/guidance/GR1": 200,
        "/guidance/Q4": 200,
        "/no-such-page": 404,
        "/records/no-such-record": 404,
        f"/records/{uuid.uuid4()}": 404,
        f"/records/{uuid.uuid4()}/pdf": 404,
        "/people/council/NOBODY": 404,
        "/people/nowhere/AMY": 404,
        "/people/council/NOBODY/consents/new": 404,
        f"/people/council/AMY/consents/{uuid.uuid4()}/withdraw": 404,
        f"/people/council/AMY/consents/{withdrawn.id}/withdraw": 404,  # no longer stands
        "/guidance/9.99": 404,
        "/decisions/no-such-draft/person": 404,
        "/decisions/no-such-draft/questions/age": 404,
        "/decisions/no-such-draft/check": 404,
        "/decisions/no-such-draft/outcome": 404,
    }
    wrong = {}
    for path, status in pages.items():
        response = client.get(path)
        text = response.text
        if response.status_code != status:
            wrong[path] = f"{response.status_code}, not {status}"
        elif not response.headers["content-type"].startswith("text/html"):
            wrong[path] = response.headers["content-type"]
        elif text.count("<h1") != 1 or "</html>" not in text:
            wrong[path] = "not one whole page with one heading"
        elif status == 404 and "not found" not in text:
            wrong[path] = "a 404 that does not say so"
        elif "&lt;a " in text or "&lt;span" in text:
            wrong[path] = "shows markup as text"
        elif ">None<" in text or 'value="None"' in text:
            wrong[path] = "shows a missing value as None"
        elif found := [marker for marker in NOT_GOVUK if marker in text]:
            wrong[path] = f"shows {found}: sharewise is not a GOV.UK service"
    assert not wrong, wrong


def test_a_record_downloads_as_a_pdf(client: TestClient, register: Register) -> None:
    decision = register.record_decision(documents.decision())
    response = client.get(f"/records/{decision.id}/pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert f'filename="decision-{decision.id}.pdf"' in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF-")


def test_the_static_files_are_served(client: TestClient) -> None:
    files = {
        "/static/sharewise.css": "text/css",
        "/static/govuk-frontend.min.js": "javascript",
        "/static/chart.umd.min.js": "javascript",
        "/static/monitoring.js": "javascript",
        "/static/favicon.svg": "image/svg+xml",
    }
    for path, kind in files.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert kind in response.headers["content-type"], path
        assert "max-age" in response.headers["cache-control"]
    assert (
        client.get("/static/sharewise.css").content == (ROOT / "build/sharewise.css").read_bytes()
    )
    # What the stylesheet and the pages point to is there.
    css = client.get("/static/sharewise.css").text
    wanted = set(re.findall(r'url\("?(/assets/[^")]+)"?\)', css))
    wanted |= set(re.findall(r'(?:href|src)="(/(?:static|assets)/[^"]+)"', client.get("/").text))
    assert wanted
    for path in wanted:
        assert client.get(path).status_code == 200, path
    for path in (
        "/static/nothing.css",
        "/static/..%2Fpyproject.toml",
        "/assets/..%2F..%2Fpackage.json",
    ):
        assert client.get(path).status_code == 404, path


# --- bad input stores nothing ---------------------------------------------------------------


def test_the_decision_pages_refuse_bad_input(client: TestClient, register: Register) -> None:
    before = register.entry_count()
    draft = str(client.get("/decisions/new").url).rsplit("/", 1)[0]
    draft_id = draft.rsplit("/", 1)[1]

    check_errors(
        client.post(f"{draft}/person", data={"person": "NOBODY"}),
        {"person": "there is no person 'NOBODY'"},
    )
    client.post(f"{draft}/person", data={"person": "AMY"})
    check_errors(
        client.post(f"{draft}/recipient", data={"recipient": "mars"}),
        {"recipient": "Select who would receive the information"},
    )
    client.post(f"{draft}/recipient", data={"recipient": "none"})

    questions = f"{draft}/questions"
    check_errors(
        client.post(f"{questions}/purpose", data={"answer": "x" * 501}),
        {"answer": "Keep the answer to 500 characters or fewer"},
    )
    client.post(f"{questions}/purpose", data={"answer": "Early help"})
    client.post(f"{questions}/recipient", data={"answer": "School"})
    check_errors(
        client.post(f"{questions}/about", data={}), {"answer": "Select one of the answers shown"}
    )
    check_errors(
        client.post(f"{questions}/about", data={"answer": "martian"}),
        {"answer": "Select one of the answers shown"},
    )
    client.post(f"{questions}/about", data={"answer": "child"})
    check_errors(
        client.post(f"{questions}/age", data={"answer": "ten"}),
        {"answer": "Enter a whole number"},
    )
    # An answer that does not fit an earlier one is refused, and what was typed is kept.
    refused = client.post(f"{questions}/age", data={"answer": "18"})
    check_errors(refused, {"answer": "Enter a whole number from 0 to 17, as the person is a child"})
    assert 'value="18"' in refused.text
    state = register.drafts.get(draft_id)
    assert state is not None
    assert state["answers"]["age"] == 10  # as the register had it, not the refused 18
    assert state["answers"]["about"] == "child"

    # A multiple-choice question: nothing ticked, or 'None of these' with another.
    draft = start(client)
    at = answer_all(client, draft, {**SHARE, "consent.status": "not_sought"}, "consent_unsafe")
    unsafe = f"{draft}/questions/consent_unsafe"
    assert str(at.url) == unsafe
    check_errors(client.post(unsafe, data={}), {"answer": "Select all that apply"})
    check_errors(
        client.post(unsafe, data={"answer": ["none", "increase_risk_of_harm"]}),
        {"answer": "Select 'None of these' on its own"},
    )
    assert register.entry_count() == before


SHARED_BY_EMAIL = {
    "decision.share": "yes",
    "decision.reasons": "Agreed.",
    "shared.what": "The plan",
    "shared.with_whom": "School",
    "shared.purpose": "Early help",
    **moment_values("shared.when", datetime(2026, 11, 20, 10, 0)),
    "shared.how": "Email",
}
DECISION_ERRORS = [
    ("nothing", SHARE, {}, {"decision-share": "Select whether", "decision-reasons": "Enter"}),
    (
        "sharing, without what or how",
        {**SHARE, "consent.status": "refused", "harm.child": "reasonable_cause"},
        {
            "decision.share": "yes",
            "decision.reasons": "At risk.",
            "shared.with_whom": "School",
            "shared.purpose": "Early help",
            **moment_values("shared.when", datetime(2026, 11, 20, 10, 0)),
        },
        {
            "shared-what": "Enter what you shared",
            "shared-how": "Enter how you shared it",
        },
    ),
    (
        "sharing without consent, without weighing the public interest",
        {**SHARE, "consent.status": "refused", "harm.child": "reasonable_cause"},
        {
            "decision.share": "yes",
            "decision.reasons": "At risk.",
            "shared.what": "The concern",
            "shared.with_whom": "School",
            "shared.purpose": "Early help",
            **moment_values("shared.when", datetime(2026, 11, 20, 10, 0)),
            "shared.how": "Phone",
        },
        {
            "public_interest-risks_of_sharing": "Enter what might happen if you share",
            "public_interest-risks_of_not_sharing": "Enter what might happen if you do not",
            "public_interest-necessity": "Enter why sharing is necessary",
            "public_interest-proportionality": "Enter why what you share is proportionate",
        },
    ),
    (
        "a date that is not one",
        SHARE,
        {**SHARED_BY_EMAIL, "shared.when-day": "31", "shared.when-month": "2"},
        {"shared-when-day": "The date you shared it must be a real date"},
    ),
    (
        "a time that is not one",
        SHARE,
        {**SHARED_BY_EMAIL, "shared.when-time": "25:70"},
        {"shared-when-time": "The time you shared it must be a real time, like 14:30"},
    ),
    (
        "departing from the recommendation without saying why",
        MUST_SHARE,
        {"decision.share": "no", "decision.reasons": "Not today."},
        {"decision-departure": "Enter why you decided otherwise than the guidance recommends"},
    ),
]


@pytest.mark.parametrize(
    ("answers", "form", "expected"),
    [row[1:] for row in DECISION_ERRORS],
    ids=[row[0] for row in DECISION_ERRORS],
)
def test_the_decision_form_refuses_bad_input(
    client: TestClient,
    register: Register,
    answers: dict[str, str],
    form: dict[str, str],
    expected: dict[str, str],
) -> None:
    draft = start(client)
    answer_all(client, draft, answers)
    before = register.entry_count()
    response = client.post(f"{draft}/outcome", data=form)
    check_errors(response, expected)
    assert register.entry_count() == before
    for value in form.values():  # what was typed is kept
        assert html.escape(value, quote=True) in response.text or value in ("yes", "no")


DEVELOPER_WORDS = ("Allowed:", "field required", "_", "(do_not_share)", "T10:00")


def test_the_decision_form_shows_every_error_at_once_in_plain_words(client: TestClient) -> None:
    """An urgent share without consent, sent with only 'yes' ticked: one round names
    everything still needed, each as something to do."""
    draft = start(client)
    answer_all(client, draft, URGENT_UNSAFE_TO_ASK)
    response = client.post(f"{draft}/outcome", data={"decision.share": "yes"})
    check_errors(
        response,
        {
            "decision-reasons": "Enter your reasons",
            "shared-what": "Enter what you shared",
            "shared-with_whom": "Enter who you shared it with",
            "shared-purpose": "Enter why you shared it",
            "shared-when": "Enter when you shared it",
            "shared-how": "Enter how you shared it",
            "public_interest-risks_of_sharing": "Enter what might happen if you share",
            "public_interest-necessity": "Enter why sharing is necessary",
        },
    )
    for message in summary(response).values():
        assert not any(word in message for word in DEVELOPER_WORDS), message


def test_a_record_keeps_only_what_applied(client: TestClient, register: Register) -> None:
    """Fields of reveals not chosen are dropped: a decision not to share keeps no time of
    telling, no weighing and nothing shared, whatever the hidden fields held."""
    draft = start(client)
    answer_all(client, draft, URGENT_UNSAFE_TO_ASK)
    saved = client.post(
        f"{draft}/outcome",
        data={
            "decision.share": "no",
            "decision.reasons": "Speaking to the lead first.",
            "decision.departure": "The lead is on the phone now.",
            "shared.what": "Typed, then changed my mind",
            **moment_values("shared.when", datetime(2026, 11, 20, 10, 0)),
            "told.told": "yes",
            **moment_values("told.when", datetime(2026, 11, 20, 11, 0)),
            "public_interest.necessity": "Typed before deciding",
        },
    )
    record_id = str(saved.url).split("/records/")[1].split("?")[0]
    body = register.decision(record_id).body
    assert body["decision"]["share"] is False
    assert body["shared"] is None and body["told"] is None and body["public_interest"] is None
    assert "Typed" not in saved.text and "Told" not in saved.text


def test_a_decision_is_saved_once(client: TestClient, register: Register) -> None:
    """After saving, Back, a reload and a second submit all lead to the one record."""
    draft = start(client)
    answer_all(client, draft, MUST_SHARE)
    form = {
        "decision.share": "no",
        "decision.reasons": "The order is being appealed.",
        "decision.departure": "Legal advised waiting for the appeal.",
    }
    before = register.entry_count(reads=False)
    first = client.post(f"{draft}/outcome", data=form)
    record = first.url.path
    assert record.startswith("/records/")
    again = client.post(f"{draft}/outcome", data=form)
    assert again.url.path == record
    for page in ("outcome", "check", "questions/purpose", "person"):
        assert client.get(f"{draft}/{page}").url.path == record, page
    assert register.entry_count(reads=False) == before + 1


def test_what_the_register_knows_is_not_asked(client: TestClient, register: Register) -> None:
    """A named person with a date of birth answers whether they are a child and their age,
    naming them answers that the information identifies them, and the recipient chosen
    names the recipient: those pages are skipped, and check your answers shows them to
    confirm."""
    draft = start(client, person="AMY", recipient="early-help")
    asked = []
    response = client.get(f"{draft}/check")
    while "/questions/" in str(response.url):
        fact = str(response.url).rsplit("/", 1)[1]
        asked.append(fact)
        response = client.post(str(response.url), data={"answer": SHARE[fact]})
    assert not {"about", "age", "identifiable", "recipient"} & set(asked), asked
    check = html.unescape(response.text)
    assert check.count("(from the register: check it is right)") == 4
    assert "Early Help Hub" in check
    # Changing one of them on its page makes it the practitioner's own answer.
    client.post(f"{draft}/questions/age?change=1", data={"answer": "11"})
    state = register.drafts.get(draft.rsplit("/", 1)[1])
    assert state is not None
    assert state["answers"]["age"] == 11 and "age" not in state["known"]
    # Choosing nobody takes back what the register answered for Amy.
    client.post(f"{draft}/person?change=1", data={"person": ""})
    state = register.drafts.get(draft.rsplit("/", 1)[1])
    assert state is not None
    assert "identifiable" not in state["answers"] and state["answers"]["age"] == 11


@pytest.mark.parametrize(
    ("purpose", "inset", "checked"),
    [
        ("Early help assessment", "consent covers this sharing", "given"),
        ("Refer the baby to community paediatrics", "no consent covers this sharing", "not_sought"),
    ],
)
def test_the_consent_registers_answer_and_its_words_agree(
    client: TestClient, register: Register, purpose: str, inset: str, checked: str
) -> None:
    """Consent to another purpose is no consent to this one (3.21): the answer filled in
    is "not asked for", beside words that say what the consent given is for."""
    register.record_consent(documents.consent())  # for "Early help assessment"
    draft = start(client, person="AMY", recipient="early-help")
    page = answer_all(client, draft, {**SHARE, "purpose": purpose}, stop_at="consent.status")
    shown = html.unescape(page.text)
    assert f"From the consent register:</strong>\n        {inset}." in shown
    assert re.search(rf'value="{checked}" checked', shown), "the answer filled in"
    if checked == "not_sought":
        assert 'the consent given is for "Early help assessment"' in shown


def test_a_decision_that_departs_says_why(client: TestClient, register: Register) -> None:
    draft = start(client)
    answer_all(client, draft, MUST_SHARE)
    saved = client.post(
        f"{draft}/outcome",
        data={
            "decision.share": "no",
            "decision.reasons": "The order is being appealed.",
            "decision.departure": "Legal advised waiting for the appeal.",
        },
    )
    assert saved.status_code == 200
    record_id = str(saved.url).split("/records/")[1].split("?")[0]
    body = register.decision(record_id).body
    assert body["assessment"]["outcome"] == "must_share"
    assert body["departs_from_recommendation"] is True
    assert body["decision"]["departure"] == "Legal advised waiting for the appeal."
    assert "Legal advised waiting for the appeal." in saved.text
    # The draft is a record now: going back to it leads to the record.
    assert client.get(f"{draft}/outcome").url.path == f"/records/{record_id}"


URGENT_UNSAFE_TO_ASK: dict[str, str | list[str]] = {
    **SHARE,
    "harm.child": "reasonable_cause",
    "consent.status": "not_sought",
    "consent_unsafe": ["increase_risk_of_harm", "prejudice_serious_crime"],
}


def test_reasons_ticked_for_not_asking_reach_the_record(
    client: TestClient, register: Register
) -> None:
    """Every urgent case where asking is unsafe ticks reasons: check your answers, the
    outcome and the record all show them in words."""
    draft = start(client)
    check = answer_all(client, draft, URGENT_UNSAFE_TO_ASK)
    assert str(check.url).endswith("/check"), check.url
    assert check.status_code == 200
    both = "Put someone at greater risk of harm; Get in the way of stopping"
    assert both in html.unescape(check.text)
    outcome = client.get(f"{draft}/outcome")
    assert outcome.status_code == 200
    assert "share_without_consent" not in outcome.text  # said in words, not as a code
    saved = client.post(
        f"{draft}/outcome",
        data={
            "decision.share": "yes",
            "decision.reasons": "Bruising seen by the teacher.",
            "shared.what": "What the child said and the bruising seen",
            "shared.with_whom": "Children's social care",
            "shared.purpose": "A referral",
            **moment_values("shared.when", datetime(2026, 11, 20, 10, 0)),
            "shared.how": "Phone, then the referral form",
            "public_interest.risks_of_sharing": "The family may stop engaging.",
            "public_interest.risks_of_not_sharing": "The child may be harmed.",
            "public_interest.necessity": "Social care cannot assess without it.",
            "public_interest.proportionality": "Only what the referral needs.",
        },
    )
    saved = through_the_package(client, draft)
    assert saved.status_code == 200, summary(saved)
    assert both in html.unescape(saved.text)
    record_id = str(saved.url).split("/records/")[1].split("?")[0]
    body = register.decision(record_id).body
    assert body["facts"]["consent_unsafe"] == ["increase_risk_of_harm", "prejudice_serious_crime"]
    assert body["assessment"]["urgent_safeguarding"] is True


def test_a_failing_page_keeps_the_safeguarding_warning(client: TestClient) -> None:
    """Should a page fail, its answer still reminds the practitioner not to wait for it."""

    @client.app.get("/fails")  # type: ignore[attr-defined]
    def fails() -> None:
        raise RuntimeError("a bug")

    failing = TestClient(client.app, raise_server_exceptions=False)
    response = failing.get("/fails")
    assert response.status_code == 500
    assert "your safeguarding procedures now" in " ".join(response.text.split())
    assert "Traceback" not in response.text


def test_the_record_names_only_the_register_answers_left_as_they_stood(
    client: TestClient, register: Register
) -> None:
    register.record_consent(documents.consent())  # Lee's consent for Amy, to early help
    draft = start(client, person="AMY", recipient="early-help")
    answers = {**SHARE, "purpose": "Early help assessment", "recipient": "Early Help Hub"}
    # Every consent answer but one as the register has it; that one the practitioner changes.
    answer_all(client, draft, {**answers, "consent.informed": "unsure"})
    saved = client.post(
        f"{draft}/outcome",
        data={"decision.share": "no", "decision.reasons": "Checking with the father first."},
    )
    record_id = str(saved.url).split("/records/")[1].split("?")[0]
    body = register.decision(record_id).body
    assert body["facts"]["consent"]["informed"] == "unsure"
    assert body["confirmed_from_consent_register"] == [
        "consent.covers_this_sharing",
        "consent.freely_given",
        "consent.given_by",
        "consent.status",
    ]


def test_the_consent_pages_refuse_bad_input(client: TestClient, register: Register) -> None:
    consent = register.record_consent(documents.consent())
    before = register.entry_count()
    check_errors(
        client.post("/people/council/SAM/consents/new", data={}),
        # Each field left out says what to do about it, in the form's own words.
        {
            name: CONSENT_FORM.required[name]
            for name in (
                "status",
                "given_by",
                "given_by_name",
                "explicit",
                "form",
                "informed",
                "told",
                "purposes",
                "given_at",
            )
        },
    )
    check_errors(
        client.post("/people/council/SAM/consents/new", data=_consent_form(recipients=[])),
        {"recipients": "must name at least one organisation, service or person not in"},
    )
    check_errors(
        client.post(
            "/people/council/SAM/consents/new",
            data=_consent_form(**moment_values("given_at", datetime(2099, 1, 1, 10, 0))),
        ),
        {"given_at": "The date it was given or refused must be now or in the past"},
    )
    check_errors(
        client.post(
            "/people/council/SAM/consents/new",
            data=_consent_form(
                **{"given_at-year": "26", "review_date-day": "31", "review_date-month": "6"}
            ),
        ),
        {
            "given_at-year": "The year it was given or refused must include 4 numbers",
            "review_date-year": "The review date must include a year",
        },
    )
    check_errors(
        client.post(f"/people/council/AMY/consents/{consent.id}/withdraw", data={}),
        {"how": CONSENT_FORM.required["how"]},
    )
    assert register.entry_count() == before
    assert client.post("/people/council/NOBODY/consents/new", data={}).status_code == 404


def test_the_consent_check_refuses_bad_input(client: TestClient) -> None:
    check_errors(
        client.get("/consents/covers?organisation=council"),
        {"person": "Enter the person", "purpose": "Enter the purpose", "recipient": "Enter"},
    )
    check_errors(
        client.get("/consents/covers?organisation=council&person=NOBODY&purpose=x&recipient=trust"),
        {"person": "there is no person 'NOBODY'"},
    )
    check_errors(
        client.get("/consents/covers?organisation=council&person=AMY&purpose=x&recipient=mars"),
        {"recipient": "'mars'"},
    )


# --- consent: add, check, withdraw ------------------------------------------------------------


def _consent_form(**changes: Any) -> dict[str, Any]:
    """Sam's own consent, as the form sends it."""
    form: dict[str, Any] = {
        "status": "given",
        "given_by": "subject",
        "given_by_name": "Sam Green",
        "explicit": "yes",
        "form": "written",
        "informed": "yes",
        "freely_given": "yes",
        "told": "Why, what, with whom, and what could follow.",
        "purposes": "Housing support\r\nDebt advice",
        "recipients.organisations": ["trust"],
        "recipients.services": ["early-help"],
        **moment_values("given_at", datetime(2026, 1, 5, 9, 30)),
    }
    if "recipients" in changes:
        form["recipients.organisations"] = changes.pop("recipients")
        form["recipients.services"] = []
    form.update(changes)
    return form


def covers(client: TestClient, purpose: str, recipient: str) -> str:
    response = client.get(
        "/consents/covers",
        params={
            "organisation": "council",
            "person": "SAM",
            "purpose": purpose,
            "recipient": recipient,
        },
    )
    assert response.status_code == 200
    found = re.search(r'<h2 class="govuk-panel__title[^"]*">(.*?)</h2>', response.text, re.S)
    assert found, response.text
    return found[1].strip()


def test_consent_given_checked_and_withdrawn(client: TestClient, register: Register) -> None:
    before = register.entry_count(reads=False)
    assert covers(client, "Housing support", "trust") == "No consent is recorded"

    added = client.post("/people/council/SAM/consents/new", data=_consent_form())
    assert added.status_code == 200 and str(added.url).endswith("/people/council/SAM?saved=consent")
    assert register.entry_count(reads=False) == before + 1
    (given,) = register.consents("council", "SAM")
    body = given.body
    assert (given.kind, body["status"], body["given_by"], body["recorded_by"]) == (
        "given",
        "given",
        "subject",
        "jo",
    )
    assert body["purposes"] == ["Housing support", "Debt advice"]
    assert body["recipients"] == {
        "organisations": ["trust"],
        "services": ["early-help"],
        "named": [],
    }
    assert (body["explicit"], body["informed"], body["freely_given"]) == (True, True, True)
    assert body["form"] == "written"
    assert (
        datetime.fromisoformat(body["given_at"])
        == datetime.fromisoformat("2026-01-05T09:30").astimezone()
    )
    assert "Stands" in added.text and "Housing support; Debt advice" in added.text
    withdraw = f"/people/council/SAM/consents/{given.id}/withdraw"
    assert f'<a class="govuk-link" href="{withdraw}">Withdraw<span' in added.text
    listed_people = client.get("/people?organisation=council&search=gre").text
    assert '<a class="govuk-link" href="/people/council/SAM">Sam Green</a>' in listed_people

    assert covers(client, "Housing support", "trust") == "Consent covers this"
    assert covers(client, "debt  ADVICE", "council") == "Consent covers this"  # via the hub
    assert covers(client, "Rehousing", "trust") == "Consent does not cover this"
    assert covers(client, "Housing support", "police") == "Consent does not cover this"

    client.cookies.update(signed_in(register, "al.khan"))  # Al takes the call: it is in his name
    page = client.get(withdraw)
    assert page.status_code == 200 and "Housing support; Debt advice" in page.text
    assert "Recorded by Al Khan, Team manager, signed in." in page.text
    withdrawn = client.post(
        f"/people/council/SAM/consents/{given.id}/withdraw",
        data={"how": "By phone to the duty desk", "withdrawn_at": ""},
    )
    assert withdrawn.status_code == 200
    assert str(withdrawn.url).endswith("/people/council/SAM?saved=withdrawal")
    assert register.entry_count(reads=False) == before + 2
    latest = register.consents("council", "SAM")[-1]
    assert (latest.kind, latest.refers_to) == ("withdrawn", given.id)
    assert latest.body["how"] == "By phone to the duty desk"
    assert latest.body["recorded_by"] == "al"
    assert "Withdrawn" in withdrawn.text
    assert covers(client, "Housing support", "trust") == "Consent was withdrawn"
    assert client.get(withdraw).status_code == 404


def test_consent_refused_is_recorded(client: TestClient, register: Register) -> None:
    refused = client.post("/people/council/SAM/consents/new", data=_consent_form(status="refused"))
    assert refused.status_code == 200
    (entry,) = register.consents("council", "SAM")
    assert entry.body["status"] == "refused"
    assert "Withdraw" not in refused.text.split('<h2 class="govuk-heading-m">Consent')[1]
    assert covers(client, "Housing support", "trust") == "Consent was refused"


# --- records search: filters and pages ----------------------------------------------------------


@pytest.fixture
def seeded_register(seeded: Seeded) -> Iterator[Register]:
    opened = Register.open(seeded.database_url)
    yield opened
    opened.close()


def listed(client: TestClient, query: str) -> tuple[list[str], int]:
    """The record ids the search lists, following 'Older records' to the last page, and
    how many pages it took."""
    ids: list[str] = []
    url: str | None = f"/records?{query}"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.text[:500]
        pages += 1
        ids += RECORD_LINK.findall(response.text)
        older = re.search(
            r'<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next"', response.text
        )
        url = html.unescape(older[1]) if older else None
        assert pages < 100
    return ids, pages


def newest_first(entries: list[StoredEntry]) -> list[str]:
    return [e.id for e in sorted(entries, key=lambda e: (e.recorded_at, e.id), reverse=True)]


def test_records_are_searched_and_paged(
    seeded_client: TestClient, seeded_register: Register
) -> None:
    every = list(seeded_register.iter_decisions(within={DEMO_ORGANISATION}))
    assert len(every) > 25  # more than a page

    ids, pages = listed(seeded_client, "")
    assert ids == newest_first(every)
    assert pages == -(-len(every) // 25)

    outcomes = {e.body["assessment"]["outcome"] for e in every}
    assert len(outcomes) > 2
    for outcome in outcomes:
        expected = [e for e in every if e.body["assessment"]["outcome"] == outcome]
        assert listed(seeded_client, f"outcome={outcome}")[0] == newest_first(expected), outcome
    for shared in (True, False):
        expected = [e for e in every if e.body["decision"]["share"] is shared]
        query = f"shared={'yes' if shared else 'no'}"
        assert listed(seeded_client, query)[0] == newest_first(expected), query

    organisation = every[0].body["organisation"]
    middle = sorted(e.recorded_at for e in every)[len(every) // 2][:10]
    since = datetime.fromisoformat(middle).astimezone()  # the practitioner's midnight
    by_organisation = [e for e in every if e.body["organisation"] == organisation]
    after = [e for e in every if datetime.fromisoformat(e.recorded_at) >= since]
    before = [e for e in every if datetime.fromisoformat(e.recorded_at) < since]
    assert after and before
    assert listed(seeded_client, f"organisation={organisation}")[0] == newest_first(by_organisation)
    # Another organisation's records are not theirs to ask for: not found.
    assert seeded_client.get("/records?organisation=riverside-council").status_code == 404
    named = next(e for e in every[1:] if e.body["person"])
    person, practitioner = named.body["person"], named.body["practitioner"]
    expected = [e for e in every if e.body["person"] == person]
    assert listed(seeded_client, f"person={person}")[0] == newest_first(expected)
    expected = [e for e in every if e.body["practitioner"] == practitioner]
    assert listed(seeded_client, f"practitioner={practitioner}")[0] == newest_first(expected)
    year, month, day = (int(part) for part in middle.split("-"))
    on = {
        f"{name}-{part}": value
        for name in ("since", "until")
        for part, value in (("day", day), ("month", month), ("year", year))
    }
    since_middle = urlencode({k: v for k, v in on.items() if k.startswith("since")})
    until_middle = urlencode({k: v for k, v in on.items() if k.startswith("until")})
    assert listed(seeded_client, since_middle)[0] == newest_first(after)
    # An 'until' date takes in the whole of its day.
    next_day = datetime.combine(date(year, month, day) + timedelta(days=1), time()).astimezone()
    through = [e for e in every if datetime.fromisoformat(e.recorded_at) < next_day]
    assert listed(seeded_client, until_middle)[0] == newest_first(through)
    on_the_day = [e for e in after if e in through]
    assert listed(seeded_client, urlencode(on))[0] == newest_first(on_the_day)
    both = [e for e in after if e in by_organisation and e.body["decision"]["share"]]
    query = f"organisation={organisation}&shared=yes&{since_middle}"
    assert listed(seeded_client, query)[0] == newest_first(both)

    # The form shows the filters in force.
    page = seeded_client.get(f"/records?{query}&outcome=share").text
    assert f'<option value="{organisation}" selected>' in page
    assert '<option value="yes" selected>Shared</option>' in page
    assert '<option value="share" selected>Share</option>' in page
    for part, value in (("day", day), ("month", month), ("year", year)):
        assert f'name="since-{part}" type="text" value="{value}"' in page


def test_records_search_refuses_bad_filters(seeded_client: TestClient) -> None:
    response = seeded_client.get("/records?outcome=maybe&person=two+words")
    check_errors(
        response,
        {
            "outcome": "Select a recommendation from the list",
            "person": "Enter a person's reference",
        },
    )
    assert not RECORD_LINK.search(response.text)


def test_a_decision_is_made_by_whoever_is_signed_in(client: TestClient, register: Register) -> None:
    """No page asks who is deciding: the decision is the signed-in practitioner's, and
    nobody else's to carry on."""
    draft = start(client)
    check = answer_all(client, draft, SHARE)
    assert "Jo Smith, Family support worker" in html.unescape(check.text)
    state = register.drafts.get(draft.rsplit("/", 1)[1])
    assert state is not None and (state["organisation"], state["practitioner"]) == (
        "council",
        "jo",
    )
    al = TestClient(client.app, cookies=signed_in(register, "al.khan"))
    assert al.get(f"{draft}/check").status_code == 404


def test_an_answer_not_known_and_needed_later_says_why_it_is_asked_again(
    client: TestClient,
) -> None:
    """Not knowing whether the person is a child, nor their age, is no answer once consent
    came from a parent: whether they could give it depends on it (3.22-3.35). It comes
    back saying why, and "I do not know" again is refused with what to do."""
    draft = start(client)
    answers = {**SHARE, "about": "not-known", "age": ""}
    last = answer_all(client, draft, answers, stop_at="competent_to_consent")
    again = client.post(str(last.url), data={"answer": "false"})
    assert str(again.url).endswith("/questions/about"), again.url
    assert 'id="asked-again"' in again.text
    check_errors(
        client.post(str(again.url), data={"answer": "not-known"}),
        {"answer": "Select an answer: a later answer means it is needed now"},
    )
    check = answer_all(client, draft, SHARE)
    assert str(check.url).endswith("/check")
    # Asked the first time, the question says nothing of the sort.
    first = client.get(f"{start(client)}/questions/purpose")
    assert 'id="asked-again"' not in first.text
