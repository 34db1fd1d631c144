"""Correcting from the web: a decision record, by a new decision that starts from its
answers, and a consent, by its form filled in from it. Neither is changed where it is
recorded; each page says what corrects what. And what each form saved is said once,
on the page it leads to."""

from __future__ import annotations

import html
import re
import uuid
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from sharewise.engine.interview import walk
from sharewise.register.consents.schemas import ConsentInput
from sharewise.register.store import Register, StoredEntry
from sharewise.web.dates import moment_values
from sharewise.web.pages import ENVIRONMENT
from tests.accounts import signed_in
from tests.register import helpers as documents
from tests.web.conftest import Live
from tests.web.helpers import (
    QUESTIONS,
    answer,
    draft_by_http,
    post,
    press,
    through_the_package,
)
from tests.web.test_flows import CASES, fact_values, fill_decision, row, stored_facts
from tests.web.test_http import MUST_SHARE, SHARE, answer_all, start
from tests.web.test_record_pdf import pages_of

SEEK_CONSENT = next(c for c in CASES if c.name == "seek consent")
AMY = "/people/council/AMY"
SHARED = {
    "decision.share": "yes",
    "decision.reasons": "Her father agreed, and was told all he needed.",
    "shared.what": "The early help assessment",
    "shared.with_whom": "The Early Help Hub",
    "shared.purpose": "Early help",
    **moment_values("shared.when", datetime(2026, 11, 20, 10, 0)),
    "shared.how": "Secure email",
}
BANNER = re.compile(
    r'<div class="govuk-notification-banner govuk-notification-banner--success".*?'
    r'<h3 class="govuk-notification-banner__heading">\s*(.*?)\s*</h3>',
    re.S,
)


def shared(client: TestClient, draft: str, form: dict[str, Any]) -> Any:
    """The decision form sent, sharing, then its package: the record saved."""
    client.post(f"{draft}/outcome", data=form)
    return through_the_package(client, draft)


def record_id(response: Any) -> str:
    found = re.search(r"/records/([0-9a-f-]{36})\?saved=1$", str(response.url))
    assert found, response.url
    return found[1]


def banner(text: str) -> str | None:
    found = BANNER.search(text)
    return html.unescape(found[1]) if found else None


def correct(client: TestClient, record: str) -> Any:
    """Start correcting `record` from its page's button, following the redirect."""
    return client.post(f"/decisions/new?corrects={record}")


def draft_of(response: Any) -> str:
    """The draft a correction started: its address, from check your answers'."""
    url = str(response.url)
    assert url.endswith("/check"), url
    return url.rsplit("/", 1)[0]


def said(page: str, key: str) -> list[str]:
    """The values beside `key` in the page's summary lists."""
    return re.findall(
        rf'<dt class="govuk-summary-list__key">{key}</dt>'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
    )


def compact(text: str) -> str:
    return "".join(text.split())


def named(entry: StoredEntry, link: bool = True) -> str:
    """How a record names another: by id, linked on the page, and when it was recorded."""
    shown = f'<a class="govuk-link" href="/records/{entry.id}">{entry.id}</a>' if link else entry.id
    return f"record {shown} ({ENVIRONMENT.filters['when'](entry.recorded_at)})"


# --- a decision record ----------------------------------------------------------------------


