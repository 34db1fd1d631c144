"""Every page, in every state a person meets it in, scanned by axe-core in Chromium (WCAG
2.2 AA: no serious or critical violation), with a full-page screenshot of each."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

import tests.conftest as shared
from sharewise.web.dates import moment_values
from tests.advice_helpers import NAME_AMY, ensure_advisors, question
from tests.register import helpers as documents
from tests.web.conftest import AS_DEMO, AS_JO, Live, act_as, check_accessibility, save_screenshot
from tests.web.helpers import answer_by_http, choose, draft_by_http, package_steps, post, press
from tests.web.test_corrections import (
    consent_correct_page,
    consent_correct_with_errors_page,
    consent_saved_page,
    corrected_record_page,
    correcting_check_page,
    correction_saved_page,
)
from tests.web.test_flows import CASES, fact_values
from tests.web.test_training_journey import TRAINING_PAGES

SHARE = fact_values(next(c for c in CASES if c.name == "share with consent"))
SEEK_CONSENT = fact_values(next(c for c in CASES if c.name == "seek consent"))
URGENT = fact_values(next(c for c in CASES if c.name == "share without consent, urgent"))


def _draft_page(page: Page, stop_at: str | None, answers: dict[str, object] = SHARE) -> str:
    url = draft_by_http(page, answers, stop_at=stop_at)
    page.goto(url)
    return url


def _new_draft(page: Page, _live: Live) -> None:
    page.goto(page.request.get("/decisions/new").url)


def _person(page: Page, _live: Live) -> None:
    page.goto("/decisions/new")


def _recipient(page: Page, _live: Live) -> None:
    draft = page.request.get("/decisions/new").url.rsplit("/", 1)[0]
    page.goto(post(page, f"{draft}/person", {"person": "AMY"}).url)


def _question_from_the_consent_register(page: Page, live: Live) -> None:
    purpose = f"Early help {uuid.uuid4().hex[:8]}"
    live.register.record_consent(documents.consent(purposes=[purpose]))
    answers = {**SHARE, "purpose": purpose}
    url = draft_by_http(
        page, answers, person="AMY", recipient="early-help", stop_at="consent.status"
    )
    page.goto(url)
    expect(page.locator(".govuk-inset-text")).to_contain_text("From the consent register")


def _question_with_errors(page: Page, _live: Live) -> None:
    _draft_page(page, "about")
    press(page, "Continue")


def _number_with_errors(page: Page, _live: Live) -> None:
    _draft_page(page, "age")
    page.get_by_label("How old is the person?").fill("ten")
    press(page, "Continue")


def _check_after_a_change(page: Page, _live: Live) -> None:
    check = draft_by_http(page, SHARE)
    url = post(
        page, f"{check[: -len('check')]}questions/consent.status?change=1", {"answer": "refused"}
    ).url
    page.goto(answer_by_http(page, url, {"public_interest": False}))
    expect(page.locator("#no-longer-apply")).to_be_visible()


def _outcome(answers: dict[str, object]) -> Callable[[Page, Live], None]:
    def go(page: Page, _live: Live) -> None:
        page.goto(draft_by_http(page, answers).replace("/check", "/outcome"))

    return go


def _outcome_with_errors(page: Page, _live: Live) -> None:
    page.goto(draft_by_http(page, URGENT).replace("/check", "/outcome"))
    page.get_by_label("Yes, I shared or will share", exact=True).check()
    for field in ("What you shared", "Who you shared it with", "Why you shared it"):
        page.get_by_label(field, exact=True).fill("")
    press(page, "Save the decision")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _record(page: Page, _live: Live) -> None:
    outcome = draft_by_http(page, SEEK_CONSENT).replace("/check", "/outcome")
    saved = post(page, outcome, {"decision.share": "no", "decision.reasons": "Ask first."})
    page.goto(saved.url)
    expect(page.locator(".govuk-notification-banner")).to_be_visible()


def _consent_with_errors(page: Page, _live: Live) -> None:
    page.goto("/people/council/SAM/consents/new")
    press(page, "Save consent")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _standing_consent(live: Live) -> str:
    purpose = f"Adult support {uuid.uuid4().hex[:8]}"
    return live.register.record_consent(
        documents.consent(
            person="SAM",
            given_by="subject",
            given_by_name="Sam Green",
            relative=None,
            purposes=[purpose],
        )
    ).id


def _withdraw(page: Page, live: Live) -> None:
    page.goto(f"/people/council/SAM/consents/{_standing_consent(live)}/withdraw")


def _withdraw_with_errors(page: Page, live: Live) -> None:
    _withdraw(page, live)
    press(page, "Withdraw consent")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _person_with_errors(page: Page, _live: Live) -> None:
    page.goto("/people/new?organisation=council")
    page.get_by_label("Month").fill("13")
    press(page, "Add the person")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _person_added(page: Page, _live: Live) -> None:
    page.goto("/people/new?organisation=council")
    page.get_by_label("First name").fill("Noor")
    page.get_by_label("Last name").fill("Haddad")
    page.get_by_label("Reference").fill(f"RC-{uuid.uuid4().hex[:8]}")
    press(page, "Add the person")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def _with_purposes(then: Callable[[Page, Live], None]) -> Callable[[Page, Live], None]:
    """The page as an organisation that keeps a list of purposes sees it."""

    def shown(page: Page, live: Live) -> None:
        for purpose in ("Early help", "Health assessment"):
            if purpose not in live.register.purposes("council"):
                live.register.add_purpose("council", purpose)
        then(page, live)

    return shown


def _covers_with_result(page: Page, live: Live) -> None:
    purpose = f"Early help {uuid.uuid4().hex[:8]}"
    live.register.record_consent(documents.consent(purposes=[purpose]))
    page.goto(
        f"/consents/covers?organisation=council&person=AMY&purpose={purpose}&recipient=early-help"
    )
    expect(page.locator("#coverage")).to_contain_text("Consent covers this")


def _recipient_typed_in_with_errors(page: Page, live: Live) -> None:
    _recipient(page, live)
    page.get_by_label("Someone not in the register").check()
    press(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _waiting(answers: dict[str, object], then: str) -> Callable[[Page, Live], None]:
    """A decision left waiting, and the page where its answer is recorded when it comes."""

    def go(page: Page, _live: Live) -> None:
        draft = draft_by_http(page, answers, person="AMY", recipient="early-help")
        post(page, draft.replace("/check", "/wait"), {})
        page.goto(draft.replace("/check", "/answer"))
        expect(page).to_have_url(re.compile(then))

    return go


def _goto(path: str) -> Callable[[Page, Live], None]:
    return lambda page, _live: page.goto(path)


def _as(username: str, path: str) -> Callable[[Page, Live], None]:
    """A page as someone else sees it: a practitioner of the demo area, their
    organisation's records; an account without the role the page needs, a refusal."""

    def go(page: Page, live: Live) -> None:
        act_as(page.context, live, username)
        page.goto(path)

    return go


