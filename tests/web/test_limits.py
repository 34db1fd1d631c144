"""The forms' limits, in the forms' words: more than a field takes, or a date that does
not agree with another, is shown in the GOV.UK error summary with what to do, and
nothing is stored; a decision in progress is its practitioner's from its start, and each
holds a bounded number (`engine.limits`, `register.dates`)."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from sharewise.engine.limits import ACCOUNT, BRIEF, CURSOR, NAME, PURPOSES, SEARCH
from sharewise.register.drafts.service import WAITING
from sharewise.register.store import Register
from sharewise.server import create_app
from sharewise.settings import Settings
from sharewise.web.dates import moment_values
from tests.accounts import signed_in
from tests.register import helpers as documents
from tests.web.conftest import AS_JO
from tests.web.helpers import ready_for_forms, through_the_package
from tests.web.test_http import SHARE, _consent_form, answer_all, check_errors, start, summary

NEW_CONSENT = "/people/council/SAM/consents/new"


def _shared(**changes: Any) -> dict[str, Any]:
    """The decision form, sharing as recommended, told today."""
    today = datetime.now()
    return {
        "decision.share": "yes",
        "decision.reasons": "Her father agreed.",
        "shared.what": "The early help plan",
        "shared.with_whom": "School nurse",
        "shared.purpose": "Early help",
        **moment_values("shared.when", today - timedelta(hours=1)),
        "shared.how": "Secure email",
        **changes,
    }


def test_the_decision_form_says_how_long_each_answer_may_be(
    client: TestClient, area: Register
) -> None:
    before = area.entry_count()  # the directory's own entries
    draft = start(client, person="AMY", recipient="none")
    answer_all(client, draft, SHARE)
    form = _shared(**{"decision.reasons": "r" * (ACCOUNT + 1), "shared.how": "h" * (BRIEF + 1)})
    check_errors(
        client.post(f"{draft}/outcome", data=form),
        {
            "decision-reasons": "Enter your reasons, in your own words, in 5,000 characters "
            "or fewer",
            "shared-how": "Enter how you shared it, in 500 characters or fewer",
        },
    )
    assert area.entry_count() == before


def test_the_decision_form_says_nothing_was_shared_before_the_person_was_born(
    client: TestClient, area: Register
) -> None:
    before = area.entry_count()  # the directory's own entries
    born = area.person("council", "AMY").date_of_birth
    assert born is not None
    draft = start(client, person="AMY", recipient="none")
    answer_all(client, draft, SHARE)
    before_birth = datetime(born.year - 1, 6, 1, 10, 0)
    client.post(f"{draft}/outcome", data=_shared(**moment_values("shared.when", before_birth)))
    response = through_the_package(client, draft)  # the register refuses it as it saves
    said = born.strftime("%-d %B %Y")
    check_errors(
        response,
        {"shared-when": f"The date you shared it must be the same as or after {said}, when"},
    )
    assert area.entry_count() == before


def test_the_consent_form_says_how_long_and_how_many(client: TestClient, area: Register) -> None:
    before = area.entry_count()  # the directory's own entries
    long_name = _consent_form(given_by_name="n" * (NAME + 1))
    check_errors(
        client.post(NEW_CONSENT, data=long_name),
        {
            "given_by_name": "Enter their name, and how they stand to the person, in 200 "
            "characters or fewer"
        },
    )
    many = _consent_form(purposes="\n".join(f"Purpose {n}" for n in range(PURPOSES + 1)))
    check_errors(
        client.post(NEW_CONSENT, data=many), {"purposes": "Select or enter up to 20 purposes"}
    )
    long_purpose = _consent_form(purposes="p" * (BRIEF + 1))
    check_errors(
        client.post(NEW_CONSENT, data=long_purpose),
        {"purposes": "Enter each purpose in 500 characters or fewer"},
    )
    assert area.entry_count() == before


def test_the_consent_forms_say_which_dates_disagree(client: TestClient, area: Register) -> None:
    before = area.entry_count()  # the directory's own entries
    born = area.person("council", "SAM").date_of_birth
    assert born is not None
    before_birth = _consent_form(**moment_values("given_at", datetime(born.year - 1, 1, 1, 9)))
    check_errors(
        client.post(NEW_CONSENT, data=before_birth),
        {
            "given_at": "The date it was given or refused must be the same as or after "
            f"{born.strftime('%-d %B %Y')}, when they were born"
        },
    )
    review = {"review_date-day": "1", "review_date-month": "1", "review_date-year": "2026"}
    given_later = _consent_form(**moment_values("given_at", datetime(2026, 1, 5, 9, 30)), **review)
    check_errors(
        client.post(NEW_CONSENT, data=given_later),
        {"review_date": "The review date must be the same as or after 5 January 2026, when"},
    )
    assert area.entry_count() == before
    given = area.record_consent(documents.consent(person="SAM", relative=None, given_by="subject"))
    early = {"how": "By phone", **moment_values("withdrawn_at", datetime(2020, 1, 1, 9, 0))}
    check_errors(
        client.post(f"/people/council/SAM/consents/{given.id}/withdraw", data=early),
        {"withdrawn_at": "The date it was withdrawn must be the same as or after"},
    )
    assert area.entry_count() == before + 1


def test_the_searches_say_how_long_a_search_may_be(client: TestClient) -> None:
    check_errors(
        client.get("/people", params={"search": "s" * (SEARCH + 1)}),
        {"search": "Enter a search of 200 characters or fewer"},
    )
    deep = client.get("/records", params={"before": "x" * (CURSOR + 1)})
    assert deep.status_code == 422 and "not allowed (before)" in deep.text
    asked = {"organisation": "council", "person": "SAM", "recipient": "trust"}
    check_errors(
        client.get("/consents/covers", params={**asked, "purpose": "p" * (BRIEF + 1)}),
        {"purpose": "Enter a purpose of 500 characters or fewer"},
    )


# --- drafts: a bounded number, each its practitioner's -------------------------------------


def test_starting_a_decision_asks_you_to_sign_in_first_and_stores_nothing(
    area: Register, database_url: str
) -> None:
    with TestClient(create_app(database_url), follow_redirects=False) as stranger:
        for _ in range(3):
            response = stranger.get("/decisions/new")
            assert response.headers["location"] == "/sign-in?next=%2Fdecisions%2Fnew"
    with area.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM drafts").scalar() == 0


def test_a_practitioner_who_holds_all_they_may_is_told_how_to_go_on(
    staffed: Register, database_url: str, tmp_path: Path
) -> None:
    area = staffed
    settings = Settings(drafts_per_practitioner=2, data_home=tmp_path)
    signed_in_as_jo = signed_in(area, AS_JO)
    with TestClient(create_app(database_url, settings=settings), cookies=signed_in_as_jo) as opened:
        jo = ready_for_forms(opened)
        drafts = [start(jo) for _ in range(2)]
        third = start(jo)  # the oldest, not waiting, made room
        listed = html.unescape(jo.get("/decisions").text)
        assert drafts[0].rsplit("/", 1)[1] not in listed
        for draft in (drafts[1], third):
            draft_id = draft.rsplit("/", 1)[1]
            waiting = {"organisation": "council", "practitioner": "jo", WAITING: "consent"}
            area.drafts.save(draft_id, {**waiting, "answers": {}})
        full = jo.get("/decisions/new")
        assert full.status_code == 422 and "<title>Error: " in full.text
        said = summary(full)["drafts"]
        assert said.startswith("You have 2 decisions in progress, all waiting for consent")
        assert 'id="drafts"' in full.text and "Discard" in full.text
        jo.post(f"{third}/discard")
        assert third.rsplit("/", 1)[1] not in jo.get("/decisions").text
        assert str(jo.get("/decisions/new").url).endswith("/person")  # room again