def test_a_record_is_corrected_from_its_answers(client: TestClient, register: Register) -> None:
    register.record_consent(documents.consent())  # Lee's consent for Amy, to early help
    draft = start(client, person="AMY", recipient="early-help")
    answers = {**SHARE, "purpose": "Early help assessment", "recipient": "Early Help Hub"}
    answer_all(client, draft, {**answers, "consent.informed": "unsure"})
    first = client.post(
        f"{draft}/outcome",
        data={"decision.share": "no", "decision.reasons": "Checking with the father first."},
    )
    old = register.decision(record_id(first))
    page = client.get(f"/records/{old.id}")
    assert f'action="/decisions/new?corrects={old.id}"' in page.text
    assert "Correct this record" in page.text and not said(page.text, "Corrected by")

    started = correct(client, old.id)
    assert started.history[0].status_code == 303  # post/redirect/get
    assert started.status_code == 200
    fixing = draft_of(started)
    state = register.drafts.get(fixing.rsplit("/", 1)[1])
    assert state is not None
    assert (state["organisation"], state["practitioner"]) == ("council", "jo")
    assert (state["person"], state["recipient"], state["corrects"]) == ("AMY", "early-help", old.id)
    assert stored_facts(walk(state["answers"]).facts) == old.body["facts"]
    assert state["from_register"] == old.body["confirmed_from_consent_register"]
    # What the register knows of Amy and the recipient is shown as its own, to confirm.
    assert set(state["known"]) == {"about", "age", "identifiable", "recipient"}
    check = html.unescape(started.text)
    assert f'You are correcting <a class="govuk-link" href="/records/{old.id}">' in check
    assert check.count("(from the register: check it is right)") == 4
    assert "I'm not sure" in check  # the answer to put right, as it was recorded

    # He was told all he needed after all: the one answer changed, then saved.
    changed = client.post(f"{fixing}/questions/consent.informed?change=1", data={"answer": "true"})
    assert str(changed.url).endswith("/check")
    saved = shared(client, fixing, SHARED)
    new = register.decision(record_id(saved))
    assert (new.kind, new.refers_to, new.outcome) == ("correction", old.id, "share")
    assert new.body["facts"] == {
        **old.body["facts"],
        "consent": {**old.body["facts"]["consent"], "informed": True},
    }
    assert new.body["confirmed_from_consent_register"] == [
        "consent.covers_this_sharing",
        "consent.freely_given",
        "consent.given_by",
        "consent.informed",
        "consent.status",
    ]
    assert banner(saved.text) == "Your correction is saved"
    assert said(saved.text, "Corrects") == [named(old)]
    assert f"The {named(old)} stays as it was" in saved.text  # the banner
    assert not said(saved.text, "Corrected by")

    # The record corrected says so, and stays as it was.
    again = client.get(f"/records/{old.id}")
    assert said(again.text, "Corrected by") == [named(new)]
    assert register.decision(old.id) == old
    assert register.corrections_of(old.id) == [new]


def test_a_correction_is_corrected_in_turn(client: TestClient, register: Register) -> None:
    draft = start(client)
    answer_all(client, draft, MUST_SHARE)
    form = {"decision.share": "yes", **{k: v for k, v in SHARED.items() if k != "decision.share"}}
    first = register.decision(record_id(shared(client, draft, form)))
    second_draft = draft_of(correct(client, first.id))
    second = register.decision(record_id(shared(client, second_draft, form)))
    third_draft = draft_of(correct(client, second.id))
    third = register.decision(record_id(shared(client, third_draft, form)))

    assert (second.refers_to, third.refers_to) == (first.id, second.id)
    middle = client.get(f"/records/{second.id}").text
    assert said(middle, "Corrects") == [named(first)]
    assert said(middle, "Corrected by") == [named(third)]
    assert register.corrections_of(first.id) == [second]
    assert register.corrections_of(third.id) == []


def test_an_answer_not_known_is_kept_not_asked_again(
    client: TestClient, register: Register
) -> None:
    """MUST_SHARE leaves the age not known: the record holds no age, and the correction
    still starts on check your answers, with the age not known."""
    draft = start(client)
    answer_all(client, draft, MUST_SHARE)
    form = {**SHARED, "decision.reasons": "The law requires it."}
    old = register.decision(record_id(shared(client, draft, form)))
    assert "age" not in old.body["facts"]

    started = correct(client, old.id)
    fixing = draft_of(started)
    state = register.drafts.get(fixing.rsplit("/", 1)[1])
    assert state is not None
    assert state["person"] is None and state["answers"]["age"] is None
    assert "Not known" in started.text
    saved = register.decision(record_id(shared(client, fixing, form)))
    assert saved.body["facts"] == old.body["facts"]


def test_only_a_decision_record_can_be_corrected(client: TestClient, register: Register) -> None:
    consent = register.record_consent(documents.consent())
    before = register.entry_count()
    for wrong in (str(uuid.uuid4()), consent.id, "not-an-id"):
        response = correct(client, wrong)
        assert response.status_code == 404, wrong
        assert "Record not found" in response.text
    for neither_or_both in ("", f"?corrects={consent.id}&reopens={consent.id}"):
        refused = client.post(f"/decisions/new{neither_or_both}")
        assert refused.status_code == 422
        assert "(corrects or reopens)" in refused.text
    assert register.entry_count() == before


def test_the_pdf_says_what_corrects_what(client: TestClient, register: Register) -> None:
    old = register.record_decision(documents.decision())
    new = register.record_decision(documents.decision(corrects=old.id))
    was = " ".join(pages_of(client, register, old.id))
    now = " ".join(pages_of(client, register, new.id))
    # Without spaces: the PDF breaks a long id across lines.
    assert compact(f"Corrected by {named(new, link=False)}") in compact(was)
    assert compact(f"Corrects {named(old, link=False)}") in compact(now)
    assert "Correct this record" not in was + now