def _as_demo(path: str) -> Callable[[Page, Live], None]:
    return _as(AS_DEMO, path)


AUDITOR = "rc-auditor"  # of the demo area's council: reads records, records nothing


def _read_then_audit(path: str) -> Callable[[Page, Live], None]:
    """The access log as an auditor sees it, once they have read records to fill it."""

    def go(page: Page, live: Live) -> None:
        _as(AUDITOR, "/records")(page, live)
        page.goto(path)

    return go


def _first_share_received(page: Page, live: Live) -> None:
    _as_demo("/shared-with-us")(page, live)
    page.locator("table a").first.click()
    expect(page.locator("h1")).to_have_text("Information shared with you")


def _sign_in(page: Page, _live: Live) -> None:
    page.context.clear_cookies()
    page.goto("/records")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Frecords$"))


def _sign_in_with_errors(page: Page, live: Live) -> None:
    _sign_in(page, live)
    page.get_by_label("Username").fill("jo.smith")
    page.get_by_label("Password").fill("not the password")
    press(page, "Sign in")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _password_with_errors(page: Page, _live: Live) -> None:
    page.goto("/account/password")
    press(page, "Save the new password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


# A decision to share, its form sent, and the sharing package's pages before `stop`.
SHARED_NOW = {
    "decision.share": "yes",
    "decision.reasons": "Her father agreed.",
    "shared.what": "Her attendance",
    "shared.with_whom": "The Early Help Hub",
    "shared.purpose": "Early help",
    **moment_values("shared.when", datetime.now() - timedelta(hours=1)),
    "shared.how": "Secure email",
}
PACKAGE_STEPS = package_steps("Lee said Amy is frightened at weekends")  # names her father


def _package(stop: str, errors: bool = False) -> Callable[[Page, Live], None]:
    """A page of the sharing package, reached by completing those before it; with
    errors, sent as it first shows."""

    def go(page: Page, _live: Live) -> None:
        draft = draft_by_http(page, SHARE, person="AMY", recipient="early-help")
        draft = draft.removesuffix("/check")
        post(page, f"{draft}/outcome", SHARED_NOW)
        for step, form in PACKAGE_STEPS:
            if step == stop:
                break
            post(page, f"{draft}/package/{step}", form)
        page.goto(f"{draft}/package/{stop}")
        if errors:
            press(page, "Continue")
            expect(page.locator(".govuk-error-summary")).to_be_visible()

    return go


def _record_with_package(page: Page, live: Live) -> None:
    _package("check")(page, live)
    press(page, "Save the decision")
    expect(page.locator("#package")).to_be_visible()


def _at(stop_at: str | None, answers: dict[str, object] = SHARE) -> Callable[[Page, Live], None]:
    return lambda page, _live: _draft_page(page, stop_at, answers)


def _asking(then: str) -> Callable[[Page, Live], None]:
    """Jo's question being written, on the page `then` (advisor chosen, about Amy)."""

    def go(page: Page, live: Live) -> None:
        ensure_advisors(live.register)
        page.goto("/advice/new")
        if then == "advisor":
            return
        choose(page, "Lee Park, Safeguarding lead")
        press(page, "Continue")
        if then == "person":
            return
        page.get_by_label("Who is the question about?").fill("AMY")
        press(page, "Continue")
        if then == "question":
            return
        page.get_by_label("What do you want to ask?").fill(f"{NAME_AMY} is scared to go home.")
        press(page, "Continue")
        if then == "check":
            press(page, "Continue")

    return go


def _asked(username: str, path: str, answer: str | None = None) -> Callable[[Page, Live], None]:
    """A question of Jo's to Lee (answered, with `answer`), as `username` sees `path`."""

    def go(page: Page, live: Live) -> None:
        ensure_advisors(live.register)
        asked = live.register.ask_advice(question())
        if answer:
            live.register.answer_advice(
                {"request_id": asked.id, "advisor": "council-advisor", "answer": answer}
            )
        act_as(page.context, live, username)
        page.goto(path.format(id=asked.id))

    return go


def _record_with_advice(page: Page, live: Live) -> None:
    """A record whose advice came from a request in sharewise, answered and done."""
    ensure_advisors(live.register)
    asked = live.register.ask_advice(question())
    live.register.answer_advice(
        {"request_id": asked.id, "advisor": "council-advisor", "answer": "Share [CHILD]'s."}
    )
    live.register.record_advice_outcome(
        {"request_id": asked.id, "asker": AS_JO, "outcome": "I will share it today."}
    )
    advice = {"sought_from": "Lee Park", "outcome": "Share it.", "request": asked.id}
    record = live.register.record_decision(documents.decision(advice=advice))
    page.goto(f"/records/{record.id}")
    expect(page.locator("#advice-request")).to_be_visible()


def _answer_with_errors(page: Page, live: Live) -> None:
    _asked("council-advisor", "/advice/{id}")(page, live)
    press(page, "Send your answer")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _protocols(path: str, then: str = "") -> Callable[[Page, Live], None]:
    """A registry page as the council's governance lead sees it, a protocol of the
    council's due for review in it (`{id}`); `then` a button pressed there."""

    def go(page: Page, live: Live) -> None:
        made = live.register.add_protocol(
            "council", documents.protocol(review_on=date.today() + timedelta(days=3)), by="lead"
        )
        act_as(page.context, live, "council-governance")
        page.goto(path.format(id=made.id))
        if then:
            press(page, then)

    return go


def _audit_report(then: str) -> Callable[[Page, Live], None]:
    """A report of the month of the demo council's newest decision, made by its auditor;
    then a finding sent without an answer (`then` "finding"), or a month that cannot be
    (`then` "month")."""

    def go(page: Page, live: Live) -> None:
        newest = live.register.decisions(organisation="riverside-council", limit=1)[0]
        year, month = newest.recorded_at[:4], newest.recorded_at[5:7].lstrip("0")
        _as(AUDITOR, "/audit-reports")(page, live)
        page.get_by_label("Month").fill("13" if then == "month" else month)
        page.get_by_label("Year").fill(year)
        press(page, "Make the report")
        if then == "finding":
            press(page, "Record the finding on record 1")
        if then != "report":
            expect(page.locator(".govuk-error-summary")).to_be_visible()

    return go


LEAD = "ess-governance"  # the demo surgery's information governance lead


def _document(which: int) -> Callable[[Page, Live], None]:
    """A version of the demo surgery's code of practice: 0 the newest, 1 the one before."""

    def go(page: Page, live: Live) -> None:
        found = live.register.documents("elm-street-surgery", "code-of-practice")
        _as_demo(f"/framework/documents/{found[which].id}")(page, live)

    return go


def _outcome_with_no_protocol(page: Page, _live: Live) -> None:
    page.goto(
        draft_by_http(page, SHARE, person="AMY", recipient="police").replace("/check", "/outcome")
    )
    expect(page.locator("#protocol-cover")).to_be_visible()


def _framework_form(path: str, fill: dict[str, str] | None) -> Callable[[Page, Live], None]:
    """The lead's form at `path`, sent empty (`fill` {}) or filled in, or neither (None)."""

    def go(page: Page, live: Live) -> None:
        _as(LEAD, path)(page, live)
        if fill is None:
            return
        for label, value in fill.items():
            if value.startswith("choose:"):
                choose(page, value.removeprefix("choose:"))
            else:
                page.get_by_label(label, exact=True).fill(value)
        press(page, "Continue")

    return go


def _end_designation(page: Page, live: Live) -> None:
    """The lead asked whether to end their organisation's advisor's designation."""
    _as(LEAD, "/framework")(page, live)
    page.get_by_role("link", name=re.compile(r"^End .*'s designation for ")).first.click()
    expect(page.get_by_role("heading", name="End this designation?")).to_be_visible()


PUBLISHED = {"kind": "choose:Information sharing procedures", "Title": "Our procedures",
             "Day": "1", "Month": "4", "Year": "2030", "The text": "One.\n\nTwo."}  # fmt: skip


PAGES: dict[str, Callable[[Page, Live], None]] = {
    "home": _goto("/"),
    "home-with-tasks": _as_demo("/"),
    "home-with-the-teams-tasks": _as("rc-manager", "/"),
    "home-with-an-advisors-tasks": _as("rc-advisor", "/"),
    "decide-who": _new_draft,
    "decide-person": _person,
    "decide-recipient": _recipient,
    "decide-recipient-typed-in-with-errors": _recipient_typed_in_with_errors,
    "consent-for-a-waiting-decision": _waiting(SEEK_CONSENT, r"/consents/new\?decision="),
    "advice-for-a-waiting-decision": _waiting(
        {**SHARE, "legitimate_purpose": "unsure"}, r"/advice$"
    ),
    "question-text": _at("purpose"),
    "question-number": _at("age"),
    "question-choice": _at("about"),
    "question-multiple": _at("consent_unsafe", SEEK_CONSENT),
    "question-urgent": _at("harm.adult", URGENT),
    "question-from-the-consent-register": _question_from_the_consent_register,
    "question-with-errors": _question_with_errors,
    "question-number-with-errors": _number_with_errors,
    "check-your-answers": _at(None),
    "check-after-a-change": _check_after_a_change,
    "outcome": _outcome(SHARE),
    "outcome-urgent": _outcome(URGENT),
    "outcome-that-can-wait": _outcome(SEEK_CONSENT),
    "decisions-in-progress": _goto("/decisions"),
    "decisions-in-progress-saved-waiting": _goto("/decisions?saved=consent"),
    "outcome-with-errors": _outcome_with_errors,
    "package-item": _package("items/new"),
    "package-item-with-errors": _package("items/new", errors=True),
    "package-items": _package("items"),
    "package-items-with-errors": _package("items", errors=True),
    "package-item-remove": _package("items/1/remove"),
    "package-item-remove-with-errors": _package("items/1/remove", errors=True),
    "package-recipient-check": _package("recipient-check"),
    "package-recipient-check-with-errors": _package("recipient-check", errors=True),
    "package-channel": _package("channel"),
    "package-channel-with-errors": _package("channel", errors=True),
    "package-onward": _package("onward"),
    "package-onward-with-errors": _package("onward", errors=True),
    "package-limits": _package("limits"),
    "package-limits-with-errors": _package("limits", errors=True),
    "package-telling": _package("telling"),
    "package-telling-with-errors": _package("telling", errors=True),
    "package-check": _package("check"),
    "record-with-package": _record_with_package,
    "record": _record,
    "records": _as_demo("/records"),
    "records-with-errors": _goto("/records?outcome=maybe&since=last+week"),
    "shared-with-you": _as_demo("/shared-with-us"),
    "shared-with-you-none": _goto("/shared-with-us"),
    "share-received": _first_share_received,
    "people": _as_demo("/people"),
    "person": _goto("/people/council/AMY"),
    "person-add": _goto("/people/new"),
    "person-add-with-errors": _person_with_errors,
    "person-added": _person_added,
    "consent-add": _goto("/people/council/SAM/consents/new"),
    "consent-add-with-errors": _consent_with_errors,
    "consent-add-from-a-list": _with_purposes(_goto("/people/council/SAM/consents/new")),
    "question-purpose-from-a-list": _with_purposes(_at("purpose")),
    "consent-withdraw": _withdraw,
    "consent-withdraw-with-errors": _withdraw_with_errors,
    "consent-covers": _goto("/consents/covers"),
    "consent-covers-with-result": _covers_with_result,
    "consent-covers-with-errors": _goto("/consents/covers?organisation=council"),
    "golden-rules": _goto("/guidance"),
    "pocket-guide": _goto("/guidance/pocket-guide"),
    "paragraph": _goto("/guidance/3.42"),
    "key-question": _goto("/guidance/Q4"),
    "not-found": _goto("/no-such-page"),
    "draft-not-found": _goto("/decisions/no-such-draft/person"),
    "about-the-guidance": _goto("/guidance/about"),
    "flowchart": _goto("/guidance/flowchart"),
    "glossary": _goto("/guidance/glossary"),
    "glossary-term": _goto("/guidance/glossary/serious-harm"),
    "glossary-term-not-found": _goto("/guidance/glossary/no-such-term"),
    "records-searched": _as_demo(
        "/records?search=consent&since-day=1&since-month=1&since-year=2025"
    ),
    "records-with-date-errors": _goto("/records?since-day=31&since-month=2&until-month=1"),
    "record-corrected": corrected_record_page,
    "record-correction-saved": correction_saved_page,
    "check-a-correction": correcting_check_page,
    "consent-correct": consent_correct_page,
    "consent-correct-with-errors": consent_correct_with_errors_page,
    "person-consent-saved": consent_saved_page,
    "sign-in": _sign_in,
    "sign-in-with-errors": _sign_in_with_errors,
    "signed-out": _goto("/sign-in?signed_out=1"),
    "password": _goto("/account/password"),
    "password-with-errors": _password_with_errors,
    "not-allowed": _as(AUDITOR, "/decisions/new"),
    "access-log": _read_then_audit("/access-log"),
    "access-log-filtered": _read_then_audit(
        f"/access-log?user={AUDITOR}&since-day=1&since-month=1&since-year=2025"
    ),
    "access-log-with-errors": _as(AUDITOR, "/access-log?since-day=31&since-month=2&until-month=1"),
    "advice-who-to-ask": _asking("advisor"),
    "advice-about-whom": _asking("person"),
    "advice-question": _asking("question"),
    "advice-check-what-is-hidden": _asking("hidden"),
    "advice-check-your-answers": _asking("check"),
    "advice-sent": _asked(AS_JO, "/advice/{id}?sent=1"),
    "advice-answered": _asked(AS_JO, "/advice/{id}", "Talk to [CHILD] today."),
    "advice-yours": _asked(AS_JO, "/advice"),
    "advice-for-you": _asked("council-advisor", "/advice/for-you"),
    "advice-for-the-advisor": _asked("council-advisor", "/advice/{id}"),
    "advice-answer-with-errors": _answer_with_errors,
    "record-with-an-advice-request": _record_with_advice,
    "protocols": _protocols("/protocols"),
    "protocol": _protocols("/protocols/{id}?saved=changed"),
    "protocol-add": _protocols("/protocols/new"),
    "protocol-add-with-errors": _protocols("/protocols/new", then="Continue"),
    "protocol-check-a-change": _protocols("/protocols/{id}/change", then="Continue"),
    "outcome-with-no-protocol": _outcome_with_no_protocol,
    "monitoring": _as("rc-manager", "/monitoring"),
    "monitoring-with-errors": _as(
        "rc-manager", "/monitoring?since-day=31&since-month=2&until-month=1&period=year"
    ),
    "advice-who-to-ask-designated": _as_demo("/advice/new"),
    "framework": _as_demo("/framework"),
    "framework-nothing-published": _goto("/framework"),
    "framework-for-the-lead": _as(LEAD, "/framework"),
    "framework-document": _document(0),
    "framework-document-earlier": _document(1),
    "framework-publish": _framework_form("/framework/publish", None),
    "framework-publish-with-errors": _framework_form("/framework/publish", {}),
    "framework-publish-check": _framework_form("/framework/publish", PUBLISHED),
    "framework-designate": _framework_form("/framework/advisors/new", None),
    "framework-designate-with-errors": _framework_form("/framework/advisors/new", {}),
    "framework-end-designation": _end_designation,
    **TRAINING_PAGES,
    "audit-reports": _as(AUDITOR, "/audit-reports"),
    "audit-reports-with-errors": _audit_report("month"),
    "audit-report": _audit_report("report"),
    "audit-report-finding-with-errors": _audit_report("finding"),
}


# The pages' markup does not depend on the database: scanned on the first backend only,
# as each scan is a second or so of Chromium's time.
@pytest.mark.parametrize("seeded", shared.BACKENDS[:1], indirect=True)
@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(page: Page, live: Live, name: str) -> None:
    PAGES[name](page, live)
    expect(page.locator("h1")).to_have_count(1)
    check_accessibility(page, name)
    save_screenshot(page, name)
