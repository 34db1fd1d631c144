"""The home page lists what is waiting on whoever is signed in: a practitioner's own
tasks, a manager's team's, soonest due first, the overdue marked; nobody's for someone
not signed in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.register.store import Register
from sharewise.server import create_app
from sharewise.web.forms import applied
from tests.accounts import signed_in
from tests.advice_helpers import add_advisors, question
from tests.register.test_tasks import _not_sharing, _waiting
from tests.web.helpers import ready_for_forms
from tests.web.test_http import MUST_SHARE, answer_all, check_errors, start

TODAY = date.today()


@pytest.fixture
def tasks(staffed: Register) -> dict[str, Any]:
    return {
        "review": staffed.record_decision(_not_sharing(TODAY + timedelta(days=2), person="SAM")),
        "consent": _waiting(staffed, "jo", "consent", "AMY"),
        "al": _waiting(staffed, "al", "advice", "LEE"),
    }


def _home(database_url: str, register: Register, username: str | None) -> str:
    cookies = signed_in(register, username) if username else {}
    with TestClient(create_app(database_url), cookies=cookies) as client:
        page = ready_for_forms(client).get("/")
    assert page.status_code == 200
    return page.text


def test_a_practitioner_sees_their_own_tasks_with_where_to_do_them(
    database_url: str, staffed: Register, tasks: dict[str, Any]
) -> None:
    page = _home(database_url, staffed, "jo.smith")
    assert "Your tasks" in page and "Your team&#39;s tasks" not in page
    review = page.index(f'href="/records/{tasks["review"].id}"')
    consent = page.index(f'href="/decisions/{tasks["consent"]}/answer"')
    assert review < consent  # the sooner due first
    assert "Sam Green" in page and "Amy Brown" in page and "Lee Brown" not in page  # Al's
    assert "Overdue" not in page


def test_a_manager_sees_the_teams_and_opens_only_their_own_drafts(
    database_url: str, staffed: Register, tasks: dict[str, Any]
) -> None:
    page = _home(database_url, staffed, "al.khan")
    assert "Your team&#39;s tasks" in page
    for name in ("Jo Smith, Family support worker", "Al Khan, Team manager", "Lee Brown"):
        assert name in page
    assert f'href="/decisions/{tasks["al"]}/answer"' in page
    assert f'href="/decisions/{tasks["consent"]}/answer"' not in page  # Jo's draft is Jo's
    assert f'href="/records/{tasks["review"].id}"' in page


def test_an_overdue_task_is_marked(
    database_url: str, staffed: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    staffed.record_decision(_not_sharing(TODAY))

    class Later(date):
        @classmethod
        def today(cls) -> Later:
            return cls.fromordinal(TODAY.toordinal() + 1)

    monkeypatch.setattr("sharewise.web.tasks.date", Later)
    page = _home(database_url, staffed, "jo.smith")
    assert "Overdue" in page and "1 overdue: past the day it was due." in page


def test_nobody_signed_in_and_an_auditor_see_no_tasks(
    database_url: str, staffed: Register, tasks: dict[str, Any]
) -> None:
    assert "Your tasks" not in _home(database_url, staffed, None)
    assert "Sam Green" not in _home(database_url, staffed, "council-admin")


def test_nothing_waiting_says_so(database_url: str, staffed: Register) -> None:
    assert "Nothing is waiting on you." in _home(database_url, staffed, "jo.smith")


def test_an_advisor_sees_the_requests_waiting_on_their_answer(
    database_url: str, staffed: Register
) -> None:
    add_advisors(staffed)
    asked = staffed.ask_advice(question())
    page = _home(database_url, staffed, "council-advisor")
    assert "Your tasks" in page and f'href="/advice/{asked.id}"' in page
    assert "Answer a request for advice" in page and "No set day" in page
    assert "Amy" not in page and "AMY" not in page  # the advisor never learns whom
    mine = _home(database_url, staffed, "jo.smith")
    assert "Wait for the advice you asked for" in mine and f'href="/advice/{asked.id}"' in mine


NOT_SHARING = {
    "decision.share": "no",
    "decision.reasons": "The order is being appealed.",
    "decision.departure": "Legal advised waiting for the appeal.",
}


def _review(day: date) -> dict[str, str]:
    return {"review_by-day": str(day.day), "review_by-month": str(day.month),
            "review_by-year": str(day.year)}  # fmt: skip


def test_a_decision_not_to_share_takes_a_day_to_look_again_and_becomes_a_task(
    client: TestClient, register: Register
) -> None:
    draft = start(client)
    answer_all(client, draft, MUST_SHARE)
    form = client.get(f"{draft}/outcome").text
    assert "When will you look at this decision again? (optional)" in form
    past = client.post(f"{draft}/outcome", data={**NOT_SHARING, **_review(TODAY - timedelta(1))})
    check_errors(past, {"review_by-day": "The day to look at it again must be today or later"})
    typo = client.post(f"{draft}/outcome", data={**NOT_SHARING, "review_by-day": "31"})
    assert typo.status_code == 422 and "must include a month and year" in typo.text
    day = TODAY + timedelta(days=10)
    saved = client.post(f"{draft}/outcome", data={**NOT_SHARING, **_review(day)})
    record = saved.url.path.split("/records/")[1]
    assert register.decision(record).record.decision.review_by == day
    assert [(t.kind, t.subject, t.due) for t in register.tasks("council", "jo")] == [
        ("review", record, day)
    ]


def test_no_review_day_is_kept_for_a_decision_to_share() -> None:
    typed = {**NOT_SHARING, **_review(TODAY), "decision.review_by": TODAY.isoformat()}
    kept = applied({**typed, "decision.share": "yes"}, "share")
    assert not [key for key in kept if "review_by" in key]
    assert applied(typed, "share")["decision.review_by"] == TODAY.isoformat()