# --- a consent ------------------------------------------------------------------------------


class FormFields(HTMLParser):
    """What a form sends as the page shows it: each field's name and value."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        got = {k: v or "" for k, v in attrs}
        if tag == "input" and got.get("type") in ("radio", "checkbox"):
            if "checked" in got:
                self.fields.append((got["name"], got["value"]))
        elif tag == "input" and "name" in got:
            self.fields.append((got["name"], got.get("value", "")))
        elif tag == "textarea":
            self._textarea = got["name"]
            self.fields.append((got["name"], ""))
        elif tag == "select":
            self._select = got["name"]
        elif tag == "option" and self._select and "selected" in got:
            self.fields.append((self._select, got["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)


def form_fields(page: str) -> dict[str, Any]:
    parser = FormFields()
    parser.feed(page.split("<main", 1)[1].split("<form", 1)[1].split("</form>", 1)[0])
    fields: dict[str, Any] = {}
    for name, value in parser.fields:
        if name.startswith("recipients."):
            fields.setdefault(name, []).append(value)
        else:
            fields[name] = value
    return fields


def correcting(consent_id: str) -> str:
    """The address of the form that corrects a consent of Amy's."""
    return f"{AMY}/consents/new?corrects={consent_id}"


def test_a_consent_is_corrected_from_its_form_filled_in(
    client: TestClient, register: Register
) -> None:
    given = register.record_consent(documents.consent(purposes=["Early help assesment"]))
    person = client.get(AMY).text
    correct_link = correcting(given.id)
    assert (
        f'<a class="govuk-link" href="{correct_link}">Correct<span class="govuk-visually-hidden">'
        " this consent</span></a>"
    ) in person

    form = client.get(correct_link)
    assert form.status_code == 200
    assert "<title>Correct consent" in form.text and "You are correcting" in form.text
    shown = form_fields(form.text)
    body = given.body
    assert "recorded_by" not in shown  # whoever corrects it: who is acting
    assert {k: shown[k] for k in ("status", "given_by", "given_by_name", "relative", "form")} == {
        k: body[k] for k in ("status", "given_by", "given_by_name", "relative", "form")
    }
    assert (shown["explicit"], shown["informed"], shown["freely_given"]) == ("yes", "yes", "yes")
    assert shown["told"].strip() == body["told"]
    assert shown["purposes"].strip() == "Early help assesment"
    assert shown["recipients.services"] == ["early-help"]
    assert "recipients.organisations" not in shown
    review = date.fromisoformat(body["review_date"])
    assert [shown[f"review_date-{part}"] for part in ("day", "month", "year")] == [
        str(review.day),
        str(review.month),
        str(review.year),
    ]

    # The form as shown, with the typo put right, recorded by Al.
    client.cookies.update(signed_in(register, "al.khan"))
    sent = {**shown, "purposes": "Early help assessment"}
    saved = client.post(correct_link, data=sent)
    assert str(saved.url).endswith(f"{AMY}?saved=correction")
    assert banner(saved.text) == "Your correction is saved"
    latest = register.consents("council", "AMY")[-1]
    assert (latest.kind, latest.refers_to) == ("correction", given.id)
    assert latest.body["purposes"] == ["Early help assessment"]
    assert latest.body["recorded_by"] == "al"
    unchanged = ("status", "given_by", "given_by_name", "relative", "told", "recipients")
    assert {k: latest.body[k] for k in unchanged} == {k: body[k] for k in unchanged}
    # The minute it was given, as the field keeps it.
    assert latest.body["given_at"][:16] == body["given_at"][:16]
    state = register.consent_state("council", "AMY")
    assert state.version_status(latest.id) == "stands"
    assert state.version_status(given.id) == "corrected"
    assert "Stands" in saved.text and "Corrected" in saved.text
    assert f"corrects={given.id}" not in saved.text  # only what stands is offered
    assert f"corrects={latest.id}" in saved.text


def test_a_correction_with_errors_keeps_what_was_typed(
    client: TestClient, register: Register
) -> None:
    given = register.record_consent(documents.consent())
    url = correcting(given.id)
    shown = form_fields(client.get(url).text)
    before = register.entry_count()
    refused = client.post(url, data={**shown, "given_by_name": "  "})
    assert refused.status_code == 422
    assert "<title>Error: Correct consent" in refused.text
    assert "Save correction" in refused.text
    assert register.entry_count() == before


def test_only_a_consent_that_stands_can_be_corrected(
    client: TestClient, register: Register
) -> None:
    corrected = register.record_consent(documents.consent(purposes=["Typo"]))
    register.record_consent(documents.consent(purposes=["Typo put right"], corrects=corrected.id))
    refused = register.record_consent(documents.consent(purposes=["Refused"], status="refused"))
    gone = register.record_consent(documents.consent(purposes=["Gone"]))
    register.withdraw_consent(
        {"organisation": "council", "consent": gone.id, "recorded_by": "jo", "how": "By phone"}
    )
    (withdrawal,) = [e for e in register.consents("council", "AMY") if e.kind == "withdrawn"]
    sams = register.record_consent(
        documents.consent(person="SAM", given_by="subject", given_by_name="Sam", relative=None)
    )
    before = register.entry_count()
    wrong = [str(uuid.uuid4()), corrected.id, refused.id, gone.id, withdrawal.id, sams.id]
    for consent_id in wrong:
        url = correcting(consent_id)
        assert client.get(url).status_code == 404, consent_id
        assert client.post(url, data={"how": "By phone"}).status_code == 404, consent_id
    nobody = f"/people/council/NOBODY/consents/new?corrects={corrected.id}"
    assert client.get(nobody).status_code == 404
    assert register.entry_count() == before


def test_what_each_consent_form_saved_is_said_once(client: TestClient, register: Register) -> None:
    assert banner(client.get(AMY).text) is None
    assert banner(client.get(f"{AMY}?saved=nonsense").text) is None
    form = {
        "status": "given",
        "given_by": "subject",
        "given_by_name": "Amy Brown",
        "explicit": "yes",
        "form": "verbal",
        "informed": "yes",
        "freely_given": "yes",
        "told": "Why, what and with whom.",
        "purposes": "School transfer",
        "recipients.organisations": ["trust"],
        **moment_values("given_at", datetime(2026, 1, 5, 9, 30)),
    }
    recorded = client.post(f"{AMY}/consents/new", data=form)
    assert str(recorded.url).endswith(f"{AMY}?saved=consent")
    assert banner(recorded.text) == "The consent is recorded"
    (given,) = register.consents("council", "AMY")
    withdrawn = client.post(f"{AMY}/consents/{given.id}/withdraw", data={"how": "By phone"})
    assert str(withdrawn.url).endswith(f"{AMY}?saved=withdrawal")
    assert banner(withdrawn.text) == "The consent is withdrawn"
    assert banner(client.get(AMY).text) is None  # a reload of the page alone says nothing


def test_a_correction_stored_naming_a_withdrawal_still_shows(
    client: TestClient, register: Register
) -> None:
    """The register once took a correction naming a withdrawal: the person's page and the
    coverage check read it as part of the consent withdrawn, not as a failure."""
    given = register.record_consent(documents.consent())
    register.withdraw_consent(
        {"organisation": "council", "consent": given.id, "recorded_by": "jo", "how": "By phone"}
    )
    (withdrawal,) = [e for e in register.consents("council", "AMY") if e.kind == "withdrawn"]
    body = ConsentInput.model_validate(documents.consent(corrects=withdrawal.id))
    # As record_consent appended it before it checked what a correction names.
    documents.append_as_stored(
        register,
        "consent_records",
        given.organisation_id,
        body.model_dump(mode="json"),
        person_id=given.person_id,
        kind="correction",
        refers_to=withdrawal.id,
    )
    person = client.get(AMY)
    assert person.status_code == 200
    assert "Correction" in person.text and "corrects=" not in person.text
    covers = client.get(
        "/consents/covers",
        params={
            "organisation": "council",
            "person": "AMY",
            "purpose": "Early help assessment",
            "recipient": "trust",
        },
    )
    assert covers.status_code == 200 and "Consent was withdrawn" in covers.text


# --- in Chromium ----------------------------------------------------------------------------


def saved_record(page: Page) -> str:
    """A decision not to share, saved over HTTP: its record's address."""
    outcome = draft_by_http(page, fact_values(SEEK_CONSENT)).replace("/check", "/outcome")
    saved = post(page, outcome, {"decision.share": "no", "decision.reasons": "Ask first."})
    return saved.url.split("?")[0]


def test_a_record_is_corrected_in_the_browser(page: Page, live: Live) -> None:
    old_url = saved_record(page)
    old_id = old_url.rsplit("/", 1)[1]
    page.goto(old_url)
    press(page, "Correct this record")
    expect(page).to_have_url(re.compile(r"/decisions/[^/]+/check$"))
    expect(page.locator("#correcting")).to_contain_text(f"record {old_id}")

    purpose = QUESTIONS["purpose"].question
    page.get_by_role("link", name=f"Change {purpose}").click()
    answer(page, "purpose", "Early help for Amy and her brother")
    expect(page).to_have_url(re.compile(r"/check$"))
    press(page, "See what the guidance says")
    fill_decision(page, SEEK_CONSENT.decision)

    expect(page).to_have_url(re.compile(r"/records/[0-9a-f-]{36}\?saved=1$"))
    new_id = page.url.split("/records/")[1].split("?")[0]
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your correction is saved"
    )
    new = live.register.decision(new_id)
    assert (new.kind, new.refers_to) == ("correction", old_id)
    assert new.body["facts"]["purpose"] == "Early help for Amy and her brother"

    page.get_by_role("link", name=old_id).first.click()
    expect(page).to_have_url(f"{live.url}/records/{old_id}")
    expect(row(page, "Corrected by")).to_contain_text(f"record {new_id} (")
    page.get_by_role("link", name=new_id).click()
    expect(page).to_have_url(f"{live.url}/records/{new_id}")
    expect(row(page, "Corrects")).to_contain_text(f"record {old_id} (")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == f"decision-{new_id}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")


# --- pages for the accessibility scan (tests/web/test_accessibility.py) -------------------


def corrected_record_page(page: Page, live: Live) -> None:
    """A record corrected: it says by which."""
    old = live.register.record_decision(documents.decision())
    live.register.record_decision(documents.decision(corrects=old.id))
    page.goto(f"/records/{old.id}")
    expect(row(page, "Corrected by")).to_be_visible()


def correction_saved_page(page: Page, _live: Live) -> None:
    """A correction just saved: the banner, and what it corrects."""
    old_url = saved_record(page)
    check = post(page, f"/decisions/new?corrects={old_url.rsplit('/', 1)[1]}", {}).url
    saved = post(
        page,
        check.replace("/check", "/outcome"),
        {
            "decision.share": "no",
            "decision.reasons": "Ask first, at Thursday's visit.",
        },
    )
    page.goto(saved.url)
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def correcting_check_page(page: Page, _live: Live) -> None:
    """Check your answers, correcting a record."""
    old_url = saved_record(page)
    page.goto(post(page, f"/decisions/new?corrects={old_url.rsplit('/', 1)[1]}", {}).url)
    expect(page.locator("#correcting")).to_be_visible()


def _standing_consent(live: Live) -> str:
    purpose = f"Early help {uuid.uuid4().hex[:8]}"
    return live.register.record_consent(documents.consent(purposes=[purpose])).id


def consent_correct_page(page: Page, live: Live) -> None:
    page.goto(correcting(_standing_consent(live)))
    expect(page.get_by_label("Their name, and how they stand to the person")).not_to_be_empty()


def consent_correct_with_errors_page(page: Page, live: Live) -> None:
    consent_correct_page(page, live)
    page.get_by_label("Their name, and how they stand to the person").fill("")
    press(page, "Save correction")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def consent_saved_page(page: Page, live: Live) -> None:
    page.goto(correcting(_standing_consent(live)))
    press(page, "Save correction")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def test_a_decision_not_to_share_is_looked_at_again_as_a_reopening(
    client: TestClient, register: Register
) -> None:
    shared = register.record_decision(documents.decision())
    assert 'action="/decisions/new?reopens=' not in client.get(f"/records/{shared.id}").text
    refused = client.post(f"/decisions/new?reopens={shared.id}")
    assert refused.status_code == 404 and "Only a decision not to share" in refused.text
    # Not shared where sharing was recommended: a whole case, so check your answers opens.
    not_shared = {"share": False, "reasons": "The family moved.", "departure": "No service."}
    old = register.record_decision(documents.decision(decision=not_shared, shared=None, told=None))
    page = client.get(f"/records/{old.id}")
    assert f'action="/decisions/new?reopens={old.id}"' in page.text
    started = client.post(f"/decisions/new?reopens={old.id}", follow_redirects=False)
    draft = started.headers["location"].split("/")[2]
    state = register.drafts.get(draft)
    assert state is not None and state["reopens"] == old.id
    # The record holds only the facts its case needed; the flow asks what it lacks.
    check = answer_all(client, f"/decisions/{draft}", SHARE)
    assert "You are looking again at" in check.text and old.id in check.text
